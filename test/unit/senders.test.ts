/**
 * Both ways of sending behind the one `SmsGateway` interface: the exact request each makes, and
 * how each classifies failures (a client fault is a definite "not sent"; a server fault or a
 * timeout may have sent, so it is "unknown"). Then the handler's choice between them.
 */
import 'aws-sdk-client-mock-jest';
import {
  InternalServerException,
  PinpointSMSVoiceV2Client,
  SendTextMessageCommand,
  ValidationException,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import {
  InternalErrorException,
  InvalidParameterException,
  PublishCommand,
  SNSClient,
} from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import type { SmsGateway } from '../../lambda/adapters/sms-gateway';
import { SmsVoiceGateway } from '../../lambda/adapters/sms-voice-gateway';
import { SnsSmsGateway } from '../../lambda/adapters/sns-gateway';
import { RECEIPT_TAG_KEY, ReceiptTagger } from '../../lambda/receipt-tag';
import type { ResponderSettings } from '../../lambda/domain/types';
import { startDynalite } from '../support/dynamo';
import { loadHandlerWithMockedAws, setHandlerEnvironment } from '../support/handler';
import type { Emulator } from '../support/dynamo';
import { OUR_NUMBER, smsEvent } from '../support/events';
import { TEST_SECRET } from '../support/harness';
import { testSettings } from '../support/settings';

const TO = '+33612345678';
const BODY = 'Non, c’est non.';
const NUMBER_ARN = 'arn:aws:sms-voice:eu-west-3:123456789012:phone-number/phone-0123456789abcdef';
const metadata = { $metadata: {} };

/** A timeout from the SDK's HTTP handler: no `$fault`, no response. */
function timeoutError(): Error {
  const error = new Error('socket hang up');
  error.name = 'TimeoutError';
  return error;
}

describe('SnsSmsGateway', () => {
  const sns = mockClient(SNSClient);
  const sender: SmsGateway = new SnsSmsGateway(new SNSClient({ region: 'eu-west-3' }), {
    originationNumber: OUR_NUMBER,
    maxPriceUsd: 0.5,
  });
  afterEach(() => sns.reset());

  test('publishes a Transactional SMS from our number with MaxPrice', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'sns-1' });

    const result = await sender.send({ to: TO, body: BODY });

    expect(result).toEqual({ status: 'sent', messageId: 'sns-1' });
    expect(sns).toHaveReceivedCommandTimes(PublishCommand, 1);
    expect(sns.commandCalls(PublishCommand)[0]?.args[0].input).toEqual({
      PhoneNumber: TO,
      Message: BODY,
      MessageAttributes: {
        'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
        'AWS.MM.SMS.OriginationNumber': { DataType: 'String', StringValue: OUR_NUMBER },
        'AWS.SNS.SMS.MaxPrice': { DataType: 'Number', StringValue: '0.50000' },
      },
    });
  });

  test.each([
    [
      'a client fault is a definite refusal',
      new InvalidParameterException({ message: 'Invalid phone number', ...metadata }),
      'rejected',
    ],
    [
      'a server fault may have sent',
      new InternalErrorException({ message: 'oops', ...metadata }),
      'unknown',
    ],
    ['a timeout may have sent', timeoutError(), 'unknown'],
  ])('%s', async (_name, error, status) => {
    sns.on(PublishCommand).rejects(error);

    const result = await sender.send({ to: TO, body: BODY });

    expect(result).toEqual({ status, error: `${error.name}: ${error.message}` });
  });
});

describe('SmsVoiceGateway', () => {
  const smsVoice = mockClient(PinpointSMSVoiceV2Client);
  const client = new PinpointSMSVoiceV2Client({ region: 'eu-west-3' });
  afterEach(() => smsVoice.reset());

  test('sends a TRANSACTIONAL text from our number with MaxPrice, configuration set and protect configuration', async () => {
    smsVoice.on(SendTextMessageCommand).resolves({ MessageId: 'eum-1' });
    const sender: SmsGateway = new SmsVoiceGateway(client, {
      originationIdentity: NUMBER_ARN,
      maxPriceUsd: 0.25,
      configurationSetName: 'antirelou',
      protectConfigurationId: 'protect-0123456789abcdef',
    });

    const result = await sender.send({ to: TO, body: BODY });

    expect(result).toEqual({ status: 'sent', messageId: 'eum-1' });
    expect(smsVoice).toHaveReceivedCommandTimes(SendTextMessageCommand, 1);
    expect(smsVoice.commandCalls(SendTextMessageCommand)[0]?.args[0].input).toEqual({
      DestinationPhoneNumber: TO,
      OriginationIdentity: NUMBER_ARN,
      MessageBody: BODY,
      MessageType: 'TRANSACTIONAL',
      MaxPrice: '0.25000',
      ConfigurationSetName: 'antirelou',
      ProtectConfigurationId: 'protect-0123456789abcdef',
    });
  });

  test('sends the receipt tag as the message Context', async () => {
    smsVoice.on(SendTextMessageCommand).resolves({ MessageId: 'eum-3' });
    const sender = new SmsVoiceGateway(client, { originationIdentity: OUR_NUMBER, maxPriceUsd: 1 });

    await sender.send({ to: TO, body: BODY, tag: 'r1.2026-11-29T16.150000.FR.mac' });

    expect(smsVoice.commandCalls(SendTextMessageCommand)[0]?.args[0].input.Context).toEqual({
      [RECEIPT_TAG_KEY]: 'r1.2026-11-29T16.150000.FR.mac',
    });
  });

  test('leaves out the configuration set and protect configuration when there are none', async () => {
    smsVoice.on(SendTextMessageCommand).resolves({ MessageId: 'eum-2' });
    const sender = new SmsVoiceGateway(client, { originationIdentity: OUR_NUMBER, maxPriceUsd: 1 });

    await sender.send({ to: TO, body: BODY });

    expect(smsVoice.commandCalls(SendTextMessageCommand)[0]?.args[0].input).toStrictEqual({
      DestinationPhoneNumber: TO,
      OriginationIdentity: OUR_NUMBER,
      MessageBody: BODY,
      MessageType: 'TRANSACTIONAL',
      MaxPrice: '1.00000',
    });
  });

  test.each([
    [
      'a price above MaxPrice is refused synchronously (client fault): not sent',
      new ValidationException({
        message: 'The price of the message exceeds MaxPrice',
        Reason: 'PRICE_OVER_THRESHOLD',
        ...metadata,
      }),
      'rejected',
    ],
    [
      'a server fault may have sent',
      new InternalServerException({ message: 'oops', ...metadata }),
      'unknown',
    ],
    ['a timeout may have sent', timeoutError(), 'unknown'],
  ])('%s', async (_name, error, status) => {
    smsVoice.on(SendTextMessageCommand).rejects(error);
    const sender = new SmsVoiceGateway(client, {
      originationIdentity: NUMBER_ARN,
      maxPriceUsd: 0.5,
    });

    const result = await sender.send({ to: TO, body: BODY });

    expect(result).toEqual({ status, error: `${error.name}: ${error.message}` });
  });
});

describe('the handler sends the way the settings say', () => {
  let emulator: Emulator;
  const savedEnv = { ...process.env };
  beforeAll(async () => {
    emulator = await startDynalite();
  });
  afterAll(async () => {
    await emulator.stop();
    process.env = savedEnv;
  });

  /** The handler of a fresh container, sending SMS into mocks that count what it sends. */
  function loadHandler() {
    const loaded = loadHandlerWithMockedAws();
    loaded.secrets.on(loaded.GetSecretValueCommand).resolves({ SecretString: TEST_SECRET });
    loaded.sns.on(loaded.PublishCommand).resolves({ MessageId: 'sns-1' });
    loaded.smsVoice.on(loaded.SendTextMessageCommand).resolves({ MessageId: 'eum-1' });
    return {
      handler: loaded.handler,
      publishes: () => loaded.sns.commandCalls(loaded.PublishCommand).length,
      sendTexts: () =>
        loaded.smsVoice.commandCalls(loaded.SendTextMessageCommand).map((c) => c.args[0].input),
    };
  }

  const setEnvironment = (settings: ResponderSettings): Promise<void> =>
    setHandlerEnvironment(emulator.endpoint, settings);

  test('sms-voice: SendTextMessage from the number ARN with the protect configuration, no SNS', async () => {
    await setEnvironment({
      ...testSettings({ sendVia: 'sms-voice' }),
      sendVia: 'sms-voice',
      originationIdentity: NUMBER_ARN,
      protectConfigurationId: 'protect-1',
    });
    const { handler, publishes, sendTexts } = loadHandler();

    const result = await handler(smsEvent({ from: TO, body: 'salut' }));

    expect(result.outcomes).toEqual([expect.objectContaining({ kind: 'replied' })]);
    expect(publishes()).toBe(0);
    expect(sendTexts()).toEqual([
      expect.objectContaining({
        DestinationPhoneNumber: TO,
        OriginationIdentity: NUMBER_ARN,
        ProtectConfigurationId: 'protect-1',
        MessageType: 'TRANSACTIONAL',
        MaxPrice: '0.50000',
      }),
    ]);
  });

  test('with receipts: the configuration set, and a sealed tag naming the reservation', async () => {
    const settings = testSettings({ sendVia: 'sms-voice' });
    expect(settings.receipts).toBeDefined();
    await setEnvironment({
      ...settings,
      sendVia: 'sms-voice',
      originationIdentity: NUMBER_ARN,
      configurationSetName: 'AntirelouReceipts67DB403C',
    });
    const { handler, sendTexts } = loadHandler();

    const result = await handler(smsEvent({ from: TO, body: 'salut' }));

    expect(result.outcomes).toEqual([expect.objectContaining({ kind: 'replied' })]);
    const [input] = sendTexts();
    expect(input?.ConfigurationSetName).toBe('AntirelouReceipts67DB403C');
    const tag = new ReceiptTagger(TEST_SECRET).open(input?.Context?.[RECEIPT_TAG_KEY]);
    expect(tag).toEqual({
      hour: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}$/),
      costMicros: 150_000,
      country: 'FR',
    });
    // The tag holds no number.
    expect(JSON.stringify(input?.Context)).not.toContain(TO.slice(1));
  });

  test('no sendVia (local tools, older settings): SNS Publish', async () => {
    await setEnvironment(testSettings());
    const { handler, publishes, sendTexts } = loadHandler();

    const result = await handler(smsEvent({ from: TO, body: 'salut' }));

    expect(result.outcomes).toEqual([expect.objectContaining({ kind: 'replied' })]);
    expect(publishes()).toBe(1);
    expect(sendTexts()).toEqual([]);
  });
});
