/**
 * The CLI as maintainers run it: the package `bin` (`npx antirelou`, a shim that registers tsx),
 * in its own process, on the state folder a simulator subprocess left behind.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Summary } from '../../tools/simulator/run';
import type { StatusReport } from '../../tools/admin/status';
import type { CommandResult } from '../support/cli';
import { runCommand, runTs } from '../support/cli';

const ROOT = join(__dirname, '..', '..');

const antirelou = (...args: string[]): Promise<CommandResult> =>
  runCommand(process.execPath, [join(ROOT, 'tools', 'admin', 'bin.js'), ...args]);

let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'antirelou-bin-'));
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

test('npx antirelou --help works from the repository root', async () => {
  const result = await runCommand('npx', ['--no-install', 'antirelou', '--help']);
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/^Usage: antirelou \[options\] \[command\]/);
});

test('after `npm run simulate -- --scenario quiet --state DIR`: status, pause, status again', async () => {
  // Prepare: a small simulated week, in a subprocess, as a maintainer would run it.
  const state = join(work, 'state');
  const simulated = await runTs('tools/simulator/cli.ts', [
    '--scenario',
    'quiet',
    '--scale',
    '0.05',
    '--state',
    state,
    '--json',
    '--no-html',
  ]);
  expect(simulated.code).toBe(0);
  const summary = JSON.parse(simulated.stdout) as Summary;

  // Act
  const status = await antirelou('--local', state, 'status', '--json');

  // Assess: one JSON object, which agrees with the simulator's own account.
  expect(status.stderr).toBe('');
  expect(status.code).toBe(0);
  const report = JSON.parse(status.stdout) as StatusReport;
  expect(report.budget.month.spentMicros).toBe(summary.spent_micros);
  expect(report.stopList?.optedOut).toBe(summary.opted_out);
  // Drops come from the metrics the simulator left in the folder (metrics.json).
  expect(report.budget.month.dropped).toEqual(summary.dropped);
  expect(report.asOf.clock).toBe('simulated');

  const paused = await antirelou('--local', state, 'pause', '--reason', 'checking the CLI');
  expect(paused.code).toBe(0);
  const text = await antirelou('--local', state, 'status');
  expect(text.stdout).toMatch(
    /^Replies {5}PAUSED since .*: "checking the CLI" \(antirelou resume\)$/m,
  );

  const usage = await antirelou('--local', state, 'block', '06 12 34 56 78');
  expect(usage.code).toBe(2);
  expect(usage.stderr).toMatch(
    /^error: the number "06 12 34 56 78" is not a valid phone number in E\.164/,
  );
});
