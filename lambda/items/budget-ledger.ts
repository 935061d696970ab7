/**
 * The budget ledger: the month's budget item (`B#<yyyy-mm>`) holds the month's, each day's and
 * each hour's spend, and the reservations not yet given back. One conditional write reserves a
 * reply in the hour, the day and the month at once, or nothing: under any number of concurrent
 * Lambdas, spend never exceeds a cap. Its key, its codec and its conditional writes.
 */
import { createHash } from 'node:crypto';
import type { PeriodKeys } from '../domain/calendar';
import type { BudgetCaps, PeriodAmounts } from '../domain/types';
import { allOf, atMost } from '../adapters/expressions';
import { budgetAttribute, budgetItemKey, TTL_ATTRIBUTE } from '../adapters/table-keys';
import type { Item, Table } from './table';

/** A reservation, enough to release it later (possibly from another function). */
export interface Reservation {
  /**
   * Names this reservation (the inbound id and the decision time, see {@link reservationId}):
   * releasing it twice gives the money back once.
   */
  readonly id: string;
  readonly periods: PeriodKeys;
  readonly costMicros: number;
}

/** A reservation to make, within the caps. */
export interface ReserveRequest {
  readonly reservation: Reservation;
  readonly caps: BudgetCaps;
  /** Days whose held reservations are pruned by this write ({@link heldDaysToPrune}). */
  readonly prunedDays: readonly string[];
  readonly expiresAtSeconds: number;
  /**
   * Only if the budget item does not hold this reservation already: a waiting reply is reserved
   * by the dispatcher, which the scheduler may run twice for one schedule.
   */
  readonly once?: boolean;
}

/** A sender joining the waiting list of a day, if it has room. */
export interface WaitingAdmission {
  readonly periods: PeriodKeys;
  readonly maxPerDay: number;
  readonly expiresAtSeconds: number;
}

export type ReserveResult =
  | { readonly ok: true; readonly spent: PeriodAmounts }
  | {
      readonly ok: false;
      readonly spent: PeriodAmounts;
      /** `once` only: the item holds this reservation already (made by an earlier run). */
      readonly held?: boolean;
    };

/** Budget items are kept a little over a year, for the record (their TTL, in seconds). */
export const BUDGET_RETENTION_SECONDS = 400 * 86_400;

/** The id of the reservation made for an inbound message at `decidedAtMs`. */
export const reservationId = (inboundId: string, decidedAtMs: number): string =>
  `${inboundId}@${decidedAtMs}`;

/**
 * How the budget item remembers a reservation until it is settled: its id (hashed to 16
 * characters, 96 bits), its hour and its amount, in the string set of its day. About 30 bytes a
 * reply; the sets of past days are pruned (see {@link heldDaysToPrune}).
 */
export function heldEntry(reservation: Reservation): string {
  const id = createHash('sha256').update(reservation.id).digest('base64url').slice(0, 16);
  return `${id}|${reservation.periods.hour.slice(-2)}|${reservation.costMicros}`;
}

/** The current day and the two before (see {@link heldDaysToPrune}); a test checks the bound. */
export const HELD_DAYS = 3;

/**
 * Days whose reservations can no longer be given back: a reply is settled at most the longest
 * delay plus `MAX_SEND_LATENESS_SECONDS` (24 h + 12 h) after its reservation, so the
 * sets of the current day and the two before are kept; older ones in this month are pruned by
 * the next reservation. A clock that runs ahead can only prune early, which keeps money counted
 * (a give-back then finds nothing): it never lowers a counter.
 */
export function heldDaysToPrune(day: string): string[] {
  return daysBefore(day, HELD_DAYS);
}

/** The days of `day`'s month before the last `keep` days (`day` included). */
function daysBefore(day: string, keep: number): string[] {
  const days: string[] = [];
  for (let d = 1; d <= Number(day.slice(8, 10)) - keep; d += 1) {
    days.push(`${day.slice(0, 8)}${String(d).padStart(2, '0')}`);
  }
  return days;
}

/**
 * How long the true-ups of a day are kept: a reply goes out at most 36 h after its reservation
 * (see {@link heldDaysToPrune}), and its receipts may come up to 72 h later ("it can take up to
 * 72 hours for the final message status to be received", AWS End User Messaging SMS event
 * format, read 2026-11-29): 4½ days, so the current day and the 5 before. A receipt for an
 * older day finds no map and is skipped as `late`.
 */
export const RECEIPT_DAYS = 6;

/** Days of this month whose true-ups are pruned by a reservation on `day`. */
export function receiptDaysToPrune(day: string): string[] {
  return daysBefore(day, RECEIPT_DAYS);
}

/** What the budget item says was spent in these periods (absent counters are 0). */
export function spentOf(item: Item | undefined, periods: PeriodKeys): PeriodAmounts {
  const read = (name: string): number => {
    const value = item?.[name];
    return typeof value === 'number' ? value : 0;
  };
  return {
    month: read(budgetAttribute.month),
    day: read(budgetAttribute.day(periods.day)),
    hour: read(budgetAttribute.hour(periods.hour)),
  };
}

/** Whether the budget item holds this entry in its day's set. */
function holds(item: Item | undefined, periods: PeriodKeys, entry: string): boolean {
  const held = item?.[budgetAttribute.held(periods.day)];
  return held instanceof Set && held.has(entry);
}

/** The budget items of the table. */
export class BudgetLedger {
  constructor(private readonly table: Table) {}

  /**
   * Reserves `costMicros` in the hour, day and month at once, or nothing, and holds the
   * reservation in its day's set; prunes the sets of `prunedDays`.
   */
  async reserve(request: ReserveRequest): Promise<ReserveResult> {
    const { reservation, caps, prunedDays } = request;
    const { periods, costMicros } = reservation;
    const entry = heldEntry(reservation);
    // `NOT #h > :max` holds for a counter not written yet: a cap below one reply's cost is
    // refused here, before any write, whoever asks.
    if (Math.min(caps.hourMicros, caps.dayMicros, caps.monthMicros) < costMicros) {
      return { ok: false, spent: await this.readSpent(periods) };
    }
    const names: Record<string, string> = {
      '#m': budgetAttribute.month,
      '#d': budgetAttribute.day(periods.day),
      '#h': budgetAttribute.hour(periods.hour),
      '#r': budgetAttribute.held(periods.day),
      '#u': budgetAttribute.trueUps(periods.day),
      '#ttl': TTL_ATTRIBUTE,
    };
    const pruned = [
      ...prunedDays.map(budgetAttribute.held),
      ...receiptDaysToPrune(periods.day).map(budgetAttribute.trueUps),
    ];
    pruned.forEach((name, i) => (names[`#p${i}`] = name));
    const remove = pruned.length ? ` REMOVE ${pruned.map((_, i) => `#p${i}`).join(', ')}` : '';
    const result = await this.table.updateIf({
      key: budgetItemKey(periods.month),
      // The day's map of true-ups is made here, so that a receipt can set its entry in one
      // write (DynamoDB cannot set a key of a map that does not exist).
      update: `ADD #m :cost, #d :cost, #h :cost, #r :held SET #ttl = :exp, #u = if_not_exists(#u, :none)${remove}`,
      condition: allOf(
        atMost('#m', ':mMax'),
        atMost('#d', ':dMax'),
        atMost('#h', ':hMax'),
        request.once ? 'NOT contains(#r, :entry)' : undefined,
      ),
      names,
      values: {
        ':cost': costMicros,
        ':held': new Set([entry]),
        ...(request.once ? { ':entry': entry } : {}),
        ':mMax': caps.monthMicros - costMicros,
        ':dMax': caps.dayMicros - costMicros,
        ':hMax': caps.hourMicros - costMicros,
        ':exp': request.expiresAtSeconds,
        ':none': {},
      },
      returnValues: 'ALL_NEW',
      readOnRefusal: true,
    });
    const spent = spentOf(result.item, periods);
    if (result.written) return { ok: true, spent };
    return {
      ok: false,
      spent,
      ...(request.once && holds(result.item, periods, entry) ? { held: true } : {}),
    };
  }

  /**
   * Counts a sender onto the day's waiting list if fewer than `maxPerDay` joined it that day:
   * true when admitted. The count is never lowered, so the list holds at most `maxPerDay` a day.
   */
  async admitWaiting(request: WaitingAdmission): Promise<boolean> {
    const result = await this.table.updateIf({
      key: budgetItemKey(request.periods.month),
      update: 'ADD #w :one SET #ttl = if_not_exists(#ttl, :exp)',
      condition: 'attribute_not_exists(#w) OR #w < :max',
      names: { '#w': budgetAttribute.waiting(request.periods.day), '#ttl': TTL_ATTRIBUTE },
      values: { ':one': 1, ':max': request.maxPerDay, ':exp': request.expiresAtSeconds },
    });
    return result.written;
  }

  /**
   * Gives a held reservation back, exactly as it was made, once: true when this call did.
   * Releasing it again, or anything that was not reserved, does nothing.
   */
  async release(reservation: Reservation): Promise<boolean> {
    const { periods, costMicros } = reservation;
    const entry = heldEntry(reservation);
    // The money goes back only while the budget item still holds this very reservation (its
    // id, hour and amount), and the same write forgets it: a repeated release, a forged one or
    // one for another amount finds nothing to give back.
    const result = await this.table.updateIf({
      key: budgetItemKey(periods.month),
      update: 'ADD #m :neg, #d :neg, #h :neg DELETE #r :held',
      condition: 'contains(#r, :entry)',
      names: {
        '#m': budgetAttribute.month,
        '#d': budgetAttribute.day(periods.day),
        '#h': budgetAttribute.hour(periods.hour),
        '#r': budgetAttribute.held(periods.day),
      },
      values: { ':neg': -costMicros, ':held': new Set([entry]), ':entry': entry },
    });
    return result.written;
  }

  /** What has been spent in these periods (strongly consistent). */
  async readSpent(periods: PeriodKeys): Promise<PeriodAmounts> {
    return spentOf(await this.table.get(budgetItemKey(periods.month), true), periods);
  }
}
