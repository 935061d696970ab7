/**
 * `npm run bench`: cold load of both Lambdas, the handler against a bare conditional write,
 * money per 1,000 messages; one report (what `--json` prints and docs/benchmarks.md shows).
 * What the tests assert (round trips per message, bundle bytes) is not measured again here.
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
import { ASSUMPTIONS, rejectedMessageUsd, scenarioMoney } from './money';

export const DEFAULT_CONFIG_PATH = join(PROJECT_ROOT, 'config', 'antirelou.json');

/** quick: a tiny run (the test's), its figures mean nothing; command: for the report; log: stderr. */
export type BenchOptions = {
  readonly quick?: boolean;
  readonly configPath?: string;
  readonly command?: string;
  readonly log?: (line: string) => void;
};

/** Full: scales that keep the whole run near a minute on two idle cores. */
const PLANS = {
  full: {
    ...{ loadRuns: 11, scenarios: { raid2017: 0.1, rotating: 0.25, quiet: 0.5 } },
    handler: { concurrency: [1, 8], iterations: 500, warmupIterations: 100 } as HandlerPlan,
  },
  quick: {
    ...{ loadRuns: 1, scenarios: { raid2017: 0.005, rotating: 0.005, quiet: 0.05 } },
    handler: { concurrency: [1, 2], iterations: 6, warmupIterations: 2 } as HandlerPlan,
  },
};
type Plan = (typeof PLANS)['full'];
const SEED = 2017;

/** The whole report: what `--json` prints. */
export type BenchReport = Awaited<ReturnType<typeof runBench>>;

type Log = (line: string) => void;
const loadAverage = (): number[] => os.loadavg().map((v) => Math.round(v * 100) / 100);

/** Both bundles, each loaded in fresh processes (first, while nothing else runs). */
async function coldLoads(settingsJson: string, runs: number, log: Log) {
  const loads: Record<string, ColdLoad> = {};
  for (const [name, entry] of Object.entries(ENTRIES)) {
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

async function handlerLevels(config: ConfigInput, plan: HandlerPlan, log: Log) {
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
async function money(config: ConfigInput, plan: Plan, measured: MeasuredHandler, log: Log) {
  const scenarios: Record<string, ScenarioMoney> = {};
  for (const [name, scale] of Object.entries(plan.scenarios)) {
    log(`simulator: ${name} at scale ${scale}…`);
    scenarios[name] = await scenarioMoney(name, { scale, seed: SEED, config, measured });
  }
  /** One rejected raid message: one write (repeat, over budget), two (abusive). */
  const rejected = (writes: number): number => rejectedMessageUsd(measured, writes);
  return {
    ...{ prices_checked: PRICES_CHECKED, assumptions: ASSUMPTIONS, measured, scenarios },
    rejected_message_usd: { one_write: rejected(1), two_writes: rejected(2) },
  };
}

const target = (name: string, text: string, value: number, max: number) =>
  ({ name, target: text, value, max, met: value <= max }) as const;

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
  const { accepted, repeat } = c1;
  const measured = {
    cpuMs: accepted.cpuMs,
    replyLogBytes: accepted.logBytes,
    dropLogBytes: repeat.logBytes,
  };
  const priced = await money(config, plan, measured, log);
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
