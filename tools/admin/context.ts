/**
 * What every command gets: the opened target, the global options, where to print, who is
 * acting, and what time it is for the budget's calendar.
 */
import type { Actor } from './audit';
import { parseTime } from './args';
import { senderCensus } from './census';
import type { SenderCensus } from './census';
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
}

/** When the command evaluates budgets, and why that time. */
export interface Evaluation {
  readonly nowMs: number;
  /** `--at`, the wall clock, or a local state's simulated clock. */
  readonly clock: 'at' | 'wall' | 'simulated';
}

/**
 * `--at` when given (a duration counts back from the default clock); else the wall clock, or
 * for a local state the last time its responder handled a message (`census` avoids a second
 * scan when the caller has one).
 */
export async function evaluationTime(
  context: CommandContext,
  census?: SenderCensus,
): Promise<Evaluation> {
  let base: Evaluation = { nowMs: Date.now(), clock: 'wall' };
  if (context.target.clock === 'simulated') {
    const settings = await context.target.settings();
    const lastSeenMs = (census ?? (await senderCensus(context.target, settings.budget.timeZone)))
      .lastSeenMs;
    if (lastSeenMs !== undefined) base = { nowMs: lastSeenMs, clock: 'simulated' };
  }
  if (context.options.at === undefined) return base;
  return { nowMs: parseTime(context.options.at, '--at', base.nowMs), clock: 'at' };
}

/** The actor of audit records; asks AWS who the credentials are (one STS call) only here. */
export async function actor(context: CommandContext): Promise<Actor> {
  const callerArn = await context.target.callerArn();
  return {
    who: whoAmI(context.options),
    ...(callerArn === undefined ? {} : { callerArn }),
  };
}
