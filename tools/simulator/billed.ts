/**
 * The summary's billed money: what the receipts function applied (billed, and the estimate of
 * the receipted replies), and the spend the budget item counted after the true-ups, per period.
 * The counters are followed as the table moves them: each SMS adds its reservation's estimate
 * (from its receipt tag) to its reservation's hour, day and month, each applied receipt adds
 * billed − counted to the same periods. See docs/simulator.md, "Billed money".
 */
import type { PeriodKeys } from '../../lambda/domain/calendar';
import { periodKeys, periodsOfHour } from '../../lambda/domain/calendar';
import type { ReceiptTag } from '../../lambda/receipt-tag';
import type { ReceiptOutcome } from '../../lambda/receipts';
import type { PlannedReceipt } from '../local/receipt-events';
import type { SentSms } from '../local/sms-sink';

/** One receipt the replay delivered, and what the receipts function did with it. */
export interface ReceiptResult {
  readonly receipt: PlannedReceipt;
  /** `undefined` when the receipts function threw. */
  readonly outcome: ReceiptOutcome | undefined;
}

/** The summary's billed fields. */
export interface BilledSummary {
  /** What the receipts applied as billed, in all. */
  billed_micros: number;
  /** The estimate of the replies those receipts were for. */
  estimated_micros: number;
  /** The most the budget item's spend counters held after the true-ups, per period. */
  peak_billed_micros: { hour: number; day: number; month: number };
}

/** When the price learned from receipts first caught up, and what was in flight then. */
export interface LearnedCatchUp {
  readonly atMs: number;
  readonly country: string;
  /** The learned price per segment, micro-units. */
  readonly micros: number;
  /**
   * Replies reserved at the configured price by then (sent, or waiting for their safety delay)
   * whose final receipt had not been applied yet: their true-up was still to come.
   */
  readonly inFlight: number;
  /** Replies reserved at the configured price after it (the containers' control caches). */
  readonly reservedAtConfiguredAfter: number;
}

/** The billed money of a replay, for its summary and its reports. */
export interface Billing {
  readonly summary: BilledSummary;
  readonly catchUp: LearnedCatchUp | undefined;
  /** The receipts the replay delivered, in simulated time order (they hold numbers: no logs). */
  readonly receipts: readonly ReceiptResult[];
}

const PERIODS = ['hour', 'day', 'month'] as const;

/** The billed money of the sends and the receipts delivered (in simulated time order). */
export function billingOf(
  sends: readonly SentSms[],
  receipts: readonly ReceiptResult[],
  openTag: (tag: string | undefined) => ReceiptTag | undefined,
  timeZone: string,
): Billing {
  const counters = { hour: new Map(), day: new Map(), month: new Map() } as Record<
    (typeof PERIODS)[number],
    Map<string, number>
  >;
  const count = (periods: PeriodKeys, micros: number): void => {
    for (const period of PERIODS) {
      const map = counters[period];
      map.set(periods[period], (map.get(periods[period]) ?? 0) + micros);
    }
  };
  const tags = new Map<string, ReceiptTag>();
  for (const sms of sends) {
    const tag = openTag(sms.tag);
    if (tag === undefined) {
      count(periodKeys(sms.reservedAtMs ?? sms.atMs, timeZone), sms.costMicros);
    } else {
      tags.set(sms.messageId, tag);
      count(periodsOfHour(tag.hour), tag.costMicros);
    }
  }
  let billed = 0;
  let estimated = 0;
  for (const { receipt, outcome } of receipts) {
    const tag = tags.get(receipt.messageId);
    if (outcome?.kind !== 'applied' || tag === undefined) continue;
    billed += outcome.billedMicros;
    estimated += outcome.estimatedMicros;
    count(periodsOfHour(tag.hour), outcome.addedMicros);
  }
  const peak = (map: Map<string, number>): number => Math.max(0, ...map.values());
  return {
    summary: {
      billed_micros: billed,
      estimated_micros: estimated,
      peak_billed_micros: {
        hour: peak(counters.hour),
        day: peak(counters.day),
        month: peak(counters.month),
      },
    },
    catchUp: catchUpOf(sends, receipts, tags),
    receipts,
  };
}

function catchUpOf(
  sends: readonly SentSms[],
  receipts: readonly ReceiptResult[],
  tags: ReadonlyMap<string, ReceiptTag>,
): LearnedCatchUp | undefined {
  const first = receipts.find((r) => r.outcome?.kind === 'applied' && r.outcome.learned);
  const learned = first?.outcome?.kind === 'applied' ? first.outcome.learned : undefined;
  if (first === undefined || learned === undefined) return undefined;
  const atMs = first.receipt.atMs;
  const finalBy = new Set(
    receipts
      .filter((r) => r.receipt.final && r.outcome?.kind === 'applied' && r.receipt.atMs <= atMs)
      .map((r) => r.receipt.messageId),
  );
  /** Reserved at the configured price: the tag's estimate is the sink's (configured) cost. */
  const atConfigured = (sms: SentSms): boolean =>
    tags.get(sms.messageId)?.costMicros === sms.costMicros;
  let inFlight = 0;
  let after = 0;
  for (const sms of sends) {
    if (!tags.has(sms.messageId) || !atConfigured(sms)) continue;
    if ((sms.reservedAtMs ?? sms.atMs) > atMs) after += 1;
    else if (!finalBy.has(sms.messageId)) inFlight += 1;
  }
  return {
    atMs,
    country: learned.country,
    micros: learned.micros,
    inFlight,
    reservedAtConfiguredAfter: after,
  };
}
