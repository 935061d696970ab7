/**
 * The most reported senders of the last days, from the evidence records, masked: the status
 * says who is attacking the number without printing a number (the export has them in full).
 */
import { EvidenceStore } from '../../lambda/adapters/evidence-store';
import { maskNumber } from '../../lambda/domain/phone';
import type { Target } from './target';

const MS_PER_DAY = 86_400_000;
/** How far back the evidence is read for the most reported senders. */
export const FLAGGED_LOOKBACK_DAYS = 7;
const TOP_FLAGGED = 10;

/** A sender of evidence records, masked. */
export interface FlaggedSender {
  /** Masked: `+336******78`. */
  readonly number: string;
  readonly messages: number;
  /** Kinds of reasons (`insult`, `repeater`, `flagged_sender`…). */
  readonly reasons: readonly string[];
  readonly lastAt: string;
}

/** The evidence of the lookback window before `atMs` and its most reported senders. */
export interface FlaggedSenders {
  readonly since: string;
  readonly records: number;
  readonly top: readonly FlaggedSender[];
}

/** Reads the evidence records of the last {@link FLAGGED_LOOKBACK_DAYS} days up to `atMs`. */
export async function flaggedSenders(target: Target, atMs: number): Promise<FlaggedSenders> {
  const sinceMs = atMs - FLAGGED_LOOKBACK_DAYS * MS_PER_DAY;
  const records = await new EvidenceStore(target.documentClient, target.tableName).query({
    sinceMs,
    untilMs: atMs + 1,
  });
  const bySender = new Map<string, { messages: number; reasons: Set<string>; lastAt: string }>();
  for (const record of records) {
    const entry = bySender.get(record.from) ?? { messages: 0, reasons: new Set(), lastAt: '' };
    entry.messages += 1;
    // The kind of reason only (`insult:…` → `insult`): the words matched stay in the export.
    for (const reason of record.reasons) entry.reasons.add(reason.split(':')[0] ?? reason);
    if (record.receivedAt > entry.lastAt) entry.lastAt = record.receivedAt;
    bySender.set(record.from, entry);
  }
  const top = [...bySender.entries()]
    .sort(
      ([a, x], [b, y]) =>
        y.messages - x.messages || y.lastAt.localeCompare(x.lastAt) || a.localeCompare(b),
    )
    .slice(0, TOP_FLAGGED)
    .map(([from, entry]) => ({
      number: maskNumber(from),
      messages: entry.messages,
      reasons: [...entry.reasons].sort(),
      lastAt: entry.lastAt,
    }));
  return { since: new Date(sinceMs).toISOString(), records: records.length, top };
}
