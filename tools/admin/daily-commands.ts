/**
 * The maintainer's daily view besides `status` (issue 19): `history` (one line per day) and
 * `audit` (the audit trail, newest first). Registered on the CLI's program by `cli.ts`.
 */
import type { Command } from 'commander';
import { auditLog, DEFAULT_AUDIT_SINCE } from './audit-view';
import { parseTime } from './args';
import type { CommandContext } from './context';
import { UsageError } from './errors';
import { DEFAULT_HISTORY_DAYS, history, MAX_HISTORY_DAYS } from './history';

/** Runs a command on its target (`onTarget` in `cli.ts`). */
export type OnTarget = (
  command: Command,
  run: (context: CommandContext) => Promise<void>,
) => Promise<void>;

/** `--days N`: a whole number of days, 1 to {@link MAX_HISTORY_DAYS}. */
export function parseDays(raw: string): number {
  const days = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || days < 1 || days > MAX_HISTORY_DAYS) {
    throw new UsageError(
      `--days takes a whole number of days from 1 to ${MAX_HISTORY_DAYS} (the budget ledger ` +
        `keeps 400 days), e.g. --days 30, not "${raw}"`,
    );
  }
  return days;
}

/** Adds `history` and `audit` to the program. */
export function registerDailyCommands(program: Command, onTarget: OnTarget): void {
  program
    .command('history')
    .description(
      'one line per day in the budget time zone: replies, spend against the day cap, inbound, ' +
        'drops by main reason, raid-mode minutes, flagged messages',
    )
    .option('--days <n>', `how many days, today included (default ${DEFAULT_HISTORY_DAYS})`)
    .option('--json', 'print exactly one JSON object')
    .addHelpText(
      'after',
      `
Spend and the day cap come from the budget ledger and the audit trail (the table), replies
paid for from the ledger (its last 3 days; older days: replies sent, from the metrics), inbound,
drops and raid-mode minutes from the metrics (CloudWatch; with --local, DIR/metrics.json written
by the simulator), flagged messages from the evidence records. Drop reasons: docs/operate.md#drop-reasons`,
    )
    .action(async (options: { days?: string; json?: boolean }, command: Command) => {
      const days = options.days === undefined ? DEFAULT_HISTORY_DAYS : parseDays(options.days);
      await onTarget(command, (context) => history(context, days, options.json === true));
    });

  program
    .command('audit')
    .description(
      'the audit trail, newest first: who changed what with this CLI, when, with which ' +
        'arguments (numbers masked) and what it changed',
    )
    .option(
      '--since <time>',
      `from (2026-11-01, 2026-11-01T16:00:00Z, or 7d / 12h back); default ${DEFAULT_AUDIT_SINCE}`,
    )
    .option('--json', 'print exactly one JSON object')
    .action(async (options: { since?: string; json?: boolean }, command: Command) => {
      if (options.since !== undefined) parseTime(options.since, '--since', Date.now());
      await onTarget(command, (context) => auditLog(context, options.since, options.json === true));
    });
}
