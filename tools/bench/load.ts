/**
 * Cold load: both Lambdas' bundles, built as the stack builds them (test/bench/
 * bundle-options.test.ts checks they are its assets byte for byte, and their size), and the
 * time to `require()` each in a fresh Node process, as a new Lambda container does.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { BuildOptions } from 'esbuild';
import { build } from 'esbuild';
import { DISPATCHER_ENTRY } from '../../lib/constructs/dispatcher';
import { ResponderEnvironment as E } from '../../lambda/env';
import { RESPONDER_ENTRY } from '../../lib/constructs/responder';

export const PROJECT_ROOT = resolve(__dirname, '..', '..');
/** The functions' NODE_OPTIONS (lib/constructs): stack traces through the source map. */
export const LAMBDA_NODE_OPTIONS = '--enable-source-maps';

/** esbuild options equivalent to the constructs' `bundling` props (see the module comment). */
export function bundleOptions(entry: string) {
  return {
    entryPoints: [entry],
    bundle: true,
    target: 'node22',
    platform: 'node',
    minify: true,
    sourcemap: true,
    external: ['@aws-sdk/*'],
    absWorkingDir: PROJECT_ROOT,
  } as const satisfies BuildOptions;
}

/** The two Lambdas the bench loads. */
export const ENTRIES = { responder: RESPONDER_ENTRY, dispatcher: DISPATCHER_ENTRY } as const;

export interface BuiltBundle {
  readonly file: string;
  readonly bytes: number;
  /** Modules left to the Lambda runtime (`@aws-sdk/*`). */
  readonly external: string[];
  cleanup(): void;
}

/** Bundles one entry point into a temporary folder. */
export async function buildBundle(entry: string): Promise<BuiltBundle> {
  const dir = mkdtempSync(join(tmpdir(), 'antirelou-bench-bundle-'));
  const file = join(dir, 'index.js');
  const cleanup = (): void => rmSync(dir, { recursive: true, force: true });
  try {
    const options = { outfile: file, metafile: true, logLevel: 'silent' } as const;
    const result = await build({ ...bundleOptions(entry), ...options });
    const imports = Object.values(result.metafile.outputs).flatMap((o) => o.imports);
    const external = imports.filter((i) => i.external && i.path.startsWith('@aws-sdk/'));
    const paths = [...new Set(external.map((i) => i.path))].sort();
    return { file, bytes: statSync(file).size, external: paths, cleanup };
  } catch (error) {
    cleanup();
    throw error;
  }
}

/** The environment both handlers read at load; the values never reach AWS here. */
function lambdaEnvironment(settingsJson: string): Record<string, string> {
  const arn = (what: string): string => `arn:aws:${what}:eu-west-3:123456789012:bench`;
  return {
    ...{ [E.Settings]: settingsJson, [E.TableName]: 'antirelou-bench', AWS_REGION: 'eu-west-3' },
    ...{ [E.SenderKeySecretArn]: arn('secretsmanager'), [E.ReplyScheduleGroup]: 'bench' },
    ...{ [E.ReplySchedulerRoleArn]: arn('iam'), [E.DispatcherArn]: arn('lambda') },
    [E.ReplyScheduleDeadLetterQueueArn]: arn('sqs'),
  };
}

/** Times of `require()` in the process; the SDK packages it loaded, and their median time alone. */
export type ColdLoad = Readonly<
  Record<'runs' | 'medianMs' | 'minMs' | 'maxMs' | 'sdkMs', number>
> & {
  readonly sdkAtLoad: string[];
};

/** Requires the modules in BENCH_REQUIRE (JSON); prints the time (ms) and the SDK packages loaded. */
const PROBE = `const t0 = process.hrtime.bigint();
for (const name of JSON.parse(process.env.BENCH_REQUIRE)) require(name);
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
const sdk = new Set(Object.keys(require.cache).map((f) => f.match(/node_modules\\/(@aws-sdk\\/[^/]+)\\//)?.[1]).filter(Boolean));
process.stdout.write(JSON.stringify({ ms, sdk: [...sdk].sort() }));`;

function median(values: readonly number[]): number {
  const [sorted, mid] = [[...values].sort((a, b) => a - b), Math.floor(values.length / 2)];
  return sorted.length % 2 ? sorted[mid]! : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function probe(modules: readonly string[], env: NodeJS.ProcessEnv): { ms: number; sdk: string[] } {
  const run = spawnSync(process.execPath, ['-e', PROBE], {
    cwd: PROJECT_ROOT,
    env: { ...env, BENCH_REQUIRE: JSON.stringify(modules) },
    encoding: 'utf8',
  });
  if (run.status !== 0)
    throw new Error(`loading ${modules.join(', ')}: ${run.stderr.slice(0, 600)}`);
  return JSON.parse(run.stdout) as { ms: number; sdk: string[] };
}

/**
 * Loads the bundle in `runs` fresh processes, interleaved with processes that load only the SDK
 * packages it loaded. Those resolve from this project's node_modules (NODE_PATH); in Lambda
 * they come from the runtime's own copy.
 */
export function measureColdLoad(bundle: BuiltBundle, settingsJson: string, runs: number): ColdLoad {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? tmpdir(),
    NODE_OPTIONS: LAMBDA_NODE_OPTIONS,
    NODE_PATH: join(PROJECT_ROOT, 'node_modules'),
    ...lambdaEnvironment(settingsJson),
  };
  const loads: number[] = [];
  const sdk: number[] = [];
  let sdkAtLoad: string[] = [];
  for (let i = 0; i < runs; i += 1) {
    const loaded = probe([bundle.file], env);
    loads.push(loaded.ms);
    sdkAtLoad = loaded.sdk.filter((name) => bundle.external.includes(name));
    sdk.push(probe(sdkAtLoad, env).ms);
  }
  const [minMs, maxMs] = [Math.min(...loads), Math.max(...loads)];
  return { runs, medianMs: median(loads), minMs, maxMs, sdkAtLoad, sdkMs: median(sdk) };
}
