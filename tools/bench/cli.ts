/**
 * `npm run bench -- [--json] [--quick] [--emulator dynalite|dynamodb-local] [--config FILE]`:
 * round trips, throughput, bundle and money, against a local DynamoDB emulator with SNS mocked.
 * With `--json`, stdout is exactly one JSON object; progress goes to stderr. Exit codes: 0 done,
 * 1 failure, 2 usage or config error.
 */
import '../node-warnings';
import { Command, CommanderError, Option } from 'commander';
import { ConfigError } from '../../lib/config';
import { EMULATORS } from './emulator';
import type { EmulatorName } from './emulator';
import { textReport } from './report';
import { runBench } from './run';

interface Options {
  json?: boolean;
  quick?: boolean;
  emulator: EmulatorName;
  config?: string;
  progress: boolean;
}

export async function main(
  argv: string[],
  io = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const program = new Command('bench')
    .description('Measure what a message costs in DynamoDB round trips, time and money.')
    .option('--json', 'print exactly one JSON object on stdout')
    .option('--quick', 'a tiny run (seconds): checks the benchmark, figures are not meaningful')
    .addOption(
      new Option('--emulator <name>', 'the DynamoDB emulator (dynamodb-local needs java)')
        .choices([...EMULATORS])
        .default('dynalite'),
    )
    .option('--config <file>', 'the config (default config/antirelou.json)')
    .option('--no-progress', 'no progress lines on stderr')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .action(async (options: Options) => {
      const report = await runBench({
        quick: options.quick,
        emulator: options.emulator,
        configPath: options.config,
        log: options.progress ? (line) => io.stderr.write(`${line}\n`) : undefined,
      });
      io.stdout.write(options.json ? `${JSON.stringify(report)}\n` : textReport(report));
    });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    if (error instanceof ConfigError) {
      io.stderr.write(`${error.message}\n`);
      return 2;
    }
    io.stderr.write(
      `bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 1;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
