/**
 * `npm run bench`: cold load of both Lambdas, the handler against a bare conditional write,
 * money per 1,000 messages; one report (what `--json` prints and docs/benchmarks.md shows).
 * What the tests assert (round trips per message, bundle size) is not measured again here.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { ConfigInput } from '../../lib/config';
import { parseConfig, toResponderSettings } from '../../lib/config';
import { PRICES_CHECKED } from '../../lib/config/aws-prices';
import { startLocalDynamo } from '../local/emulator';
import type { HandlerLevel, HandlerPlan } from './handler';
import { measureHandlerLevel } from './handler';
import type { ColdLoad } from './load';
import { buildBundle, ENTRIES, measureColdLoad, PROJECT_ROOT } from './load';
import type { MeasuredHandler, ScenarioMoney } from './money';
import { ASSUMPTIONS, REQUEST_PRICES, rejectedMessageUsd, scenarioMoney } from './money';

export const DEFAULT_CONFIG_PATH = join(PROJECT_ROOT, 'config', 'antirelou.json');

export interface BenchOptions {
  /** A tiny run (the test's): checks the bench, its figures mean nothing. */
  readonly quick?: boolean;
  readonly configPath?: string;
  /** How the bench was started, for the report (e.g. `npm run bench`). */
  readonly command?: string;
  /** Progress lines (stderr in the CLI). */
  readonly log?: (line: string) => void;
}

const PLANS = {
  // Scales that keep the whole run near a minute on two idle cores.
  full: {
    loadRuns: 11,
    handler: { concurrency: [1, 8], iterations: 500, warmupIterations: 100 } as HandlerPlan,
    scenarios: { raid2017: 0.1, rotating: 0.25, quiet: 0.5 },
  },
  quick: {
    loadRuns: 1,
    handler: { concurrency: [1, 2], iterations: 6, warmupIterations: 2 } as HandlerPlan,
    scenarios: { raid2017: 0.005, rotating: 0.005, quiet: 0.05 },
  },
};

const SEED = 2017;

/** The whole report: what `--json` prints. */
export type BenchReport = Awaited<ReturnType<typeof runBench>>;

const loadAverage = (): number[] => os.loadavg().map((v) => Math.round(v * 100) / 100);

/** Both bundles, each loaded in fresh processes (first, while nothing else runs). */
async function coldLoads(settingsJson: string, runs: number, log: (line: string) => void) {
  const loads: Partial<Record<keyof typeof ENTRIES, ColdLoad>> = {};
  for (const [name, entry] of Object.entries(ENTRIES) as [keyof typeof ENTRIES, string][]) {
    log(`bundling the ${name} and loading it in ${runs} fresh node processes…`);
    const bundle = await buildBundle(entry);
    try {
      loads[name] = measureColdLoad(bundle, settingsJson, runs);
    } finally {
      bundle.cleanup();
    }
  }
  return loads as Record<keyof typeof ENTRIES, ColdLoad>;
}

async function handlerLevels(config: ConfigInput, plan: HandlerPlan, log: (l: string) => void) {
  const dynamo = await startLocalDynamo();
  const levels: Record<string, HandlerLevel> = {};
  try {
    for (const concurrency of plan.concurrency) {
      log(`handler and bare write, ${concurrency} container(s) at once…`);
      levels[`c${concurrency}`] = await measureHandlerLevel(dynamo, config, plan, concurrency);
    }
  } finally {
    await dynamo.stop();
  }
  return levels;
}

/** Money per 1,000 messages of each scenario, priced with what the handler measured. */
async function money(
  config: ConfigInput,
  scales: Record<string, number>,
  measured: MeasuredHandler,
  log: (l: string) => void,
) {
  const scenarios: Record<string, ScenarioMoney> = {};
  for (const [name, scale] of Object.entries(scales)) {
    log(`simulator: ${name} at scale ${scale}…`);
    scenarios[name] = await scenarioMoney(name, { scale, seed: SEED, config, measured });
  }
  return {
    prices_checked: PRICES_CHECKED,
    prices: REQUEST_PRICES,
    assumptions: ASSUMPTIONS,
    measured,
    scenarios,
    /** One rejected raid message: one write (repeat, over budget), two (abusive). */
    rejected_message_usd: {
      one_write: rejectedMessageUsd(measured, 1),
      two_writes: rejectedMessageUsd(measured, 2),
    },
  };
}

function target(name: string, text: string, value: number, max: number) {
  return { name, target: text, value, max, met: value <= max };
}

/** Runs the benchmark. */
export async function runBench(options: BenchOptions = {}) {
  const started = performance.now();
  const plan = options.quick === true ? PLANS.quick : PLANS.full;
  const log = options.log ?? (() => undefined);
  const configPath = options.configPath ?? DEFAULT_CONFIG_PATH;
  const config = JSON.parse(readFileSync(configPath, 'utf8')) as ConfigInput;
  const settings = toResponderSettings(parseConfig(config, configPath));
  const loadAtStart = loadAverage();

  const coldLoad = await coldLoads(JSON.stringify(settings), plan.loadRuns, log);
  const handler = await handlerLevels(config, plan.handler, log);
  const c1 = handler.c1!;
  const measured: MeasuredHandler = {
    cpuMs: c1.accepted.cpuMs,
    replyLogBytes: c1.accepted.logBytes,
    dropLogBytes: c1.repeat.logBytes,
  };
  const priced = await money(config, plan.scenarios, measured, log);
  return {
    command: options.command ?? 'npm run bench',
    date: new Date().toISOString(),
    quick: options.quick === true,
    config: configPath.replace(`${PROJECT_ROOT}/`, ''),
    machine: {
      cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
      cpus: os.cpus().length,
      memory_gib: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
      node: process.version,
      platform: `${os.platform()} ${os.arch()}`,
      load_average_at_start: loadAtStart,
      load_average_at_end: loadAverage(),
    },
    cold_load: coldLoad,
    handler,
    money: priced,
    targets: [
      target('responder cold load (median)', '≤ 60 ms', coldLoad.responder.medianMs, 60),
      target('accepted reply ÷ bare write, 1 container', '≤ 2×', c1.acceptedPerBare, 2),
    ],
    wall_ms: Math.round(performance.now() - started),
  };
}
