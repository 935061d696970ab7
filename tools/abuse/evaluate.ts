/**
 * `npm run abuse:eval -- [--json] [--split dev|holdout] [--sample FILE] [--bench]`: measures the
 * abuse matcher on the labelled sample. Exit codes: 0 done, 1 unreadable sample, 2 usage.
 */
import { performance } from 'node:perf_hooks';
import { Command, CommanderError, Option } from 'commander';
import { assessBody } from '../../lambda/domain/abuse/matcher';
import type { Split } from './evaluation';
import {
  DEFAULT_SAMPLE,
  evaluate,
  readSample,
  SampleError,
  SPLITS,
  textReport,
} from './evaluation';

/** Passes over the sample for `--bench`: enough for a stable per-message figure. */
const BENCH_ROUNDS = 200;

interface Options {
  json?: boolean;
  split?: Split;
  sample: string;
  bench?: boolean;
}

/** Mean time of `assessBody` per message of the sample, in microseconds, after a warm-up. */
function microsPerMessage(texts: readonly string[]): number {
  for (const text of texts) assessBody(text);
  const start = performance.now();
  for (let round = 0; round < BENCH_ROUNDS; round += 1) for (const text of texts) assessBody(text);
  return ((performance.now() - start) * 1000) / (BENCH_ROUNDS * texts.length);
}

function run(options: Options, out: (text: string) => void): void {
  const lines = readSample(options.sample).filter(
    (line) => options.split === undefined || line.split === options.split,
  );
  const source =
    options.split === undefined ? options.sample : `${options.sample} (${options.split})`;
  const evaluation = evaluate(assessBody, lines, source);
  const micros = options.bench ? microsPerMessage(lines.map((l) => l.text)) : undefined;
  if (options.json) {
    out(
      JSON.stringify(
        micros === undefined ? evaluation : { ...evaluation, microsPerMessage: micros },
      ),
    );
    return;
  }
  out(textReport(evaluation));
  if (micros !== undefined) {
    out(`\nassessBody: ${micros.toFixed(1)} µs per message (mean over the sample)`);
  }
}

/** Where the command writes (a test passes its own). */
export interface Io {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
}

/** Runs the command; returns the exit code. */
export function main(
  argv: readonly string[],
  io: Io = { stdout: process.stdout, stderr: process.stderr },
): number {
  const program = new Command('abuse:eval')
    .description('Precision and recall of the abuse matcher on the labelled sample.')
    .option('--json', 'print exactly one JSON object on stdout')
    .addOption(new Option('--split <split>', 'only the lines of one split').choices(SPLITS))
    .option('--sample <file>', 'the labelled sample (JSON Lines)', DEFAULT_SAMPLE)
    .option('--bench', 'also measure the time per message')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });
  try {
    program.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    throw error;
  }
  try {
    run(program.opts<Options>(), (text) => io.stdout.write(`${text}\n`));
    return 0;
  } catch (error) {
    if (error instanceof SampleError || (error as NodeJS.ErrnoException).code === 'ENOENT') {
      io.stderr.write(`abuse:eval: ${(error as Error).message}\n`);
      return 1;
    }
    throw error;
  }
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
