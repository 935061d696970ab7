/**
 * Disguised STOPs (issue 14, defect 7) through the real responder on a real DynamoDB API
 * (dynalite; the opt-out write itself is tested on both emulators in responder.test.ts and
 * delay.test.ts), SNS and EventBridge Scheduler mocked by the harness. With self-managed
 * opt-outs the responder is the only opt-out there is: a STOP in any form must send nothing.
 */
import { PublishCommand } from '@aws-sdk/client-sns';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { senderItemKey } from '../../lambda/adapters/table-keys';
import { periodKeys } from '../../lambda/domain/calendar';
import type { Outcome } from '../../lambda/domain/types';
import type { Emulator } from '../support/dynamo';
import { startEmulator } from '../support/dynamo';
import { frenchMobiles, smsEvent } from '../support/events';
import type { Harness } from '../support/harness';
import { createHarness } from '../support/harness';
import { testSettings } from '../support/settings';

const MINUTE_MS = 60_000;
const DELAY_MINUTES = 20;

/** First messages that said stop and still got a reply before the fix. */
const DISGUISED_STOPS = [
  'ST\u200bO\u200bP',
  'ＳＴＯＰ',
  'S\u0422\u041e\u0420',
  '𝐒𝐓𝐎𝐏',
  'S.T.O.P',
  'STOPPP',
  '🛑',
  'Stop texting me now',
  "arrête de m'écrire",
  'Non merci, stop',
];

describe('disguised STOP on dynalite', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator('dynalite');
  });
  afterAll(async () => {
    await emulator.stop();
  });

  const spentThisMonth = async (h: Harness): Promise<number> =>
    (await h.items.ledger.readSpent(periodKeys(h.now, 'UTC'))).month;

  test('as a first message: opted out, no SMS, now or later, until START', async () => {
    const h = await createHarness(emulator.endpoint, testSettings());
    const senders = frenchMobiles(DISGUISED_STOPS.length, 400);
    const send = async (from: string, body: string): Promise<Outcome[]> =>
      (await h.newResponder()(smsEvent({ from, body }))).outcomes;

    for (const [i, body] of DISGUISED_STOPS.entries()) {
      expect(await send(senders[i]!, body)).toEqual([{ kind: 'opted_out' }]);
    }
    for (const from of senders) {
      expect(await send(from, 'salut, tu es là ?')).toEqual([
        { kind: 'dropped', reason: 'opted_out' },
      ]);
    }
    expect(h.sns.commandCalls(PublishCommand)).toHaveLength(0);
    expect(await spentThisMonth(h)).toBe(0);

    // START (here disguised too) still undoes it.
    expect(await send(senders[0]!, 'ＳＴＡＲＴ')).toEqual([{ kind: 'opted_in' }]);
    expect(await send(senders[0]!, 'salut')).toEqual([
      expect.objectContaining({ kind: 'replied' }),
    ]);
    expect(h.sentTo()).toEqual([senders[0]]);
  });

  test('during the safety delay: cancels the waiting reply and gives its money back', async () => {
    const h = await createHarness(emulator.endpoint, testSettings({ replyDelay: DELAY_MINUTES }));
    const [alice, bob] = frenchMobiles(2, 500);
    const first = await h.handler(
      smsEvent({ from: alice!, body: 'salut' }, { from: bob!, body: 'coucou' }),
    );
    expect(first.outcomes.map((o) => o.kind)).toEqual(['scheduled', 'scheduled']);
    const paid = await spentThisMonth(h);
    expect(paid).toBeGreaterThan(0);

    h.now += 5 * MINUTE_MS;
    const stop = await h.handler(smsEvent({ from: alice!, body: 'S T O P 🛑' }));
    expect(stop.outcomes).toEqual([{ kind: 'opted_out' }]);

    h.now += DELAY_MINUTES * MINUTE_MS;
    const fired = await h.fireDue();
    expect(fired).toHaveLength(2);
    expect(fired).toContainEqual({ kind: 'cancelled', reason: 'opted_out', released: true });
    expect(fired).toContainEqual(expect.objectContaining({ kind: 'sent' }));
    // Only bob, who never said stop, gets his reply; alice's money came back.
    expect(h.sentTo()).toEqual([bob]);
    expect(await spentThisMonth(h)).toBe(paid / 2);
  });

  test('an abusive STOP opts out and is still kept as evidence, its sender flagged', async () => {
    const h = await createHarness(emulator.endpoint, testSettings());
    const [raider] = frenchMobiles(1, 450);
    expect(
      (await h.handler(smsEvent({ from: raider!, body: 'stop connard', at: h.now }))).outcomes,
    ).toEqual([{ kind: 'opted_out' }]);
    const records = await h.evidence.query({ sinceMs: h.now - 86_400_000, untilMs: h.now + 1 });
    expect(records.map((r) => [r.from, r.body])).toEqual([[raider, 'stop connard']]);
    const sender = await h.client.send(
      new GetCommand({ TableName: h.tableName, Key: senderItemKey(h.senderKey(raider!)) }),
    );
    expect(sender.Item).toMatchObject({ optedOut: true, flagged: true });
    expect(h.sns.commandCalls(PublishCommand)).toHaveLength(0);
  });
});
