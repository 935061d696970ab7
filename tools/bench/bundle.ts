/**
 * The Lambda bundle as the stack builds it, and the time to load it in a fresh Node process.
 *
 * `NodejsFunction` (lib/constructs/responder.ts) runs the local esbuild as
 * `esbuild --bundle <entry> --target=node22 --platform=node --outfile=<dir>/index.js --minify
 * --sourcemap --external:@aws-sdk/*` from the project root; `RESPONDER_BUNDLE_OPTIONS` is the
 * same through esbuild's API (test/bench checks the output is byte for byte the stack's asset).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { BuildOptions } from 'esbuild';
import { build } from 'esbuild';
import { RESPONDER_ENTRY, ResponderEnvironment } from '../../lib/constructs/responder';

export const PROJECT_ROOT = resolve(__dirname, '..', '..');
/** The Lambda's NODE_OPTIONS (lib/constructs/responder.ts): stack traces through the source map. */
export const LAMBDA_NODE_OPTIONS = '--enable-source-maps';

/** esbuild options equivalent to the construct's `bundling` props (see the module comment). */
export const RESPONDER_BUNDLE_OPTIONS = {
  entryPoints: [RESPONDER_ENTRY],
  bundle: true,
  target: 'node22',
  platform: 'node',
  minify: true,
  sourcemap: true,
  external: ['@aws-sdk/*'],
  absWorkingDir: PROJECT_ROOT,
} as const satisfies BuildOptions;

export interface BuiltBundle {
  readonly dir: string;
  readonly file: string;
  readonly bytes: number;
  readonly mapBytes: number;
  /** The largest contributors to the minified output (packages, or `lambda/` for ours). */
  readonly topInputs: { readonly name: string; readonly bytes: number }[];
  /** Modules left to the runtime (`@aws-sdk/*`). */
  readonly external: string[];
  cleanup(): void;
}

function packageOf(input: string): string {
  const at = input.lastIndexOf('node_modules/');
  if (at < 0) return input.split('/')[0] ?? input;
  const parts = input.slice(at + 'node_modules/'.length).split('/');
  return parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1]}` : (parts[0] ?? input);
}

/** Bundles the handler into a temporary folder. */
export async function buildResponderBundle(): Promise<BuiltBundle> {
  const dir = mkdtempSync(join(tmpdir(), 'antirelou-bench-bundle-'));
  const file = join(dir, 'index.js');
  try {
    const result = await build({
      ...RESPONDER_BUNDLE_OPTIONS,
      outfile: file,
      metafile: true,
      logLevel: 'silent',
    });
    const output = Object.values(result.metafile.outputs).find((o) => o.entryPoint !== undefined);
    const byPackage = new Map<string, number>();
    for (const [input, info] of Object.entries(output?.inputs ?? {})) {
      const name = packageOf(input);
      byPackage.set(name, (byPackage.get(name) ?? 0) + info.bytesInOutput);
    }
    return {
      dir,
      file,
      bytes: statSync(file).size,
      mapBytes: statSync(`${file}.map`).size,
      topInputs: [...byPackage]
        .sort(([, a], [, b]) => b - a)
        .slice(0, 8)
        .map(([name, bytes]) => ({ name, bytes })),
      external: [
        ...new Set((output?.imports ?? []).filter((i) => i.external).map((i) => i.path)),
      ].sort(),
      cleanup: () => rmSync(dir, { recursive: true, force: true }),
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

/** The environment `lambda/handler.ts` reads at load (values are never used to call AWS here). */
export function handlerEnvironment(settingsJson: string): Record<string, string> {
  return {
    [ResponderEnvironment.Settings]: settingsJson,
    [ResponderEnvironment.TableName]: 'antirelou-bench',
    [ResponderEnvironment.SenderKeySecretArn]:
      'arn:aws:secretsmanager:eu-west-3:123456789012:secret:antirelou-bench-AbCdEf',
    AWS_REGION: 'eu-west-3',
  };
}

export interface LoadTimes {
  readonly runs: number;
  /**
   * Median time of `require()` of the bundle, measured inside the process (process.hrtime), with
   * the Lambda's NODE_OPTIONS (`--enable-source-maps`).
   */
  readonly requireMs: number;
  readonly requireMsMin: number;
  readonly requireMsMax: number;
  /** The same without `--enable-source-maps`. */
  readonly requireMsWithoutSourceMaps: number;
  /** Median time to require only the modules the bundle leaves external (the AWS SDK). */
  readonly externalRequireMs: number;
  /** Median wall time of a `node -e ''` process, same flags: Node's own start and exit. */
  readonly processStartMs: number;
  /** Median wall time of a process that only requires the bundle. */
  readonly processWithBundleMs: number;
}

/** Requires the modules named in ANTIRELOU_BENCH_REQUIRE (JSON) and prints the time it took. */
const PROBE = `
const modules = JSON.parse(process.env.ANTIRELOU_BENCH_REQUIRE);
const t0 = process.hrtime.bigint();
for (const name of modules) require(name);
const t1 = process.hrtime.bigint();
process.stdout.write(JSON.stringify({ requireMs: Number(t1 - t0) / 1e6 }));
`;

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return 0;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function timedNode(args: string[], env: NodeJS.ProcessEnv): { wallMs: number; stdout: string } {
  const t0 = performance.now();
  const run = spawnSync(process.execPath, args, { cwd: PROJECT_ROOT, env, encoding: 'utf8' });
  const wallMs = performance.now() - t0;
  if (run.status !== 0) {
    throw new Error(
      `node ${args.join(' ').slice(0, 40)} failed (${run.status}): ${run.stderr.slice(0, 500)}`,
    );
  }
  return { wallMs, stdout: run.stdout };
}

/**
 * Loads the bundle in `runs` fresh Node processes, interleaved with empty processes, processes
 * without source maps and processes that load only the external modules. The bundle leaves
 * `@aws-sdk/*` to the runtime, so the processes resolve it from this project's node_modules
 * (NODE_PATH, run from the project root); in Lambda it comes from the runtime's own copy.
 */
export function measureLoad(bundle: BuiltBundle, settingsJson: string, runs: number): LoadTimes {
  const base: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? tmpdir(),
    NODE_OPTIONS: LAMBDA_NODE_OPTIONS,
  };
  const env = (modules: string[], nodeOptions = LAMBDA_NODE_OPTIONS): NodeJS.ProcessEnv => ({
    ...base,
    ...handlerEnvironment(settingsJson),
    NODE_OPTIONS: nodeOptions,
    NODE_PATH: join(PROJECT_ROOT, 'node_modules'),
    ANTIRELOU_BENCH_REQUIRE: JSON.stringify(modules),
  });
  const external = bundle.external.filter((name) => !name.startsWith('node:'));
  const probe = (probeEnv: NodeJS.ProcessEnv): { wallMs: number; requireMs: number } => {
    const run = timedNode(['-e', PROBE], probeEnv);
    return {
      wallMs: run.wallMs,
      requireMs: (JSON.parse(run.stdout) as { requireMs: number }).requireMs,
    };
  };
  const requireMs: number[] = [];
  const withoutMaps: number[] = [];
  const externalMs: number[] = [];
  const withBundle: number[] = [];
  const empty: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    empty.push(timedNode(['-e', ''], base).wallMs);
    const loaded = probe(env([bundle.file]));
    withBundle.push(loaded.wallMs);
    requireMs.push(loaded.requireMs);
    withoutMaps.push(probe(env([bundle.file], '')).requireMs);
    externalMs.push(probe(env(external)).requireMs);
  }
  return {
    runs,
    requireMs: median(requireMs),
    requireMsMin: Math.min(...requireMs),
    requireMsMax: Math.max(...requireMs),
    requireMsWithoutSourceMaps: median(withoutMaps),
    externalRequireMs: median(externalMs),
    processStartMs: median(empty),
    processWithBundleMs: median(withBundle),
  };
}

/** The bundle's bytes (for comparing with the stack's asset). */
export function bundleBytes(bundle: BuiltBundle): Buffer {
  return readFileSync(bundle.file);
}
