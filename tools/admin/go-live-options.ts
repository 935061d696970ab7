/**
 * The global options that mean nothing to the go-live commands: `--at` (they look at the account
 * as it is now: refused as for every command that does not take it) and, for `preflight` and
 * `verify`, `--local` (they check AWS, not a simulator's state). Refused before any I/O, as
 * usage errors (exit 2).
 */
import { checkAtOption } from './context';
import { UsageError } from './errors';
import type { GlobalOptions } from './target';

/** Refuses `--at`, and `--local` when the command checks AWS. */
export function refuseStateOptions(
  command: 'preflight' | 'verify' | 'cost',
  options: GlobalOptions,
): void {
  checkAtOption(command, options);
  if (options.local !== undefined && command !== 'cost') {
    throw new UsageError(
      `--local does not apply to ${command}: it checks the AWS account` +
        (command === 'verify' ? ' and the deployed stack' : '') +
        '; run it without --local (npm start rehearses locally)',
    );
  }
}
