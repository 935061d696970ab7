/**
 * `npm start` / `npm run simulate -- [options]`: replays a scenario or a trace against the real
 * responder in local mode and reports what it cost. Exit codes: 0 ok, 1 failure, 2 usage.
 */
import '../node-warnings';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { SingleBar } from 'cli-progress';
import type { ConfigInput } from '../../lib/config';
import { ConfigError, parseConfig, toResponderSettings } from '../../lib/config';
import type { BillingOptions } from '../local/receipt-events';
import type { BudgetOverride } from './budget-override';
import { parseBudgetOption, withBudget } from './budget-override';
import { chat } from './chat';
import { htmlReport } from './html-report';
import { simulate } from './run';
import type { Scenario } from './scenarios';
import { LAUNCH_MS, SCENARIOS, scenarioNames } from './scenarios';
import { placementMessage } from './state-folder';
import { textReport } from './text-report';
import { buildTimeline } from './timeline';
import { readTraceFile, toJsonLines, TraceError } from './trace';

export const DEFAULT_CONFIG = 'config/antirelou.json';
export const DEFAULT_SEED = 2017;
/** The last run's summary, in a `--state` folder. */
export const LAST_RUN_FILE = 'last-run.json';

const number =
  (what: string, min: number) =>
  (value: string): number => {
    const parsed = Number(value);
    if (!Number.isFinite(parsed) || parsed < min)
      throw new InvalidArgumentError(`${what} must be a number ≥ ${min}`);
    return parsed;
  };

/** A number in (0, max]: `--billed-factor`. */
const positive =
  (what: string, max: number) =>
  (value: string): number => {
    const parsed = Number(value);
    if (value.trim() === '' || !Number.isFinite(parsed) || parsed <= 0 || parsed > max)
      throw new InvalidArgumentError(`${what} must be a number above 0 and at most ${max}`);
    return parsed;
  };

/** AWS bills at most this many times the configured price in a replay (a typo guard). */
const MAX_BILLED_FACTOR = 10;
/** A carrier fee per SMS, USD, below the most an SMS can cost (`MaxPrice` < 100 USD). */
const MAX_CARRIER_FEE_USD = 10;

interface Options {
  scenario?: string;
  trace?: string;
  config: string;
  state?: string;
  json?: boolean;
  seed: number;
  replyDelay?: string;
  budget?: BudgetOverride;
  scale: number;
  speed: number;
  concurrency?: number;
  html?: string | false;
  writeTrace?: string;
  chat?: boolean;
  from?: string;
  progress: boolean;
  force?: boolean;
  billedFactor?: number;
  carrierFee?: number;
}

function readConfigInput(path: string): ConfigInput {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(path, [`cannot read it as JSON: ${(error as Error).message}`]);
  }
  parseConfig(json, path); // validate now, with the file's name in the message
  return json as ConfigInput;
}

/** `--reply-delay`: the config with that delay (validated with the rest of the config). */
function withReplyDelay(config: ConfigInput, delay: string | undefined): ConfigInput {
  if (delay === undefined) return config;
  const minutes = Number(delay);
  const replyDelay = delay.trim() !== '' && Number.isFinite(minutes) ? minutes : delay;
  const withDelay = { ...config, replyDelay };
  parseConfig(withDelay, '--reply-delay'); // a ConfigError names the problem (exit code 2)
  return withDelay;
}

export function buildProgram(io: {
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
}): Command {
  const program = new Command('simulate')
    .description(
      'Replay a raid (or any trace) against the real responder, locally, in simulated time.',
    )
    .addOption(new Option('--scenario <name>', 'built-in scenario').choices(scenarioNames()))
    .option('--trace <file>', 'replay a JSON Lines trace instead (see the README for the format)')
    .option('--config <file>', 'the config (same schema as the stack)', DEFAULT_CONFIG)
    .option(
      '--state <dir>',
      "keep the emulator's data in DIR (for `antirelou --local DIR`); a DIR that holds data: the " +
        'replay continues after its last simulated time (moved by whole days)',
    )
    .option(
      '--force',
      "with --state DIR holding data: replay at the trace's own dates over it instead (counts mix)",
    )
    .option('--json', 'print exactly one JSON object (the summary) on stdout')
    .option('--seed <n>', 'seed of the generated scenario', number('--seed', 0), DEFAULT_SEED)
    .option(
      '--scale <x>',
      "multiply the scenario's volumes (e.g. 0.1)",
      number('--scale', 0.0001),
      1,
    )
    .option(
      '--speed <n>',
      'simulated seconds per real second (0: as fast as possible)',
      number('--speed', 0),
      0,
    )
    .option(
      '--concurrency <n>',
      "simulated Lambda containers (default: the config's reserved concurrency)",
      number('--concurrency', 1),
    )
    .option('--html <file>', 'where to write the HTML report (default reports/<scenario>.html)')
    .option('--no-html', 'do not write the HTML report')
    .option('--write-trace <file>', 'also write the generated scenario as a JSON Lines trace')
    .option(
      '--reply-delay <duration>',
      'override the config\'s replyDelay: "0" (at once), "20m", "1h"… (checked like the config)',
    )
    .option(
      '--budget <caps>',
      "override the config's caps for this replay, currency units: hour=8,day=60,month=400 " +
        '(any of the three; checked like the config)',
      parseBudgetOption,
    )
    .option(
      '--billed-factor <f>',
      "receipts bill F times the config's price per segment (default 1; needs receipts: " +
        'sendVia "sms-voice")',
      positive('--billed-factor', MAX_BILLED_FACTOR),
    )
    .option(
      '--carrier-fee <usd>',
      'receipts add this carrier fee per SMS, USD (default 0)',
      number('--carrier-fee', 0),
    )
    .option('--chat', 'type SMS as one sender and see the replies')
    .option('--from <number>', 'the sender number in --chat mode', '+33612345678')
    .option('--no-progress', 'no progress bar')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .action(async (options: Options) => {
      if (options.scenario && options.trace)
        throw new CommanderError(2, 'usage', 'use --scenario or --trace, not both');
      const config = withBudget(
        withReplyDelay(readConfigInput(options.config), options.replyDelay),
        options.budget,
      );
      const billing = billingOptions(options, config);
      if (options.chat) {
        await chat({
          from: options.from ?? '+33612345678',
          config,
          configFile: options.config,
          stateDir: options.state,
          input: process.stdin,
          output: io.stdout,
        });
        return;
      }
      let scenario: Scenario;
      if (options.trace) {
        const name = options.trace.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
        scenario = {
          name,
          description: `Trace ${options.trace}`,
          startMs: LAUNCH_MS,
          events: readTraceFile(options.trace),
        };
      } else {
        const name = options.scenario ?? 'raid2017';
        scenario = SCENARIOS[name]!({ seed: options.seed, scale: options.scale });
      }
      if (options.writeTrace) {
        mkdirSync(dirname(options.writeTrace), { recursive: true });
        writeFileSync(options.writeTrace, toJsonLines(scenario.events));
      }
      const showProgress = options.progress && !options.json && io.stdout.isTTY === true;
      const bar = showProgress
        ? new SingleBar({
            format: ' {bar} {percentage}% | {value}/{total} SMS | {eta_formatted} left',
            stream: io.stderr,
            hideCursor: true,
          })
        : undefined;
      bar?.start(scenario.events.length, 0);
      const result = await simulate({
        events: scenario.events,
        config,
        startMs: scenario.startMs,
        stateDir: options.state,
        configFile: options.config,
        force: options.force === true,
        seed: options.seed,
        concurrency: options.concurrency,
        speed: options.speed,
        billing,
        onProgress: bar ? (done) => (done % 200 === 0 ? bar.update(done) : undefined) : undefined,
      });
      bar?.update(scenario.events.length);
      bar?.stop();
      const summary = {
        ...result.summary,
        scenario: scenario.name,
        ...(options.trace ? {} : { seed: options.seed, scale: options.scale }),
      };
      const timeZone = parseConfig(config).budget.timeZone;
      if (options.state) {
        const where = placementMessage(
          result.placement,
          options.state,
          (ms) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`,
        );
        if (where) io.stderr.write(`${where}\n`);
      }
      const { catchUp } = result.billing;
      let htmlPath: string | undefined;
      if (options.html !== false) {
        htmlPath =
          typeof options.html === 'string' ? options.html : `reports/${scenario.name}.html`;
        mkdirSync(dirname(htmlPath), { recursive: true });
        const timeline = buildTimeline({ ...result, summary }, timeZone);
        writeFileSync(
          htmlPath,
          htmlReport(summary, timeline, { description: scenario.description, timeZone, catchUp }),
        );
      }
      if (options.state) {
        // For `antirelou status --local DIR`: what the last run did (the table has no per-day
        // drop counts; in AWS they come from CloudWatch).
        writeFileSync(join(options.state, LAST_RUN_FILE), `${JSON.stringify(summary, null, 2)}\n`);
      }
      if (options.json) io.stdout.write(`${JSON.stringify(summary)}\n`);
      else
        io.stdout.write(
          textReport(summary, { description: scenario.description, htmlPath, catchUp }),
        );
      if (summary.errors > 0) process.exitCode = 1;
    });
  return program;
}

/** `--billed-factor` and `--carrier-fee`, which only a config with receipts can use. */
function billingOptions(options: Options, config: ConfigInput): BillingOptions {
  const { billedFactor, carrierFee } = options;
  if (billedFactor === undefined && carrierFee === undefined) return {};
  if (carrierFee !== undefined && carrierFee > MAX_CARRIER_FEE_USD)
    throw new CommanderError(
      2,
      'usage',
      `--carrier-fee must be at most ${MAX_CARRIER_FEE_USD} (USD per SMS)`,
    );
  if (toResponderSettings(parseConfig(config)).receipts === undefined)
    throw new CommanderError(
      2,
      'usage',
      '--billed-factor and --carrier-fee need receipts: a config with sendVia "sms-voice" ' +
        '(and no configurationSetName of its own)',
    );
  return {
    ...(billedFactor === undefined ? {} : { billedFactor }),
    ...(carrierFee === undefined ? {} : { carrierFeeUsd: carrierFee }),
  };
}

export async function main(
  argv: string[],
  io = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return 0; // --help, --version
      if (error.code === 'usage') io.stderr.write(`error: ${error.message}\n`);
      return 2;
    }
    if (error instanceof ConfigError || error instanceof TraceError) {
      io.stderr.write(`${error.message}\n`);
      return error instanceof ConfigError ? 2 : 1;
    }
    io.stderr.write(
      `simulate failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    return 1;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
