/**
 * The benchmark on a tiny input, as a user runs it (`npm run bench -- --quick --json`): stdout is
 * one JSON object, every key is there with a sane type, and the round-trip counting is right
 * where the answer is known. No assertion on timings.
 */
import type { BenchReport } from '../../tools/bench/run';
import { textReport } from '../../tools/bench/report';
import type { CommandResult } from '../support/cli';
import { runTs } from '../support/cli';

/** The keys other tools read (../shared/DESIGN.md) and the issue asks for. */
const COUNT_KEYS = [
  'ddb_calls_accepted',
  'ddb_calls_accepted_cold',
  'ddb_calls_accepted_quiet',
  'ddb_calls_repeat',
  'ddb_calls_repeat_new_container',
  'ddb_calls_duplicate',
  'ddb_calls_over_budget',
  'ddb_calls_opted_out',
  'ddb_calls_raid_drop',
  'ddb_calls_abusive',
  'ddb_calls_malformed',
  'bundle_bytes',
] as const;

const MEASURE_KEYS = [
  'overhead_ratio_c1',
  'overhead_ratio_c8',
  'overhead_ratio_c64',
  'overhead_ratio_repeat_c1',
  'overhead_ratio_repeat_c8',
  'overhead_ratio_repeat_c64',
  'load_ms',
  'load_ms_without_source_maps',
  'sdk_load_ms',
  'process_start_ms',
  'process_with_bundle_ms',
  'raid_rejected_usd',
  'wall_ms',
] as const;

const expectNonNegative = (value: unknown): void => {
  expect(typeof value).toBe('number');
  expect(Number.isFinite(value)).toBe(true);
  expect(value as number).toBeGreaterThanOrEqual(0);
};

let run: CommandResult;
let report: BenchReport;

beforeAll(async () => {
  run = await runTs('tools/bench/cli.ts', ['--quick', '--json']);
  try {
    report = JSON.parse(run.stdout) as BenchReport;
  } catch {
    throw new Error(`bench --quick --json (exit ${run.code}) printed no JSON:\n${run.stderr}`);
  }
}, 60_000);

describe('npm run bench -- --quick', () => {
  test.each(COUNT_KEYS)('%s is a whole number ≥ 0', (key) => {
    expectNonNegative(report[key]);
    expect(Number.isInteger(report[key])).toBe(true);
  });

  test.each(MEASURE_KEYS)('%s is a number ≥ 0', (key) => {
    expectNonNegative(report[key]);
  });

  test('the counting agrees with what the responder is known to do', () => {
    expect(report.ddb_calls_accepted).toBeGreaterThan(0);
    expect(report.ddb_calls_accepted).toBeLessThanOrEqual(3);
    expect(report.ddb_calls_malformed).toBe(0);
    expect(report.ddb_calls_repeat).toBeGreaterThanOrEqual(1);
    // A new container reads the control item before anything else: more calls, never fewer.
    expect(report.ddb_calls_accepted_cold).toBeGreaterThan(report.ddb_calls_accepted);
    expect(report.ddb_calls.cases.accepted?.outcome).toBe('replied');
    expect(report.ddb_calls.cases.malformed?.outcome).toMatch(/^dropped:/);
    expect(report.ddb_calls.cases.duplicate?.outcome).toBe('dropped:duplicate');
    expect(report.ddb_calls.cases.over_budget?.outcome).toBe('dropped:budget_hour');
    expect(report.ddb_calls.cases.raid_drop?.outcome).toBe('dropped:raid_not_new');
    expect(report.ddb_calls.cases.opted_out?.outcome).toBe('dropped:opted_out');
    expect(report.ddb_calls.cases.abusive?.outcome).toBe('dropped:abusive');
    for (const measured of Object.values(report.ddb_calls.cases)) {
      const byCommand = Object.values(measured.commands).reduce((a, b) => a + b, 0);
      const byItem = Object.values(measured.items).reduce((a, b) => a + b, 0);
      expect(byCommand).toBe(measured.calls);
      expect(byItem).toBe(measured.calls);
      expect(measured.messageCalls + measured.periodicCalls).toBe(measured.calls);
    }
    // An accepted reply writes the sender's item and the budget's, nothing else of its own.
    const accepted = report.ddb_calls.cases.accepted!;
    expect(accepted.items.sender).toBe(1);
    expect(accepted.items.budget).toBe(1);
  });

  test('throughput at concurrency 1, 8 and 64, with the bare write beside it', () => {
    expect(Object.keys(report.throughput)).toEqual(['c1', 'c8', 'c64']);
    for (const level of Object.values(report.throughput)) {
      expect(level.handler.notReplied).toBe(0);
      expect(level.repeat.notWindow).toBe(0);
      for (const value of [
        level.handler.perSecond,
        level.handler.p50Ms,
        level.handler.p99Ms,
        level.handler.ddbCallsPerMessage,
        level.handler.cpuMsPerMessage,
        level.bare.perSecond,
        level.bare.p50Ms,
        level.bare.p99Ms,
        level.overheadRatio,
        level.repeat.p50Ms,
        level.repeat.ddbCallsPerMessage,
        level.overheadRatioRepeat,
      ]) {
        expectNonNegative(value);
      }
      expect(level.handler.count).toBeGreaterThan(0);
    }
  });

  test('money for every built-in scenario, and the rejected raid message', () => {
    expect(Object.keys(report.money.scenarios).sort()).toEqual(['quiet', 'raid2017', 'rotating']);
    for (const scenario of Object.values(report.money.scenarios)) {
      expect(scenario.inbound).toBeGreaterThan(0);
      expect(scenario.errors).toBe(0);
      expect(scenario.ddb.total).toBeGreaterThan(0);
      expectNonNegative(scenario.smsSpend);
      expectNonNegative(scenario.per1000.sms);
      expect(scenario.per1000.infraUsd).toBeGreaterThan(0);
      expect(scenario.per1000.cost2017Eur).toBe(160);
    }
    expect(report.money.lambda_memory_mb).toBeGreaterThanOrEqual(128);
    expect(report.raid_rejected_usd).toBeGreaterThan(0);
  });

  test('the bundle leaves the AWS SDK to the runtime', () => {
    expect(report.bundle_bytes).toBeGreaterThan(10_000);
    expect(report.bundle_external.some((name) => name.startsWith('@aws-sdk/'))).toBe(true);
  });

  test('stdout is exactly one JSON object; progress goes to stderr', () => {
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expect(run.stdout.trim().startsWith('{')).toBe(true);
    expect(run.stderr).toContain('counting DynamoDB round trips');
  });

  test('the machine is described and the text report renders', () => {
    expect(report.machine.cpus).toBeGreaterThan(0);
    expect(report.machine.node).toBe(process.version);
    const text = textReport(report);
    expect(text).toContain('DynamoDB round trips per message');
    expect(text).toContain('Targets');
    expect(report.targets).toHaveLength(6);
  });
});
