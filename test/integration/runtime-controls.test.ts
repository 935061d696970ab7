/**
 * The controls `budget raise` and `reply set` write, read by the real responder on dynalite:
 * a raise is clamped to the ceiling the responder was deployed with, whatever the control item
 * says; the reply text of the control item is the one sent, priced from its own recount. On
 * dynalite and on AWS's DynamoDB Local.
 */
import { PublishCommand } from '@aws-sdk/client-sns';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { CONTROL_KEY } from '../../lambda/adapters/table-keys';
import { periodKeys } from '../../lambda/domain/calendar';
import type { Outcome } from '../../lambda/domain/types';
import type { Emulator, EmulatorName } from '../support/dynamo';
import { startEmulator } from '../support/dynamo';
import { frenchMobiles, smsEvent } from '../support/events';
import type { Harness } from '../support/harness';
import { createHarness } from '../support/harness';
import { testSettings } from '../support/settings';

const SEGMENT = 75_000; // EUR 0.075 a segment to FR (the default prices)
const replies = (outcomes: Outcome[]): number =>
  outcomes.filter((o) => o.kind === 'replied').length;

describe.each<EmulatorName>(['dynalite', 'dynamodb-local'])('on %s', (emulatorName) => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator(emulatorName);
  });
  afterAll(async () => {
    await emulator.stop();
  });

  async function withControl(
    overrides: Parameters<typeof testSettings>[0],
    control: Record<string, unknown>,
  ): Promise<Harness> {
    const h = await createHarness(emulator.endpoint, testSettings(overrides));
    await h.client.send(
      new PutCommand({ TableName: h.tableName, Item: { ...CONTROL_KEY, ...control } }),
    );
    return h;
  }

  const tenSenders = (start: number) =>
    smsEvent(...frenchMobiles(10, start).map((from) => ({ from, body: 'x' })));

  describe('budget raise on the control item', () => {
    const budget = { hour: 0.3, day: 0.3, month: 10, ceiling: { hour: 0.6, day: 0.6 } };
    const huge = { hourMicros: 1e12, dayMicros: 1e12, monthMicros: 1e12 };

    test('a forged raise far above the ceiling buys only up to the ceiling', async () => {
      const h = await withControl({ budget }, { budgetRaise: huge });
      const { outcomes } = await h.handler(tenSenders(100));
      // EUR 0.60 (the ceiling) buys four replies of EUR 0.15, not ten.
      expect(replies(outcomes)).toBe(4);
      expect((await h.items.ledger.readSpent(periodKeys(h.now, 'UTC'))).day).toBe(4 * 2 * SEGMENT);
    });

    test('with no ceiling in the config, a forged raise raises nothing', async () => {
      const h = await withControl(
        { budget: { hour: 0.3, day: 0.3, month: 10 } },
        { budgetRaise: huge },
      );
      expect(replies((await h.handler(tenSenders(200))).outcomes)).toBe(2);
    });

    test('a lowering override still lowers a raised cap', async () => {
      const h = await withControl(
        { budget },
        {
          budgetRaise: { dayMicros: 600_000, hourMicros: 600_000 },
          budgetOverride: { dayMicros: 150_000 },
        },
      );
      expect(replies((await h.handler(tenSenders(300))).outcomes)).toBe(1);
    });
  });

  describe('the reply text of the control item', () => {
    test('is the one sent, and its cost is the one charged', async () => {
      const h = await withControl(
        {},
        { texts: { reply: { default: { body: 'Court.', encoding: 'GSM-7', segments: 1 } } } },
      );
      const { outcomes } = await h.handler(smsEvent({ from: '+33611112222', body: 'x' }));
      expect(outcomes).toEqual([{ kind: 'replied', text: 'reply', costMicros: SEGMENT }]);
      expect(h.sns.commandCalls(PublishCommand)[0]?.args[0].input.Message).toBe('Court.');
      expect((await h.items.ledger.readSpent(periodKeys(h.now, 'UTC'))).day).toBe(SEGMENT);
    });

    test('a forged segment count does not make it cheaper: the responder recounts', async () => {
      const body = 'a'.repeat(400); // GSM-7, 3 segments (153 septets each after the first header)
      const h = await withControl(
        {},
        { texts: { reply: { byCountry: { FR: { body, encoding: 'GSM-7', segments: 1 } } } } },
      );
      const { outcomes } = await h.handler(smsEvent({ from: '+33611113333', body: 'x' }));
      expect(outcomes).toEqual([{ kind: 'replied', text: 'reply', costMicros: 3 * SEGMENT }]);
      expect(h.sns.commandCalls(PublishCommand)[0]?.args[0].input.Message).toBe(body);
    });

    test('with the safety delay, the scheduled reply carries the priced runtime text', async () => {
      const h = await withControl(
        { replyDelay: 20 },
        { texts: { reply: { default: { body: 'Plus tard.', encoding: 'GSM-7', segments: 1 } } } },
      );
      const { outcomes } = await h.handler(smsEvent({ from: '+33611115555', body: 'x' }));
      expect(outcomes).toEqual([
        expect.objectContaining({ kind: 'scheduled', costMicros: SEGMENT }),
      ]);
      h.now += 20 * 60_000;
      expect(await h.fireDue()).toEqual([{ kind: 'sent', text: 'reply', costMicros: SEGMENT }]);
      expect(h.sns.commandCalls(PublishCommand)[0]?.args[0].input.Message).toBe('Plus tard.');
      expect((await h.items.ledger.readSpent(periodKeys(h.now, 'UTC'))).day).toBe(SEGMENT);
    });

    test('a malformed text entry is ignored: the config text goes out', async () => {
      const h = await withControl({}, { texts: { reply: { default: { body: 42 } }, help: 'x' } });
      await h.handler(smsEvent({ from: '+33611114444', body: 'x' }));
      expect(h.sns.commandCalls(PublishCommand)[0]?.args[0].input.Message).toBe(
        testSettings().reply.default.body,
      );
    });
  });
});
