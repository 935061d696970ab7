/**
 * Issue 17 on a simulator's state folder, as a maintainer runs it: a short raid replayed through
 * the real responder on dynalite (flood counters, raid mode, evidence), plus a premium-rate
 * sender's record written through the real EvidenceStore. Then `senders --flagged`, `dossier`
 * (files, modes, refusal without --force, --sender, --lang) and the page in headless Chromium:
 * its summary matches the records, its times are Paris time with their offset, it needs nothing
 * from the network and prints.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { EvidenceStore } from '../../lambda/adapters/evidence-store';
import type { EvidenceRecord } from '../../lambda/domain/evidence';
import { evidenceRecord, sha256Hex } from '../../lambda/domain/evidence';
import type { ConfigInput } from '../../lib/config';
import { sha256OfBytes } from '../../tools/evidence/dossier-files';
import { parseManifest } from '../../tools/evidence/manifest';
import type { TraceEvent } from '../../tools/simulator/trace';
import { BASE } from './dossier-fixture';
import { runAdmin } from './io';
import { auditRecords, simulateOn } from './state';

const config = JSON.parse(readFileSync('config/antirelou.json', 'utf8')) as ConfigInput;
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(
    `SKIPPED: the dossier page test needs Chromium at ${CHROMIUM} (apt-get install chromium); .ci/run installs it.`,
  );
}
const browserTest = hasChromium ? test : test.skip;

const RAID = [
  'Connard de féministe',
  'Ferme-la salope',
  'Sale pute',
  'go fuck yourself',
  'c o n n a r d',
];
const FOREIGN = '+447400123456';
const PREMIUM = '+33891234567';
const TOP = '+33612000007';

/** 150 abusive messages in two minutes from 30 numbers (and one from the UK), then calm. */
function raidEvents(): TraceEvent[] {
  const events: TraceEvent[] = Array.from({ length: 150 }, (_, i) => ({
    t: 60 + i * 0.8,
    from: `+336120000${String(i % 30).padStart(2, '0')}`,
    body: RAID[i % RAID.length]!,
  }));
  events.push(
    { t: 61, from: TOP, body: 'Sale pute' },
    { t: 90.5, from: FOREIGN, body: 'stupid bitch' },
  );
  // Calm, 30 minutes later: flood detection leaves raid mode.
  for (let i = 0; i < 6; i += 1)
    events.push({ t: 1800 + i * 10, from: `+3361300000${i}`, body: 'Bonjour' });
  return events.sort((a, b) => a.t - b.t);
}

/** A premium-rate number cannot text the responder; its record is written as if it had. */
const PREMIUM_RECORD = evidenceRecord({
  receivedAt: new Date(BASE + 150_000).toISOString(),
  inboundMessageId: 'premium-1',
  from: PREMIUM,
  to: '+33937000000',
  body: '<script>alert(1)</script> & “crève”',
  reasons: ['threat:creve'],
});

let work: string;
let state: string;
let out: string;
let records: EvidenceRecord[];
let made: Awaited<ReturnType<typeof runAdmin>>;
let admin: (...args: string[]) => ReturnType<typeof runAdmin>;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'antirelou-dossier-'));
  state = join(work, 'state');
  out = join(work, 'dossier');
  admin = (...args) => runAdmin(['--local', state, '--who', 'tester', ...args]);
  await simulateOn(state, config, BASE, raidEvents(), async (env) => {
    const store = new EvidenceStore(env.dynamo.documentClient, env.tableName);
    await store.put(PREMIUM_RECORD, env.senderKey(PREMIUM), Math.floor(BASE / 1000) + 86_400 * 365);
  });
  made = await admin('dossier', '--since', '2026-10-19', '--out', out);
  records = readFileSync(join(out, 'evidence.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as EvidenceRecord);
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

/** `19/10/2026 16:01:00 (UTC+02:00)`: Paris is two hours ahead of UTC on 19 October 2026. */
function paris(iso: string): string {
  const shifted = new Date(Date.parse(iso) + 2 * 3_600_000).toISOString();
  return `${shifted.slice(8, 10)}/${shifted.slice(5, 7)}/${shifted.slice(0, 4)} ${shifted.slice(11, 19)} (UTC+02:00)`;
}

describe('dossier', () => {
  test('writes the six files, readable by their owner only, in a folder of its own', () => {
    expect([made.code, made.stderr]).toEqual([0, '']);
    expect(made.stdout).toContain(`dossier of ${records.length} evidence record(s) received in`);
    expect(readdirSync(out).sort()).toEqual(
      [
        'VERIFY.md',
        'dossier.html',
        'evidence.csv',
        'evidence.jsonl',
        'manifest.json',
        'manifest.tsq',
      ].sort(),
    );
    for (const name of readdirSync(out)) expect(statSync(join(out, name)).mode & 0o777).toBe(0o600);
    expect(statSync(out).mode & 0o777).toBe(0o700);
    // Every message of the raid and of the UK number, and the premium record.
    expect(records.length).toBeGreaterThanOrEqual(150);
    expect(records.map((record) => record.from)).toEqual(
      expect.arrayContaining([FOREIGN, PREMIUM, TOP]),
    );
  });

  test('the manifest holds the generator, range, zone, count, file digests, chain and query', () => {
    const text = readFileSync(join(out, 'manifest.json'), 'utf8');
    const manifest = parseManifest(text);
    expect(manifest.generator).toMatchObject({ name: 'antirelou', version: '0.1.0' });
    expect(manifest.generator.command).toBe(
      `npx antirelou --local ${state} dossier --since 2026-10-19 --lang fr --out ${out}`,
    );
    expect(manifest.query).toEqual({ since: '2026-10-19', until: null, sender: null, lang: 'fr' });
    expect(manifest.timeRange).toMatchObject({
      since: '2026-10-19T00:00:00.000Z',
      timeZone: 'Europe/Paris',
    });
    expect(manifest.records).toBe(records.length);
    for (const name of ['dossier.html', 'evidence.jsonl', 'evidence.csv', 'VERIFY.md']) {
      expect(manifest.files[name]?.sha256).toBe(sha256OfBytes(readFileSync(join(out, name))));
    }
    let link = '0'.repeat(64);
    for (const record of records) link = sha256Hex(link + record.digest);
    expect(manifest.chain.head).toBe(link);
    expect(manifest.chain.genesis).toBe('0'.repeat(64));
  });

  test('verify-evidence: the folder holds', async () => {
    const result = await runAdmin(['verify-evidence', out]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      `records      ${records.length} in evidence.jsonl and evidence.csv`,
    );
  });

  test('an existing folder is refused without --force (exit 2, a sentence, nothing written); --force replaces the dossier', async () => {
    const before = readFileSync(join(out, 'manifest.json'));
    const refused = await admin('dossier', '--since', '2026-10-19', '--out', out);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toBe(
      `error: ${out} exists: choose another --out, or add --force to write the dossier into it (its dossier files are replaced)\n`,
    );
    expect(readFileSync(join(out, 'manifest.json'))).toEqual(before);

    const other = join(work, 'again');
    mkdirSync(other);
    writeFileSync(join(other, 'evidence.csv'), 'old', { mode: 0o644 });
    const forced = await admin(
      'dossier',
      '--since',
      '2026-10-19',
      '--out',
      other,
      '--force',
      '--lang',
      'en',
    );
    expect(forced.code).toBe(0);
    expect(statSync(join(other, 'evidence.csv')).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(other, 'dossier.html'), 'utf8')).toContain('<html lang="en">');
    expect(readFileSync(join(other, 'VERIFY.md'), 'utf8')).toMatch(
      /^# Checking this evidence dossier/,
    );

    writeFileSync(join(other, 'manifest.tsr'), 'a time stamp');
    const stamped = await admin('dossier', '--since', '2026-10-19', '--out', other, '--force');
    expect(stamped.code).toBe(2);
    expect(stamped.stderr).toMatch(/holds a time stamp \(manifest\.tsr\) of the dossier there/);
  });

  test('--sender keeps one sender; usage errors exit 2 before anything is read', async () => {
    const one = join(work, 'one-sender');
    const result = await admin(
      'dossier',
      '--since',
      '2026-10-19',
      '--sender',
      FOREIGN,
      '--out',
      one,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('dossier of 1 evidence record(s) from +447*******56');
    expect(readFileSync(join(one, 'evidence.jsonl'), 'utf8')).toContain(`"from":"${FOREIGN}"`);

    const file = join(work, 'a-file');
    writeFileSync(file, '');
    for (const args of [
      ['--out', join(work, 'x')],
      ['--since', '2026-10-19', '--out', file],
      ['--since', 'yesterday', '--out', join(work, 'y')],
      ['--since', '2026-10-19', '--lang', 'de', '--out', join(work, 'z')],
      ['--since', '2026-10-19', '--sender', '0612345678', '--out', join(work, 'w')],
    ]) {
      const refused = await admin('dossier', ...args);
      expect([refused.code, refused.stderr.split('\n').length]).toEqual([2, 2]);
    }
    expect(existsSync(join(work, 'x'))).toBe(false);
  });

  test('it is recorded in the audit trail, the sender masked', async () => {
    const audit = (await auditRecords(state)).filter((record) => record.command === 'dossier');
    expect(audit.length).toBeGreaterThanOrEqual(2);
    expect(JSON.stringify(audit)).not.toContain(FOREIGN);
    expect(audit.map((record) => (record.args as { sender?: string }).sender)).toContain(
      '+447*******56',
    );
  });
});

describe('senders --flagged', () => {
  test('lists flagged senders with full numbers, counts, first and last seen in local time', async () => {
    // Without --since: as far back as evidence is kept (one query per day of the retention).
    const result = await admin('senders', '--flagged');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /flagged sender\(s\) in \d+ evidence record\(s\) received as far back as evidence is kept/,
    );
    const mine = records.filter((record) => record.from === TOP);
    const line = result.stdout.split('\n').find((text) => text.includes(TOP));
    const local = (iso: string): string =>
      paris(iso)
        .slice(0, 16)
        .replace(/(\d\d)\/(\d\d)\/(\d{4})/, '$3-$2-$1');
    expect(line).toMatch(
      new RegExp(
        `^  \\${TOP} +${mine.length}  ${local(mine[0]!.receivedAt)}  ${local(mine.at(-1)!.receivedAt)}  insult`,
      ),
    );
    expect(result.stdout).toContain(PREMIUM);
  });

  test('--json gives every sender; without --flagged it is a usage error', async () => {
    const json = await admin('senders', '--flagged', '--since', '2026-10-19', '--json');
    const parsed = JSON.parse(json.stdout) as { senders: { number: string; messages: number }[] };
    expect(parsed.senders.reduce((sum, sender) => sum + sender.messages, 0)).toBe(records.length);
    expect(parsed.senders.map((sender) => sender.number)).toContain(FOREIGN);

    const bare = await admin('senders');
    expect(bare.code).toBe(2);
    expect(bare.stderr).toMatch(/^error: senders lists flagged senders only .*: add --flagged/);
  });
});

browserTest(
  'the page, in headless Chromium: summary from the records, Paris times, nothing fetched, prints',
  async () => {
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
      const errors: string[] = [];
      const fetched: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.route('**/*', (route) => {
        if (route.request().url().startsWith('file:')) return route.continue();
        fetched.push(route.request().url());
        return route.abort();
      });
      await page.goto(`file://${join(out, 'dossier.html')}`);
      const fact = async (field: string): Promise<[string, string]> => [
        (await page.textContent(`[data-field="${field}"] dd`)) ?? '',
        (await page.getAttribute(`[data-field="${field}"] dd`, 'data-value')) ?? '',
      ];

      const perMinute = new Map<string, number>();
      for (const record of records)
        perMinute.set(
          record.receivedAt.slice(0, 16),
          (perMinute.get(record.receivedAt.slice(0, 16)) ?? 0) + 1,
        );
      const [peakMinute, peak] = [...perMinute].sort(
        ([a, x], [b, y]) => y - x || a.localeCompare(b),
      )[0]!;
      expect(await fact('messages')).toEqual([String(records.length), String(records.length)]);
      expect((await fact('numbers'))[1]).toBe(
        String(new Set(records.map((record) => record.from)).size),
      );
      expect((await fact('start'))[0]).toBe(paris(records[0]!.receivedAt));
      expect((await fact('end'))[0]).toBe(paris(records.at(-1)!.receivedAt));
      expect(await fact('peak')).toEqual([
        `${peak} messages dans la minute du ${paris(`${peakMinute}:00.000Z`)}`,
        String(peak),
      ]);
      expect((await fact('foreign'))[1]).toBe('1');
      expect((await fact('premium'))[1]).toBe('1');
      expect(await page.$$eval('section#messages tbody tr', (rows) => rows.length)).toBe(
        records.length,
      );
      expect(await page.textContent('section#messages tbody tr:first-child td.time')).toBe(
        paris(records[0]!.receivedAt),
      );
      // The raider's markup is text, not markup.
      expect(await page.textContent(`section#messages tr[data-id="premium-1"] td.body`)).toBe(
        PREMIUM_RECORD.body,
      );

      const bars = await page.$$eval('rect[data-series="abusive"]', (rects) =>
        rects.map((r) => Number(r.getAttribute('data-count'))),
      );
      expect(bars.reduce((sum, n) => sum + n, 0)).toBe(records.length);
      expect(
        Number(await page.getAttribute('path[data-series="inbound"]', 'data-total')),
      ).toBeGreaterThan(100);
      expect(await page.$$('section#summary li[data-source="recorded"]')).toHaveLength(1);

      expect(errors).toEqual([]);
      expect(fetched).toEqual([]);
      await page.emulateMedia({ media: 'print' });
      expect(
        await page.evaluate(
          "getComputedStyle(document.querySelector('section#messages thead')).display",
        ),
      ).toBe('table-header-group');
      expect((await page.pdf({ format: 'A4' })).length).toBeGreaterThan(20_000);
    } finally {
      await browser.close();
    }
  },
);
