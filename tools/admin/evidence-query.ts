/**
 * The evidence records of a time range as the commands that read evidence ask for it
 * (`export-evidence`, `dossier`, `senders --flagged`): `--since`/`--until` as typed, resolved
 * against the command's clock, cut to what the table can still hold (`retainedRange`), and
 * optionally one sender's records (by the HMAC of the number).
 */
import { EvidenceStore, retainedRange } from '../../lambda/adapters/evidence-store';
import type { EvidenceRecord } from '../../lambda/domain/evidence';
import { inExportOrder } from '../evidence/export';
import { parseTime } from './args';
import type { CommandContext } from './context';
import { UsageError } from './errors';
import { count } from './format';

const MS_PER_SECOND = 1000;
const MS_PER_DAY = 86_400_000;

/** A range as typed on the command line. */
export interface EvidenceRangeRequest {
  readonly since: string;
  /** Absent: up to now (included). */
  readonly until?: string;
  /** E.164, already validated. */
  readonly sender?: string;
}

/** The records found, in export order, and the range actually searched. */
export interface EvidenceQueryResult {
  readonly records: readonly EvidenceRecord[];
  /** The command's "now" (`--at`, the wall clock, or a local state's simulated clock). */
  readonly nowMs: number;
  readonly searchedSinceMs: number;
  readonly searchedUntilMs: number;
  /** Set when the retention cut the start of the range: what to tell the maintainer. */
  readonly retentionNote?: string;
  /** The sender's HMAC, with `sender`. */
  readonly senderKey?: string;
}

/** Resolves `--since`/`--until` against `nowMs`; `--until` must come after `--since`. */
export function resolveRange(
  request: EvidenceRangeRequest,
  nowMs: number,
): { sinceMs: number; untilMs: number } {
  const sinceMs = parseTime(request.since, '--since', nowMs);
  const untilMs =
    request.until === undefined
      ? nowMs + 1
      : parseTime(request.until, '--until', nowMs, { endOfDay: true });
  if (untilMs <= sinceMs) {
    throw new UsageError(
      request.until === undefined
        ? `--since ${request.since} is after now (${new Date(nowMs).toISOString()}): give an earlier --since`
        : '--until must be after --since',
    );
  }
  return { sinceMs, untilMs };
}

/** What the maintainer is told when the retention cut the range. */
function retentionNote(
  retentionSeconds: number | undefined,
  empty: boolean,
  searchedSinceMs: number,
): string {
  const kept =
    retentionSeconds === undefined
      ? 'at most ten years'
      : `${count(Math.round((retentionSeconds * MS_PER_SECOND) / MS_PER_DAY))} days`;
  return (
    `Note: evidence is kept ${kept} (evidenceRetentionDays) and deleted a few days after, so ` +
    (empty
      ? 'none received in that range can still be in the table.'
      : `none received before ${new Date(searchedSinceMs).toISOString()} can still be there: ` +
        'the search started there.')
  );
}

/** Reads the records of the range (the caller has checked the command line). */
export async function queryEvidence(
  context: CommandContext,
  request: EvidenceRangeRequest,
  nowMs: number,
): Promise<EvidenceQueryResult> {
  const { sinceMs, untilMs } = resolveRange(request, nowMs);
  const retentionSeconds = (await context.target.settings()).evidenceRetentionSeconds;
  const range = retainedRange({ sinceMs, untilMs }, nowMs, retentionSeconds);
  const senderKey =
    request.sender === undefined ? undefined : (await context.target.senderKey())(request.sender);
  const records = await new EvidenceStore(
    context.target.documentClient,
    context.target.tableName,
  ).query({ ...range, ...(senderKey === undefined ? {} : { senderKey }) });
  // A range the table cannot hold anything in reads nothing; the output says so.
  const empty = range.untilMs <= range.sinceMs;
  const searchedSinceMs = empty ? sinceMs : range.sinceMs;
  return {
    records: inExportOrder(records),
    nowMs,
    searchedSinceMs,
    searchedUntilMs: empty ? untilMs : range.untilMs,
    ...(range.sinceMs > sinceMs
      ? { retentionNote: retentionNote(retentionSeconds, empty, searchedSinceMs) }
      : {}),
    ...(senderKey === undefined ? {} : { senderKey }),
  };
}
