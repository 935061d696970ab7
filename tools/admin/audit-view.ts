/**
 * `audit [--since …] [--json]`: the audit trail, newest first: who (and, in AWS, the IAM
 * identity), when (on the target's clock, in the budget's time zone), which command, with what
 * arguments, and what it changed. Every text in a record goes through `redactNumbers` once more
 * before it is printed, for records written before the CLI masked everything.
 */
import { redactNumbers } from '../../lambda/domain/phone';
import { renderTable } from '../text-table';
import { parseTime } from './args';
import type { StoredAudit } from './audit-trail';
import { readAudit } from './audit-trail';
import type { CommandContext } from './context';
import { currentTime } from './context';
import { localTime } from './format';

/** `--since` when not given: the last 30 days. */
export const DEFAULT_AUDIT_SINCE = '30d';

/** One record of `audit --json`. */
export interface AuditLine {
  readonly when: string;
  readonly who: string;
  readonly callerArn?: string;
  readonly command: string;
  readonly args: unknown;
  readonly before: unknown;
  readonly after: unknown;
}

/** What `audit --json` prints. */
export interface AuditReport {
  readonly target: string;
  readonly timeZone: string;
  readonly since: string;
  readonly until: string;
  /** Newest first. */
  readonly records: readonly AuditLine[];
}

/** Every string inside `value` with its phone numbers masked. */
export function masked(value: unknown): unknown {
  if (typeof value === 'string') return redactNumbers(value);
  if (Array.isArray(value)) return value.map(masked);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, masked(v)]));
  }
  return value;
}

function line(record: StoredAudit): AuditLine {
  return {
    when: new Date(record.whenMs).toISOString(),
    who: redactNumbers(record.who),
    ...(record.callerArn === undefined ? {} : { callerArn: record.callerArn }),
    command: record.command,
    args: masked(record.args),
    before: masked(record.before),
    after: masked(record.after),
  };
}

/** `{"day":5000000}` → `day=5000000`; nested values as compact JSON. */
function compact(value: unknown): string {
  if (value === null || value === undefined) return '-';
  if (typeof value !== 'object') return String(value);
  const entries = Object.entries(value as Record<string, unknown>).filter(
    ([, v]) => v !== undefined,
  );
  if (entries.length === 0) return '-';
  return entries
    .map(([k, v]) => `${k}=${typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`)
    .join(' ');
}

/** The audit trail as text. */
export function renderAudit(report: AuditReport): string {
  const tz = report.timeZone;
  const head = `antirelou audit: ${report.target}, ${report.records.length} record(s) since ${localTime(Date.parse(report.since), tz)} ${tz}, newest first`;
  if (report.records.length === 0)
    return `${head}\n\n(no change was made with the CLI in that time)\n`;
  const rows = report.records.map((r) => [
    localTime(Date.parse(r.when), tz),
    r.who,
    r.command,
    compact(r.args),
    `${compact(r.before)} → ${compact(r.after)}`,
  ]);
  return `${[head, '', ...renderTable({ header: ['when', 'who', 'command', 'arguments', 'change'], rows })].join('\n')}\n`;
}

/** `audit [--since] [--json]`. */
export async function auditLog(
  context: CommandContext,
  since: string | undefined,
  json: boolean,
): Promise<void> {
  const { target } = context;
  const settings = await target.settings();
  const present = (await currentTime(context)).nowMs;
  const sinceMs = parseTime(since ?? DEFAULT_AUDIT_SINCE, '--since', present);
  // Records written on the wall clock (a local state's, before it used its simulated clock)
  // may lie after its data: the trail runs to whichever is later.
  const untilMs = Math.max(present, Date.now()) + 1;
  const records = await readAudit(target, sinceMs, untilMs);
  const report: AuditReport = {
    target: target.label,
    timeZone: settings.budget.timeZone,
    since: new Date(sinceMs).toISOString(),
    until: new Date(untilMs - 1).toISOString(),
    records: records.map(line),
  };
  context.print(json ? `${JSON.stringify(report)}\n` : renderAudit(report));
}
