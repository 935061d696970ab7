/**
 * `npm run bench -- [--json] [--quick] [--config FILE] [--out FILE]`: cold load, the handler
 * against a bare write, money per 1,000 messages. Without `--json` it rewrites
 * docs/benchmarks.md and prints the tables; with `--json`, stdout is exactly one JSON object and
 * no file is written (nor with `--quick`), unless `--out FILE` says where. Progress goes to
 * stderr. Exit codes: 0 done, 1 failure, 2 usage or config error.
 */
import '../node-warnings';
import { writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { Command, CommanderError } from 'commander';
import { ConfigError } from '../../lib/config';
import { PROJECT_ROOT } from './load';
import { BENCHMARKS_DOC, markdownReport, textReport } from './report';
import { runBench } from './run';

type Options = {
  json?: boolean;
  quick?: boolean;
  config?: string;
  out?: string;
  progress: boolean;
};

export async function main(
  argv: string[],
  io = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const program = new Command('bench')
    .description('Cold load, the handler against a bare write, money per 1,000 messages.')
    .option('--json', 'print exactly one JSON object on stdout; write no file unless --out')
    .option('--quick', 'a tiny run (seconds): checks the bench; write no file unless --out')
    .option('--config <file>', 'the config (default config/antirelou.json)')
    .option('--out <file>', 'where the Markdown report goes (default docs/benchmarks.md)')
    .option('--no-progress', 'no progress lines on stderr')
    .exitOverride()
    .configureOutput({ writeOut: (t) => io.stdout.write(t), writeErr: (t) => io.stderr.write(t) })
    .action(async (options: Options) => {
      const report = await runBench({
        quick: options.quick,
        configPath: options.config,
        command: ['npm run bench', ...(argv.length ? ['--', ...argv] : [])].join(' '),
        log: options.progress ? (line) => io.stderr.write(`${line}\n`) : undefined,
      });
      io.stdout.write(options.json ? `${JSON.stringify(report)}\n` : `${textReport(report)}\n`);
      const out = options.out ?? (options.json || options.quick ? undefined : BENCHMARKS_DOC);
      if (out === undefined) return;
      writeFileSync(out, await markdownReport(report));
      io.stderr.write(`wrote ${relative(PROJECT_ROOT, out) || out}\n`);
    });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2;
    const usage = error instanceof ConfigError;
    const text = usage
      ? error.message
      : error instanceof Error
        ? (error.stack ?? error.message)
        : String(error);
    io.stderr.write(usage ? `${text}\n` : `bench failed: ${text}\n`);
    return usage ? 2 : 1;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
