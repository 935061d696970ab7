/**
 * `npm run bench`: runs every measurement and gathers one report (the `--json` object). The keys
 * `ddb_calls_accepted`, `ddb_calls_repeat`, `ddb_calls_duplicate`, `ddb_calls_over_budget`,
 * `bundle_bytes` and `load_ms` are a stable interface (see ../shared/DESIGN.md).
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ConfigInput } from '../../lib/config';
import { LAUNCH_MS } from '../simulator/scenarios';
import { buildResponderBundle, measureLoad, PROJECT_ROOT } from './bundle';
import type { EmulatorName } from './emulator';
import { startBenchEmulator } from './emulator';
import { benchSettings } from './lab';
import { measureLogVolume } from './logs';
import type { CostInputs, ScenarioCost } from './money';
import { coldStartUsd, lambdaMemoryMb, rejectedRaidMessage, scenarioCost } from './money';
import {
  ASSUMPTIONS,
  COST_2017_EUR_PER_SMS,
  PRICES,
  PRICES_CHECKED,
  PRICES_REGION,
} from './prices';
import type { RoundTripCase } from './round-trips';
import { measureRoundTrips } from './round-trips';
import type { ConcurrencyResult } from './throughput';
import { measureThroughput } from './throughput';

export const DEFAULT_CONFIG_PATH = join(PROJECT_ROOT, 'config', 'antirelou.json');

export interface BenchOptions {
  /** A tiny run (the test's): a few messages, 3 load runs, tiny scenarios. */
  readonly quick?: boolean;
  readonly emulator?: EmulatorName;
  readonly configPath?: string;
  /** Progress lines (stderr in the CLI). */
  readonly log?: (line: string) => void;
}

/** How big each part of a run is. */
export interface BenchPlan {
  /** Messages through the handler and bare writes before any timing (JIT, emulator). */
  readonly warmupMessages: number;
  readonly concurrency: readonly { level: number; messages: number; warmupPerContainer: number }[];
  readonly loadRuns: number;
  readonly scenarios: readonly { name: string; scale: number }[];
  readonly seed: number;
}

export const FULL_PLAN: BenchPlan = {
  warmupMessages: 400,
  concurrency: [
    { level: 1, messages: 1000, warmupPerContainer: 20 },
    { level: 8, messages: 2000, warmupPerContainer: 5 },
    { level: 64, messages: 3000, warmupPerContainer: 2 },
  ],
  loadRuns: 20,
  // Scales that keep the whole run near two minutes on two cores (raid2017 at scale 1 alone
  // takes about a minute: `npm start`).
  scenarios: [
    { name: 'raid2017', scale: 0.25 },
    { name: 'rotating', scale: 0.5 },
    { name: 'quiet', scale: 1 },
  ],
  seed: 2017,
};

export const QUICK_PLAN: BenchPlan = {
  warmupMessages: 0,
  concurrency: [
    { level: 1, messages: 20, warmupPerContainer: 1 },
    { level: 8, messages: 32, warmupPerContainer: 1 },
    { level: 64, messages: 128, warmupPerContainer: 1 },
  ],
  loadRuns: 3,
  scenarios: [
    { name: 'raid2017', scale: 0.005 },
    { name: 'rotating', scale: 0.005 },
    { name: 'quiet', scale: 0.05 },
  ],
  seed: 2017,
};

export interface Target {
  readonly name: string;
  readonly target: string;
  readonly value: number;
  readonly unit: string;
  readonly met: boolean;
}

/** The whole report: what `--json` prints. */
export interface BenchReport {
  readonly machine: {
    readonly cpu_model: string;
    readonly cpus: number;
    readonly total_memory_bytes: number;
    readonly node: string;
    readonly platform: string;
    readonly load_average_at_start: number[];
  };
  readonly emulator: EmulatorName;
  readonly quick: boolean;
  readonly config: string;

  readonly ddb_calls_accepted: number;
  readonly ddb_calls_accepted_cold: number;
  readonly ddb_calls_accepted_quiet: number;
  readonly ddb_calls_repeat: number;
  readonly ddb_calls_repeat_new_container: number;
  readonly ddb_calls_duplicate: number;
  readonly ddb_calls_over_budget: number;
  readonly ddb_calls_opted_out: number;
  readonly ddb_calls_raid_drop: number;
  readonly ddb_calls_abusive: number;
  readonly ddb_calls_malformed: number;
  readonly ddb_calls: {
    readonly cases: Record<string, RoundTripCase>;
    readonly periodic: Record<string, unknown>;
  };

  readonly throughput: Record<string, ConcurrencyResult>;
  readonly overhead_ratio_c1: number;
  readonly overhead_ratio_c8: number;
  readonly overhead_ratio_c64: number;
  /** Repeat sender (one round trip) ÷ bare write. */
  readonly overhead_ratio_repeat_c1: number;
  readonly overhead_ratio_repeat_c8: number;
  readonly overhead_ratio_repeat_c64: number;

  readonly bundle_bytes: number;
  readonly bundle_map_bytes: number;
  readonly bundle_top_inputs: { name: string; bytes: number }[];
  readonly bundle_external: string[];
  readonly load_ms: number;
  readonly load_ms_min: number;
  readonly load_ms_max: number;
  readonly load_ms_without_source_maps: number;
  /** require() of the external modules alone (the AWS SDK clients the runtime provides). */
  readonly sdk_load_ms: number;
  readonly load_runs: number;
  readonly process_start_ms: number;
  readonly process_with_bundle_ms: number;

  readonly money: {
    readonly prices: typeof PRICES;
    readonly prices_region: string;
    readonly prices_checked: string;
    readonly assumptions: typeof ASSUMPTIONS;
    readonly lambda_memory_mb: number;
    readonly cpu_ms_per_message: number;
    readonly log_bytes: Record<string, number>;
    readonly scenarios: Record<string, ScenarioCost>;
    readonly cost_2017_eur_per_1000: number;
    readonly cold_start_usd: number;
    readonly rejected_raid_message: ReturnType<typeof rejectedRaidMessage>;
  };
  readonly raid_rejected_usd: number;

  readonly targets: Target[];
  /** Where the run's time went. */
  readonly phases_ms: Record<string, number>;
  readonly wall_ms: number;
}

/** A case's own round trips, or with `all`, every call of the invocation (cold, quiet). */
function caseCalls(cases: Record<string, RoundTripCase>, name: string, all = false): number {
  const measured = cases[name];
  if (!measured) throw new Error(`round-trip case ${name} was not measured`);
  return all ? measured.calls : measured.messageCalls;
}

/** Runs the benchmark. */
export async function runBench(options: BenchOptions = {}): Promise<BenchReport> {
  const started = performance.now();
  const quick = options.quick === true;
  const plan = quick ? QUICK_PLAN : FULL_PLAN;
  const log = options.log ?? (() => undefined);
  const configPath = options.configPath ?? DEFAULT_CONFIG_PATH;
  const config = JSON.parse(readFileSync(configPath, 'utf8')) as ConfigInput;
  const settings = benchSettings(config);
  const emulatorName = options.emulator ?? 'dynalite';
  const machine = {
    cpu_model: os.cpus()[0]?.model ?? 'unknown',
    cpus: os.cpus().length,
    total_memory_bytes: os.totalmem(),
    node: process.version,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    load_average_at_start: os.loadavg().map((v) => Math.round(v * 100) / 100),
  };

  // The bundle first, while nothing else runs.
  const phases: Record<string, number> = {};
  let mark = performance.now();
  log('bundling lambda/handler.ts with esbuild (the stack’s options)…');
  const bundle = await buildResponderBundle();
  let load;
  try {
    log(`loading it in ${plan.loadRuns} fresh node processes…`);
    load = measureLoad(bundle, JSON.stringify(settings), plan.loadRuns);
  } finally {
    bundle.cleanup();
  }
  phases.bundle_and_load = Math.round(performance.now() - mark);
  mark = performance.now();

  log(`starting ${emulatorName}…`);
  const emulator = await startBenchEmulator(emulatorName);
  let roundTrips;
  const throughput: Record<string, ConcurrencyResult> = {};
  let logs;
  try {
    log('counting DynamoDB round trips per message…');
    roundTrips = await measureRoundTrips(emulator, config, LAUNCH_MS);
    logs = await measureLogVolume(emulator, config, LAUNCH_MS);
    if (plan.warmupMessages > 0) {
      log(`warming up (${plan.warmupMessages} messages, not timed)…`);
      await measureThroughput(emulator, config, {
        concurrency: 8,
        messages: plan.warmupMessages,
        warmupPerContainer: 1,
      });
    }
    phases.round_trips_and_logs = Math.round(performance.now() - mark);
    mark = performance.now();
    for (const level of plan.concurrency) {
      log(`throughput at concurrency ${level.level} (${level.messages} messages)…`);
      throughput[`c${level.level}`] = await measureThroughput(emulator, config, {
        concurrency: level.level,
        messages: level.messages,
        warmupPerContainer: level.warmupPerContainer,
      });
    }
    phases.throughput = Math.round(performance.now() - mark);
  } finally {
    await emulator.stop();
  }
  mark = performance.now();

  const c1 = throughput.c1;
  const inputs: CostInputs = {
    memoryMb: lambdaMemoryMb(),
    cpuMsPerMessage: c1?.handler.cpuMsPerMessage ?? 0,
    logs,
  };
  const scenarios: Record<string, ScenarioCost> = {};
  for (const { name, scale } of plan.scenarios) {
    log(`simulator: ${name} at scale ${scale}…`);
    scenarios[name] = await scenarioCost(name, { scale, seed: plan.seed, config, inputs });
  }
  phases.scenarios = Math.round(performance.now() - mark);
  const rejected = rejectedRaidMessage(
    inputs,
    roundTrips.cases,
    roundTrips.periodic.floodFlushEveryMessages,
  );

  const cases = roundTrips.cases;
  const report = {
    machine,
    emulator: emulatorName,
    quick,
    config: configPath,
    ddb_calls_accepted: caseCalls(cases, 'accepted'),
    ddb_calls_accepted_cold: caseCalls(cases, 'accepted_cold', true),
    ddb_calls_accepted_quiet: caseCalls(cases, 'accepted_quiet', true),
    ddb_calls_repeat: caseCalls(cases, 'repeat'),
    ddb_calls_repeat_new_container: caseCalls(cases, 'repeat_new_container'),
    ddb_calls_duplicate: caseCalls(cases, 'duplicate'),
    ddb_calls_over_budget: caseCalls(cases, 'over_budget'),
    ddb_calls_opted_out: caseCalls(cases, 'opted_out'),
    ddb_calls_raid_drop: caseCalls(cases, 'raid_drop'),
    ddb_calls_abusive: caseCalls(cases, 'abusive'),
    ddb_calls_malformed: caseCalls(cases, 'malformed'),
    ddb_calls: { cases, periodic: { ...roundTrips.periodic } },
    throughput,
    overhead_ratio_c1: throughput.c1?.overheadRatio ?? 0,
    overhead_ratio_c8: throughput.c8?.overheadRatio ?? 0,
    overhead_ratio_c64: throughput.c64?.overheadRatio ?? 0,
    overhead_ratio_repeat_c1: throughput.c1?.overheadRatioRepeat ?? 0,
    overhead_ratio_repeat_c8: throughput.c8?.overheadRatioRepeat ?? 0,
    overhead_ratio_repeat_c64: throughput.c64?.overheadRatioRepeat ?? 0,
    bundle_bytes: bundle.bytes,
    bundle_map_bytes: bundle.mapBytes,
    bundle_top_inputs: bundle.topInputs,
    bundle_external: bundle.external,
    load_ms: load.requireMs,
    load_ms_min: load.requireMsMin,
    load_ms_max: load.requireMsMax,
    load_ms_without_source_maps: load.requireMsWithoutSourceMaps,
    sdk_load_ms: load.externalRequireMs,
    load_runs: load.runs,
    process_start_ms: load.processStartMs,
    process_with_bundle_ms: load.processWithBundleMs,
    money: {
      prices: PRICES,
      prices_region: PRICES_REGION,
      prices_checked: PRICES_CHECKED,
      assumptions: ASSUMPTIONS,
      lambda_memory_mb: inputs.memoryMb,
      cpu_ms_per_message: inputs.cpuMsPerMessage,
      log_bytes: {
        reply: logs.replyBytes,
        reply_events: logs.replyEvents,
        drop: logs.dropBytes,
        drop_events: logs.dropEvents,
      },
      scenarios,
      cost_2017_eur_per_1000: 1000 * COST_2017_EUR_PER_SMS,
      cold_start_usd: coldStartUsd(inputs, load.requireMs),
      rejected_raid_message: rejected,
    },
    raid_rejected_usd: rejected.worstUsd,
  };
  const targets: Target[] = [
    target('DynamoDB round trips, accepted reply (warm)', '≤ 2', report.ddb_calls_accepted, '', 2),
    target('DynamoDB round trips, repeat sender (warm)', '≤ 1', report.ddb_calls_repeat, '', 1),
    target('bundle, minified', '≤ 250 KB (250,000 bytes)', report.bundle_bytes, 'bytes', 250_000),
    target('bundle load (require, median)', '≤ 60 ms', report.load_ms, 'ms', 60),
    target(
      'handler ÷ bare conditional write, concurrency 1',
      '≤ 2',
      report.overhead_ratio_c1,
      '×',
      2,
    ),
    target(
      'rejected raid message (worst path)',
      '≤ USD 0.00001',
      report.raid_rejected_usd,
      'USD',
      0.00001,
    ),
  ];
  return {
    ...report,
    targets,
    phases_ms: phases,
    wall_ms: Math.round(performance.now() - started),
  };
}

function target(name: string, text: string, value: number, unit: string, max: number): Target {
  return { name, target: text, value, unit, met: value <= max };
}
