/**
 * `npm run simulate -- --budget …` as a user runs it, and the reports naming the cap that
 * refused people: a real process, real files, exit codes.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTs } from '../support/cli';

const CLI = 'tools/simulator/cli.ts';
const work = mkdtempSync(join(tmpdir(), 'antirelou-plan-'));

test.each([
  [['--budget', 'hour=8,week=3'], /"week=3" is not hour=…, day=… or month=…; e\.g\. --budget/],
  [['--budget', 'day=-5'], /day=-5 is not an amount ≥ 0 in currency units/],
  [['--budget', 'hour=50'], /budget\.hour is above budget\.day/],
  [['--budget', 'day=2000,month=9000'], /budget item/],
])('a bad --budget %j: one sentence, exit 2', async (args, message) => {
  const result = await runTs(CLI, ['--scenario', 'quiet', '--json', ...args]);
  expect(result.code).toBe(2);
  expect(result.stderr).toMatch(message);
  expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  expect(result.stdout).toBe('');
});

test('--budget replaces the caps; the reports name the cap that refused people, and when', async () => {
  const html = join(work, 'report.html');
  const result = await runTs(CLI, [
    ...['--scenario', 'quiet', '--scale', '0.2', '--budget', 'hour=0.3,day=0.9', '--html', html],
  ]);
  expect(result.code).toBe(0);
  // 60 new senders a day at 0.2: 12 a day for EUR 0.90 (6 replies): the day cap binds.
  expect(result.stdout).toMatch(/^day {5,}EUR 0\.90 /m);
  expect(result.stdout).toMatch(
    /the day cap \(EUR 0\.90\) refused [\d,]+ SMS from [\d,]+ people \([\d,]+ real\)(, [\d,]+ of the SMS then waited on the waiting list)?, in \d+ hour\(s\) on /,
  );
  expect(result.stdout).toMatch(/Per day \(the budget's time zone\):\n\s*day\s+spent\s+cap/);
  expect(result.stdout).toMatch(
    /^\s*95%\s+EUR [\d.]+\s+EUR [\d.]+\s+EUR [\d.]+\s+\d+ of \d+\s+--budget hour=/m,
  );
  expect(result.stdout).toMatch(/a one-segment reply \(up to 160 GSM-7 characters\)/);
  const page = readFileSync(html, 'utf8');
  expect(page).toMatch(/<li>The day cap \(EUR 0\.90\) refused \d+ SMS from \d+ people/);
  expect(page).toContain('<table id="per-day">');
  expect(page).toContain('<table id="budget-plan">');
});

test('--json carries per_day, money_refusals, budget_plan and shorter_reply', async () => {
  const result = await runTs(CLI, [
    ...['--scenario', 'quiet', '--scale', '0.1', '--budget', 'hour=0.15,day=0.45', '--json'],
  ]);
  expect(result.code).toBe(0);
  const summary = JSON.parse(result.stdout);
  expect(summary.budget_micros).toEqual({ hour: 150_000, day: 450_000, month: 300_000_000 });
  expect(Object.keys(summary.per_day[0]).sort()).toEqual([
    'cap_micros',
    'date',
    'full_day',
    'refused_for_money',
    'refused_senders',
    'spent_micros',
    'waiting',
  ]);
  const spent = summary.per_day.reduce(
    (sum: number, day: { spent_micros: number }) => sum + day.spent_micros,
    0,
  );
  expect(spent).toBe(summary.spent_micros);
  expect(summary.money_refusals.budget_day.cap_micros).toBe(450_000);
  expect(summary.money_refusals.budget_day.legit_senders).toBeGreaterThan(0);
  for (const entry of summary.budget_plan) {
    expect(Object.keys(entry)).toEqual(
      expect.arrayContaining(['served_share', 'hour', 'day', 'month']),
    );
  }
  expect(summary.shorter_reply).toMatchObject({ segments_now: 2 });
});
