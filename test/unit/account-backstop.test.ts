/**
 * The account backstop's handler (`lambda/account-backstop.ts`): it sets AWS's monthly SMS spend
 * limit on the send path, validates first (End User Messaging's MaxLimit), and turns every
 * refusal into a report, never a failed custom resource (which would roll the stack back).
 * AWS is mocked with aws-sdk-client-mock, with the errors' exact shapes (docs/aws-facts.md §1, §3).
 */
import 'aws-sdk-client-mock-jest';
import { Logger } from '@aws-lambda-powertools/logger';
import {
  AccessDeniedException,
  DescribeSpendLimitsCommand,
  PinpointSMSVoiceV2Client,
  SetTextMessageSpendLimitOverrideCommand,
  ThrottlingException,
  ValidationException,
} from '@aws-sdk/client-pinpoint-sms-voice-v2';
import {
  AuthorizationErrorException,
  InvalidParameterException,
  SetSMSAttributesCommand,
  SNSClient,
} from '@aws-sdk/client-sns';
import type { DescribeSpendLimitsCommandOutput } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import type { CdkCustomResourceEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import {
  BACKSTOP_PHYSICAL_ID,
  TEXT_SPEND_LIMIT_NAME,
  createBackstopHandler,
  readRequest,
} from '../../lambda/account-backstop';

const smsVoice = mockClient(PinpointSMSVoiceV2Client);
const sns = mockClient(SNSClient);
const metadata = { $metadata: { httpStatusCode: 400 } };
const logger = new Logger({ serviceName: 'test', logLevel: 'SILENT' });
const handler = createBackstopHandler(
  { smsVoice: new PinpointSMSVoiceV2Client({}), sns: new SNSClient({}) },
  logger,
);

/** A CloudFormation event as the provider framework passes it (properties as strings). */
function event(
  requestType: 'Create' | 'Update' | 'Delete',
  sendVia: string,
  usd: string,
): CdkCustomResourceEvent {
  const base = {
    ServiceToken: 'arn:aws:lambda:eu-west-3:123456789012:function:provider',
    ResponseURL: 'https://example.invalid/response',
    StackId: 'arn:aws:cloudformation:eu-west-3:123456789012:stack/Antirelou/x',
    RequestId: 'request-1',
    LogicalResourceId: 'AccountBackstopMonthlySpendLimit',
    ResourceType: 'Custom::AccountSmsSpendLimit',
    ResourceProperties: { ServiceToken: 'x', SendVia: sendVia, MonthlySpendLimitUsd: usd },
  };
  if (requestType === 'Create') return { ...base, RequestType: 'Create' };
  const existing = { ...base, PhysicalResourceId: BACKSTOP_PHYSICAL_ID };
  if (requestType === 'Delete') return { ...existing, RequestType: 'Delete' };
  return { ...existing, RequestType: 'Update', OldResourceProperties: base.ResourceProperties };
}

/** `DescribeSpendLimits` as a new account answers it (USD 1, not overridden). */
function textLimit(maxLimit: number, enforced = maxLimit): DescribeSpendLimitsCommandOutput {
  return {
    $metadata: {},
    SpendLimits: [
      {
        Name: 'VOICE_MESSAGE_MONTHLY_SPEND_LIMIT',
        EnforcedLimit: 1,
        MaxLimit: 1,
        Overridden: false,
      },
      {
        Name: TEXT_SPEND_LIMIT_NAME,
        EnforcedLimit: enforced,
        MaxLimit: maxLimit,
        Overridden: false,
      },
    ],
  };
}

afterEach(() => {
  smsVoice.reset();
  sns.reset();
});

describe('sms-voice: End User Messaging spend limit', () => {
  test('within MaxLimit: sets the override', async () => {
    // Prepare
    smsVoice.on(DescribeSpendLimitsCommand).resolves(textLimit(500));
    smsVoice.on(SetTextMessageSpendLimitOverrideCommand).resolves({ MonthlyLimit: 300 });
    // Act
    const response = await handler(event('Create', 'sms-voice', '300'));
    // Assess
    expect(smsVoice).toHaveReceivedCommandWith(SetTextMessageSpendLimitOverrideCommand, {
      MonthlyLimit: 300,
    });
    expect(response).toEqual({
      PhysicalResourceId: BACKSTOP_PHYSICAL_ID,
      Data: {
        Status: 'SET',
        Detail: 'End User Messaging text spend limit set to USD 300 (account maximum USD 500)',
      },
    });
  });

  test('the limits come in pages: the text one may be on the second', async () => {
    smsVoice
      .on(DescribeSpendLimitsCommand, {})
      .resolves({ SpendLimits: [], NextToken: 'page-2' })
      .on(DescribeSpendLimitsCommand, { NextToken: 'page-2' })
      .resolves(textLimit(50));
    const response = await handler(event('Update', 'sms-voice', '20'));
    expect(response.Data).toMatchObject({ Status: 'SET' });
  });

  test('above MaxLimit (a new account: USD 1): not even tried, reported with the fix', async () => {
    smsVoice.on(DescribeSpendLimitsCommand).resolves(textLimit(1));
    const response = await handler(event('Create', 'sms-voice', '300'));
    expect(smsVoice).not.toHaveReceivedCommand(SetTextMessageSpendLimitOverrideCommand);
    expect(response.Data).toEqual({
      Status: 'REFUSED',
      Detail: expect.stringMatching(
        /^accountMonthlySpendLimitUsd 300 is above the account maximum \(enforced USD 1, account maximum USD 1\): not set; ask for more in Service Quotas \(AWS End User Messaging, TextMessageMonthlySpend/,
      ),
    });
  });

  test.each([
    [
      'ValidationException above the service limit',
      new ValidationException({
        message: 'The requested spend limit is higher than the service limit',
        Reason: 'REQUESTED_SPEND_LIMIT_HIGHER_THAN_SERVICE_LIMIT',
        Fields: [{ Name: 'MonthlyLimit', Message: 'too high' }],
        ...metadata,
      }),
      'ValidationException (REQUESTED_SPEND_LIMIT_HIGHER_THAN_SERVICE_LIMIT): The requested spend limit',
    ],
    [
      'AccessDeniedException',
      new AccessDeniedException({
        message: 'Account is not authorized',
        Reason: 'ACCOUNT_DISABLED',
        ...metadata,
      }),
      'AccessDeniedException (ACCOUNT_DISABLED): Account is not authorized',
    ],
  ])('the override refused (%s): REFUSED, the deploy goes on', async (_name, error, text) => {
    smsVoice.on(DescribeSpendLimitsCommand).resolves(textLimit(500));
    smsVoice.on(SetTextMessageSpendLimitOverrideCommand).rejects(error);
    const response = await handler(event('Create', 'sms-voice', '300'));
    expect(response).toMatchObject({
      PhysicalResourceId: BACKSTOP_PHYSICAL_ID,
      Data: { Status: 'REFUSED', Detail: expect.stringContaining(text) },
    });
  });

  test('the quota cannot be read (throttled): FAILED is reported, nothing is set', async () => {
    smsVoice
      .on(DescribeSpendLimitsCommand)
      .rejects(new ThrottlingException({ message: 'Rate exceeded', ...metadata }));
    const response = await handler(event('Create', 'sms-voice', '300'));
    expect(smsVoice).not.toHaveReceivedCommand(SetTextMessageSpendLimitOverrideCommand);
    expect(response.Data).toEqual({
      Status: 'FAILED',
      Detail:
        'DescribeSpendLimits failed, limit left as it was: ThrottlingException: Rate exceeded',
    });
  });
});

describe('sns: SetSMSAttributes MonthlySpendLimit', () => {
  test('sets it, as a string of whole USD', async () => {
    sns.on(SetSMSAttributesCommand).resolves({});
    const response = await handler(event('Create', 'sns', '200'));
    expect(sns).toHaveReceivedCommandWith(SetSMSAttributesCommand, {
      attributes: { MonthlySpendLimit: '200' },
    });
    expect(response.Data).toEqual({
      Status: 'SET',
      Detail: 'SNS SMS MonthlySpendLimit set to USD 200',
    });
  });

  test.each([
    [
      'InvalidParameterException',
      new InvalidParameterException({
        message: 'Invalid parameter: MonthlySpendLimit',
        ...metadata,
      }),
    ],
    [
      'AuthorizationErrorException',
      new AuthorizationErrorException({ message: 'not authorized', ...metadata }),
    ],
  ])('%s: REFUSED, reported, the deploy goes on', async (_name, error) => {
    sns.on(SetSMSAttributesCommand).rejects(error);
    const response = await handler(event('Update', 'sns', '200'));
    expect(response.Data).toEqual({
      Status: 'REFUSED',
      Detail: expect.stringContaining(`${error.name}: ${error.message}`),
    });
  });
});

describe('never a failure', () => {
  test('Delete leaves the account setting alone', async () => {
    const response = await handler(event('Delete', 'sms-voice', '300'));
    expect(smsVoice.calls()).toHaveLength(0);
    expect(response.Data).toMatchObject({ Status: 'UNCHANGED' });
  });

  test('unusable properties are reported, not thrown', async () => {
    await expect(handler(event('Create', 'fax', '300'))).resolves.toMatchObject({
      Data: { Status: 'FAILED', Detail: 'unknown SendVia fax' },
    });
    expect(readRequest({ SendVia: 'sns', MonthlySpendLimitUsd: '2.5' })).toContain(
      'whole number of USD above 0',
    );
    expect(readRequest({ SendVia: 'sns', MonthlySpendLimitUsd: '7' })).toEqual({
      sendVia: 'sns',
      monthlySpendLimitUsd: 7,
    });
  });

  test('an error the SDK did not type (a network failure) is reported too', async () => {
    smsVoice.on(DescribeSpendLimitsCommand).rejects(new Error('socket hang up'));
    await expect(handler(event('Create', 'sms-voice', '300'))).resolves.toMatchObject({
      Data: { Status: 'FAILED', Detail: expect.stringContaining('Error: socket hang up') },
    });
  });
});
