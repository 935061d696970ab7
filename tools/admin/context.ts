/**
 * What every command gets: the opened target, the global options, where to print, who is
 * acting, and what time it is for the budget's calendar.
 */
import { redactNumbers } from '../../lambda/domain/phone';
import type { Actor } from './audit';
import { parseTime } from './args';
import { senderCensus } from './census';
import type { SenderCensus } from './census';
import { UsageError } from './errors';
import type { GlobalOptions, Target } from './target';
import { whoAmI } from './target';

/** What a command runs with. */
export interface CommandContext {
  readonly target: Target;
  readonly options: GlobalOptions;
  /** Prints one line (or a block) on stdout. */
  print(text: string): void;
  /** Prints a warning on stderr. */
  warn(text: string): void;
  /** Asks a yes/no question on the terminal; absent when there is none (no TTY). */
  readonly confirm?: (question: string) => Promise<boolean>;
}

/** When the command evaluates budgets, and why that time. */
export interface Evaluation {
  readonly nowMs: number;
  /** `--at`, the wall clock, or a local state's simulated clock. */
  readonly clock: 'at' | 'wall' | 'simulated';
}

/**
 * The commands whose figures `--at` moves: read-only views. Every other command acts now (a
 * change, a send charged to the current period), so `--at` is refused there (exit 2).
 */
export const AT_COMMANDS: readonly string[] = ['status', 'export-evidence'];

/** Checks `--at` before any I/O: its syntax, and that the command (`budget set`…) takes it. */
export function checkAtOption(command: string, options: GlobalOptions): void {
  if (options.at === undefined) return;
  parseTime(options.at, '--at', Date.now());
  if (AT_COMMANDS.includes(command)) return;
  const why =
    command === 'send-test'
      ? 'a test SMS is sent now and charged to the current hour, day and month (with --local, ' +
        "those of the state's simulated clock, as status shows them)"
      : command === 'history'
        ? 'history lists whole days up to now: choose how many with --days'
        : command === 'audit'
          ? 'the audit trail is listed up to now: choose where it starts with --since'
          : `${command} acts now`;
  throw new UsageError(
    `--at does not apply to ${command}: ${why}. --at only moves what ` +
      `${AT_COMMANDS.join(' and ')} show; run it without --at`,
  );
}

/**
 * What "now" is for a command that acts: the wall clock, or for a local state the end of its
 * simulated time (the last message or reply the simulator replayed in it) (`census` avoids a second scan when the caller has one). Never
 * `--at`: money is charged, and changes are made, in the present.
 */
export async function currentTime(
  context: CommandContext,
  census?: SenderCensus,
): Promise<Evaluation> {
  if (context.target.clock === 'simulated') {
    const settings = await context.target.settings();
    const lastSeenMs = (census ?? (await senderCensus(context.target, settings.budget.timeZone)))
      .lastSeenMs;
    // The simulator's record of its replayed time includes the replies sent after the last
    // message (safety delay); older folders only have the messages.
    const untilMs = Math.max(lastSeenMs ?? 0, context.target.simulatedUntilMs ?? 0);
    if (untilMs > 0) return { nowMs: untilMs, clock: 'simulated' };
  }
  return { nowMs: Date.now(), clock: 'wall' };
}

/**
 * The time a read-only view is evaluated at: `--at` when given (a duration counts back from
 * {@link currentTime}), else {@link currentTime}.
 */
export async function evaluationTime(
  context: CommandContext,
  census?: SenderCensus,
): Promise<Evaluation> {
  const base = await currentTime(context, census);
  if (context.options.at === undefined) return base;
  return { nowMs: parseTime(context.options.at, '--at', base.nowMs), clock: 'at' };
}

/**
 * The actor of audit records; asks AWS who the credentials are (one STS call) only here. The
 * name is free text (`--who`): phone numbers in it are masked. The time is the target's clock
 * ({@link currentTime}).
 */
export async function actor(context: CommandContext): Promise<Actor> {
  const callerArn = await context.target.callerArn();
  return {
    who: redactNumbers(whoAmI(context.options)),
    ...(callerArn === undefined ? {} : { callerArn }),
    atMs: (await currentTime(context)).nowMs,
  };
}
