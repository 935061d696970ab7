/**
 * The maintainer's daily view on a simulator's state folder (issue 19): `status` on one clock
 * with counts that match the money, `status --at` rebuilt from the ledger, the audit trail and
 * the metrics (or refused), `history` one line per day, `audit` newest first with numbers
 * masked, `budget` alone, and `send-test` showing the text in force. Two small replays of the
 * real responder (one with a raid), then each command in turn.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConfigInput } from '../../lib/config';
import type { AuditReport } from '../../tools/admin/audit-view';
import type { HistoryReport } from '../../tools/admin/history';
import type { StatusReport } from '../../tools/admin/status';
import { simulate } from '../../tools/simulator/run';
import type { TraceEvent } from '../../tools/simulator/trace';
import { runAdmin } from './io';
import { MS_PER_DAY, newSenders, simulateOn } from './state';

const shipped = JSON.parse(readFileSync('config/antirelou.json', 'utf8')) as ConfigInput;
/** Raid mode starts at 12 SMS a minute, so that a small replay has one (its raid sends 20). */
const config = { ...shipped, raid: { floodFloorPerMinute: 12 } } as ConfigInput;
/** Monday 2 November 2026, 08:00 in Paris (the config's budget time zone). */
const BASE = Date.UTC(2026, 10, 2, 7, 0, 0);
const REPLY_MICROS = 150_000;
const RAID_START_S = 3600;

let work: string;
let dir: string;
const admin = (...args: string[]) => runAdmin(['--local', dir, '--who', 'tester', ...args]);
const json = async <T>(...args: string[]): Promise<T> => {
  const result = await admin(...args, '--json');
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout) as T;
};

/** Ten real senders, then 10 bots at 20 insults a minute for 10 minutes, then five more. */
function dayWithRaid(): TraceEvent[] {
  const raid = Array.from({ length: 200 }, (_, i) => ({
    t: RAID_START_S + i * 3,
    from: `+3375${String(i % 10).padStart(7, '0')}`,
    body: 'Connard',
  }));
  const later = newSenders('30', 5).map((e) => ({ ...e, t: e.t + 2 * 3600 }));
  return [...newSenders('10', 10), ...raid, ...later].sort((a, b) => a.t - b.t);
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'antirelou-daily-'));
  dir = join(work, 'state');
  await simulateOn(dir, config, BASE, dayWithRaid());
  await simulateOn(dir, config, BASE + MS_PER_DAY, newSenders('20', 4));
}, 60_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('status', () => {
  test('one clock, the current hour, day and month first, counts that match the money', async () => {
    const report = await json<StatusReport>('status');
    // The data's clock: the last reply of the second day (4th sender at 3 min, + 20 min delay).
    const endMs = BASE + MS_PER_DAY + 180_000 + 1_200_000;
    expect(report.asOf).toMatchObject({
      clock: 'simulated',
      iso: new Date(endMs).toISOString(),
      present: new Date(endMs).toISOString(),
    });
    for (const period of ['hour', 'day', 'month'] as const) {
      const p = report.budget[period];
      expect(p.repliesSource).toBe('ledger');
      expect(p.replies! * REPLY_MICROS).toBe(p.spentMicros);
      expect(p.until).toBe(report.asOf.figuresUntil);
    }
    expect(report.budget.day).toMatchObject({ key: '2026-11-03', replies: 4, inbound: 4 });
    expect(report.budget.month.replies).toBe(report.budget.day.replies! + 15);
    expect(report.budget.month.dropped).toMatchObject({ abusive: expect.any(Number) });
    expect(report.dropReasonsDoc).toBe('docs/operate.md#drop-reasons');

    const text = (await admin('status')).stdout;
    const lines = text.split('\n');
    const first = lines.findIndex((line) => line.startsWith('hour '));
    expect(lines[first + 1]).toMatch(/^day +2026-11-03 +EUR 0\.60 +EUR 40\.00 +1\.5% +4 +4 +0 +-$/);
    expect(lines[first + 2]).toMatch(/^month +2026-11 /);
    expect(first).toBeLessThan(lines.findIndex((line) => line.startsWith('Replies ')));
    // Amounts to the cent; only the prices per segment (the `Price` lines) are exact, as configured.
    expect(text.replace(/^Price .*$/gm, '')).not.toMatch(/EUR \d+\.\d{3}/);
    expect(text).toMatch(
      /^Price {7}FR: EUR 0\.075 a segment counted now \(configured; nothing learned/m,
    );
    expect(text).toContain('every drop reason explained: docs/operate.md#drop-reasons');
    expect(text).toContain("As of 2026-11-03 08:23 Europe/Paris (the state's simulated clock");
  });

  test('--at during the raid: raid mode then, its lower hour cap, that hour’s figures', async () => {
    const atMs = BASE + (RAID_START_S + 300) * 1000;
    const report = await json<StatusReport>('--at', new Date(atMs).toISOString(), 'status');
    expect(report.asOf.clock).toBe('at');
    expect(report.raid).toMatchObject({ inForce: true, detected: true, override: 'auto' });
    expect(report.budget.hour).toMatchObject({
      key: '2026-11-02T09',
      capSource: 'raid',
      capMicros: 1_000_000,
      inbound: 200,
    });
    expect(report.budget.hour.dropped).toMatchObject({ abusive: expect.any(Number) });
    expect(report.budget.day.replies! * REPLY_MICROS).toBe(report.budget.day.spentMicros);
    expect(report.delay?.waiting).toBeNull();
    expect(report.stopList).toBeNull();
    expect(report.notes.join(' ')).toContain('to the end of the hour --at falls in');
    const text = (await admin('--at', new Date(atMs).toISOString(), 'status')).stdout;
    expect(text).toMatch(/^Raid mode {3}ON \(flood detection: active since 2026-11-02 09:0\d\)/m);
    expect(text).toContain('Stop list   kept for the present only');
  });

  test('pause is on the data’s clock; --at before it still shows the line running', async () => {
    const before = await json<StatusReport>('status');
    expect((await admin('pause', '--reason', 'check +33612345678')).code).toBe(0);
    const after = await json<StatusReport>('status');
    expect(after).toMatchObject({
      paused: true,
      pausedAt: before.asOf.present,
      pausedBy: 'tester',
      pausedReason: 'check +336******78',
    });
    const text = (await admin('status')).stdout;
    expect(text).toContain('Replies     PAUSED since 2026-11-03 08:23 by tester');
    const earlier = await json<StatusReport>(
      '--at',
      new Date(BASE + 600_000).toISOString(),
      'status',
    );
    expect(earlier).toMatchObject({ paused: false, pauseSource: 'audit trail' });
    expect((await admin('resume')).code).toBe(0);
  });

  test('--at later than the data: exit 2, saying where the data ends', async () => {
    const result = await admin('--at', '2027-01-01', 'status');
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^error: --at 2027-01-01 01:00 is later than the data: the state's data ends 2026-11-03 08:23/,
    );
  });
});

test('history: one line per day, replies that match the spend, drops, raid minutes, flagged', async () => {
  const report = await json<HistoryReport>('history', '--days', '3');
  expect(report.days.map((d) => d.date)).toEqual(['2026-11-01', '2026-11-02', '2026-11-03']);
  const [, raidDay, nextDay] = report.days;
  expect(raidDay).toMatchObject({
    replies: 15,
    repliesSource: 'ledger',
    spentMicros: 15 * REPLY_MICROS,
    inbound: 215,
    capMicros: 40_000_000,
  });
  expect(raidDay!.dropped).toMatchObject({ abusive: expect.any(Number) });
  expect(raidDay!.raidMinutes).toBeGreaterThanOrEqual(10);
  expect(raidDay!.flagged).toBe(raidDay!.dropped!.abusive);
  expect(nextDay).toMatchObject({
    replies: 4,
    spentMicros: 4 * REPLY_MICROS,
    raidMinutes: 0,
    flagged: 0,
  });

  const text = (await admin('history', '--days', '3')).stdout;
  expect(text.split('\n').filter((line) => /^2026-11-0\d /.test(line))).toHaveLength(3);
  expect(text).toMatch(/^2026-11-02 +15 +EUR 2\.25 +EUR 40\.00 +215 /m);
  expect((await admin('history', '--days', '0')).code).toBe(2);
});

test('audit: newest first, who, when on the data’s clock, numbers masked; --since', async () => {
  expect((await admin('budget', 'set', '--day', '30')).code).toBe(0);
  const report = await json<AuditReport>('audit');
  expect(report.records.map((r) => r.command)).toEqual(['budget set', 'resume', 'pause']);
  expect(report.records[2]).toMatchObject({
    who: 'tester',
    when: new Date(BASE + MS_PER_DAY + 1_380_000).toISOString(),
    args: { reason: 'check +336******78' },
  });
  expect(JSON.stringify(report)).not.toContain('612345678');
  const text = (await admin('audit')).stdout;
  expect(text).toMatch(
    /^2026-11-03 08:23 +tester +budget set +day=30000000 +budgetOverride=\{\} → budgetOverride=\{"dayMicros":30000000\}$/m,
  );
  expect((await json<AuditReport>('audit', '--since', '2026-12-01')).records).toEqual([]);
  expect((await admin('audit', '--since', 'yesterday')).code).toBe(2);
});

test('budget alone prints its usage and exits 2', async () => {
  const result = await admin('budget');
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('Usage: antirelou budget');
  expect(result.stderr).toContain('error: budget needs a subcommand: set or clear');
});

test('send-test shows the exact text, its segments and cost, and which text is in force', async () => {
  // A replay that records the config file it ran with; then the file changes.
  const file = join(work, 'config.json');
  writeFileSync(file, JSON.stringify(config));
  await simulate({
    events: newSenders('40', 1),
    config,
    configFile: file,
    startMs: BASE + 2 * MS_PER_DAY,
    stateDir: dir,
    concurrency: 1,
  });
  writeFileSync(file, JSON.stringify({ ...config, reply: 'Non, c’est non.' }));

  const result = await admin('send-test', '+33640000001');
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(
    /Text sent, exactly \(\d+ characters, GSM-7, 2 segment\(s\) × EUR 0\.075 = EUR 0\.15\):\n {2}\| /,
  );
  expect(result.stdout).toContain(
    `The text in force: the config of the state's responder (saved by the simulator's last replay from ${file}).`,
  );
  expect(result.stderr).toContain(
    `warning: ${file} now has another reply text (UCS-2, 1 segment(s))`,
  );
});
