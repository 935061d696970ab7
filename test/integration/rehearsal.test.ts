/**
 * The rehearsal (`config/rehearsal.json`) end to end, as far as it can go offline: the real
 * responder and dispatcher on a real DynamoDB API, with the shipped rehearsal config. A US
 * SIMULATOR number can only reach AWS's US destination simulator numbers (docs/aws-facts.md §5),
 * so the config replies to those two only (`replyOnlyTo`): they get their one reply after the
 * one-minute delay, anyone else gets nothing and costs nothing.
 */
import { periodKeys } from '../../lambda/domain/calendar';
import { toResponderSettings, loadConfigFile } from '../../lib/config';
import { DESTINATION_SIMULATOR_NUMBERS } from '../../lib/config/number-rules';
import type { Emulator, EmulatorName } from '../support/dynamo';
import { startEmulator } from '../support/dynamo';
import { TEST_TOPIC_ARN, smsEvent } from '../support/events';
import type { Harness } from '../support/harness';
import { createHarness } from '../support/harness';

const config = loadConfigFile('config/rehearsal.json');
const settings = toResponderSettings(config, TEST_TOPIC_ARN);
const SUCCESS = DESTINATION_SIMULATOR_NUMBERS.US!.success;
const FAILURE = DESTINATION_SIMULATOR_NUMBERS.US!.failure;
/** The default reply: 2 GSM-7 segments at the rehearsal's USD 0.01. */
const REPLY_COST = 20_000;
const DELAY_MS = 60_000;

describe.each<EmulatorName>(['dynalite', 'dynamodb-local'])('the rehearsal on %s', (name) => {
  let emulator: Emulator;
  let h: Harness;
  beforeAll(async () => {
    emulator = await startEmulator(name);
  });
  afterAll(async () => {
    await emulator.stop();
  });
  beforeEach(async () => {
    h = await createHarness(emulator.endpoint, settings);
  });

  /** One inbound SMS to the rehearsal's number. */
  const text = (from: string, id: string) =>
    h.handler(smsEvent({ from, to: settings.originationNumber, body: 'test', id }));

  test('the config is the shipped one: US only, the two simulators only, a one-minute delay', () => {
    expect(settings).toMatchObject({
      allowedCountries: ['US'],
      replyOnlyTo: [SUCCESS, FAILURE],
      replyDelay: { minSeconds: 60, maxSeconds: 60 },
      budget: { currency: 'USD', monthMicros: 1_000_000 },
    });
  });

  test('each destination simulator gets its one reply after the delay; a repeat gets nothing', async () => {
    // Act
    const first = await text(SUCCESS, 'in-1');
    const second = await text(FAILURE, 'in-2');
    const repeat = await text(SUCCESS, 'in-3');
    h.now += DELAY_MS;
    const sent = await h.fireDue();

    // Assess
    expect([...first.outcomes, ...second.outcomes]).toEqual([
      expect.objectContaining({ kind: 'scheduled', text: 'reply', costMicros: REPLY_COST }),
      expect.objectContaining({ kind: 'scheduled', text: 'reply', costMicros: REPLY_COST }),
    ]);
    expect(repeat.outcomes).toEqual([{ kind: 'dropped', reason: 'window' }]);
    expect(sent.map((outcome) => outcome.kind)).toEqual(['sent', 'sent']);
    expect(h.sentTo()).toEqual([SUCCESS, FAILURE]);
    expect((await h.items.ledger.readSpent(periodKeys(h.now, 'UTC'))).month).toBe(2 * REPLY_COST);
  });

  test('any other sender gets nothing and costs nothing: another US number, a French mobile', async () => {
    const other = await text('+12025550123', 'in-4');
    const french = await text('+33612345678', 'in-5');
    h.now += DELAY_MS;
    await h.fireDue();

    expect(other.outcomes).toEqual([{ kind: 'dropped', reason: 'not_on_reply_list' }]);
    expect(french.outcomes).toEqual([{ kind: 'dropped', reason: 'country_not_allowed' }]);
    expect(h.scheduleRequests()).toEqual([]);
    expect(h.sentTo()).toEqual([]);
    expect((await h.items.ledger.readSpent(periodKeys(h.now, 'UTC'))).month).toBe(0);
  });
});
