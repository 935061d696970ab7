/**
 * Raid defence against a real DynamoDB API: flood detection and raid mode, abuse flagging,
 * evidence records and their export.
 */
import { PublishCommand } from '@aws-sdk/client-sns';
import { GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { CONTROL_KEY, senderItemKey } from '../../lambda/adapters/table-keys';
import { manifestDigest, verifyEvidence } from '../../lambda/domain/evidence';
import type { Outcome } from '../../lambda/domain/types';
import { readJsonLinesExport, writeEvidenceExport } from '../../tools/evidence/export';
import type { Emulator } from '../support/dynamo';
import { startDynalite } from '../support/dynamo';
import { frenchMobiles, OUR_NUMBER, smsEvent } from '../support/events';
import type { Harness } from '../support/harness';
import { createHarness } from '../support/harness';
import { testSettings } from '../support/settings';

const MINUTE = 60_000;
let emulator: Emulator;
beforeAll(async () => {
  emulator = await startDynalite();
});
afterAll(async () => {
  await emulator.stop();
});

/** Raid settings small enough for a test: 10 SMS in a minute is a flood; flush every message. */
const raidConfig = {
  raid: {
    floodFloorPerMinute: 10,
    floodFactor: 5,
    quietMinutes: 15,
    hourBudget: 0.3,
    flushCount: 1,
  },
};

async function send(h: Harness, from: string, body: string, id?: string): Promise<Outcome> {
  const result = await h.handler(smsEvent({ from, body, at: h.now, ...(id ? { id } : {}) }));
  return result.outcomes[0]!;
}

async function control(h: Harness): Promise<Record<string, unknown>> {
  const item = await h.client.send(new GetCommand({ TableName: h.tableName, Key: CONTROL_KEY }));
  return item.Item ?? {};
}

describe('flood detection and raid mode', () => {
  test('a flood enters raid mode; a quiet period leaves it', async () => {
    const h = await createHarness(emulator.endpoint, testSettings(raidConfig));
    const senders = frenchMobiles(12, 100);
    for (const from of senders) {
      await send(h, from, 'coucou');
      h.now += 2000;
    }
    expect(h.telemetry.raidChanges).toEqual(['entered']);
    expect(await control(h)).toMatchObject({ raid: { active: true, baselinePerMinute: 0 } });

    // 20 minutes of calm (quietMinutes is 15): the next message sees it and leaves.
    h.now += 20 * MINUTE;
    await send(h, '+33612300001', 'bonjour');
    expect(h.telemetry.raidChanges).toEqual(['entered', 'left']);
    expect(await control(h)).toMatchObject({ raid: { active: false } });
  });

  test('raid mode: the lower hourly cap, and only senders never seen before', async () => {
    const h = await createHarness(emulator.endpoint, testSettings(raidConfig));
    // A sender seen before the raid (replied to 40 days ago: their window is over).
    const known = '+33612300002';
    await send(h, known, 'salut');
    h.now += 40 * 24 * 60 * MINUTE;
    await h.client.send(
      new PutCommand({
        TableName: h.tableName,
        Item: { ...CONTROL_KEY, raidOverride: 'on', raid: { active: false } },
      }),
    );
    const raidContainer = h.newResponder();
    h.calls.reset();
    expect(await raidContainer(smsEvent({ from: known, body: 'encore' }))).toEqual({
      outcomes: [{ kind: 'dropped', reason: 'raid_not_new' }],
    });
    // The container remembers: the next message from that sender costs one write, not two
    // (plus, in both, this test's flood counter write: flushCount is 1 here).
    const firstCost = h.calls.counts.get('UpdateItemCommand');
    h.calls.reset();
    expect(await raidContainer(smsEvent({ from: known, body: 'et encore' }))).toEqual({
      outcomes: [{ kind: 'dropped', reason: 'raid_not_new' }],
    });
    expect([firstCost, h.calls.counts.get('UpdateItemCommand')]).toEqual([3, 2]);
    // The raid hourly cap of EUR 0.30 buys two replies of EUR 0.15.
    const responder = h.newResponder();
    const outcomes = [];
    for (const from of frenchMobiles(4, 300)) {
      outcomes.push(...(await responder(smsEvent({ from, body: 'hello' }))).outcomes);
    }
    expect(outcomes.map((o) => (o.kind === 'dropped' ? o.reason : o.kind))).toEqual([
      'replied',
      'replied',
      'raid_hour',
      'raid_hour',
    ]);
  });

  test('the shared counter: one write per 20 messages, or per 5 s with 5 or more; one read per hour', async () => {
    const h = await createHarness(emulator.endpoint, testSettings());
    const floodWrites: string[] = [];
    h.client.middlewareStack.add(
      (next) => async (args) => {
        const input = args.input as { Key?: { pk?: string }; UpdateExpression?: string };
        if (input.Key?.pk?.startsWith('F#')) floodWrites.push(input.Key.pk);
        return next(args);
      },
      { step: 'initialize', name: 'floodWriteSpy' },
    );
    // Two messages a second: the 5-second flush comes first, every 10 messages.
    for (const from of frenchMobiles(100, 600)) {
      await send(h, from, 'coucou');
      h.now += 500;
    }
    expect(floodWrites).toHaveLength(10);
    // A burst (all in the same second): every 20 messages.
    floodWrites.length = 0;
    for (const from of frenchMobiles(100, 800)) await send(h, from, 'coucou');
    expect(floodWrites).toHaveLength(5);
    // The 24-hour baseline is read once (one BatchGetItem), then cached until the hour turns.
    expect(h.calls.counts.get('BatchGetItemCommand')).toBe(1);
  });

  test('the override "off" keeps raid mode off whatever the flood', async () => {
    const h = await createHarness(emulator.endpoint, testSettings(raidConfig));
    await h.client.send(
      new PutCommand({ TableName: h.tableName, Item: { ...CONTROL_KEY, raidOverride: 'off' } }),
    );
    for (const from of frenchMobiles(15, 400)) await send(h, from, 'coucou');
    expect(h.telemetry.raidChanges).toEqual([]);
    expect(h.sns.commandCalls(PublishCommand)).toHaveLength(15);
  });
});

describe('abuse flagging and evidence', () => {
  test('an abusive sender is flagged, never replied to, and every abusive message is kept with a valid digest', async () => {
    const h = await createHarness(emulator.endpoint, testSettings());
    const raider = '+33751234567';
    const first = smsEvent({ from: raider, body: 'c o n n a r d', id: 'abuse-1', at: h.now });
    expect((await h.handler(first)).outcomes).toEqual([{ kind: 'dropped', reason: 'abusive' }]);
    // Redeliveries, a second later, on this container and on another: no second record.
    h.now += 1000;
    expect((await h.handler(first)).outcomes).toEqual([{ kind: 'dropped', reason: 'abusive' }]);
    expect((await h.newResponder()(first)).outcomes).toEqual([
      { kind: 'dropped', reason: 'duplicate' },
    ]);
    // An innocent message later still gets nothing (and is not kept: it is not abuse).
    h.now += MINUTE;
    expect(await h.newResponder()(smsEvent({ from: raider, body: 'bonjour', at: h.now }))).toEqual({
      outcomes: [{ kind: 'dropped', reason: 'flagged' }],
    });
    expect(h.sns.commandCalls(PublishCommand)).toHaveLength(0);

    h.now += MINUTE;
    await send(h, raider, 'ferme ta gueule');
    const records = await h.evidence.query({
      sinceMs: h.now - 86_400_000,
      untilMs: h.now + MINUTE,
    });
    expect(records.map((r) => [r.from, r.to, r.body, r.reasons[0]?.split(':')[0]])).toEqual([
      [raider, OUR_NUMBER, 'c o n n a r d', 'insult'],
      [raider, OUR_NUMBER, 'ferme ta gueule', 'insult'],
    ]);
    expect(records.every(verifyEvidence)).toBe(true);
    const sender = await h.client.send(
      new GetCommand({ TableName: h.tableName, Key: senderItemKey(h.senderKey(raider)) }),
    );
    expect(sender.Item).toMatchObject({ flagged: true });
    // Outside evidence, the number is nowhere in the table.
    const items = (await h.client.send(new ScanCommand({ TableName: h.tableName }))).Items ?? [];
    const nonEvidence = items.filter((item) => !String(item.pk).startsWith('E#'));
    expect(JSON.stringify(nonEvidence)).not.toContain(raider.slice(1));
  });

  test('a heavy repeater is throttled after N messages in the window, not flagged, nothing kept', async () => {
    const h = await createHarness(
      emulator.endpoint,
      testSettings({ abuse: { maxMessagesPerWindow: 5 } }),
    );
    const from = '+33612300003';
    const outcomes: Outcome[] = [];
    for (let i = 0; i < 8; i += 1) {
      outcomes.push(await send(h, from, i % 2 ? "t'es un robot ?" : `mdr ${i}`));
      h.now += MINUTE;
    }
    expect(outcomes.map((o) => (o.kind === 'dropped' ? o.reason : o.kind))).toEqual([
      'replied',
      'window',
      'window',
      'window',
      'window',
      'repeater',
      'repeater',
      'repeater',
    ]);
    // Chatty is not evidence: no record, no flag, the number nowhere in the table.
    const records = await h.evidence.query({ sinceMs: h.now - 86_400_000, untilMs: h.now });
    expect(records).toEqual([]);
    expect(h.telemetry.flaggedReasons).toEqual([]);
    const sender = await h.client.send(
      new GetCommand({ TableName: h.tableName, Key: senderItemKey(h.senderKey(from)) }),
    );
    expect(sender.Item?.flagged).toBeUndefined();
    const items = (await h.client.send(new ScanCommand({ TableName: h.tableName }))).Items ?? [];
    expect(JSON.stringify(items)).not.toContain(from.slice(1));
    // An abusive message from the same chatty sender is still kept, and flags them.
    expect(await send(h, from, 'sale pute')).toEqual({ kind: 'dropped', reason: 'abusive' });
    const kept = await h.evidence.query({ sinceMs: h.now - 86_400_000, untilMs: h.now + 1 });
    expect(kept).toHaveLength(1);
  });

  test('evidence export: JSON Lines round-trips, CSV neutralises formulas, one manifest for both', async () => {
    const h = await createHarness(emulator.endpoint, testSettings());
    const [a, b] = ['+33751234500', '+33751234501'];
    await send(h, a, '=HYPERLINK("http://evil.example","salope")');
    h.now += MINUTE;
    await send(h, b, '@SUM(1+1) connard');
    h.now += MINUTE;
    await send(h, a, 'je vais te tuer');
    const all = await h.evidence.query({ sinceMs: h.now - 86_400_000, untilMs: h.now + 1 });
    expect(all).toHaveLength(3);

    const jsonl = writeEvidenceExport(all, 'jsonl');
    const back = readJsonLinesExport(jsonl);
    expect(back).toEqual(all);
    expect(back.every(verifyEvidence)).toBe(true);

    const csv = writeEvidenceExport(all, 'csv');
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toBe('receivedAt,inboundMessageId,from,to,body,reasons,digest');
    expect(lines[1]).toContain(`'+33751234500`);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.example"",""salope"")"`);
    expect(lines[2]).toContain(`'@SUM(1+1) connard`);
    expect(lines.slice(1).some((line) => /,=|,\+|,-|,@/.test(line))).toBe(false);

    // Filters: time range and sender.
    const onlyA = await h.evidence.query({
      sinceMs: h.now - 86_400_000,
      untilMs: h.now + 1,
      senderKey: h.senderKey(a),
    });
    expect(onlyA.map((r) => r.from)).toEqual([a, a]);
    const lastMinute = await h.evidence.query({ sinceMs: h.now, untilMs: h.now + 1 });
    expect(lastMinute.map((r) => r.body)).toEqual(['je vais te tuer']);
    expect(manifestDigest(all)).toMatch(/^[0-9a-f]{64}$/);
    expect(manifestDigest(back)).toBe(manifestDigest(all));
  });
});
