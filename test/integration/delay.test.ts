/**
 * The safety delay end to end: the real responder and the real dispatcher on a real
 * DynamoDB API (dynalite and AWS's DynamoDB Local), EventBridge Scheduler and SNS mocked with
 * aws-sdk-client-mock. The harness's scheduler keeps names like the service (a second schedule
 * of a name is a ConflictException) and `fireDue` runs what is due, as the service would.
 */
import { CreateScheduleCommand } from '@aws-sdk/client-scheduler';
import { PublishCommand } from '@aws-sdk/client-sns';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { reservationId } from '../../lambda/items/budget-ledger';
import { CONTROL_KEY, senderItemKey } from '../../lambda/adapters/table-keys';
import { composeDispatcher } from '../../lambda/compose';
import { periodKeys } from '../../lambda/domain/calendar';
import type { ScheduledReply } from '../../lambda/domain/scheduled-reply';
import { scheduleName } from '../../lambda/domain/scheduled-reply';
import type { Emulator, EmulatorName } from '../support/dynamo';
import { startEmulator } from '../support/dynamo';
import { frenchMobiles, smsEvent } from '../support/events';
import type { Harness } from '../support/harness';
import { createHarness, TEST_SCHEDULE_TARGET, TEST_SECRET } from '../support/harness';
import { testSettings } from '../support/settings';

const REPLY_COST = 150_000; // default reply: 2 GSM-7 segments × EUR 0.075
const MINUTE_MS = 60_000;
const DELAY_MS = 20 * MINUTE_MS;

describe.each<EmulatorName>(['dynalite', 'dynamodb-local'])('safety delay on %s', (name) => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator(name);
  });
  afterAll(async () => {
    await emulator.stop();
  });

  const harness = (overrides: Parameters<typeof testSettings>[0] = {}): Promise<Harness> =>
    createHarness(emulator.endpoint, testSettings({ replyDelay: 20, ...overrides }));
  const spent = (h: Harness, atMs = h.now) => h.items.ledger.readSpent(periodKeys(atMs, 'UTC'));
  const [alice, bob, carol] = frenchMobiles(3);

  test('replies once, after the delay, paid for at decision time', async () => {
    const h = await harness();
    const decidedAt = h.now;
    const out = await h.handler(smsEvent({ from: alice!, body: 'salut', id: 'in-1' }));

    expect(out.outcomes).toEqual([
      { kind: 'scheduled', text: 'reply', costMicros: REPLY_COST, sendAtMs: decidedAt + DELAY_MS },
    ]);
    expect(h.sentTo()).toEqual([]);
    expect((await spent(h)).hour).toBe(REPLY_COST);

    const [request] = h.scheduleRequests();
    expect(request).toMatchObject({
      Name: scheduleName('in-1'),
      GroupName: TEST_SCHEDULE_TARGET.groupName,
      ScheduleExpression: `at(${new Date(decidedAt + DELAY_MS).toISOString().slice(0, 19)})`,
      ScheduleExpressionTimezone: 'UTC',
      FlexibleTimeWindow: { Mode: 'OFF' },
      ActionAfterCompletion: 'DELETE',
      Target: {
        Arn: TEST_SCHEDULE_TARGET.targetArn,
        RoleArn: TEST_SCHEDULE_TARGET.roleArn,
        DeadLetterConfig: { Arn: TEST_SCHEDULE_TARGET.deadLetterArn },
      },
    });
    const payload = JSON.parse(request!.Target!.Input!) as ScheduledReply;
    expect(payload).toMatchObject({ inboundId: 'in-1', to: alice, costMicros: REPLY_COST });

    h.now = decidedAt + DELAY_MS - 1000;
    expect(await h.fireDue()).toEqual([]);
    expect(h.sentTo()).toEqual([]);

    h.now = decidedAt + DELAY_MS;
    expect(await h.fireDue()).toEqual([{ kind: 'sent', text: 'reply', costMicros: REPLY_COST }]);
    expect(h.sentTo()).toEqual([alice]);
    expect(h.sns.commandCalls(PublishCommand)[0]?.args[0].input.Message).toBe(payload.body);
    // The money was counted once, when the reply was decided.
    expect((await spent(h, decidedAt)).hour).toBe(REPLY_COST);
  });

  test('round trips: the responder as without a delay, the dispatcher one write', async () => {
    const h = await harness();
    await h.handler(smsEvent({ from: alice!, body: 'warm-up' })); // reads the control item
    h.calls.reset();
    await h.handler(smsEvent({ from: bob!, body: 'salut' }));
    // Claim and reservation, then CreateSchedule instead of Publish.
    expect(Object.fromEntries(h.calls.counts)).toEqual({ UpdateItemCommand: 2 });
    h.now += DELAY_MS;
    h.calls.reset();
    const [first, second] = await h.fireDue();
    expect([first?.kind, second?.kind]).toEqual(['sent', 'sent']);
    // A cold dispatcher reads the control item once, then one conditional write a reply.
    expect(Object.fromEntries(h.calls.counts)).toEqual({
      GetItemCommand: 1,
      UpdateItemCommand: 2,
    });
  });

  test('a schedule that fires twice, even at once, sends once and gives nothing back', async () => {
    const h = await harness();
    await h.handler(smsEvent({ from: alice!, body: 'salut' }));
    const payload = JSON.parse(h.scheduleRequests()[0]!.Target!.Input!) as ScheduledReply;
    h.now += DELAY_MS;

    const outcomes = await Promise.all([h.dispatcher(payload), h.newDispatcher()(payload)]);
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['repeat', 'sent']);
    expect(await h.dispatcher(payload)).toEqual({ kind: 'repeat' });
    expect(h.sentTo()).toEqual([alice]);
    expect((await spent(h)).month).toBe(REPLY_COST);
  });

  test('a redelivered inbound message makes no second schedule', async () => {
    const h = await harness();
    const event = smsEvent({ from: alice!, body: 'salut', id: 'in-dup' });
    await h.handler(event);
    const again = await h.newResponder()(event);
    expect(again.outcomes).toEqual([{ kind: 'dropped', reason: 'duplicate' }]);
    expect(h.scheduler.commandCalls(CreateScheduleCommand)).toHaveLength(1);
    expect((await spent(h)).month).toBe(REPLY_COST);
  });

  test('STOP during the delay cancels the reply and gives the money back, once', async () => {
    const h = await harness();
    await h.handler(smsEvent({ from: alice!, body: 'salut' }));
    h.now += 5 * MINUTE_MS;
    expect((await h.handler(smsEvent({ from: alice!, body: 'STOP' }))).outcomes).toEqual([
      { kind: 'opted_out' },
    ]);
    h.now += DELAY_MS;

    expect(await h.fireDue()).toEqual([{ kind: 'cancelled', reason: 'opted_out', released: true }]);
    expect(h.sentTo()).toEqual([]);
    expect((await spent(h)).month).toBe(0);
    // A repeat of the schedule gives nothing back a second time.
    const payload = JSON.parse(h.scheduleRequests()[0]!.Target!.Input!) as ScheduledReply;
    expect(await h.dispatcher(payload)).toEqual({ kind: 'repeat' });
    expect((await spent(h)).month).toBe(0);
  });

  test('a give-back cut short by a crash completes on the retry, and only once', async () => {
    const h = await harness();
    await h.handler(smsEvent({ from: alice!, body: 'salut' }));
    await h.handler(smsEvent({ from: alice!, body: 'STOP' }));
    h.now += DELAY_MS;
    const payload = JSON.parse(h.scheduleRequests()[0]!.Target!.Input!) as ScheduledReply;
    // The table refuses the first release (throttled): the invocation fails after the mark.
    let failures = 1;
    const flakyLedger = Object.create(h.items.ledger) as typeof h.items.ledger;
    flakyLedger.release = async (reservation) => {
      if (failures-- > 0)
        throw Object.assign(new Error('throttled'), { name: 'ThrottlingException' });
      return h.items.ledger.release(reservation);
    };
    const flaky = composeDispatcher({
      settings: testSettings({ replyDelay: 20 }),
      dynamo: h.client,
      tableName: h.tableName,
      items: { ...h.items, ledger: flakyLedger },
      gateway: { send: async () => ({ status: 'sent', messageId: 'never' }) },
      secret: TEST_SECRET,
      telemetry: h.telemetry,
      clock: () => h.now,
    });
    await expect(flaky(payload)).rejects.toThrow('throttled');
    expect((await spent(h)).month).toBe(REPLY_COST);
    // Lambda's retries: the first gives the money back, the next gives nothing more.
    expect(await flaky(payload)).toEqual({ kind: 'repeat' });
    expect((await spent(h)).month).toBe(0);
    expect(await flaky(payload)).toEqual({ kind: 'repeat' });
    expect((await spent(h)).month).toBe(0);
  });

  test('releasing a reservation twice gives its money back once', async () => {
    const h = await harness();
    await h.handler(smsEvent({ from: alice!, body: 'a' }, { from: bob!, body: 'b' }));
    const [first] = h.scheduleRequests().map((r) => JSON.parse(r.Target!.Input!) as ScheduledReply);
    const reservation = {
      id: reservationId(first!.inboundId, first!.decidedAtMs),
      periods: first!.periods,
      costMicros: first!.costMicros,
    };
    await h.items.ledger.release(reservation);
    await h.items.ledger.release(reservation);
    expect(await spent(h)).toEqual({ hour: REPLY_COST, day: REPLY_COST, month: REPLY_COST });
  });

  test('a sender blocked or flagged during the delay gets nothing', async () => {
    const h = await harness();
    await h.handler(smsEvent({ from: alice!, body: 'salut' }, { from: bob!, body: 'bonjour' }));
    // A maintainer blocks alice (as `antirelou block` does); bob insults the number.
    await h.client.send(
      new PutCommand({
        TableName: h.tableName,
        Item: {
          ...((
            await h.client.send(
              new GetCommand({ TableName: h.tableName, Key: senderItemKey(h.senderKey(alice!)) }),
            )
          ).Item ?? {}),
          blocked: true,
        },
      }),
    );
    h.now += MINUTE_MS;
    const insult = await h.handler(smsEvent({ from: bob!, body: 'sale pute réponds' }));
    expect(insult.outcomes).toEqual([{ kind: 'dropped', reason: 'abusive' }]);
    h.now += DELAY_MS;

    const outcomes = await h.fireDue();
    expect(outcomes).toEqual([
      { kind: 'cancelled', reason: 'blocked', released: true },
      { kind: 'cancelled', reason: 'flagged', released: true },
    ]);
    expect(h.sentTo()).toEqual([]);
    expect((await spent(h)).month).toBe(0);
  });

  test('pause during the delay drops the reply, releases its money and its claim', async () => {
    const h = await harness();
    await h.handler(smsEvent({ from: alice!, body: 'salut' }));
    await h.client.send(
      new PutCommand({
        TableName: h.tableName,
        Item: { ...CONTROL_KEY, paused: true, pausedReason: 'test' },
      }),
    );
    h.now += DELAY_MS;
    expect(await h.fireDue()).toEqual([{ kind: 'cancelled', reason: 'paused', released: true }]);
    expect(h.sentTo()).toEqual([]);
    expect((await spent(h)).month).toBe(0);

    // Resumed: the sender was never answered, so a new message of theirs is.
    await h.client.send(new PutCommand({ TableName: h.tableName, Item: { ...CONTROL_KEY } }));
    h.now += MINUTE_MS;
    const again = await h.newResponder()(smsEvent({ from: alice!, body: 'allo ?' }));
    expect(again.outcomes).toEqual([expect.objectContaining({ kind: 'scheduled' })]);
    h.now += DELAY_MS;
    expect(await h.newDispatcher()(JSON.parse(h.scheduleRequests()[1]!.Target!.Input!))).toEqual({
      kind: 'sent',
      text: 'reply',
      costMicros: REPLY_COST,
    });
    expect(h.sentTo()).toEqual([alice]);
  });

  test('a refused send releases the money and the claim', async () => {
    const h = await harness();
    await h.handler(smsEvent({ from: alice!, body: 'salut' }));
    h.sns.on(PublishCommand).rejectsOnce(
      Object.assign(new Error('Invalid parameter: PhoneNumber'), {
        name: 'InvalidParameterException',
        $fault: 'client',
      }),
    );
    h.now += DELAY_MS;
    expect(await h.fireDue()).toEqual([
      { kind: 'cancelled', reason: 'send_failed', released: true },
    ]);
    expect((await spent(h)).month).toBe(0);
    const item = await h.client.send(
      new GetCommand({ TableName: h.tableName, Key: senderItemKey(h.senderKey(alice!)) }),
    );
    expect(item.Item?.replyInboundId).toBeUndefined();
  });

  test('a refused scheduling gives everything back and lets the retry start afresh', async () => {
    const h = await harness();
    const event = smsEvent({ from: alice!, body: 'salut', id: 'in-refused' });
    h.scheduler.on(CreateScheduleCommand).rejectsOnce(
      Object.assign(new Error('not authorized to perform iam:PassRole'), {
        name: 'AccessDeniedException',
        $fault: 'client',
      }),
    );
    await expect(h.handler(event)).rejects.toThrow('iam:PassRole');
    expect((await spent(h)).month).toBe(0);

    // Lambda's retry of the same record (the mock now answers as the service does).
    h.scheduler.on(CreateScheduleCommand).callsFake(async () => ({ ScheduleArn: 'arn' }));
    const retry = await h.handler(event);
    expect(retry.outcomes).toEqual([expect.objectContaining({ kind: 'scheduled' })]);
    expect((await spent(h)).month).toBe(REPLY_COST);
  });

  test('an unanswered scheduling keeps the reply paid for and claimed (at most once)', async () => {
    const h = await harness();
    const event = smsEvent({ from: alice!, body: 'salut' });
    h.scheduler
      .on(CreateScheduleCommand)
      .rejectsOnce(
        Object.assign(new Error('socket hang up'), { name: 'TimeoutError', $fault: 'server' }),
      );
    expect((await h.handler(event)).outcomes).toEqual([
      { kind: 'send_unknown', costMicros: REPLY_COST },
    ]);
    expect((await spent(h)).month).toBe(REPLY_COST);
    expect((await h.handler(event)).outcomes).toEqual([{ kind: 'dropped', reason: 'duplicate' }]);
  });

  test('budgets count scheduled replies at once: no overspend while replies wait', async () => {
    // An hour's budget of two replies; no waiting list (test/integration/waiting-list.test.ts).
    const h = await harness({
      budget: { hour: 0.3, day: 40, month: 300 },
      waitingList: { enabled: false },
    });
    const out = await h.handler(
      smsEvent({ from: alice!, body: 'a' }, { from: bob!, body: 'b' }, { from: carol!, body: 'c' }),
    );
    expect(out.outcomes.map((o) => (o.kind === 'dropped' ? o.reason : o.kind))).toEqual([
      'scheduled',
      'scheduled',
      'budget_hour',
    ]);
    h.now += DELAY_MS;
    expect((await h.fireDue()).map((o) => o.kind)).toEqual(['sent', 'sent']);
    expect(h.sentTo()).toEqual([alice, bob]);
  });

  test('a random delay stays within its range', async () => {
    const h = await harness({ replyDelay: { min: '15m', max: '45m' } });
    const start = h.now;
    await h.handler(smsEvent(...frenchMobiles(30, 100).map((from) => ({ from, body: 'x' }))));
    const delays = h
      .scheduleRequests()
      .map((r) => (JSON.parse(r.Target!.Input!) as ScheduledReply).sendAtMs - start);
    expect(delays).toHaveLength(30); // within the hour's budget of 33 replies
    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual(15 * MINUTE_MS);
      expect(delay).toBeLessThanOrEqual(45 * MINUTE_MS);
    }
    expect(new Set(delays).size).toBeGreaterThan(10);
  });

  test('a malformed scheduled event is counted and dropped, never retried', async () => {
    const h = await harness();
    for (const event of [null, 'text', { v: 2 }, { v: 1, inboundId: 'x' }]) {
      expect(await h.dispatcher(event)).toEqual({
        kind: 'cancelled',
        reason: 'bad_payload',
        released: false,
      });
    }
    expect(h.sentTo()).toEqual([]);
  });
});
