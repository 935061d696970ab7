/**
 * The real responder against real DynamoDB APIs on loopback (dynalite and AWS's DynamoDB Local),
 * SNS mocked with aws-sdk-client-mock. Each test gets its own table.
 */
import { PublishCommand } from '@aws-sdk/client-sns';
import { GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { budgetItemKey, CONTROL_KEY, senderItemKey } from '../../lambda/adapters/table-keys';
import { periodKeys } from '../../lambda/domain/calendar';
import type { Outcome } from '../../lambda/domain/types';
import { composeResponder } from '../../lambda/compose';
import type { Emulator, EmulatorName } from '../support/dynamo';
import { documentClient, startEmulator } from '../support/dynamo';
import { AWS_DOC_INBOUND_SMS, frenchMobiles, smsEvent, snsRecord } from '../support/events';
import type { Harness } from '../support/harness';
import { createHarness, RecordingTelemetry, TEST_SECRET } from '../support/harness';
import { testSettings } from '../support/settings';
import { senderKeyFunction } from '../../lambda/sender-key';
import { malformedCorpus } from '../support/malformed';

const REPLY_COST = 150_000; // default reply: 2 GSM-7 segments × EUR 0.075
const DAY_MS = 86_400_000;

const dropped = (outcomes: Outcome[]): string[] =>
  outcomes.flatMap((o) => (o.kind === 'dropped' ? [o.reason] : []));
const replies = (outcomes: Outcome[]): number =>
  outcomes.filter((o) => o.kind === 'replied').length;

describe.each<EmulatorName>(['dynalite', 'dynamodb-local'])('responder on %s', (emulatorName) => {
  let emulator: Emulator;

  beforeAll(async () => {
    emulator = await startEmulator(emulatorName);
  });
  afterAll(async () => {
    await emulator.stop();
  });

  async function harness(overrides: Parameters<typeof testSettings>[0] = {}): Promise<Harness> {
    return createHarness(emulator.endpoint, testSettings(overrides));
  }

  async function spent(h: Harness): Promise<{ month: number; day: number; hour: number }> {
    return h.items.ledger.readSpent(periodKeys(h.now, 'UTC'));
  }

  test('replies to the sample inbound SMS from the AWS documentation', async () => {
    const h = await harness({
      originationNumber: AWS_DOC_INBOUND_SMS.destinationNumber,
      allowedCountries: ['US'],
      prices: { US: 0.01 },
    });
    const result = await h.handler({ Records: [snsRecord(JSON.stringify(AWS_DOC_INBOUND_SMS))] });

    expect(result.outcomes).toEqual([{ kind: 'replied', text: 'reply', costMicros: 20_000 }]);
    const [publish] = h.sns.commandCalls(PublishCommand);
    expect(publish?.args[0].input).toEqual({
      PhoneNumber: '+14255550182',
      Message: testSettings().reply.default.body,
      MessageAttributes: {
        'AWS.SNS.SMS.SMSType': { DataType: 'String', StringValue: 'Transactional' },
        'AWS.MM.SMS.OriginationNumber': { DataType: 'String', StringValue: '+12125550101' },
        'AWS.SNS.SMS.MaxPrice': { DataType: 'Number', StringValue: '0.50000' },
      },
    });
  });

  test('keeps only HMACs of numbers in the table', async () => {
    const h = await harness();
    const [number] = frenchMobiles(1);
    await h.handler(smsEvent({ from: number!, body: 'salut' }));
    const items = (await h.client.send(new ScanCommand({ TableName: h.tableName }))).Items ?? [];
    expect(items.length).toBeGreaterThan(0);
    const dump = JSON.stringify(items);
    expect(dump).not.toContain(number!.slice(1));
    expect(dump).toContain(senderKeyFunction(TEST_SECRET)(number!));
  });

  test('500 concurrent senders against a budget worth 100 replies get exactly 100 replies', async () => {
    const budget = (100 * REPLY_COST) / 1_000_000; // EUR 15
    // Raid mode off: 500 new senders in one instant is a flood, and this test is about the budget.
    const h = await harness({
      budget: { hour: budget, day: budget, month: budget },
      raid: { enabled: false },
    });
    // 20 containers at once, each handling its share of the 500 messages one at a time, as
    // Lambda does (and within the SDK's 50 sockets: no request waits for one).
    const containers = Array.from({ length: 20 }, () => h.newResponder());
    const senders = frenchMobiles(500);
    const results = await Promise.all(
      containers.map(async (container, c) => {
        const handled = [];
        for (const from of senders.filter((_, i) => i % containers.length === c)) {
          handled.push(await container(smsEvent({ from, body: 'hello' })));
        }
        return handled;
      }),
    );
    const outcomes = results.flat().flatMap((r) => r.outcomes);

    expect(replies(outcomes)).toBe(100);
    expect(h.sns.commandCalls(PublishCommand)).toHaveLength(100);
    expect(new Set(h.sentTo()).size).toBe(100);
    const total = await spent(h);
    expect(total).toEqual({
      month: 100 * REPLY_COST,
      day: 100 * REPLY_COST,
      hour: 100 * REPLY_COST,
    });
    // Everyone else was refused by the budget, not by an error.
    expect(dropped(outcomes).every((reason) => reason.startsWith('budget_'))).toBe(true);
    expect(outcomes).toHaveLength(500);
    expect(h.telemetry.errors).toEqual([]);
  });

  test('never overspends a budget that is not a whole number of replies', async () => {
    // EUR 1.00 buys 6 replies of 0.15 (0.90); the seventh would overspend by 0.05.
    const h = await harness({ budget: { hour: 1, day: 1, month: 1 } });
    const senders = frenchMobiles(40);
    await Promise.all(senders.map((from) => h.newResponder()(smsEvent({ from, body: 'yo' }))));
    expect(h.sns.commandCalls(PublishCommand)).toHaveLength(6);
    expect((await spent(h)).month).toBe(6 * REPLY_COST);
  });

  test('the same inbound message delivered twice, one after the other, gets one reply', async () => {
    const h = await harness();
    const event = smsEvent({ from: '+33612345678', body: 'bonjour', id: 'dup-1' });
    const first = await h.handler(event);
    const second = await h.newResponder()(event); // a retry may land on another container
    expect(first.outcomes).toEqual([expect.objectContaining({ kind: 'replied' })]);
    expect(second.outcomes).toEqual([{ kind: 'dropped', reason: 'duplicate' }]);
    expect(h.sns.commandCalls(PublishCommand)).toHaveLength(1);
  });

  test('the same inbound message delivered concurrently gets one reply', async () => {
    const h = await harness();
    const event = smsEvent({ from: '+33612345679', body: 'bonjour', id: 'dup-2' });
    const results = await Promise.all(Array.from({ length: 8 }, () => h.newResponder()(event)));
    const outcomes = results.flatMap((r) => r.outcomes);
    expect(replies(outcomes)).toBe(1);
    expect(h.sns.commandCalls(PublishCommand)).toHaveLength(1);
    expect((await spent(h)).month).toBe(REPLY_COST);
  });

  test('50 messages from one sender get one reply', async () => {
    const h = await harness();
    const from = '+33611112222';
    const sequential = [];
    for (let i = 0; i < 25; i += 1) {
      sequential.push(...(await h.handler(smsEvent({ from, body: `message ${i}` }))).outcomes);
      h.now += 60_000;
    }
    const concurrent = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        h.newResponder()(smsEvent({ from, body: `again ${i}` })),
      ),
    );
    const outcomes = [...sequential, ...concurrent.flatMap((r) => r.outcomes)];
    expect(replies(outcomes)).toBe(1);
    // The window refuses the next ones; from the 31st message the sender is a heavy repeater.
    expect(
      dropped(outcomes).filter((r) => !['window', 'repeater', 'flagged', 'contention'].includes(r)),
    ).toEqual([]);
    expect(dropped(outcomes)).toContain('repeater');
    expect(dropped(outcomes)).toHaveLength(49);
    expect(h.sentTo()).toEqual([from]);
    const item = await h.client.send(
      new GetCommand({ TableName: h.tableName, Key: senderItemKey(h.senderKey(from)) }),
    );
    expect(item.Item?.msgCount).toBe(50);
  });

  test('the window reopens after 30 days', async () => {
    const h = await harness();
    const from = '+33611113333';
    await h.handler(smsEvent({ from, body: 'one' }));
    h.now += 29 * DAY_MS;
    expect((await h.handler(smsEvent({ from, body: 'two' }))).outcomes).toEqual([
      { kind: 'dropped', reason: 'window' },
    ]);
    h.now += 2 * DAY_MS;
    expect((await h.handler(smsEvent({ from, body: 'three' }))).outcomes).toEqual([
      expect.objectContaining({ kind: 'replied' }),
    ]);
  });

  test('STOP then a message: no reply; START then a message in a new window: a reply', async () => {
    const h = await harness();
    const from = '+33611114444';
    const send = async (body: string): Promise<Outcome[]> =>
      (await h.newResponder()(smsEvent({ from, body }))).outcomes;

    expect(await send('Arrêt')).toEqual([{ kind: 'opted_out' }]);
    expect(await send('salut')).toEqual([{ kind: 'dropped', reason: 'opted_out' }]);
    expect(await send('aide')).toEqual([{ kind: 'dropped', reason: 'opted_out' }]);
    h.now += 40 * DAY_MS;
    expect(await send('toujours là ?')).toEqual([{ kind: 'dropped', reason: 'opted_out' }]);
    expect(await send('start')).toEqual([{ kind: 'opted_in' }]);
    expect(await send('re-salut')).toEqual([expect.objectContaining({ kind: 'replied' })]);
    expect(h.sns.commandCalls(PublishCommand)).toHaveLength(1);
  });

  test('an opt-out is honoured even when only messageKeyword says STOP', async () => {
    const h = await harness();
    const from = '+33611115555';
    const out = await h.handler(
      smsEvent({ from, body: 'je veux plus de tes messages', keyword: 'STOP' }),
    );
    expect(out.outcomes).toEqual([{ kind: 'opted_out' }]);
    expect(h.sns.commandCalls(PublishCommand)).toHaveLength(0);
  });

  test("HELP gets the short info text, paid from the same budget, as the sender's one reply", async () => {
    const h = await harness();
    const from = '+33611116666';
    const out = await h.handler(smsEvent({ from, body: 'INFO' }));
    expect(out.outcomes).toEqual([{ kind: 'replied', text: 'help', costMicros: 75_000 }]);
    expect(h.sns.commandCalls(PublishCommand)[0]?.args[0].input.Message).toBe(
      testSettings().help.default.body,
    );
    expect((await spent(h)).day).toBe(75_000);
    expect((await h.handler(smsEvent({ from, body: 'coucou' }))).outcomes).toEqual([
      { kind: 'dropped', reason: 'window' },
    ]);
  });

  test('a definite SNS failure releases the reservation and the next sender is served', async () => {
    const budget = REPLY_COST / 1_000_000; // room for exactly one reply
    const h = await harness({ budget: { hour: budget, day: budget, month: budget } });
    h.sns
      .on(PublishCommand)
      .rejectsOnce(
        Object.assign(new Error('Invalid parameter: PhoneNumber'), {
          name: 'InvalidParameterException',
          $fault: 'client',
        }),
      )
      .resolves({ MessageId: 'after-failure' });
    const [a, b] = frenchMobiles(2, 500);
    const first = await h.handler(smsEvent({ from: a!, body: 'hey' }));
    expect(first.outcomes).toEqual([{ kind: 'dropped', reason: 'send_failed' }]);
    expect(await spent(h)).toEqual({ month: 0, day: 0, hour: 0 });

    const second = await h.handler(smsEvent({ from: b!, body: 'hey' }));
    expect(second.outcomes).toEqual([expect.objectContaining({ kind: 'replied' })]);
    expect((await spent(h)).month).toBe(REPLY_COST);
    // The failed sender was not consumed either: a later message of theirs may get the reply.
    h.now += 1000;
    const retry = await h.handler(smsEvent({ from: a!, body: 'hey again' }));
    expect(retry.outcomes).toEqual([{ kind: 'dropped', reason: 'budget_month' }]);
  });

  test('an SNS failure of unknown outcome keeps the money counted (it may have been sent)', async () => {
    const h = await harness();
    h.sns
      .on(PublishCommand)
      .rejectsOnce(
        Object.assign(new Error('socket hang up'), { name: 'TimeoutError', $fault: 'server' }),
      )
      .resolves({ MessageId: 'after-failure' });
    const out = await h.handler(smsEvent({ from: '+33611117777', body: 'hey' }));
    expect(out.outcomes).toEqual([{ kind: 'send_unknown', costMicros: REPLY_COST }]);
    expect((await spent(h)).month).toBe(REPLY_COST);
    // And the sender is not replied to again (at most once).
    const again = await h.handler(smsEvent({ from: '+33611117777', body: 'hey?' }));
    expect(again.outcomes).toEqual([{ kind: 'dropped', reason: 'window' }]);
  });

  test('paused: no reply, no money', async () => {
    const h = await harness();
    await h.client.send(
      new PutCommand({
        TableName: h.tableName,
        Item: { ...CONTROL_KEY, paused: true, pausedReason: 'test' },
      }),
    );
    const out = await h.handler(smsEvent({ from: '+33611118888', body: 'hey' }));
    expect(out.outcomes).toEqual([{ kind: 'dropped', reason: 'paused' }]);
    expect(h.sns.commandCalls(PublishCommand)).toHaveLength(0);
  });

  test('a budget override in the table lowers the cap, never raises it', async () => {
    const h = await harness({ budget: { hour: 1, day: 1, month: 1 } });
    await h.client.send(
      new PutCommand({
        TableName: h.tableName,
        Item: {
          ...CONTROL_KEY,
          budgetOverride: { dayMicros: 2 * REPLY_COST, monthMicros: 99_000_000 },
        },
      }),
    );
    const outcomes = (
      await h.handler(smsEvent(...frenchMobiles(10, 700).map((from) => ({ from, body: 'x' }))))
    ).outcomes;
    expect(replies(outcomes)).toBe(2);
    expect(dropped(outcomes)).toEqual(Array(8).fill('budget_day'));
  });

  test('a blocked sender gets no reply', async () => {
    const h = await harness();
    const from = '+33611119999';
    await h.client.send(
      new PutCommand({
        TableName: h.tableName,
        Item: { ...senderItemKey(h.senderKey(from)), blocked: true },
      }),
    );
    const out = await h.handler(smsEvent({ from, body: 'hey' }));
    expect(out.outcomes).toEqual([{ kind: 'dropped', reason: 'blocked' }]);
    expect(h.sns.commandCalls(PublishCommand)).toHaveLength(0);
  });

  test('the hour budget refuses with budget_hour, and the next hour serves again', async () => {
    const hourBudget = (2 * REPLY_COST) / 1_000_000;
    const h = await harness({ budget: { hour: hourBudget, day: 10, month: 10 } });
    const senders = frenchMobiles(3, 800);
    const first = await h.handler(smsEvent(...senders.map((from) => ({ from, body: 'x' }))));
    expect(dropped(first.outcomes)).toEqual(['budget_hour']);
    h.now += 3_600_000;
    const later = await h.handler(smsEvent({ from: senders[2]!, body: 'x again' }));
    expect(later.outcomes).toEqual([expect.objectContaining({ kind: 'replied' })]);
    // Two hours on, the first hour's counter is still there: counters are never pruned, so no
    // container's clock can lower one (issue 14); a month holds at most 744 of them.
    const firstHour = periodKeys(h.now - 3_600_000, 'UTC').hour;
    h.now += 2 * 3_600_000;
    await h.handler(smsEvent({ from: senders[2]!.replace(/.$/, '9'), body: 'x' }));
    const budgetItem = await h.client.send(
      new GetCommand({
        TableName: h.tableName,
        Key: budgetItemKey(periodKeys(h.now, 'UTC').month),
      }),
    );
    const hourAttributes = Object.keys(budgetItem.Item ?? {}).filter((k) => k.startsWith('h'));
    expect(hourAttributes).toContain(`h${firstHour}`);
    expect(hourAttributes).toContain(`h${periodKeys(h.now, 'UTC').hour}`);
  });

  test('DynamoDB unreachable: no SMS is sent and the handler throws for a retry', async () => {
    const h = await harness();
    const sent: string[] = [];
    const telemetry = new RecordingTelemetry();
    const responder = composeResponder({
      settings: testSettings(),
      dynamo: documentClient('http://127.0.0.1:1'),
      tableName: h.tableName,
      gateway: {
        send: async (sms) => {
          sent.push(sms.to);
          return { status: 'sent', messageId: 'never' };
        },
      },
      secret: TEST_SECRET,
      telemetry,
      clock: () => h.now,
    });
    const event = smsEvent(
      { from: '+33612000001', body: 'hey' },
      { from: '+33612000002', body: 'ho' },
    );
    await expect(responder(event)).rejects.toThrow();
    expect(sent).toEqual([]);
    expect(telemetry.errors).toHaveLength(2);
  });

  test(`${malformedCorpus.length} malformed inputs: no crash, no reply, each dropped with a reason`, async () => {
    const h = await harness();
    const result = await h.handler({ Records: malformedCorpus.map((c) => c.record) });
    expect(result.outcomes).toHaveLength(malformedCorpus.length);
    result.outcomes.forEach((outcome, i) => {
      expect({ name: malformedCorpus[i]!.name, outcome }).toEqual({
        name: malformedCorpus[i]!.name,
        outcome: { kind: 'dropped', reason: malformedCorpus[i]!.reason },
      });
    });
    expect(h.sns.commandCalls(PublishCommand)).toHaveLength(0);
    expect(h.telemetry.errors).toEqual([]);
    // Nothing about malformed input touches the table.
    expect(h.calls.total()).toBe(0);
  });

  test('round trips: 2 for an accepted reply, 1 for a repeat sender on a warm container', async () => {
    // Flood detection's shared counter costs one write per 20 messages per container (and one
    // read per hour): counted in the raid tests, left out here to see the per-message path.
    const h = await harness({ raid: { enabled: false } });
    await h.handler(smsEvent({ from: '+33612000010', body: 'warm-up' })); // reads the control item once
    h.calls.reset();
    await h.handler(smsEvent({ from: '+33612000011', body: 'hello' }));
    expect(Object.fromEntries(h.calls.counts)).toEqual({ UpdateItemCommand: 2 });
    h.calls.reset();
    await h.handler(smsEvent({ from: '+33612000011', body: 'hello again' }));
    expect(Object.fromEntries(h.calls.counts)).toEqual({ UpdateItemCommand: 1 });
    h.calls.reset();
    const duplicate = smsEvent({ from: '+33612000012', body: 'x', id: 'rt-dup' });
    await h.handler(duplicate);
    h.calls.reset();
    await h.handler(duplicate);
    expect(h.calls.total()).toBe(1);
  });
});

test('the malformed corpus is large enough to mean something', () => {
  expect(malformedCorpus.length).toBeGreaterThanOrEqual(30);
  expect(new Set(malformedCorpus.map((c) => c.reason)).size).toBeGreaterThanOrEqual(10);
});
