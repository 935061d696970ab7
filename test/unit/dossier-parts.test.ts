/**
 * The pure parts of the complaint dossier (issue 17): the hash chain, the RFC 3161 request (the
 * same bytes as openssl's for the same digest and nonce), local times across a summer-time
 * change, the chart's buckets, raid periods estimated from the counters, the attack's figures.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { evidenceRecord } from '../../lambda/domain/evidence';
import type { RaidSettings } from '../../lambda/domain/types';
import { summariseAttack } from '../../tools/evidence/attack-summary';
import { chainHead, chainOf, GENESIS_LINK } from '../../tools/evidence/chain';
import { chartSeries, chartWindow } from '../../tools/evidence/chart-series';
import { escapeHtml } from '../../tools/evidence/html';
import { localDateTime } from '../../tools/evidence/local-time';
import { raidPeriods } from '../../tools/evidence/raid-periods';
import { hasOpenssl } from '../../tools/evidence/timestamp-check';
import {
  randomNonce,
  readTimeStampRequest,
  timeStampRequest,
} from '../../tools/evidence/timestamp-request';

const OPENSSL = hasOpenssl();
if (!OPENSSL)
  console.warn('SKIPPED (in part): comparing the request with openssl needs openssl on PATH.');
const MINUTE = 60_000;
const T0 = Date.UTC(2026, 9, 19, 14, 0, 0);
const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

const record = (i: number, from: string, atMs: number) =>
  evidenceRecord({
    receivedAt: new Date(atMs).toISOString(),
    inboundMessageId: `id-${i}`,
    from,
    to: '+33937000000',
    body: `message ${i}`,
    reasons: ['insult:test'],
  });

describe('the hash chain', () => {
  test('link_i = SHA-256(link_{i-1} ‖ digest_i) from 64 zeros; no record: the head is 64 zeros', () => {
    const records = [record(1, '+33612000001', T0), record(2, '+33612000002', T0 + 1000)];
    const links = chainOf(records);
    const first = sha(`${'0'.repeat(64)}${records[0]!.digest}`);
    expect(links.map((link) => link.link)).toEqual([first, sha(`${first}${records[1]!.digest}`)]);
    expect(chainHead(links)).toBe(links[1]!.link);
    expect(chainHead(chainOf([]))).toBe(GENESIS_LINK);
    expect(GENESIS_LINK).toBe('0'.repeat(64));
  });

  test('swapping two records changes the head', () => {
    const [a, b] = [record(1, '+33612000001', T0), record(2, '+33612000002', T0)];
    expect(chainHead(chainOf([a, b]))).not.toBe(chainHead(chainOf([b, a])));
  });
});

describe('the RFC 3161 request', () => {
  const digest = sha('manifest');

  test('reads back its digest and nonce; nonces are positive, minimal DER integers', () => {
    for (let i = 0; i < 50; i += 1) {
      const nonce = randomNonce();
      // Positive (first byte below 0x80) and minimal (a leading 00 only before a byte >= 0x80).
      expect(nonce).toMatch(/^[0-7][0-9a-f]/);
      expect(nonce).not.toMatch(/^00[0-7]/);
      expect(readTimeStampRequest(timeStampRequest(digest, nonce))).toEqual({
        digestHex: digest,
        nonceHex: nonce,
      });
    }
    expect(() => timeStampRequest('abc', '01')).toThrow(RangeError);
  });

  test('is byte for byte what `openssl ts -query -sha256 -cert` writes', () => {
    if (!OPENSSL) return; // notice printed above
    const dir = mkdtempSync(join(tmpdir(), 'antirelou-tsq-'));
    try {
      writeFileSync(join(dir, 'data'), 'manifest');
      execFileSync(
        'openssl',
        ['ts', '-query', '-data', 'data', '-sha256', '-cert', '-out', 'q.tsq'],
        { cwd: dir },
      );
      const theirs = readFileSync(join(dir, 'q.tsq'));
      const read = readTimeStampRequest(theirs)!;
      expect(read.digestHex).toBe(digest);
      expect(timeStampRequest(digest, read.nonceHex)).toEqual(theirs);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

test('local times carry the offset in force, across the end of summer time in Paris', () => {
  const change = Date.UTC(2026, 9, 25, 0, 30, 0);
  expect(localDateTime(change, 'Europe/Paris', 'fr')).toBe('25/10/2026 02:30:00 (UTC+02:00)');
  expect(localDateTime(change + 3_600_000, 'Europe/Paris', 'fr')).toBe(
    '25/10/2026 02:30:00 (UTC+01:00)',
  );
  expect(localDateTime(change, 'UTC', 'en')).toBe('2026-10-25 00:30:00 (UTC+00:00)');
});

test('the chart: one bar a minute for a raid of hours, larger bars for days, each message counted once', () => {
  const hours = chartSeries(chartWindow(T0, T0 + 4 * 60 * MINUTE), new Map([[T0, 3]]), undefined);
  expect(hours.bucketMinutes).toBe(1);
  const days = chartWindow(T0, T0 + 3 * 24 * 60 * MINUTE);
  const perMinute = new Map([
    [T0, 2],
    [T0 + 7 * MINUTE, 5],
    [T0 + 2 * 24 * 60 * MINUTE, 1],
  ]);
  const series = chartSeries(days, perMinute, perMinute);
  expect(series.bucketMinutes).toBe(10);
  expect(series.abusive.length).toBeLessThanOrEqual(720);
  expect(series.abusive.reduce((a, b) => a + b, 0)).toBe(8);
  expect(series.inbound?.reduce((a, b) => a + b, 0)).toBe(8);
});

describe('raid periods', () => {
  const settings = { floodFactor: 10, floodFloorPerMinute: 60, quietMinutes: 20 } as RaidSettings;
  const counters = new Map([
    [T0, 70],
    [T0 + MINUTE, 80],
    [T0 + 5 * MINUTE, 10],
    [T0 + 90 * MINUTE, 65],
  ]);
  const window = { startMs: T0 - 60 * MINUTE, endMs: T0 + 180 * MINUTE };

  test('estimated from the minutes at or above the threshold, ending quietMinutes after the last', () => {
    expect(raidPeriods(window, undefined, counters, settings)).toEqual([
      { startMs: T0, endMs: T0 + 22 * MINUTE, source: 'estimated' },
      { startMs: T0 + 90 * MINUTE, endMs: T0 + 111 * MINUTE, source: 'estimated' },
    ]);
  });

  test('the recorded period replaces the estimates it overlaps; one still on has no end', () => {
    const recorded = { active: true, sinceMs: T0 + 30_000, baselinePerMinute: 1 };
    expect(raidPeriods(window, recorded, counters, settings)).toEqual([
      { startMs: T0 + 30_000, endMs: undefined, source: 'recorded' },
    ]);
    expect(
      raidPeriods(
        window,
        { active: false, sinceMs: T0, endedMs: T0 + 25 * MINUTE },
        undefined,
        undefined,
      ),
    ).toEqual([{ startMs: T0, endMs: T0 + 25 * MINUTE, source: 'recorded' }]);
  });
});

test('the attack in figures: peak (the earliest of equals), foreign and premium numbers, senders by messages', () => {
  const records = [
    record(1, '+33612000001', T0),
    record(2, '+33612000001', T0 + 10_000),
    record(3, '+447400123456', T0 + MINUTE),
    record(4, '+33891234567', T0 + MINUTE + 1),
    record(5, '+33612000001', T0 + 3 * MINUTE),
  ];
  const summary = summariseAttack(records, 'FR');
  expect(summary).toMatchObject({
    messages: 5,
    distinctNumbers: 3,
    startMs: T0,
    endMs: T0 + 3 * MINUTE,
    peak: { minuteMs: T0, messages: 2 },
    foreignNumbers: 1,
    premiumNumbers: 1,
  });
  expect(summary.senders.map((sender) => [sender.number, sender.messages])).toEqual([
    ['+33612000001', 3],
    ['+447400123456', 1],
    ['+33891234567', 1],
  ]);
  expect(summary.senders[1]!.kind).toEqual({ country: 'GB', type: 'MOBILE' });
});

test('text from raiders is escaped for HTML', () => {
  expect(escapeHtml(`<img src=x onerror="a('b')">&`)).toBe(
    '&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt;&amp;',
  );
});
