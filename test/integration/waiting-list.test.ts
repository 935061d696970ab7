/**
 * The waiting list end to end (issue 15): the real responder and the real dispatcher on a
 * real DynamoDB API, EventBridge Scheduler and SNS mocked. A sender refused only for the hour's
 * or the day's money waits; the dispatcher reserves the money when the next period starts
 * and serves the waiting replies in arrival order, never over a cap.
 */
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { budgetItemKey, CONTROL_KEY, senderItemKey } from '../../lambda/adapters/table-keys';
import { budgetAttribute } from '../../lambda/adapters/table-keys';
import { periodKeys } from '../../lambda/domain/calendar';
import type { SendOutcome } from '../../lambda/domain/scheduled-reply';
import type { Outcome } from '../../lambda/domain/types';
import { WAIT_SPREAD_MS } from '../../lambda/domain/waiting';
import { senderCensus } from '../../tools/admin/census';
import type { Target } from '../../tools/admin/target';
import type { Emulator, EmulatorName } from '../support/dynamo';
import { startEmulator } from '../support/dynamo';
import { frenchMobiles, smsEvent } from '../support/events';
import type { Harness } from '../support/harness';
import { createHarness } from '../support/harness';
import { testSettings } from '../support/settings';

const REPLY_COST = 150_000; // default reply: 2 GSM-7 segments × EUR 0.075
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
/** 09:00 UTC, the harness's start. */
const START_MS = Date.UTC(2026, 10, 23, 9, 0, 0);

const kinds = (outcomes: readonly (Outcome | SendOutcome)[]): string[] =>
  outcomes.map((o) =>
    o.kind === 'dropped' || o.kind === 'cancelled' ? `${o.kind}:${o.reason}` : o.kind,
  );

describe.each<EmulatorName>(['dynalite', 'dynamodb-local'])('waiting list on %s', (name) => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator(name);
  });
  afterAll(async () => {
    await emulator.stop();
  });

  /** An hour's budget of two replies, a 20-minute safety delay. */
  const harness = (overrides: Parameters<typeof testSettings>[0] = {}): Promise<Harness> =>
    createHarness(
      emulator.endpoint,
      testSettings({ replyDelay: 20, budget: { hour: 0.3, day: 40, month: 300 }, ...overrides }),
      START_MS,
    );
  const spent = (h: Harness, atMs = h.now) => h.items.ledger.readSpent(periodKeys(atMs, 'UTC'));
  /** One message from each sender, a minute apart. */
  const arrive = async (h: Harness, senders: readonly string[]): Promise<string[]> => {
    const outcomes: Outcome[] = [];
    for (const [i, from] of senders.entries()) {
      outcomes.push(...(await h.handler(smsEvent({ from, body: `bonjour ${i}` }))).outcomes);
      h.now += MINUTE_MS;
    }
    return kinds(outcomes);
  };
  const setControl = (h: Harness, item: Record<string, unknown>) =>
    h.client.send(new PutCommand({ TableName: h.tableName, Item: { ...CONTROL_KEY, ...item } }));

  test('refused for the hour, senders wait and are served in arrival order when it turns', async () => {
    const h = await harness();
    const senders = frenchMobiles(5);
    expect(await arrive(h, senders)).toEqual([
      'scheduled',
      'scheduled',
      'waiting',
      'waiting',
      'waiting',
    ]);
    expect((await spent(h)).hour).toBe(2 * REPLY_COST); // nothing reserved for the waiters

    h.now = START_MS + HOUR_MS - MINUTE_MS; // 09:59: the two paid replies go
    expect(kinds(await h.fireDue())).toEqual(['sent', 'sent']);
    h.now = START_MS + HOUR_MS + WAIT_SPREAD_MS; // 10:02: the first two waiters, then no money
    expect(kinds(await h.fireDue())).toEqual(['sent', 'sent', 'waiting']);
    expect((await spent(h)).hour).toBe(2 * REPLY_COST);
    h.now = START_MS + 2 * HOUR_MS + WAIT_SPREAD_MS; // 11:02: the last one
    expect(kinds(await h.fireDue())).toEqual(['sent']);
    expect(h.sentTo()).toEqual(senders);
    expect((await spent(h)).hour).toBe(REPLY_COST);
    expect((await spent(h)).day).toBe(5 * REPLY_COST);
  });

  test('the admin census tells waiting senders from replies paid for, and counts a reply the day it is served', async () => {
    const h = await harness();
    await arrive(h, frenchMobiles(5));
    const target = { documentClient: h.client, tableName: h.tableName } as Target;
    let census = await senderCensus(target, 'UTC');
    expect(census.unsettledReplyAtMs).toHaveLength(2);
    expect(census.waitingUntilMs).toHaveLength(3);
    h.now = START_MS + 2 * HOUR_MS + WAIT_SPREAD_MS;
    await h.fireDue();
    h.now = START_MS + 3 * HOUR_MS + WAIT_SPREAD_MS; // 11:00 took two; the last one at 12:00
    await h.fireDue();
    census = await senderCensus(target, 'UTC');
    expect(census.waitingUntilMs).toHaveLength(0);
    expect(census.unsettledReplyAtMs).toHaveLength(0);
    expect([...census.repliesByDay.values()].reduce((a, b) => a + b, 0)).toBe(5);
  });

  test('a sender who texts again while waiting keeps their place and gets one reply', async () => {
    const h = await harness();
    const [a, b, c] = frenchMobiles(3);
    expect(await arrive(h, [a!, b!, c!, c!])).toEqual([
      'scheduled',
      'scheduled',
      'waiting',
      'dropped:window',
    ]);
    h.now = START_MS + HOUR_MS + WAIT_SPREAD_MS;
    await h.fireDue();
    expect(h.sentTo().filter((to) => to === c)).toHaveLength(1);
    h.now += 3 * HOUR_MS;
    expect(await h.fireDue()).toEqual([]);
  });

  test('STOP, a flag or a block while waiting cancels the reply and keeps no money', async () => {
    const h = await harness();
    const [a, b, stops, abusive, blocked] = frenchMobiles(5);
    await arrive(h, [a!, b!, stops!, abusive!, blocked!]);
    await h.handler(smsEvent({ from: stops!, body: 'STOP' }));
    await h.handler(smsEvent({ from: abusive!, body: 'connasse' }));
    await h.client.send(
      new UpdateCommand({
        TableName: h.tableName,
        Key: senderItemKey(h.senderKey(blocked!)),
        UpdateExpression: 'SET #b = :t',
        ExpressionAttributeNames: { '#b': 'blocked' },
        ExpressionAttributeValues: { ':t': true },
      }),
    );
    h.now = START_MS + HOUR_MS + WAIT_SPREAD_MS;
    const outcomes = await h.fireDue();
    expect(kinds(outcomes)).toEqual([
      'sent',
      'sent',
      'cancelled:opted_out',
      'cancelled:flagged',
      'cancelled:blocked',
    ]);
    expect(outcomes.slice(2)).toEqual(
      ['opted_out', 'flagged', 'blocked'].map((reason) =>
        expect.objectContaining({ reason, released: true }),
      ),
    );
    expect((await spent(h)).hour).toBe(0);
    expect(h.sentTo()).toEqual([a, b]);
  });

  test('a pause cancels a waiting reply; the sender may get one when they text again', async () => {
    const h = await harness();
    const [a, b, c] = frenchMobiles(3);
    await arrive(h, [a!, b!, c!]);
    await setControl(h, { paused: true });
    h.now = START_MS + HOUR_MS + WAIT_SPREAD_MS;
    expect(kinds(await h.fireDue())).toContain('cancelled:paused');
    await setControl(h, { paused: false });
    h.now += 10 * MINUTE_MS; // past the control cache
    expect(kinds((await h.handler(smsEvent({ from: c!, body: 'encore' }))).outcomes)).toEqual([
      'scheduled',
    ]);
  });

  test('a wait that finds no money before its end expires, and gives the claim back', async () => {
    const h = await harness({ waitingList: { maxWaitHours: 1 } });
    const [a, b, c] = frenchMobiles(3);
    expect(await arrive(h, [a!, b!, c!])).toEqual(['scheduled', 'scheduled', 'waiting']);
    // At 10:00 the maintainers have lowered the hour's cap to nothing: the next chance, 11:00,
    // is past the hour's wait.
    await setControl(h, { budgetOverride: { hourMicros: 0 } });
    h.now = START_MS + HOUR_MS + WAIT_SPREAD_MS;
    expect(kinds(await h.fireDue())).toEqual(['sent', 'sent', 'cancelled:expired']);
    expect((await spent(h)).hour).toBe(0);
    await setControl(h, {});
    h.now += 10 * MINUTE_MS;
    expect(kinds((await h.handler(smsEvent({ from: c!, body: 'encore' }))).outcomes)).toEqual([
      'scheduled',
    ]);
  });

  test('in raid mode, and once the day is full, refused senders do not wait', async () => {
    const h = await harness({ waitingList: { maxPerDay: 2 } });
    const senders = frenchMobiles(6);
    expect(await arrive(h, senders.slice(0, 5))).toEqual([
      'scheduled',
      'scheduled',
      'waiting',
      'waiting',
      'dropped:budget_hour',
    ]);
    const raid = await harness({ raid: { enabled: true } });
    await setControl(raid, { raidOverride: 'on' });
    const outcomes = await arrive(raid, frenchMobiles(12, 100));
    expect(outcomes).not.toContain('waiting');
    expect(outcomes.filter((o) => o.startsWith('dropped:'))).not.toHaveLength(0);
  });

  test('raids: a waiter who joined as raid mode began is let go; the others wait out the raid', async () => {
    const h = await harness();
    const [a, b, c] = frenchMobiles(3);
    expect(await arrive(h, [a!, b!, c!])).toEqual(['scheduled', 'scheduled', 'waiting']); // c at 09:02
    h.now = START_MS + HOUR_MS - MINUTE_MS;
    await h.fireDue();
    // Raid mode began at 09:10, eight minutes after c joined: c was likely its first wave.
    await setControl(h, { raid: { active: true, sinceMs: START_MS + 10 * MINUTE_MS } });
    h.now = START_MS + HOUR_MS + WAIT_SPREAD_MS;
    expect(kinds(await h.fireDue())).toEqual(['cancelled:raid']);

    const later = await harness();
    await arrive(later, [a!, b!, c!]);
    later.now = START_MS + HOUR_MS - MINUTE_MS;
    await later.fireDue();
    // Raid mode since 10:10, over an hour after c joined (09:02); c's schedule, late, runs at
    // 10:15: c waits for the raid's end, nothing reserved meanwhile.
    const raid = { active: true, sinceMs: START_MS + 70 * MINUTE_MS };
    await setControl(later, { raid });
    later.now = START_MS + 75 * MINUTE_MS;
    expect(kinds(await later.fireDue())).toEqual(['waiting']);
    expect((await spent(later)).hour).toBe(0);
    await setControl(later, { raid: { ...raid, active: false } });
    later.now = START_MS + 2 * HOUR_MS + WAIT_SPREAD_MS;
    expect(kinds(await later.fireDue())).toEqual(['sent']);
    expect(later.sentTo()).toEqual([a, b, c]);
  });

  test("within an hour after a flood, refused senders do not wait (a raid's stragglers)", async () => {
    const h = await harness();
    const raid = {
      active: false,
      sinceMs: START_MS - HOUR_MS,
      lastFloodMs: START_MS - 30 * MINUTE_MS,
    };
    await setControl(h, { raid });
    expect(await arrive(h, frenchMobiles(3))).toEqual([
      'scheduled',
      'scheduled',
      'dropped:budget_hour',
    ]);
    const later = await harness();
    await setControl(later, { raid: { ...raid, lastFloodMs: START_MS - 61 * MINUTE_MS } });
    expect(await arrive(later, frenchMobiles(3))).toEqual(['scheduled', 'scheduled', 'waiting']);
  });

  test('with receipts, a waiting reply is served at the price learned since it joined', async () => {
    // An hour of three replies at the configured price; receipts on (sms-voice).
    const h = await harness({ sendVia: 'sms-voice', budget: { hour: 0.45, day: 40, month: 300 } });
    expect(await arrive(h, frenchMobiles(4, 400))).toEqual([
      'scheduled',
      'scheduled',
      'scheduled',
      'waiting',
    ]);
    // Receipts teach a dearer price while the fourth sender waits.
    await h.items.control.learnPrice('FR', { micros: 90_000, atMs: START_MS + 10 * MINUTE_MS });
    h.now = START_MS + HOUR_MS + WAIT_SPREAD_MS;
    const before = (await spent(h)).day;
    const fired = await h.fireDue();
    // The three paid replies go; the waiting one is scheduled again at the new price first…
    expect(kinds(fired)).toEqual(['sent', 'sent', 'sent', 'waiting']);
    const repriced = JSON.parse(h.scheduleRequests().at(-1)!.Target!.Input!) as {
      costMicros: number;
    };
    expect(repriced.costMicros).toBe(2 * 90_000);
    expect((await spent(h)).day).toBe(before);
    // …then reserved at it, once.
    h.now += 2 * MINUTE_MS;
    expect(kinds(await h.fireDue())).toEqual(['sent']);
    expect((await spent(h)).day).toBe(before + 2 * 90_000);
  });

  test('a repeated schedule reserves once and sends once', async () => {
    const h = await harness();
    await arrive(h, frenchMobiles(3));
    const waiting = h.scheduleRequests()[2]!;
    h.now = START_MS + HOUR_MS + WAIT_SPREAD_MS;
    await h.fireDue();
    const again = await h.dispatcher(JSON.parse(waiting.Target!.Input!));
    expect(again).toEqual({ kind: 'repeat' });
    expect((await spent(h)).hour).toBe(REPLY_COST);
    expect(h.sentTo()).toHaveLength(3);
  });

  test('never over a cap: 200 concurrent senders fill the list; 60 waiters and 140 newcomers race for the next hour', async () => {
    // Caps of 10 replies an hour, 30 a day; the list takes 60 a day.
    const h = await harness({
      budget: { hour: 1.5, day: 4.5, month: 300 },
      waitingList: { maxPerDay: 60 },
    });
    const responders = [0, 1, 2, 3].map(() => h.newResponder());
    const burst = async (start: number, count = 200) =>
      (
        await Promise.all(
          frenchMobiles(count, start).map((from, i) =>
            responders[i % 4]!(smsEvent({ from, body: `salut ${i}` })),
          ),
        )
      ).flatMap((r) => kinds(r.outcomes));
    const first = await burst(0);
    expect(first.filter((k) => k === 'scheduled')).toHaveLength(10);
    expect(first.filter((k) => k === 'waiting')).toHaveLength(60);
    h.now = START_MS + HOUR_MS - MINUTE_MS;
    expect(kinds(await h.fireDue())).toEqual(Array(10).fill('sent'));
    h.now = START_MS + HOUR_MS + WAIT_SPREAD_MS;
    // The 60 waiting replies fire, each in its own container, while 140 new senders arrive.
    const due = h.scheduleRequests().slice(10);
    const [second, fired] = await Promise.all([
      burst(1000, 140),
      Promise.all(due.map((request) => h.newDispatcher()(JSON.parse(request.Target!.Input!)))),
    ]);
    const served = fired.filter((o) => o.kind === 'sent').length;
    const scheduled = second.filter((k) => k === 'scheduled').length;
    // The 10:00 hour's cap, whoever got it; a waiter that lost a race retries a minute later.
    expect(served + scheduled).toBeLessThanOrEqual(10);
    expect(served + scheduled).toBeGreaterThanOrEqual(8);
    const item = await h.items.ledger.readSpent(periodKeys(h.now, 'UTC'));
    expect(item.hour).toBe((served + scheduled) * REPLY_COST);
    expect(item.day).toBeLessThanOrEqual(30 * REPLY_COST);
    const day = periodKeys(START_MS, 'UTC');
    const budget = await h.client.send(
      new UpdateCommand({
        TableName: h.tableName,
        Key: budgetItemKey(day.month),
        UpdateExpression: 'SET #x = :x',
        ExpressionAttributeNames: { '#x': 'probe' },
        ExpressionAttributeValues: { ':x': 1 },
        ReturnValues: 'ALL_NEW',
      }),
    );
    expect(budget.Attributes?.[budgetAttribute.waiting(day.day)]).toBe(60);
  });
});
