/**
 * Issue 16, the true-up: receipts (End User Messaging SMS text message events, in AWS's own
 * example shape) move the budget to what AWS billed, once per message and per final or
 * non-final event, on both emulators; the learned price is written, bounded.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { budgetItemKey, CONTROL_KEY } from '../../lambda/adapters/table-keys';
import { periodKeys, periodsOfHour } from '../../lambda/domain/calendar';
import type { PeriodKeys } from '../../lambda/domain/calendar';
import { BudgetLedger, heldDaysToPrune, reservationId } from '../../lambda/items/budget-ledger';
import { ControlItem } from '../../lambda/items/control-item';
import { Table } from '../../lambda/items/table';
import { billedOf, TrueUps } from '../../lambda/items/true-ups';
import { ControlCache } from '../../lambda/control-cache';
import { ReceiptTagger, RECEIPT_TAG_KEY } from '../../lambda/receipt-tag';
import type { ReceiptOutcome, ReceiptsHandler } from '../../lambda/receipts';
import { createReceiptsHandler } from '../../lambda/receipts';
import type { Emulator, EmulatorName } from '../support/dynamo';
import { countCommands, createTable, documentClient, startEmulator } from '../support/dynamo';
import { createHarness, TEST_SECRET } from '../support/harness';
import { smsEvent } from '../support/events';
import {
  loadHandlerWithMockedAws,
  loadReceiptsHandlerWithMockedAws,
  setHandlerEnvironment,
} from '../support/handler';
import { testSettings } from '../support/settings';

const ESTIMATE = 150_000; // the default reply: 2 segments × EUR 0.075
const NOW = Date.UTC(2026, 10, 23, 9, 30);
const CAPS = { hourMicros: 50_000_000, dayMicros: 400_000_000, monthMicros: 3_000_000_000 };

/** AWS's example event ("Example AWS End User Messaging SMS event data"), for one of ours. */
function event(
  messageId: string,
  tag: string | undefined,
  fields: { isFinal: boolean; price?: number; fee?: number; status?: string },
): { Sns: { Message: string } } {
  const status = fields.status ?? (fields.isFinal ? 'DELIVERED' : 'SUCCESSFUL');
  const body = {
    eventType: `TEXT_${status}`,
    eventVersion: '1.0',
    eventTimestamp: 1686975103470,
    isFinal: fields.isFinal,
    originationPhoneNumber: '+33937000000',
    destinationPhoneNumber: '+33612345678',
    isoCountryCode: 'FR',
    messageId,
    messageRequestTimestamp: 1686975103170,
    messageEncoding: 'GSM',
    messageType: 'TRANSACTIONAL',
    messageStatus: status,
    messageStatusDescription: 'Message has been accepted by phone carrier',
    ...(tag === undefined ? {} : { context: { [RECEIPT_TAG_KEY]: tag } }),
    totalMessageParts: 2,
    ...(fields.price === undefined ? {} : { totalMessagePrice: fields.price }),
    ...(fields.fee === undefined ? {} : { totalCarrierFee: fields.fee }),
  };
  return { Sns: { Message: JSON.stringify(body) } };
}

describe.each<EmulatorName>(['dynalite', 'dynamodb-local'])('receipts on %s', (name) => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator(name);
  });
  afterAll(async () => {
    await emulator.stop();
  });

  interface Setup {
    readonly ledger: BudgetLedger;
    readonly receipts: ReceiptsHandler;
    readonly tagger: ReceiptTagger;
    readonly periods: PeriodKeys;
    readonly calls: ReturnType<typeof countCommands>;
    readonly item: (month?: string) => Promise<Record<string, unknown>>;
    readonly control: () => Promise<Record<string, unknown>>;
    /** Reserves a reply (as the responder does), and returns its tag. */
    readonly reserve: (id: string, atMs?: number) => Promise<string>;
    readonly send: (...records: unknown[]) => Promise<ReceiptOutcome[]>;
  }

  async function setup(maxPriceFactor = 2): Promise<Setup> {
    const client = documentClient(emulator.endpoint);
    const tableName = await createTable(emulator.endpoint);
    const table = new Table(client, tableName);
    const ledger = new BudgetLedger(table);
    const controlItem = new ControlItem(table);
    const tagger = new ReceiptTagger(TEST_SECRET);
    const settings = {
      ...testSettings({ sendVia: 'sms-voice' }),
      receipts: { perUsd: 1, maxPriceFactor },
    };
    const receipts = createReceiptsHandler({
      settings,
      trueUps: new TrueUps(table),
      control: new ControlCache(controlItem, 0),
      learnPrice: (country, price) => controlItem.learnPrice(country, price),
      tagger,
      telemetry: { receipt: () => {}, error: () => {}, flush: () => {} },
      clock: () => NOW,
    });
    const get = async (key: { pk: string; sk: string }) =>
      (await client.send(new GetCommand({ TableName: tableName, Key: key }))).Item ?? {};
    const calls = countCommands(client);
    return {
      ledger,
      receipts,
      tagger,
      periods: periodKeys(NOW, 'UTC'),
      calls,
      item: (month = periodKeys(NOW, 'UTC').month) => get(budgetItemKey(month)),
      control: () => get(CONTROL_KEY),
      reserve: async (id, atMs = NOW) => {
        const periods = periodKeys(atMs, 'UTC');
        const reservation = { id: reservationId(id, atMs), periods, costMicros: ESTIMATE };
        const made = await ledger.reserve({
          reservation,
          caps: CAPS,
          prunedDays: heldDaysToPrune(periods.day),
          expiresAtSeconds: 2_000_000_000,
        });
        expect(made.ok).toBe(true);
        return tagger.tag({ hour: periods.hour, costMicros: ESTIMATE, country: 'FR' });
      },
      send: async (...records) => (await receipts({ Records: records })).outcomes,
    };
  }

  test('a final receipt adds billed − estimated to the hour, day and month, once', async () => {
    const s = await setup();
    const tag = await s.reserve('m1');
    const before = await s.ledger.readSpent(s.periods);
    const final = event('msg-1', tag, { isFinal: true, price: 0.16, fee: 0.02 });
    const [first] = await s.send(final);
    expect(first).toMatchObject({ kind: 'applied', addedMicros: 30_000, billedMicros: 180_000 });
    const after = await s.ledger.readSpent(s.periods);
    expect(after).toEqual({
      hour: before.hour + 30_000,
      day: before.day + 30_000,
      month: before.month + 30_000,
    });
    expect(billedOf(await s.item(), s.periods)).toEqual({
      billed: { day: 180_000, month: 180_000 },
      trueUp: { day: 30_000, month: 30_000 },
    });
    // The same event again (SNS delivers at least once), and again: nothing moves.
    expect(await s.send(final, final)).toEqual([
      { kind: 'skipped', reason: 'duplicate' },
      { kind: 'skipped', reason: 'duplicate' },
    ]);
    expect(await s.ledger.readSpent(s.periods)).toEqual(after);
  });

  test('a final receipt after a non-final one adds only the difference', async () => {
    const s = await setup();
    const tag = await s.reserve('m1');
    const nonFinal = event('msg-1', tag, { isFinal: false, price: 0.16 });
    expect(await s.send(nonFinal)).toMatchObject([{ kind: 'applied', addedMicros: 10_000 }]);
    // A repeated non-final one moves nothing.
    expect(await s.send(nonFinal)).toEqual([{ kind: 'skipped', reason: 'duplicate' }]);
    s.calls.reset();
    const final = event('msg-1', tag, { isFinal: true, price: 0.16, fee: 0.014 });
    expect(await s.send(final)).toMatchObject([
      { kind: 'applied', addedMicros: 14_000, estimatedMicros: 0, corrected: true },
    ]);
    // The first write is refused and returns what it found; the second corrects.
    expect(s.calls.counts.get('UpdateItemCommand')).toBe(2);
    // A non-final one after the final, and the final again: nothing.
    expect(await s.send(nonFinal, final)).toEqual([
      { kind: 'skipped', reason: 'duplicate' },
      { kind: 'skipped', reason: 'duplicate' },
    ]);
    expect(billedOf(await s.item(), s.periods)).toEqual({
      billed: { day: 174_000, month: 174_000 },
      trueUp: { day: 24_000, month: 24_000 },
    });
  });

  test('one write per receipt otherwise, and none for one without a price', async () => {
    const s = await setup();
    const tag = await s.reserve('m1');
    s.calls.reset();
    await s.send(event('msg-1', tag, { isFinal: true, price: 0.15 }));
    expect(s.calls.counts.get('UpdateItemCommand')).toBe(1);
    expect(s.calls.total()).toBe(1);
    // On the responder's side, the tag is made in memory: no round trip (`round-trips.test.ts`).
    s.calls.reset();
    await s.send(event('msg-2', tag, { isFinal: false }));
    expect(s.calls.total()).toBe(0);
  });

  test('an UNKNOWN message (no final price after 72 h) keeps its estimate', async () => {
    const s = await setup();
    const tag = await s.reserve('m1');
    const before = await s.ledger.readSpent(s.periods);
    const unknown = event('msg-1', tag, { isFinal: true, status: 'UNKNOWN' });
    expect(await s.send(unknown)).toEqual([{ kind: 'skipped', reason: 'no_price' }]);
    expect(await s.ledger.readSpent(s.periods)).toEqual(before);
    // With a non-final price before it, that price stands.
    const other = await s.reserve('m2');
    await s.send(event('msg-2', other, { isFinal: false, price: 0.2 }));
    await s.send(event('msg-2', other, { isFinal: true, status: 'UNKNOWN' }));
    expect((await s.ledger.readSpent(s.periods)).day).toBe(before.day + ESTIMATE + 50_000);
  });

  test('receipts for messages we did not tag are dropped with a reason, moving nothing', async () => {
    const s = await setup();
    const tag = await s.reserve('m1');
    const before = await s.item();
    const forger = new ReceiptTagger('another-deployment-secret-0123456789');
    const forged = forger.tag({ hour: s.periods.hour, costMicros: 9_000_000, country: 'FR' });
    const tampered = tag.replace(`.${ESTIMATE}.`, '.9000000.');
    expect(
      await s.send(
        event('msg-1', undefined, { isFinal: true, price: 0.001 }),
        event('msg-2', forged, { isFinal: true, price: 0.001 }),
        event('msg-3', tampered, { isFinal: true, price: 0.001 }),
        { Sns: { Message: 'not json' } },
        { Sns: { Message: JSON.stringify({ messageId: 'x', eventType: 'VOICE_ANSWERED' }) } },
        null,
      ),
    ).toEqual([
      { kind: 'skipped', reason: 'unknown_message' },
      { kind: 'skipped', reason: 'unknown_message' },
      { kind: 'skipped', reason: 'unknown_message' },
      { kind: 'skipped', reason: 'bad_event' },
      { kind: 'skipped', reason: 'bad_event' },
      { kind: 'skipped', reason: 'bad_event' },
    ]);
    expect(await s.item()).toEqual(before);
  });

  test('a receipt later than its day’s true-ups are kept is skipped as late', async () => {
    const s = await setup();
    const old = Date.UTC(2026, 10, 2, 9);
    const tag = await s.reserve('m1', old);
    await s.reserve('m2', Date.UTC(2026, 10, 9, 9)); // prunes the 1st to the 3rd
    const before = await s.item();
    expect(await s.send(event('msg-1', tag, { isFinal: true, price: 0.3 }))).toEqual([
      { kind: 'skipped', reason: 'late' },
    ]);
    expect(await s.item()).toEqual(before);
  });

  test('concurrent receipts for one hour, each delivered twice, count each message once', async () => {
    const s = await setup();
    const messages = 40;
    const tags = await Promise.all(Array.from({ length: messages }, (_, i) => s.reserve(`m${i}`)));
    const before = await s.ledger.readSpent(s.periods);
    const records = tags.flatMap((tag, i) => [
      event(`msg-${i}`, tag, { isFinal: false, price: 0.16 }),
      event(`msg-${i}`, tag, { isFinal: true, price: 0.17, fee: 0.01 }),
      event(`msg-${i}`, tag, { isFinal: true, price: 0.17, fee: 0.01 }),
    ]);
    // Each record in its own invocation, all at once, in a shuffled order.
    const order = records.map((r, i) => ({ r, k: (i * 7919) % records.length }));
    order.sort((a, b) => a.k - b.k);
    await Promise.all(order.map(({ r }) => s.receipts({ Records: [r] })));
    const after = await s.ledger.readSpent(s.periods);
    expect(after.hour - before.hour).toBe(messages * 30_000);
    expect(after.month - before.month).toBe(messages * 30_000);
    expect(billedOf(await s.item(), s.periods).billed.day).toBe(messages * 180_000);
  });

  test('the learned price follows the receipts, bounded, never below the configured one', async () => {
    const s = await setup(1.5);
    const tags = await Promise.all(Array.from({ length: 3 }, (_, i) => s.reserve(`m${i}`)));
    // 3 replies (6 segments): billed 1.2 × the estimate.
    const outcomes = await s.send(
      ...tags.map((tag, i) => event(`msg-${i}`, tag, { isFinal: true, price: 0.18 })),
    );
    expect(outcomes.at(-1)).toMatchObject({ learned: { country: 'FR', micros: 90_000 } });
    expect((await s.control())['price#FR']).toEqual({ micros: 90_000, atMs: NOW });
    // Far dearer receipts: the learned price stops at 1.5 × the configured one.
    const dear = await Promise.all(Array.from({ length: 6 }, (_, i) => s.reserve(`d${i}`)));
    await s.send(...dear.map((tag, i) => event(`dear-${i}`, tag, { isFinal: true, price: 3 })));
    expect((await s.control())['price#FR']).toEqual({ micros: 112_500, atMs: NOW });
  });

  test('cheaper receipts never bring the price below the configured one', async () => {
    const s = await setup();
    const tags = await Promise.all(Array.from({ length: 4 }, (_, i) => s.reserve(`m${i}`)));
    const outcomes = await s.send(
      ...tags.map((tag, i) => event(`msg-${i}`, tag, { isFinal: true, price: 0.05 })),
    );
    expect(outcomes.every((o) => o.kind === 'applied' && o.learned === undefined)).toBe(true);
    expect((await s.control())['price#FR']).toBeUndefined();
    // The money is given back to the budget, though: billed below estimated.
    expect(billedOf(await s.item(), s.periods).trueUp.day).toBe(4 * (50_000 - ESTIMATE));
  });
});

describe('caps stay caps: reservations count the learned price', () => {
  let emulator: Emulator;
  beforeAll(async () => {
    emulator = await startEmulator('dynalite');
  });
  afterAll(async () => {
    await emulator.stop();
  });

  test('a new container reserves at the learned price, never below the configured one', async () => {
    const settings = testSettings({ sendVia: 'sms-voice' });
    const h = await createHarness(emulator.endpoint, settings, NOW);
    const periods = periodKeys(NOW, 'UTC');
    const spent = () => h.items.ledger.readSpent(periods);
    await h.handler(smsEvent({ from: '+33612000001', body: 'salut' }));
    expect((await spent()).day).toBe(ESTIMATE);
    await h.items.control.learnPrice('FR', { micros: 90_000, atMs: NOW });
    const fresh = h.newResponder();
    await fresh(smsEvent({ from: '+33612000002', body: 'salut' }));
    expect((await spent()).day).toBe(ESTIMATE + 2 * 90_000);
    // A learned price below the configured one is not used.
    await h.items.control.learnPrice('FR', { micros: 10_000, atMs: NOW });
    await h.newResponder()(smsEvent({ from: '+33612000003', body: 'salut' }));
    expect((await spent()).day).toBe(2 * ESTIMATE + 2 * 90_000);
  });
});

describe('the entry points, end to end', () => {
  let emulator: Emulator;
  const savedEnv = { ...process.env };
  beforeAll(async () => {
    emulator = await startEmulator('dynalite');
  });
  afterAll(async () => {
    await emulator.stop();
    process.env = savedEnv;
  });

  test("the responder's tag comes back in a receipt, which the receipts function applies", async () => {
    const settings = { ...testSettings({ sendVia: 'sms-voice' }), sendVia: 'sms-voice' as const };
    await setHandlerEnvironment(emulator.endpoint, settings);
    const responder = loadHandlerWithMockedAws();
    responder.secrets.on(responder.GetSecretValueCommand).resolves({ SecretString: TEST_SECRET });
    responder.smsVoice.on(responder.SendTextMessageCommand).resolves({ MessageId: 'eum-42' });
    await responder.handler(smsEvent({ from: '+33612000042', body: 'salut' }));
    const sent = responder.smsVoice.commandCalls(responder.SendTextMessageCommand)[0]?.args[0];
    const tag = sent?.input.Context?.[RECEIPT_TAG_KEY];
    expect(tag).toEqual(expect.any(String));

    const receipts = loadReceiptsHandlerWithMockedAws();
    receipts.secrets.on(receipts.GetSecretValueCommand).resolves({ SecretString: TEST_SECRET });
    const result = (await receipts.handler({
      Records: [event('eum-42', tag, { isFinal: true, price: 0.2 })],
    } as never)) as { outcomes: ReceiptOutcome[] };
    expect(result.outcomes).toEqual([
      expect.objectContaining({ kind: 'applied', addedMicros: 200_000 - ESTIMATE }),
    ]);
    const table = new Table(documentClient(emulator.endpoint), process.env.TABLE_NAME!);
    // The reply's periods, as its tag names them (not the clock now: an hour may have passed).
    const hour = new ReceiptTagger(TEST_SECRET).open(tag)?.hour ?? '';
    expect((await new BudgetLedger(table).readSpent(periodsOfHour(hour))).day).toBe(200_000);
  });
});
