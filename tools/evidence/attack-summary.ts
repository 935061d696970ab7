/**
 * The figures a complaint opens with, computed from the evidence records alone: when the attack
 * started and ended, its busiest minute, how many messages and numbers, how many of those
 * numbers are foreign or premium-rate, and one row per sender (full number: it is evidence).
 */
import type { EvidenceRecord } from '../../lambda/domain/evidence';
import type { NumberKind } from './number-kind';
import { isForeign, numberKind, PREMIUM_RATE } from './number-kind';

const MS_PER_MINUTE = 60_000;
/** Messages quoted per sender in the senders' table (all of them are in the full list). */
const SAMPLES_PER_SENDER = 2;

/** One sender of kept messages. */
export interface SenderRow {
  readonly number: string;
  readonly kind: NumberKind;
  readonly messages: number;
  readonly firstMs: number;
  readonly lastMs: number;
  /** Kinds of reasons (`insult`, `threat`, `repeater`…) and how many messages gave each. */
  readonly reasons: ReadonlyArray<readonly [string, number]>;
  /** Its first distinct messages, at most {@link SAMPLES_PER_SENDER}. */
  readonly samples: readonly string[];
}

/** The attack in figures. */
export interface AttackSummary {
  readonly messages: number;
  readonly distinctNumbers: number;
  /** First and last message (undefined: no record). */
  readonly startMs?: number;
  readonly endMs?: number;
  /** The minute (its first instant) with the most kept messages; the earliest of equals. */
  readonly peak?: { readonly minuteMs: number; readonly messages: number };
  /** Our number's country: the others are foreign. */
  readonly home: string | undefined;
  readonly foreignNumbers: number;
  readonly premiumNumbers: number;
  /** By most messages, then earliest. */
  readonly senders: readonly SenderRow[];
}

/** Kept messages per minute (first instant of the minute → count). */
export function messagesPerMinute(records: readonly EvidenceRecord[]): Map<number, number> {
  const perMinute = new Map<number, number>();
  for (const record of records) {
    const ms = Date.parse(record.receivedAt);
    const minute = ms - (ms % MS_PER_MINUTE);
    perMinute.set(minute, (perMinute.get(minute) ?? 0) + 1);
  }
  return perMinute;
}

function peakOf(perMinute: ReadonlyMap<number, number>): AttackSummary['peak'] {
  let peak: AttackSummary['peak'];
  for (const [minuteMs, messages] of perMinute) {
    if (
      peak === undefined ||
      messages > peak.messages ||
      (messages === peak.messages && minuteMs < peak.minuteMs)
    ) {
      peak = { minuteMs, messages };
    }
  }
  return peak;
}

interface SenderTally {
  messages: number;
  firstMs: number;
  lastMs: number;
  reasons: Map<string, number>;
  samples: string[];
}

function tallySenders(records: readonly EvidenceRecord[]): Map<string, SenderTally> {
  const tallies = new Map<string, SenderTally>();
  for (const record of records) {
    const ms = Date.parse(record.receivedAt);
    const tally = tallies.get(record.from) ?? {
      messages: 0,
      firstMs: ms,
      lastMs: ms,
      reasons: new Map<string, number>(),
      samples: [],
    };
    tally.messages += 1;
    tally.firstMs = Math.min(tally.firstMs, ms);
    tally.lastMs = Math.max(tally.lastMs, ms);
    // The kind only (`insult:…` → `insult`): the words matched are in the full list.
    for (const kind of new Set(record.reasons.map((reason) => reason.split(':')[0] ?? reason))) {
      tally.reasons.set(kind, (tally.reasons.get(kind) ?? 0) + 1);
    }
    if (tally.samples.length < SAMPLES_PER_SENDER && !tally.samples.includes(record.body)) {
      tally.samples.push(record.body);
    }
    tallies.set(record.from, tally);
  }
  return tallies;
}

/** The summary of records (in any order); `home` is our number's country. */
export function summariseAttack(
  records: readonly EvidenceRecord[],
  home: string | undefined,
): AttackSummary {
  const senders: SenderRow[] = [...tallySenders(records)].map(([number, tally]) => ({
    number,
    kind: numberKind(number),
    messages: tally.messages,
    firstMs: tally.firstMs,
    lastMs: tally.lastMs,
    reasons: [...tally.reasons].sort(([a, x], [b, y]) => y - x || a.localeCompare(b)),
    samples: tally.samples,
  }));
  senders.sort(
    (a, b) => b.messages - a.messages || a.firstMs - b.firstMs || a.number.localeCompare(b.number),
  );
  const times = records.map((record) => Date.parse(record.receivedAt));
  // A loop, not Math.min(...times): a raid's tens of thousands of records overflow the stack.
  const startMs = times.reduce((min, ms) => Math.min(min, ms), Number.POSITIVE_INFINITY);
  const endMs = times.reduce((max, ms) => Math.max(max, ms), Number.NEGATIVE_INFINITY);
  const peak = peakOf(messagesPerMinute(records));
  return {
    messages: records.length,
    distinctNumbers: senders.length,
    ...(times.length === 0 ? {} : { startMs, endMs }),
    ...(peak === undefined ? {} : { peak }),
    home,
    foreignNumbers: senders.filter((sender) => isForeign(sender.kind, home)).length,
    premiumNumbers: senders.filter((sender) => sender.kind.type === PREMIUM_RATE).length,
    senders,
  };
}
