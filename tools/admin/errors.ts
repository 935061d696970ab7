/**
 * The CLI's two kinds of failure, each with its exit code: a command line that cannot be run as
 * typed (2) and a valid command that failed (1). Both carry one line saying what to do.
 */

/** Exit codes (README, "Operating it"). */
export const ExitCode = { Ok: 0, Failure: 1, Usage: 2 } as const;

/** A valid command that failed: the target is unreachable, refused, or said no. */
export class AdminError extends Error {
  readonly exitCode: number = ExitCode.Failure;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AdminError';
  }
}

/** The command line is wrong: a bad number, an amount above a hard cap, a bad date. */
export class UsageError extends AdminError {
  override readonly exitCode: number = ExitCode.Usage;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UsageError';
  }
}
