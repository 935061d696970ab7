/**
 * Issue 14 (hardening) on a simulator's state folder, as maintainers run the CLI: a test SMS is
 * charged to the period status shows, whatever `--at` says; a CSV export is safe to open and
 * every row checks against its digest; any `--since` works; phone numbers in free texts are
 * masked before they are stored or printed.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EvidenceStore } from '../../lambda/adapters/evidence-store';
import type { EvidenceRecord } from '../../lambda/domain/evidence';
import { evidenceRecord, manifestDigest, sha256Hex } from '../../lambda/domain/evidence';
import type { ConfigInput } from '../../lib/config';
import { formatMicros } from '../../lib/config/money';
import type { StatusReport } from '../../tools/admin/status';
import { runAdmin } from './io';
import { auditRecords, controlItem, newSenders, simulateOn, tableSnapshot } from './state';

const config = JSON.parse(readFileSync('config/antirelou.json', 'utf8')) as ConfigInput;
/** Monday 2 November 2026, 08:00 in Paris. */
const BASE = Date.UTC(2026, 10, 2, 7, 0, 0);
const REPLY_MICROS = 150_000;
const ABUSER = '+33699000001';

const BODIES = [
  '\n=HYPERLINK("http://x.example","clique")',
  ' =1+1',
  '＝1+1',
  '＋33612345678',
  "'=1+1",
  '=1+1',
  'ok;=cmd|"/c calc"!A0',
  '\t@SUM(A1:A9)',
  'ligne 1\r\n-2+3',
  'salut, ça va ?',
];

const EVIDENCE: EvidenceRecord[] = BODIES.map((body, i) =>
  evidenceRecord({
    // Before the state's clock (its last message, BASE + 3 min), as the responder stores them.
    receivedAt: new Date(BASE - (BODIES.length - i) * 60_000).toISOString(),
    inboundMessageId: `ev-${i}`,
    from: ABUSER,
    to: '+33700000000',
    body,
    reasons: i % 3 === 0 ? ['insult:test', 'repeater:2'] : ['insult:test'],
  }),
);

/** RFC 4180, as any CSV library reads it (written here, apart from the exporter's own reader). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  const cell = /"((?:[^"]|"")*)"|([^",\r\n]*)/y;
  let at = 0;
  while (at < text.length) {
    const row: string[] = [];
    for (;;) {
      cell.lastIndex = at;
      const match = cell.exec(text)!;
      row.push(match[1] === undefined ? match[2]! : match[1].replace(/""/g, '"'));
      at = cell.lastIndex;
      if (text[at] !== ',') break;
      at += 1;
    }
    rows.push(row);
    at += text.startsWith('\r\n', at) ? 2 : 1;
  }
  return rows;
}

let work: string;
let dir: string;
let admin: (...args: string[]) => ReturnType<typeof runAdmin>;

const status = async (...global: string[]): Promise<StatusReport> => {
  const result = await admin(...global, 'status', '--json');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as StatusReport;
};

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'antirelou-hardening-'));
  dir = join(work, 'state');
  admin = (...args) => runAdmin(['--local', dir, '--who', 'tester', ...args]);
  await simulateOn(dir, config, BASE, newSenders('10', 4), async (env) => {
    const store = new EvidenceStore(env.dynamo.documentClient, env.tableName);
    for (const record of EVIDENCE) {
      await store.put(record, env.senderKey(record.from), Math.floor(BASE / 1000) + 86_400 * 365);
    }
  });
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('defect 5: send-test is charged to the current period, never to the one --at names', () => {
  test('it is charged to the hour, day and month status shows (the state’s simulated clock)', async () => {
    // Prepare
    const before = await status();
    expect(before.asOf.clock).toBe('simulated');

    // Act
    const sent = await admin('send-test', '+33640000001');

    // Assess
    expect(sent.stderr).toBe('');
    expect(sent.code).toBe(0);
    const after = await status();
    expect(after.asOf).toEqual(before.asOf);
    for (const period of ['hour', 'day', 'month'] as const) {
      expect(after.budget[period].key).toBe(before.budget[period].key);
      expect(after.budget[period].spentMicros).toBe(
        before.budget[period].spentMicros + REPLY_MICROS,
      );
    }
  });

  test('refused over budget, it does not go through with --at: exit 2, nothing written', async () => {
    // Prepare: the day's budget is spent up to its cap.
    const spent = (await status()).budget.day.spentMicros;
    const cap = formatMicros(spent, '').trim();
    expect((await admin('budget', 'set', '--day', cap)).code).toBe(0);
    const refused = await admin('send-test', '+33640000002');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^error: refused: over budget \(budget_day: /);
    const yesterday = (await status('--at', '1d')).budget;
    const snapshot = await tableSnapshot(dir);

    // Act
    const moved = await admin('--at', '1d', 'send-test', '+33640000002');

    // Assess
    expect(moved.code).toBe(2);
    expect(moved.stdout).toBe('');
    expect(moved.stderr).toBe(
      'error: --at does not apply to send-test: a test SMS is sent now and charged to the ' +
        "current hour, day and month (with --local, those of the state's simulated clock, as " +
        'status shows them). --at only moves what status and export-evidence show; run it ' +
        'without --at\n',
    );
    expect(await tableSnapshot(dir)).toBe(snapshot);
    expect((await status('--at', '1d')).budget).toEqual(yesterday);
    expect((await status()).budget.day.spentMicros).toBe(spent);
    expect((await admin('budget', 'clear')).code).toBe(0);
  });

  test.each(
    [['pause'], ['resume'], ['block', ABUSER], ['budget', 'clear'], ['raid', 'auto']].map(
      (command) => [command.join(' '), command] as const,
    ),
  )('--at with %s (which acts now): exit 2, nothing written', async (_name, command) => {
    const snapshot = await tableSnapshot(dir);
    const result = await admin('--at', '2h', ...command);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: --at does not apply to [a-z -]+: .* acts now\./);
    expect(await tableSnapshot(dir)).toBe(snapshot);
  });
});

describe('defect 8: the CSV export', () => {
  const exportCsv = async (out: string, ...extra: string[]) =>
    admin('export-evidence', '--since', '2026-11-02', '--format', 'csv', '--out', out, ...extra);

  test('every row, unescaped as the docs say, recomputes its record digest', async () => {
    // Act
    const out = join(work, 'evidence.csv');
    const result = await exportCsv(out);

    // Assess
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Manifest SHA-256: ${manifestDigest(EVIDENCE)}`);
    const [header, ...rows] = parseCsv(readFileSync(out, 'utf8'));
    expect(header).toEqual([
      'receivedAt',
      'inboundMessageId',
      'from',
      'to',
      'body',
      'reasons',
      'digest',
    ]);
    expect(rows).toHaveLength(EVIDENCE.length);
    const digests: string[] = [];
    for (const row of rows) {
      const [receivedAt, inboundMessageId, from, to, body, reasons, digest] = row.map((cell) =>
        cell.replace(/(^|[,;\t\r\n])'/g, '$1'),
      );
      const canonical = JSON.stringify({
        body,
        from,
        inboundMessageId,
        reasons: JSON.parse(reasons!) as string[],
        receivedAt,
        to,
      });
      expect(sha256Hex(canonical)).toBe(digest);
      expect(from).toBe(ABUSER);
      digests.push(digest!);
    }
    expect(digests).toEqual(EVIDENCE.map((record) => record.digest));
    // The manifest digest can be recomputed from the file alone.
    expect(sha256Hex(digests.join('\n'))).toBe(manifestDigest(EVIDENCE));
  });

  test('bodies starting with LF, a space, ＝ or ＋ are protected; two bodies never share a cell', async () => {
    const out = join(work, 'evidence-cells.csv');
    expect((await exportCsv(out)).code).toBe(0);
    const rows = parseCsv(readFileSync(out, 'utf8')).slice(1);
    const body = (text: string): string => rows[BODIES.indexOf(text)]![4]!;
    expect(body('\n=HYPERLINK("http://x.example","clique")')).toMatch(/^'\n'=HYPERLINK/);
    expect(body(' =1+1')).toBe("' =1+1");
    expect(body('＝1+1')).toBe("'＝1+1");
    expect(body('＋33612345678')).toBe("'＋33612345678");
    expect(body('ok;=cmd|"/c calc"!A0')).toBe('ok;\'=cmd|"/c calc"!A0');
    expect(body("'=1+1")).toBe("''=1+1");
    expect(body('=1+1')).toBe("'=1+1");
    expect(new Set(rows.map((row) => row[4])).size).toBe(BODIES.length);
    for (const row of rows) expect(row[2]).toBe(`'${ABUSER}`);
  });

  test('the file is readable by its owner only (0600), also when --force overwrites an older one', async () => {
    const fresh = join(work, 'fresh.jsonl');
    expect((await admin('export-evidence', '--since', '2026-11-02', '--out', fresh)).code).toBe(0);
    expect(statSync(fresh).mode & 0o777).toBe(0o600);

    const older = join(work, 'older.csv');
    writeFileSync(older, 'an older export');
    chmodSync(older, 0o644);
    expect((await exportCsv(older, '--force')).code).toBe(0);
    expect(statSync(older).mode & 0o777).toBe(0o600);
    expect(readFileSync(older, 'utf8')).toMatch(/^receivedAt,/);
  });
});

describe('defect 10: any --since works', () => {
  test('--since 2020-01-01: every record the table holds, and a note on the retention', async () => {
    const out = join(work, 'since-2020.jsonl');
    const result = await admin('export-evidence', '--since', '2020-01-01', '--out', out);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`${EVIDENCE.length} evidence record(s) received in [2025-`);
    expect(result.stdout).toMatch(/^Note: evidence is kept 365 days \(evidenceRetentionDays\)/m);
    expect(result.stdout).toContain(`Manifest SHA-256: ${manifestDigest(EVIDENCE)}`);
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(EVIDENCE.length);
  });

  test('a range far in the past and far in the future: all records, no error', async () => {
    const out = join(work, 'everything.jsonl');
    const result = await admin(
      'export-evidence',
      '--since',
      '1900-01-01',
      '--until',
      '2099-12-31',
      '--out',
      out,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Manifest SHA-256: ${manifestDigest(EVIDENCE)}`);
  });

  test('a range wholly older than the retention: an empty export that says why', async () => {
    const out = join(work, 'too-old.jsonl');
    const result = await admin(
      'export-evidence',
      '--since',
      '2019-01-01',
      '--until',
      '2019-02-01',
      '--out',
      out,
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      '0 evidence record(s) received in [2019-01-01T00:00:00.000Z, 2019-02-02T00:00:00.000Z)',
    );
    expect(result.stdout).toContain('none received in that range can still be in the table');
    expect(readFileSync(out, 'utf8')).toBe('');
  });
});

describe('phone numbers in free texts are masked before they are stored or printed', () => {
  const NUMBER = '+33612345678';

  test('pause --reason and --who: the control item, the audit record, the output, status', async () => {
    // Act
    const result = await runAdmin([
      '--local',
      dir,
      '--who',
      `astreinte ${NUMBER}`,
      'pause',
      '--reason',
      `harcèlement du ${NUMBER}, rappeler le 06 98 76 54 32`,
    ]);

    // Assess
    expect(result.code).toBe(0);
    const reason = 'harcèlement du +336******78, rappeler le +336******32';
    expect(result.stdout).toContain(`("${reason}")`);
    expect(await controlItem(dir)).toMatchObject({
      paused: true,
      pausedReason: reason,
      pausedBy: 'astreinte +336******78',
    });
    const audit = (await auditRecords(dir)).at(-1)!;
    expect(audit).toMatchObject({
      who: 'astreinte +336******78',
      command: 'pause',
      args: { reason },
      after: { paused: true, pausedReason: reason },
    });
    const text = (await admin('status')).stdout;
    expect(text).toContain(`by astreinte +336******78: "${reason}"`);
    for (const output of [result.stdout, JSON.stringify(audit), text]) {
      expect(output).not.toContain('612345678');
      expect(output).not.toContain('98 76 54');
    }

    const resumed = await admin('resume', '--reason', `fini, merci 0698765432`);
    expect(resumed.code).toBe(0);
    expect((await auditRecords(dir)).at(-1)).toMatchObject({
      command: 'resume',
      args: { reason: 'fini, merci +336******32' },
    });
  });

  test('the file name of an export is masked in its audit record', async () => {
    const out = join(work, `evidence-${NUMBER}.jsonl`);
    expect((await admin('export-evidence', '--since', '2026-11-02', '--out', out)).code).toBe(0);
    const audit = (await auditRecords(dir)).at(-1)!;
    expect(audit).toMatchObject({ command: 'export-evidence' });
    expect(JSON.stringify(audit)).not.toContain(NUMBER);
    expect((audit.args as { out: string }).out).toBe(join(work, 'evidence-+336******78.jsonl'));
  });
});
