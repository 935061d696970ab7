/**
 * DynamoDB round trips per kind of message, counted by SDK middleware on the real responder and
 * a real DynamoDB API (dynalite). `npm run bench` no longer re-measures them: this is where they
 * are held. The control item (read at most every 30 s per container) and the flood counter
 * (flushed every few messages) are periodic: flood detection is off here and each container is
 * warmed once, except where a case is about the first message of a container.
 */
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { CONTROL_KEY } from '../../lambda/adapters/table-keys';
import type { Responder } from '../../lambda/responder';
import type { ConfigInput } from '../../lib/config';
import type { Emulator } from '../support/dynamo';
import { startDynalite } from '../support/dynamo';
import { smsEvent, snsRecord } from '../support/events';
import type { Harness } from '../support/harness';
import { createHarness } from '../support/harness';
import { testSettings } from '../support/settings';

/** Items by the prefix of their partition key (lambda/adapters/table-keys.ts). */
const ITEMS: readonly [string, string][] = [
  ['S#', 'sender'],
  ['B#', 'budget'],
  ['E#', 'evidence'],
  ['T#', 'text'],
  ['CONTROL', 'control'],
];

interface Trips {
  /** Commands by name, e.g. `{ UpdateItem: 2 }`. */
  readonly commands: Record<string, number>;
  /** Commands by the item they address, e.g. `{ sender: 1, budget: 1 }`. */
  readonly items: Record<string, number>;
  readonly outcome: string;
}

let emulator: Emulator;
beforeAll(async () => {
  emulator = await startDynalite();
});
afterAll(async () => {
  await emulator.stop();
});

/** A harness whose client also records which item each command addresses. */
async function tripsHarness(
  overrides: Partial<ConfigInput> = { raid: { enabled: false } },
): Promise<{ h: Harness; items: Map<string, number> }> {
  const h = await createHarness(emulator.endpoint, testSettings(overrides));
  const items = new Map<string, number>();
  h.client.middlewareStack.add(
    (next) => async (args) => {
      const input = args.input as { Key?: { pk?: unknown }; Item?: { pk?: unknown } };
      const pk = String(input.Key?.pk ?? input.Item?.pk ?? '');
      const item = ITEMS.find(([prefix]) => pk.startsWith(prefix))?.[1] ?? 'other';
      items.set(item, (items.get(item) ?? 0) + 1);
      return next(args);
    },
    { step: 'initialize', name: 'roundTripItems' },
  );
  return { h, items };
}

/** Delivers one message to a container and returns the round trips it made. */
async function trips(
  { h, items }: { h: Harness; items: Map<string, number> },
  container: Responder,
  message: { from: string; body: string; id?: string } | { raw: string },
): Promise<Trips> {
  const event = 'raw' in message ? { Records: [snsRecord(message.raw)] } : smsEvent(message);
  h.calls.reset();
  items.clear();
  const [outcome] = (await container(event)).outcomes;
  h.now += 1000;
  const commands = Object.fromEntries(
    [...h.calls.counts].map(([name, n]) => [name.replace(/Command$/, ''), n]),
  );
  return {
    commands,
    items: Object.fromEntries(items),
    outcome: outcome?.kind === 'dropped' ? `dropped:${outcome.reason}` : (outcome?.kind ?? '?'),
  };
}

test('accepted reply: 2 writes (claim on the sender, reservation on the budget); a new container reads the control item first', async () => {
  const lab = await tripsHarness();
  const cold = lab.h.newResponder();
  expect(await trips(lab, cold, { from: '+33612000101', body: 'salut' })).toEqual({
    commands: { GetItem: 1, UpdateItem: 2 },
    items: { control: 1, sender: 1, budget: 1 },
    outcome: 'replied',
  });
  expect(await trips(lab, cold, { from: '+33612000102', body: 'salut' })).toEqual({
    commands: { UpdateItem: 2 },
    items: { sender: 1, budget: 1 },
    outcome: 'replied',
  });
  // Half a minute later the control item is due again.
  lab.h.now += 31_000;
  expect((await trips(lab, cold, { from: '+33612000103', body: 'salut' })).commands).toEqual({
    GetItem: 1,
    UpdateItem: 2,
  });
});

test('with receipts (sms-voice): the same 2 writes; the reply is tagged in memory', async () => {
  const lab = await tripsHarness({ raid: { enabled: false }, sendVia: 'sms-voice' });
  expect(testSettings({ sendVia: 'sms-voice' }).receipts).toBeDefined();
  const warm = lab.h.newResponder();
  await trips(lab, warm, { from: '+33612000111', body: 'salut' });
  expect(await trips(lab, warm, { from: '+33612000112', body: 'salut' })).toEqual({
    commands: { UpdateItem: 2 },
    items: { sender: 1, budget: 1 },
    outcome: 'replied',
  });
});

test.each([
  // [case, the message, what came before it from the same sender, its outcome]
  ['repeat sender', { from: '+33612000201', body: 'encore' }, 'salut', 'dropped:window'],
  ['opted-out sender', { from: '+33612000203', body: 'salut' }, 'STOP', 'dropped:opted_out'],
])('%s: 1 write on a warm container, 2 on a new one', async (_name, message, before, outcome) => {
  const lab = await tripsHarness();
  const warm = lab.h.newResponder();
  await trips(lab, warm, { from: '+33612000200', body: 'bonjour' }); // its control read
  expect((await trips(lab, warm, { ...message, body: before })).commands).toEqual({
    UpdateItem: before === 'STOP' ? 1 : 2,
  });
  expect(await trips(lab, warm, message)).toEqual({
    commands: { UpdateItem: 1 },
    items: { sender: 1 },
    outcome,
  });
  // A new container: its control read, then the sender's item twice.
  expect(await trips(lab, lab.h.newResponder(), message)).toEqual({
    commands: { GetItem: 1, UpdateItem: 2 },
    items: { control: 1, sender: 2 },
    outcome,
  });
});

test('duplicate delivery: 1 write on the container that handled it, 2 on another', async () => {
  const lab = await tripsHarness();
  const warm = lab.h.newResponder();
  const message = { from: '+33612000202', body: 'x', id: 'dup-1' };
  await trips(lab, warm, message);
  expect(await trips(lab, warm, message)).toEqual({
    commands: { UpdateItem: 1 },
    items: { sender: 1 },
    outcome: 'dropped:duplicate',
  });
  expect(await trips(lab, lab.h.newResponder(), message)).toEqual({
    commands: { GetItem: 1, UpdateItem: 2 },
    items: { control: 1, sender: 2 },
    outcome: 'dropped:duplicate',
  });
});

test('abusive message: the sender flagged and the message kept (2 writes); later ones, 1', async () => {
  const lab = await tripsHarness();
  const warm = lab.h.newResponder();
  await trips(lab, warm, { from: '+33612000301', body: 'bonjour' });
  const from = '+33612000302';
  expect(await trips(lab, warm, { from, body: 'Je vais te tuer, on sait où tu habites' })).toEqual({
    commands: { UpdateItem: 1, PutItem: 1 },
    items: { sender: 1, evidence: 1 },
    outcome: 'dropped:abusive',
  });
  expect((await trips(lab, warm, { from, body: 'et alors ?' })).commands).toEqual({
    UpdateItem: 1,
  });
});

test('over budget: the first message of a container claims, is refused, gives the claim back; then 1 write', async () => {
  const lab = await tripsHarness();
  const container = lab.h.newResponder();
  await trips(lab, container, { from: '+33612000401', body: 'salut' });
  await lab.h.client.send(
    new PutCommand({
      TableName: lab.h.tableName,
      Item: { ...CONTROL_KEY, budgetOverride: { hourMicros: 150_000 } },
    }),
  );
  const fresh = lab.h.newResponder();
  const first = await trips(lab, fresh, { from: '+33612000402', body: 'salut' });
  expect(first.outcome).toBe('dropped:budget_hour');
  // Its control read, the claim, the refused reservation, the claim given back; dynalite
  // ignores ReturnValuesOnConditionCheckFailure, so the responder reads the budget once more.
  expect(first.commands.UpdateItem).toBe(3);
  expect(first.items).toMatchObject({ control: 1, sender: 2 });
  expect(first.commands.GetItem).toBeLessThanOrEqual(2);
  expect(await trips(lab, fresh, { from: '+33612000403', body: 'salut' })).toEqual({
    commands: { UpdateItem: 1 },
    items: { sender: 1 },
    outcome: 'dropped:budget_hour',
  });
});

test('malformed input: no round trip', async () => {
  const lab = await tripsHarness();
  expect(await trips(lab, lab.h.newResponder(), { raw: '{not json' })).toEqual({
    commands: {},
    items: {},
    outcome: 'dropped:bad_json',
  });
});

test("canned-text signal: 1 more write (the text counter, 1 WCU) for a fresh sender's long text; none for short texts or known senders", async () => {
  // Raid detection on with its defaults, flood counts flushed rarely (they are periodic).
  const lab = await tripsHarness({
    raid: { flushCount: 1000, flushSeconds: 60 },
  } as Partial<ConfigInput>);
  const warm = lab.h.newResponder();
  await trips(lab, warm, { from: '+33612000501', body: 'salut' }); // its control read
  const long = 'Salut, tu te souviens de moi ? On s’est vus samedi';
  expect(await trips(lab, warm, { from: '+33612000502', body: long })).toEqual({
    commands: { UpdateItem: 3 },
    items: { text: 1, sender: 1, budget: 1 },
    outcome: 'replied',
  });
  // Under `minLetters` (12): not counted.
  expect(await trips(lab, warm, { from: '+33612000503', body: 'Bonjour !' })).toEqual({
    commands: { UpdateItem: 2 },
    items: { sender: 1, budget: 1 },
    outcome: 'replied',
  });
  // Served already (this container knows): the claim refuses it, the text is not counted.
  expect(await trips(lab, warm, { from: '+33612000502', body: long })).toEqual({
    commands: { UpdateItem: 1 },
    items: { sender: 1 },
    outcome: 'dropped:window',
  });
  // The counter's write, as DynamoDB bills it, on a full day's item (24 hourly counts and a
  // TTL, far under 1 KB): 1 WCU.
  const key = { pk: 'T#probe-of-twenty-two-c', sk: '2026-01-01' };
  const hours = Object.fromEntries(
    Array.from({ length: 24 }, (_, i) => [`h${String(i).padStart(2, '0')}`, 1000 + i]),
  );
  await lab.h.client.send(
    new PutCommand({ TableName: lab.h.tableName, Item: { ...key, ...hours, expiresAt: 1 } }),
  );
  const billed = await lab.h.client.send(
    new UpdateCommand({
      TableName: lab.h.tableName,
      Key: key,
      UpdateExpression: 'ADD #n :one SET #ttl = :exp',
      ExpressionAttributeNames: { '#n': 'h23', '#ttl': 'expiresAt' },
      ExpressionAttributeValues: { ':one': 1, ':exp': 1_800_000_000 },
      ReturnValues: 'ALL_NEW',
      ReturnConsumedCapacity: 'TOTAL',
    }),
  );
  expect(billed.ConsumedCapacity?.CapacityUnits).toBe(1);
});
