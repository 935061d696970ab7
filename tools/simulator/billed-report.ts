/**
 * The reports' billed money, for the text and the HTML report: estimated vs billed for the
 * receipted replies and the difference, the spend counters' peaks after the true-ups against
 * the caps, and when the price learned from receipts caught up. No receipt is quoted: they hold
 * the destination numbers.
 */
import type { BilledSummary, LearnedCatchUp } from './billed';

const n = (value: number): string => value.toLocaleString('en-US');
const pct = (part: number, whole: number): string =>
  whole === 0 ? '-' : `${((100 * part) / whole).toFixed(1)}%`;
const signed = (micros: number, money: (micros: number) => string): string =>
  micros < 0 ? `-${money(-micros)}` : `+${money(micros)}`;

/** The billed money's table rows, a header first (empty when no receipt moved money). */
export function billedRows(
  summary: BilledSummary & { budget_micros: { hour: number; day: number; month: number } },
  money: (micros: number) => string,
): string[][] {
  if (summary.estimated_micros === 0 && summary.billed_micros === 0) return [];
  const difference = summary.billed_micros - summary.estimated_micros;
  const peak = summary.peak_billed_micros;
  const caps = summary.budget_micros;
  return [
    ['receipted replies', 'estimated', 'billed', 'difference'],
    [
      'all',
      money(summary.estimated_micros),
      money(summary.billed_micros),
      `${signed(difference, money)} (${difference < 0 ? '' : '+'}${pct(difference, summary.estimated_micros)})`,
    ],
    ['counted after the true-ups', 'cap', 'most in one', 'of the cap'],
    ['hour', money(caps.hour), money(peak.hour), pct(peak.hour, caps.hour)],
    ['day', money(caps.day), money(peak.day), pct(peak.day, caps.day)],
    ['month', money(caps.month), money(peak.month), pct(peak.month, caps.month)],
  ];
}

/** One sentence: when the price learned from receipts caught up, and what was in flight. */
export function catchUpSentence(
  catchUp: LearnedCatchUp | undefined,
  money: (micros: number) => string,
): string | undefined {
  if (catchUp === undefined) return undefined;
  const at = `${new Date(catchUp.atMs).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
  return (
    `The price learned from receipts (${catchUp.country}: ${money(catchUp.micros)} a segment) ` +
    `caught up at ${at}, with ${n(catchUp.inFlight)} replies reserved at the configured price ` +
    `still waiting for their final receipt; ${n(catchUp.reservedAtConfiguredAfter)} more were ` +
    "reserved at the configured price after it (the containers' control caches, read at most " +
    'every `controlCacheSeconds`).'
  );
}
