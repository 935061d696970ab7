/**
 * The canned-text signal against a real DynamoDB API (dynalite): on and off, fresh senders
 * against senders already served, short texts, the window, and the counters' bounded state.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Outcome } from '../../lambda/domain/types';
import type { ConfigInput } from '../../lib/config';
import type { Emulator } from '../support/dynamo';
import { startDynalite } from '../support/dynamo';
import { frenchMobiles, smsEvent } from '../support/events';
import type { Harness } from '../support/harness';
import { createHarness } from '../support/harness';
import { testSettings } from '../support/settings';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
let emulator: Emulator;
beforeAll(async () => {
  emulator = await startDynalite();
});
afterAll(async () => {
  await emulator.stop();
});

/** Flood detection out of the way (flushed rarely), the signal at 3 senders in the hour. */
function cannedConfig(
  cannedText: Record<string, unknown> = {},
  raid: Record<string, unknown> = { flushCount: 1000, flushSeconds: 60 },
): Partial<ConfigInput> {
  return { raid: { ...raid, cannedText } } as Partial<ConfigInput>;
}
const SMALL = { threshold: 3 };

/** Disguised copies of one canned text: the same fingerprint. */
const CANNED = [
  "Coucou ! Tu te souviens de moi ? On s'est vus samedi 😘",
  'coucou tu te souviens de moi, on sest vus samedi',
  "COUCOU!!! Tu te souviens de mo1 ? On s'est vus samedi 22",
  'Cοucοu tu te souviens de moi ? on s’est vus samedi', // Greek omicrons
  'c.o.u.c.o.u tu te souvieeeens de moi on s est vus samedi',
];

async function send(h: Harness, from: string, body: string): Promise<Outcome> {
  const result = await h.handler(smsEvent({ from, body, at: h.now }));
  h.now += 1000;
  return result.outcomes[0]!;
}

const kinds = (outcomes: Outcome[]): string[] =>
  outcomes.map((o) => (o.kind === 'dropped' ? o.reason : o.kind));

/** The per-hour counts (`h00`…`h23`) of a text counter. */
const hourCounts = (item: Record<string, unknown>): unknown[] =>
  Object.entries(item)
    .filter(([k]) => /^h\d\d$/.test(k))
    .map(([, v]) => v);

async function textItems(h: Harness): Promise<Record<string, unknown>[]> {
  const scan = await h.client.send(new ScanCommand({ TableName: h.tableName }));
  return (scan.Items ?? []).filter((item) => String(item.pk).startsWith('T#'));
}

test('on: from the 3rd fresh sender of one text (disguised) in the window, no reply', async () => {
  const h = await createHarness(emulator.endpoint, testSettings(cannedConfig(SMALL)));
  const senders = frenchMobiles(5, 1000);
  const outcomes: Outcome[] = [];
  for (const [i, from] of senders.entries()) outcomes.push(await send(h, from, CANNED[i]!));
  expect(kinds(outcomes)).toEqual([
    'replied',
    'replied',
    'canned_text',
    'canned_text',
    'canned_text',
  ]);
  // Another text still gets its reply; only two replies were paid for the canned one.
  expect(kinds([await send(h, '+33612000999', 'Salut, c’est Karim du bar de hier soir')])).toEqual([
    'replied',
  ]);
  expect(h.sns.calls()).toHaveLength(3);
  // One counter for the canned text, holding the hour's count and its TTL only: never the text.
  const items = await textItems(h);
  expect(items).toHaveLength(2);
  const canned = items.find((item) => hourCounts(item).includes(5))!;
  expect(
    Object.keys(canned)
      .filter((k) => !/^h\d\d$/.test(k))
      .sort(),
  ).toEqual(['expiresAt', 'pk', 'sk']);
  expect(JSON.stringify(items)).not.toMatch(/coucou|souviens/i);
});

test('off: raid.cannedText.enabled false, everyone gets a reply and nothing is counted', async () => {
  const h = await createHarness(
    emulator.endpoint,
    testSettings(cannedConfig({ ...SMALL, enabled: false })),
  );
  const outcomes: Outcome[] = [];
  for (const [i, from] of frenchMobiles(5, 1100).entries()) {
    outcomes.push(await send(h, from, CANNED[i]!));
  }
  expect(kinds(outcomes)).toEqual(Array(5).fill('replied'));
  expect(await textItems(h)).toHaveLength(0);
});

test('short texts are never counted: 20 people saying "bonjour" all get their reply', async () => {
  const h = await createHarness(emulator.endpoint, testSettings(cannedConfig(SMALL)));
  const outcomes: Outcome[] = [];
  for (const from of frenchMobiles(20, 1200)) outcomes.push(await send(h, from, 'Bonjour !'));
  expect(kinds(outcomes)).toEqual(Array(20).fill('replied'));
  expect(await textItems(h)).toHaveLength(0);
});

test('only fresh senders count: people already served texting the same thing do not fire it', async () => {
  const h = await createHarness(emulator.endpoint, testSettings(cannedConfig(SMALL)));
  const served = frenchMobiles(2, 1300);
  for (const from of served)
    expect((await send(h, from, 'Bonjour je voudrais un rendez-vous')).kind).toBe('replied');
  // Each says thanks with the same words, twice: a window drop each time, not a count.
  const thanks = 'Merci beaucoup pour la réponse';
  for (const from of [...served, ...served])
    expect(await send(h, from, thanks)).toEqual({
      kind: 'dropped',
      reason: 'window',
    });
  // A fresh sender's repeat of their own text counts once.
  const fresh = '+33612001399';
  expect((await send(h, fresh, thanks)).kind).toBe('replied');
  expect(await send(h, fresh, thanks)).toEqual({ kind: 'dropped', reason: 'window' });
  const counts = (await textItems(h)).flatMap(hourCounts).sort();
  expect(counts).toEqual([1, 2]);
});

test('the hour: a fired text is refused for the rest of the hour and all the next, then counted afresh', async () => {
  // Flood counts flushed at every message: each container knows the previous hour's total.
  const h = await createHarness(
    emulator.endpoint,
    testSettings(cannedConfig(SMALL, { flushCount: 1, floodFloorPerMinute: 1000 })),
  );
  h.now = Math.floor(h.now / HOUR) * HOUR + 50 * MINUTE; // 10 minutes before the next UTC hour
  const senders = frenchMobiles(8, 1400);
  const text = CANNED[0]!;
  const first = [];
  for (const from of senders.slice(0, 3)) first.push(await send(h, from, text));
  expect(kinds(first)).toEqual(['replied', 'replied', 'canned_text']);
  // The next hour, 15 minutes after it fired: its count starts again, but it is still refused,
  // by a new container too (the counter returns the previous hour's count).
  h.now += 15 * MINUTE;
  expect(kinds([await send(h, senders[3]!, text)])).toEqual(['canned_text']);
  const fresh = await h.newResponder()(smsEvent({ from: '+33612001499', body: text, at: h.now }));
  expect(kinds(fresh.outcomes)).toEqual(['canned_text']);
  // An hour and a half later: counted afresh.
  h.now += 90 * MINUTE;
  const later = [];
  for (const from of senders.slice(4, 8)) later.push(await send(h, from, text));
  expect(kinds(later)).toEqual(['replied', 'replied', 'canned_text', 'canned_text']);
});

test("a launch rush: a common phrase under the share of the hour's traffic does not fire", async () => {
  // 5% of the hour's inbound: 3 senders of one phrase among 100 other messages do not fire it.
  const h = await createHarness(emulator.endpoint, testSettings(cannedConfig(SMALL)));
  h.now = Math.floor(h.now / HOUR) * HOUR + MINUTE;
  const others = frenchMobiles(100, 1600);
  const phrase = 'Je teste le numéro anti-relou';
  const outcomes: Outcome[] = [];
  for (const [i, from] of others.entries()) {
    const body =
      i % 30 === 29 ? phrase : `Salut c'est ${'abcdefghijklmnopqrstuvwxyz'[i % 26]} ${i}`;
    outcomes.push(await send(h, from, body));
  }
  expect(kinds(outcomes)).not.toContain('canned_text');
  // Its count reached the threshold (3); with nobody else around that fires it (test above).
  expect((await textItems(h)).flatMap(hourCounts)).toContain(3);
});

test('bounded state: 125 different texts make 125 small items (a count per UTC hour, 24 at most), each expiring after its day', async () => {
  const h = await createHarness(emulator.endpoint, testSettings(cannedConfig(SMALL)));
  const words = ['lune', 'soleil', 'plage', 'montagne', 'riviere'];
  const startS = Math.floor(h.now / 1000);
  for (const [i, from] of frenchMobiles(125, 1500).entries()) {
    const [a, b, c] = [i % 5, Math.floor(i / 5) % 5, Math.floor(i / 25)].map((k) => words[k]);
    await send(h, from, `Salut, moi c'est ${a} ${b} ${c}`);
  }
  const items = await textItems(h);
  expect(items).toHaveLength(125);
  for (const item of items) {
    expect(Object.keys(item)).toHaveLength(4); // pk, sk, expiresAt, one hour's count
    expect(hourCounts(item)).toEqual([1]);
    // The end of its UTC day, plus two hours.
    expect(item.expiresAt as number).toBeLessThanOrEqual(startS + 125 + 26 * 3600);
  }
  // One text all day and beyond: one item per UTC day, one count per hour, 24 at most.
  const text = 'Un texte envoyé toutes les heures';
  for (const [i, from] of frenchMobiles(30, 1700).entries()) {
    h.now = startS * 1000 + i * HOUR;
    await send(h, from, text);
  }
  const perDay = (await textItems(h)).filter((item) => hourCounts(item).length > 1);
  expect(perDay.length).toBeGreaterThanOrEqual(2);
  for (const item of perDay) expect(hourCounts(item).length).toBeLessThanOrEqual(24);
});
