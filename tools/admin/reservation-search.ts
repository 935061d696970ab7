/**
 * Finds the exact reservation the responder made for one inbound message, so that `verify` can
 * give back exactly that (the store's `release` needs its id, periods and amount). Its id is
 * `reservationId(inboundId, decidedAtMs)`, and the budget item holds it as `heldEntry` in the
 * set of its day; the decision time is known only to the millisecond range of the invocation,
 * so each millisecond of that range (widened by the clocks' possible difference) is tried.
 */
import type { Reservation } from '../../lambda/items/budget-ledger';
import type { BudgetMonths } from '../../lambda/items/budget-month';
import { heldEntry, reservationId } from '../../lambda/items/budget-ledger';
import type { PeriodKeys } from '../../lambda/domain/calendar';
import { periodKeys } from '../../lambda/domain/calendar';

/** How far this machine's clock and Lambda's may differ, each way. */
export const CLOCK_SKEW_MS = 2 * 60_000;
const MS_PER_MINUTE = 60_000;

/** What is known of the reservation. */
export interface ReservationClue {
  readonly inboundId: string;
  readonly costMicros: number;
  /** This machine's clock just before and just after the invocation. */
  readonly fromMs: number;
  readonly toMs: number;
  readonly timeZone: string;
}

/** The reservations held on a day, as the budget item stores them. */
export type HeldOn = (periods: PeriodKeys) => Promise<ReadonlySet<string>>;

/** Reads the held set of a day from the table's budget ledger (consistent read). */
export function heldInTable(months: BudgetMonths): HeldOn {
  return async (periods) => (await months.read(periods.month)).heldOn(periods.day);
}

/** Searches one range of decision times, minute by minute. */
async function searchRange(
  clue: ReservationClue,
  heldOn: (periods: PeriodKeys) => Promise<ReadonlySet<string>>,
  start: number,
  end: number,
): Promise<Reservation | undefined> {
  // Periods change on whole minutes at most (time zone offsets are multiples of 15 minutes).
  for (let minute = start - (start % MS_PER_MINUTE); minute <= end; minute += MS_PER_MINUTE) {
    const periods = periodKeys(minute, clue.timeZone);
    const held = await heldOn(periods);
    // An entry ends with its hour and amount: skip the minutes no entry can match.
    const suffix = `|${periods.hour.slice(-2)}|${clue.costMicros}`;
    if (![...held].some((entry) => entry.endsWith(suffix))) continue;
    const last = Math.min(minute + MS_PER_MINUTE - 1, end);
    for (let ms = Math.max(minute, start); ms <= last; ms += 1) {
      const id = reservationId(clue.inboundId, ms);
      const reservation = { id, periods, costMicros: clue.costMicros };
      if (held.has(heldEntry(reservation))) return reservation;
    }
  }
  return undefined;
}

/**
 * The reservation, or undefined when none matches (given back already, or clocks further apart
 * than {@link CLOCK_SKEW_MS}). The invocation's own range first, then the margins.
 */
export async function findReservation(
  clue: ReservationClue,
  heldOn: HeldOn,
): Promise<Reservation | undefined> {
  const days = new Map<string, Promise<ReadonlySet<string>>>();
  const cached = (periods: PeriodKeys): Promise<ReadonlySet<string>> => {
    let held = days.get(periods.day);
    if (held === undefined) {
      held = heldOn(periods);
      days.set(periods.day, held);
    }
    return held;
  };
  const ranges: [number, number][] = [
    [clue.fromMs, clue.toMs],
    [clue.toMs + 1, clue.toMs + CLOCK_SKEW_MS],
    [clue.fromMs - CLOCK_SKEW_MS, clue.fromMs - 1],
  ];
  for (const [start, end] of ranges) {
    const found = await searchRange(clue, cached, start, end);
    if (found !== undefined) return found;
  }
  return undefined;
}
