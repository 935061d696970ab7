/**
 * `npx antirelou <command>`: the maintainers' CLI. Runs against the deployed stack (names from
 * its CloudFormation outputs, `--stack`) or a simulator's state folder (`--local DIR`).
 * Exit codes: 0 done, 1 failure (the target said no or could not be reached), 2 usage (the
 * command line is wrong: unknown option, bad number, amount above a hard cap…). Input is
 * checked before anything is written; each change is one atomic write plus an audit record.
 */
import '../node-warnings';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { Argument, Command, CommanderError, Option } from 'commander';
import { redactNumbers } from '../../lambda/domain/phone';
import type { Period } from '../../lambda/domain/types';
import { ConfigError } from '../../lib/config/load';
import { parseAmount, parsePhoneNumber, parseTime } from './args';
import { explainAwsError, openAwsTarget } from './aws-target';
import { DEFAULT_CONFIG_FILE } from './config-file';
import type { CommandContext } from './context';
import { checkAtOption } from './context';
import { clearBudget, pause, resume, setBudget, setRaidOverride } from './control';
import type { ReadTable } from './cost';
import { cost } from './cost';
import { registerDailyCommands } from './daily-commands';
import { registerRuntimeCommands } from './runtime-commands';
import { AdminError, ExitCode, UsageError } from './errors';
import { checkOutput, exportEvidence } from './evidence';
import { registerEvidenceCommands } from './evidence-commands';
import { refuseStateOptions } from './go-live-options';
import { openLocalTarget } from './local-target';
import { preflight } from './preflight';
import { block, stopList, unblock } from './senders';
import { sendTest } from './send-test';
import { DROP_REASONS_DOC, FLAGGED_LOOKBACK_DAYS, status } from './status';
import type { GlobalOptions, Target } from './target';
import { verify } from './verify';

/** Where the CLI writes (a process's streams, or buffers in tests). */
export interface Io {
  readonly stdout: { write(text: string): unknown };
  readonly stderr: { write(text: string): unknown };
  /** Asks a yes/no question (`reply set`); absent when there is no terminal to ask on. */
  readonly confirm?: (question: string) => Promise<boolean>;
}

/** A y/N question on the terminal, when stdin and stdout are one; otherwise undefined. */
export function terminalConfirm(): Io['confirm'] {
  if (!process.stdin.isTTY || !process.stdout.isTTY) return undefined;
  return async (question) => {
    const lines = createInterface({ input: process.stdin, output: process.stdout });
    try {
      return /^y(es)?$/i.test((await lines.question(question)).trim());
    } finally {
      lines.close();
    }
  };
}

/** Set (e.g. `ANTIRELOU_DEBUG=1`) to print the stack trace of an unexpected failure. */
export const DEBUG_VARIABLE = 'ANTIRELOU_DEBUG';

/** The stack's name unless `--stack` says otherwise (as in `bin/antirelou.ts`). */
export const DEFAULT_STACK = 'Antirelou';

function packageVersion(): string {
  const file = join(__dirname, '..', '..', 'package.json');
  return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
}

const withNewline = (text: string): string => (text.endsWith('\n') ? text : `${text}\n`);

/** `budget set`: the words that name a command after `antirelou`. */
function commandPath(command: Command): string {
  const words: string[] = [];
  for (let c: Command | null = command; c?.parent; c = c.parent) words.unshift(c.name());
  return words.join(' ');
}

/** Commander's usage errors, with where to read how to fix them: `error: … (see …--help)`. */
function withUsageHint(path: () => string): (text: string, write: (text: string) => void) => void {
  return (text, write) => {
    const words = path();
    const hint = ` (see \`antirelou ${words === '' ? '' : `${words} `}--help\`)`;
    const end = text.indexOf('\n');
    write(end === -1 ? `${text}${hint}` : `${text.slice(0, end)}${hint}${text.slice(end)}`);
  };
}

/** Opens the target, runs the command on it, closes it; known failures become AdminErrors. */
async function onTarget(
  command: Command,
  io: Io,
  run: (context: CommandContext) => Promise<void>,
): Promise<void> {
  const options = command.optsWithGlobals<GlobalOptions>();
  checkAtOption(commandPath(command), options); // before any I/O
  let target: Target | undefined;
  try {
    target =
      options.local !== undefined
        ? await openLocalTarget(options.local)
        : await openAwsTarget(options);
    await run({
      target,
      options,
      print: (text) => io.stdout.write(withNewline(text)),
      warn: (text) => io.stderr.write(withNewline(text)),
      ...(io.confirm === undefined ? {} : { confirm: io.confirm }),
    });
  } catch (error) {
    if (error instanceof AdminError || error instanceof ConfigError) throw error;
    if (options.local === undefined) throw explainAwsError(error, options) ?? error;
    const err = error as Error & { code?: string };
    if (err.code === 'ECONNREFUSED' || /ECONNREFUSED/.test(err.message)) {
      // dynalite's thread stops when LevelDB cannot lock the folder.
      throw new AdminError(
        `the local emulator on ${options.local} stopped: another process (a simulator, another ` +
          'antirelou command) is probably using that folder; run again when it is done',
        { cause: error },
      );
    }
    throw error;
  } finally {
    await target?.close();
  }
}

function amountOption(flag: string): (value: string) => number {
  return (value) => parseAmount(value, flag);
}

/** The command tree; `io` receives everything it prints. */
export function buildProgram(io: Io): Command {
  const program = createProgram(io);
  registerStatusCommand(program, io);
  registerPauseAndBlockCommands(program, io);
  registerBudgetAndRaidCommands(program, io);
  registerStopListAndExportCommands(program, io);
  registerGoLiveCommands(program, io);

  // The complaint dossier (issue 17): dossier, verify-evidence, senders --flagged.
  registerEvidenceCommands(program, io, onTarget, packageVersion());

  // The daily view (issue 19): history, audit.
  registerDailyCommands(program, (command, run) => onTarget(command, io, run));

  inheritOutput(program, io);
  return program;
}

/** The program, its global options and its help. */
function createProgram(io: Io): Command {
  return new Command('antirelou')
    .description(
      'Operate the antirelou SMS number without redeploying: status, pause, blocks, budgets, ' +
        'raid mode, evidence. Targets the deployed stack, or a simulator state with --local DIR.',
    )
    .option(
      '--local <dir>',
      "a simulator's state folder (npm run simulate -- --state DIR) instead of the deployed stack",
    )
    .option(
      '--stack <name>',
      'the deployed stack, found with CloudFormation DescribeStacks',
      DEFAULT_STACK,
    )
    .option('--region <region>', 'AWS region (default: AWS_REGION or the profile’s)')
    .option('--profile <name>', 'AWS profile (default: AWS_PROFILE)')
    .option('--who <name>', 'your name in the audit records (default: $USER)')
    .option(
      '--at <time>',
      'status and export-evidence only: evaluate at this time (ISO 8601, or 2h / 1d back); ' +
        "default: now, or with --local the state's simulated clock (its last message or reply)",
    )
    .version(packageVersion(), '--version', 'the CLI version')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: withUsageHint(() => ''),
    })
    .showSuggestionAfterError()
    .addHelpText(
      'after',
      `
Exit codes: 0 done, 1 failure (the target refused or could not be reached), 2 usage error.
Every change is one atomic write on the responder's table plus an audit record (AUDIT#<month>).
In AWS, the CLI reads the stack's outputs (TableName, ResponderFunctionName,
SenderKeySecretArn), the responder's settings from its Lambda environment, and CloudWatch.

Examples:
  npx antirelou status
  npx antirelou pause --reason "raid in progress"
  npx antirelou budget set --day 5 --month 50
  npx antirelou --local .antirelou/demo status --json`,
    );
}

/** `status`. */
function registerStatusCommand(program: Command, io: Io): void {
  program
    .command('status')
    .description(
      'the current hour, day and month first (spend against the caps, replies, inbound, main ' +
        'drop reasons), then pause, raid mode, replies waiting for the safety delay, the most ' +
        `reported senders (masked) of the last ${FLAGGED_LOOKBACK_DAYS} days and the stop list`,
    )
    .option('--json', 'print exactly one JSON object (everything the text shows)')
    .addHelpText(
      'after',
      `
One clock: the data's (now in AWS; with --local, the end of the state's simulated time), or
--at. Spend and replies come from the budget ledger (the table: replies paid for, so they add
up to the spend); inbound and drops from the metrics (CloudWatch; with --local, DIR/metrics.json
written by the simulator). With --at, spend and replies count to the end of that hour, pause and
overrides come from the audit trail, raid mode from the RaidModeActive metric; the stop list and
waiting replies exist for the present only, and the status says so.
Every drop reason explained: ${DROP_REASONS_DOC}`,
    )
    .action(async (options: { json?: boolean }, command: Command) =>
      onTarget(command, io, (context) => status(context, options.json === true)),
    );
}

/** `pause`, `resume`, `block`, `unblock`. */
function registerPauseAndBlockCommands(program: Command, io: Io): void {
  program
    .command('pause')
    .description('stop all replies (STOP/START are still recorded) until `resume`')
    .option('--reason <text>', 'why (shown by status, kept in the audit record)')
    .action(async (options: { reason?: string }, command: Command) =>
      onTarget(command, io, (context) => pause(context, options.reason)),
    );

  program
    .command('resume')
    .description('reply again, within the budgets')
    .option('--reason <text>', 'why (kept in the audit record)')
    .action(async (options: { reason?: string }, command: Command) =>
      onTarget(command, io, (context) => resume(context, options.reason)),
    );

  program
    .command('block')
    .description('the number gets no reply, ever, until `unblock` (stored as its HMAC)')
    .argument('<number>', 'mobile number in E.164, e.g. +33612345678')
    .action(async (raw: string, _options: unknown, command: Command) => {
      const number = parsePhoneNumber(raw);
      await onTarget(command, io, (context) => block(context, number));
    });

  program
    .command('unblock')
    .description('lift a block')
    .argument('<number>', 'mobile number in E.164, e.g. +33612345678')
    .option('--clear-flag', 'also lift the abuse flag (flagged senders get no reply either)')
    .action(async (raw: string, options: { clearFlag?: boolean }, command: Command) => {
      const number = parsePhoneNumber(raw);
      await onTarget(command, io, (context) =>
        unblock(context, number, options.clearFlag === true),
      );
    });
}

/** `budget set`, `budget clear`, `raid`. */
function registerBudgetAndRaidCommands(program: Command, io: Io): void {
  const budget = program
    .command('budget')
    .description(
      "change the budget caps at run time: lower them (set, clear), or raise them up to the config's ceiling (raise)",
    )
    .action(() => {
      io.stderr.write(budget.helpInformation());
      throw new UsageError(
        'budget needs a subcommand: set or clear (lower), raise (up to budget.ceiling) ' +
          '(e.g. antirelou budget set --day 5)',
      );
    });
  budget
    .command('set')
    .description(
      'override caps, in the budget currency (e.g. --day 5 --month 50); the others stay as they are',
    )
    .option('--hour <amount>', 'hourly cap', amountOption('--hour'))
    .option('--day <amount>', 'daily cap', amountOption('--day'))
    .option('--month <amount>', 'monthly cap', amountOption('--month'))
    .action(async (options: Partial<Record<Period, number>>, command: Command) => {
      if (options.hour === undefined && options.day === undefined && options.month === undefined) {
        throw new UsageError(
          'budget set needs at least one of --hour, --day, --month (e.g. --day 5)',
        );
      }
      await onTarget(command, io, (context) => setBudget(context, options));
    });
  budget
    .command('clear')
    .description("remove overrides: back to the config's caps (all of them unless one is named)")
    .option('--hour', 'only the hourly override')
    .option('--day', 'only the daily override')
    .option('--month', 'only the monthly override')
    .action(async (options: Partial<Record<Period, boolean>>, command: Command) => {
      const periods = (['hour', 'day', 'month'] as const).filter((period) => options[period]);
      await onTarget(command, io, (context) => clearBudget(context, periods));
    });

  registerRuntimeCommands(budget, program, (command, run) => onTarget(command, io, run));

  program
    .command('raid')
    .description(
      'force raid mode (the raid hourly cap; new senders only, if so configured) on or off, or ' +
        'leave it to flood detection (auto)',
    )
    .addArgument(new Argument('<mode>', 'on, off or auto').choices(['on', 'off', 'auto']))
    .action(async (mode: 'on' | 'off' | 'auto', _options: unknown, command: Command) =>
      onTarget(command, io, (context) => setRaidOverride(context, mode)),
    );
}

/** `stop-list`, `export-evidence`. */
function registerStopListAndExportCommands(program: Command, io: Io): void {
  program
    .command('stop-list')
    .description('how many senders opted out (STOP); numbers are kept only as HMAC, none is listed')
    .option('--json', 'print exactly one JSON object')
    .action(async (options: { json?: boolean }, command: Command) =>
      onTarget(command, io, (context) => stopList(context, options.json === true)),
    );

  program
    .command('export-evidence')
    .description(
      'write the evidence records of a time range to a file (JSON Lines or CSV) and print its manifest SHA-256',
    )
    .requiredOption(
      '--since <time>',
      'from (2026-11-01 = UTC midnight, 2026-11-01T16:00:00Z, or 7d / 12h back)',
    )
    .option(
      '--until <time>',
      'to, excluded (a date alone includes that whole UTC day); default: now',
    )
    .option('--sender <number>', "only this sender's records (E.164)")
    .addOption(
      new Option('--format <format>', 'file format').choices(['jsonl', 'csv']).default('jsonl'),
    )
    .requiredOption('--out <file>', 'the file to write')
    .option('--force', 'overwrite --out if it exists')
    .action(
      async (
        options: {
          since: string;
          until?: string;
          sender?: string;
          format: 'jsonl' | 'csv';
          out: string;
          force?: boolean;
        },
        command: Command,
      ) => {
        const sender =
          options.sender === undefined ? undefined : parsePhoneNumber(options.sender, '--sender');
        parseTime(options.since, '--since', Date.now());
        if (options.until !== undefined) parseTime(options.until, '--until', Date.now());
        checkOutput(options.out, options.force === true);
        await onTarget(command, io, (context) =>
          exportEvidence(context, {
            since: options.since,
            ...(options.until === undefined ? {} : { until: options.until }),
            ...(sender === undefined ? {} : { sender }),
            format: options.format,
            out: options.out,
            force: options.force === true,
          }),
        );
      },
    );
}

/** Going live (issue 13): `send-test`, before the deploy, after it, and what it costs. */
function registerGoLiveCommands(program: Command, io: Io): void {
  program
    .command('send-test')
    .description(
      'send the configured reply to one number, counted in the budget, to check the line end to end ' +
        '(refused when paused, over budget, or if the number opted out or is blocked)',
    )
    .argument('<number>', 'mobile number in E.164, e.g. +33612345678')
    .action(async (raw: string, _options: unknown, command: Command) => {
      const number = parsePhoneNumber(raw);
      await onTarget(command, io, (context) => sendTest(context, number));
    });

  program
    .command('preflight')
    .description(
      'before `npx cdk deploy`: is this AWS account ready for the config? Read-only; prints ok ' +
        'or the fix for each item (exit 1 when there is something to fix)',
    )
    .option('--config <file>', `the config to deploy (default ${DEFAULT_CONFIG_FILE})`)
    .action(async (options: { config?: string }, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      refuseStateOptions('preflight', globals);
      await preflight(options.config, globals, (text) => io.stdout.write(withNewline(text)));
    });

  program
    .command('verify')
    .description(
      "after a deploy: the stack's wiring, then one synthetic inbound message through the " +
        'deployed responder (from an AWS simulator number), shown and undone',
    )
    .action(async (_options: unknown, command: Command) => {
      refuseStateOptions('verify', command.optsWithGlobals<GlobalOptions>());
      await onTarget(command, io, (context) => verify(context));
    });

  program
    .command('cost')
    .description(
      'what the stack and the SMS budget cost a month (offline: prices from lib/config/aws-prices.ts; ' +
        'with --local or --stack, SMS at the prices learned from receipts there)',
    )
    .option('--config <file>', `the config (default ${DEFAULT_CONFIG_FILE})`)
    .option('--json', 'print exactly one JSON object')
    .action(async (options: { config?: string; json?: boolean }, command: Command) => {
      const globals = command.optsWithGlobals<GlobalOptions>();
      refuseStateOptions('cost', globals);
      const print = (text: string): void => void io.stdout.write(withNewline(text));
      // A table to read the learned prices from: --local, or a --stack typed (not the default).
      const named =
        globals.local !== undefined || command.getOptionValueSourceWithGlobals('stack') === 'cli';
      if (!named) return cost(options, print);
      const readTable: ReadTable = async (read) => {
        let result: Awaited<ReturnType<typeof read>> | undefined;
        await onTarget(command, io, async (context) => {
          result = await read(context);
        });
        return result!;
      };
      return cost(options, print, readTable);
    });
}

/** Every subcommand inherits the output and exit behaviour of the program. */
function inheritOutput(command: Command, io: Io): void {
  for (const sub of command.commands) {
    sub.exitOverride().configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: withUsageHint(() => commandPath(sub)),
    });
    inheritOutput(sub, io);
  }
}

/** Runs the CLI on `argv` (without `node` and the script); resolves to the exit code. */
export async function main(
  argv: readonly string[],
  io: Io = { stdout: process.stdout, stderr: process.stderr, confirm: terminalConfirm() },
): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return ExitCode.Ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version exit 0; commander has already printed its own error line.
      if (error.exitCode === 0) return ExitCode.Ok;
      if (error.code === 'commander.executeSubCommandAsync' || error.code === 'commander.help') {
        return ExitCode.Ok;
      }
      return ExitCode.Usage;
    }
    if (error instanceof AdminError) {
      io.stderr.write(`error: ${error.message}\n`);
      return error.exitCode;
    }
    if (error instanceof ConfigError) {
      io.stderr.write(`${error.message}\n`);
      return ExitCode.Failure;
    }
    // Not a known failure: a bug. One line; the stack only when asked for.
    const err = error instanceof Error ? error : new Error(String(error));
    io.stderr.write(
      `error: unexpected failure (${err.name}: ${redactNumbers(err.message)}); this is a bug in ` +
        `antirelou: run again with ${DEBUG_VARIABLE}=1 to see where, and report it\n`,
    );
    if (process.env[DEBUG_VARIABLE]) io.stderr.write(`${err.stack ?? ''}\n`);
    return ExitCode.Failure;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
