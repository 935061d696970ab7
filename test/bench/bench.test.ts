/**
 * The benchmark on a tiny input, as a user runs it (`npm run bench -- --quick --json`, plus
 * `--out` for the page it writes): stdout is one JSON object with every figure a sane number,
 * and the page is Markdown that `npm run lint` accepts. No assertion on timings. The invariants
 * the bench no longer reports are asserted where they belong: the bundle's bytes in
 * bundle-options.test.ts, each message's round trips in test/integration/round-trips.test.ts.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchReport } from '../../tools/bench/run';
import type { CommandResult } from '../support/cli';
import { runCommand, runTs } from '../support/cli';

const expectNonNegative = (value: unknown): void => {
  expect(typeof value).toBe('number');
  expect(Number.isFinite(value)).toBe(true);
  expect(value as number).toBeGreaterThanOrEqual(0);
};

let dir: string;
let page: string;
let run: CommandResult;
let report: BenchReport;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'antirelou-bench-test-'));
  run = await runTs('tools/bench/cli.ts', ['--quick', '--json', '--out', join(dir, 'bench.md')]);
  try {
    report = JSON.parse(run.stdout) as BenchReport;
  } catch {
    throw new Error(`bench --quick --json (exit ${run.code}) printed no JSON:\n${run.stderr}`);
  }
  page = readFileSync(join(dir, 'bench.md'), 'utf8');
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run bench -- --quick --json', () => {
  test('stdout is exactly one JSON object; progress goes to stderr', () => {
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain('handler and bare write');
    expect(report.quick).toBe(true);
    expect(report.command).toBe('npm run bench -- --quick --json --out ' + join(dir, 'bench.md'));
    expect(report.machine.cpus).toBeGreaterThan(0);
    expect(report.machine.node).toBe(process.version);
  });

  test('cold load of both Lambdas; the responder loads only DynamoDB at start', () => {
    for (const load of Object.values(report.cold_load)) {
      for (const value of [load.medianMs, load.minMs, load.maxMs, load.sdkMs]) {
        expectNonNegative(value);
      }
    }
    expect(report.cold_load.responder.sdkAtLoad).toEqual([
      '@aws-sdk/client-dynamodb',
      '@aws-sdk/lib-dynamodb',
      '@aws-sdk/util-dynamodb',
    ]);
  });

  test('the handler and the bare write, at two concurrency levels', () => {
    expect(Object.keys(report.handler)).toEqual(['c1', 'c2']);
    for (const level of Object.values(report.handler)) {
      for (const timing of [level.bare, level.accepted, level.repeat]) {
        expect(timing.samples).toBeGreaterThan(0);
        for (const value of [timing.meanMs, timing.p50Ms, timing.p99Ms, timing.perSecond]) {
          expectNonNegative(value);
        }
      }
      expect(level.accepted.logBytes).toBeGreaterThan(0);
      expectNonNegative(level.acceptedPerBare);
    }
  });

  test('money per 1,000 messages for every built-in scenario', () => {
    expect(Object.keys(report.money.scenarios).sort()).toEqual(['quiet', 'raid2017', 'rotating']);
    for (const scenario of Object.values(report.money.scenarios)) {
      expect(scenario.inbound).toBeGreaterThan(0);
      expect(scenario.ddbCallsPerInbound).toBeGreaterThan(0);
      expect(scenario.per1000.sms).toMatch(/^EUR \d+\.\d\d$/);
      expect(scenario.per1000.infraUsd.total).toBeGreaterThan(0);
      expect(scenario.per1000.cost2017).toBe('EUR 160.00');
    }
    expect(report.money.rejected_message_usd.two_writes).toBeGreaterThan(
      report.money.rejected_message_usd.one_write,
    );
  });

  test('the page: where and how it was measured, every section, as Prettier writes it', async () => {
    expect(page).toContain(`Measured by \`${report.command}\``);
    for (const heading of ['## Cold load', '## The handler', '## Money', '## Targets']) {
      expect(page).toContain(heading);
    }
    const prettier = join('node_modules', '.bin', 'prettier');
    const check = await runCommand(prettier, ['--check', '--stdin-filepath', 'docs/bench.md'], {
      input: page,
    });
    expect(check.stderr).toBe('');
    expect(check.code).toBe(0);
  });
});
