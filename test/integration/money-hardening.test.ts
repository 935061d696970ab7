/**
 * Issue 14, the money guarantee under attack and faults, on both emulators:
 * - a forged event to the dispatcher spends or gives back nothing (defect 1);
 * - a container whose clock runs ahead cannot wipe the hour's counter (defect 3);
 * - give-backs leave nothing behind on the budget item, which stays bounded (defect 4).
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { HELD_DAYS, heldDaysToPrune, reservationId } from '../../lambda/items/budget-ledger';
import { budgetItemKey } from '../../lambda/adapters/table-keys';
import { periodKeys } from '../../lambda/domain/calendar';
import type { ScheduledReply } from '../../lambda/domain/scheduled-reply';
import { MAX_SEND_LATENESS_SECONDS } from '../../lambda/domain/scheduled-reply';
import { ReplySeal } from '../../lambda/reply-seal';
import { REPLY_DELAY_MAX_SECONDS } from '../../lib/config/schema';
import type { Emulator, EmulatorName } from '../support/dynamo';
import { startEmulator } from '../support/dynamo';
import { frenchMobiles, smsEvent } from '../support/events';
import type { Harness } from '../support/harness';
import { createHarness } from '../support/harness';
import { testSettings } from '../support/settings';

const REPLY_COST = 150_000; // default reply: 2 GSM-7 segments × EUR 0.075
const MINUTE_MS = 60_000;
const DELAY_MS = 20 * MINUTE_MS;
const CAPS = { hourMicros: 5_000_000, dayMicros: 40_000_000, monthMicros: 300_000_000 };

test('the budget item holds reservations as long as a reply can still be settled', () => {
  const longestLifeSeconds = REPLY_DELAY_MAX_SECONDS + MAX_SEND_LATENESS_SECONDS;
  expect(longestLifeSeconds).toBeLessThan((HELD_DAYS - 1) * 86_400);
  expect(heldDaysToPrune('2026-11-02')).toEqual([]);
  expect(heldDaysToPrune('2026-11-05')).toEqual(['2026-11-01', '2026-11-02']);
});

describe.each<EmulatorName>(['dynalite', 'dynamodb-local'])('money hardening on %s', (name) => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator(name);
  });
  afterAll(async () => {
    await emulator.stop();
  });

  const spent = (h: Harness, atMs = h.now) => h.items.ledger.readSpent(periodKeys(atMs, 'UTC'));
  const budgetItem = async (h: Harness, month = periodKeys(h.now, 'UTC').month) =>
    (await h.client.send(new GetCommand({ TableName: h.tableName, Key: budgetItemKey(month) })))
      .Item ?? {};
  const payloads = (h: Harness): ScheduledReply[] =>
    h.scheduleRequests().map((r) => JSON.parse(r.Target!.Input!) as ScheduledReply);
  const [alice, bob, carol, dave] = frenchMobiles(4, 300);

  describe('the dispatcher acts only on what the responder sealed', () => {
    const delayed = (overrides: Parameters<typeof testSettings>[0] = {}) =>
      createHarness(emulator.endpoint, testSettings({ replyDelay: 20, ...overrides }));

    test('a forged give-back of a cancelled reply gives nothing back', async () => {
      // The review's attack: a genuine reply cancelled by STOP, then its event replayed with
      // another reservation and a bigger amount, again and again.
      const h = await delayed();
      await h.handler(smsEvent({ from: alice!, body: 'salut' }, { from: bob!, body: 'yo' }));
      await h.handler(smsEvent({ from: alice!, body: 'STOP' }));
      h.now += DELAY_MS;
      await h.fireDue();
      const [genuine] = payloads(h);
      expect(await spent(h)).toEqual({ hour: REPLY_COST, day: REPLY_COST, month: REPLY_COST });
      for (let i = 1; i <= 5; i += 1) {
        const forged = { ...genuine!, decidedAtMs: genuine!.decidedAtMs + i, costMicros: 5e6 };
        expect(await h.dispatcher(forged)).toEqual({
          kind: 'cancelled',
          reason: 'forged',
          released: false,
        });
      }
      expect(await spent(h)).toEqual({ hour: REPLY_COST, day: REPLY_COST, month: REPLY_COST });
    });

    test.each<[string, (r: ScheduledReply) => object]>([
      ['another number', (r) => ({ ...r, to: '+33698765432' })],
      ['another text', (r) => ({ ...r, body: 'Cliquez ici: http://example.com' })],
      ['another amount', (r) => ({ ...r, costMicros: 1 })],
      ['another period', (r) => ({ ...r, periods: { ...r.periods, hour: '2026-11-23T08' } })],
      ['no seal at all', ({ seal: _seal, ...r }) => r],
    ])('an event with %s is refused and changes nothing', async (_, tamper) => {
      const h = await delayed();
      await h.handler(smsEvent({ from: alice!, body: 'salut' }));
      h.now += DELAY_MS;
      const outcome = await h.dispatcher(tamper(payloads(h)[0]!));
      expect(outcome).toMatchObject({ kind: 'cancelled', released: false });
      expect(h.sentTo()).toEqual([]);
      expect(await spent(h)).toEqual({ hour: REPLY_COST, day: REPLY_COST, month: REPLY_COST });
      // The genuine schedule still delivers the reply, once.
      expect((await h.fireDue()).map((o) => o.kind)).toEqual(['sent']);
      expect(h.sentTo()).toEqual([alice]);
    });

    test('a reply sealed with another secret is refused', async () => {
      const h = await delayed();
      await h.handler(smsEvent({ from: alice!, body: 'salut' }));
      h.now += DELAY_MS;
      const { seal: _seal, ...unsealed } = payloads(h)[0]!;
      const other = new ReplySeal('another-secret-0123456789abcdef');
      expect(await h.dispatcher(other.seal({ ...unsealed, to: '+33698765432' }))).toMatchObject({
        reason: 'forged',
      });
      expect(h.sentTo()).toEqual([]);
    });

    test('a genuine reply handed over before its time is not sent early', async () => {
      const h = await delayed();
      await h.handler(smsEvent({ from: alice!, body: 'salut' }));
      const [genuine] = payloads(h);
      expect(await h.dispatcher(genuine)).toMatchObject({ kind: 'cancelled', reason: 'forged' });
      expect(h.sentTo()).toEqual([]);
      h.now += DELAY_MS;
      expect((await h.fireDue()).map((o) => o.kind)).toEqual(['sent']);
    });

    test('the table gives back only a reservation it holds, exactly as it was made', async () => {
      const h = await delayed();
      await h.handler(smsEvent({ from: alice!, body: 'salut' }));
      const [reply] = payloads(h);
      const made = {
        id: reservationId(reply!.inboundId, reply!.decidedAtMs),
        periods: reply!.periods,
        costMicros: reply!.costMicros,
      };
      expect(await h.items.ledger.release({ ...made, costMicros: 10 * REPLY_COST })).toBe(false);
      expect(await h.items.ledger.release({ ...made, id: 'never-reserved@1' })).toBe(false);
      expect(
        await h.items.ledger.release({ ...made, periods: { ...made.periods, hour: 'x' } }),
      ).toBe(false);
      expect(await spent(h)).toEqual({ hour: REPLY_COST, day: REPLY_COST, month: REPLY_COST });
      expect(await h.items.ledger.release(made)).toBe(true);
      expect(await h.items.ledger.release(made)).toBe(false);
      expect(await spent(h)).toEqual({ hour: 0, day: 0, month: 0 });
    });
  });

  test('a container whose clock runs 90 minutes ahead cannot wipe the hour', async () => {
    // An hour's budget of two replies; the true time is 10:40.
    const trueNow = Date.UTC(2026, 10, 23, 10, 40);
    const h = await createHarness(
      emulator.endpoint,
      testSettings({ budget: { hour: 0.3, day: 40, month: 300 } }),
      trueNow,
    );
    await h.handler(smsEvent({ from: alice!, body: 'a' }, { from: bob!, body: 'b' }));
    expect(await spent(h)).toMatchObject({ hour: 2 * REPLY_COST });
    // Another container, 90 minutes ahead, reserves in "its" hour (12:10).
    h.now = trueNow + 90 * MINUTE_MS;
    await h.newResponder()(smsEvent({ from: carol!, body: 'c' }));
    // A third container, on time: the 10 o'clock hour is still full.
    h.now = trueNow + MINUTE_MS;
    const out = await h.newResponder()(smsEvent({ from: dave!, body: 'd' }));
    expect(out.outcomes).toEqual([{ kind: 'dropped', reason: 'budget_hour' }]);
    expect(await spent(h, trueNow)).toMatchObject({ hour: 2 * REPLY_COST });
  });

  test('give-backs leave nothing behind on the budget item', async () => {
    const h = await createHarness(emulator.endpoint, testSettings());
    const periods = periodKeys(h.now, 'UTC');
    for (let i = 0; i < 150; i += 1) {
      const reservation = { id: `in-${i}@${h.now}`, periods, costMicros: REPLY_COST };
      expect(
        (
          await h.items.ledger.reserve({
            reservation,
            caps: CAPS,
            prunedDays: [],
            expiresAtSeconds: 0,
          })
        ).ok,
      ).toBe(true);
      expect(await h.items.ledger.release(reservation)).toBe(true);
    }
    const item = await budgetItem(h);
    expect(
      JSON.stringify(item, (_, v: unknown) => (v instanceof Set ? [...v] : v)).length,
    ).toBeLessThan(300);
    expect(await spent(h)).toEqual({ hour: 0, day: 0, month: 0 });
  });

  test('reservations too old to settle are pruned, and can no longer be given back', async () => {
    const h = await createHarness(emulator.endpoint, testSettings());
    const day = (d: number) => periodKeys(Date.UTC(2026, 10, d, 9), 'UTC');
    const first = { id: 'in-1@1', periods: day(1), costMicros: REPLY_COST };
    const later = { id: 'in-2@2', periods: day(5), costMicros: REPLY_COST };
    await h.items.ledger.reserve({
      reservation: first,
      caps: CAPS,
      prunedDays: heldDaysToPrune(first.periods.day),
      expiresAtSeconds: 0,
    });
    await h.items.ledger.reserve({
      reservation: later,
      caps: CAPS,
      prunedDays: heldDaysToPrune(later.periods.day),
      expiresAtSeconds: 0,
    });
    const item = await budgetItem(h, '2026-11');
    expect(Object.keys(item).filter((k) => k.startsWith('r'))).toEqual(['r2026-11-05']);
    // Money stays counted: a clock error or a very late give-back never lowers a counter.
    expect(await h.items.ledger.release(first)).toBe(false);
    expect((await h.items.ledger.readSpent(day(1))).day).toBe(REPLY_COST);
  });
});
