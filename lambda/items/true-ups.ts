/**
 * The receipts' side of the budget item (`B#<yyyy-mm>`): what AWS billed for the replies,
 * added to the spend the caps are checked against. A receipt adds billed − estimated to its
 * reply's hour, day and month in one conditional write, so the caps count what was billed; the
 * billed amounts and the differences are kept apart too (`bm`, `bd<day>`, `xm`, `xd<day>`), so
 * that estimated (spent − difference) and billed can both be shown, and each country's billed
 * and estimated of the day (`bc…`, `ec…`) give its effective price.
 *
 * Once per message, and per final or non-final: the day's map `u<day>` holds each message's
 * applied amount (`-billed - 1` for a non-final one). A repeated receipt, or a non-final one
 * after the final, finds its entry and moves nothing; a final one after a non-final one adds
 * only the difference between the two, in a second write conditional on the entry it read.
 */
import { createHash } from 'node:crypto';
import type { PeriodKeys } from '../domain/calendar';
import { budgetAttribute as a, budgetItemKey } from '../adapters/table-keys';
import type { Item, Table } from './table';

/** One receipt's true-up. */
export interface TrueUpRequest {
  /** The periods of the reply's reservation. */
  readonly periods: PeriodKeys;
  readonly messageId: string;
  readonly country: string;
  /** What the reservation counted. */
  readonly estimatedMicros: number;
  /** What AWS billed, in micro-units of the budget currency. */
  readonly billedMicros: number;
  readonly final: boolean;
}

export type TrueUpResult =
  | {
      readonly applied: true;
      /** What this write added to the spend (billed − what was counted before). */
      readonly addedMicros: number;
      /** What it added to the estimate of receipted replies (0 for a correction). */
      readonly estimatedAddedMicros: number;
      /** The country's billed and estimated of the day, after this write. */
      readonly countryDay: { readonly billedMicros: number; readonly estimatedMicros: number };
    }
  | { readonly applied: false; readonly why: 'duplicate' | 'late' };

/** Billed and difference of the receipted replies, for a day and its month. */
export interface BilledAmounts {
  readonly billed: { readonly day: number; readonly month: number };
  /** Billed − estimated of those replies. */
  readonly trueUp: { readonly day: number; readonly month: number };
}

/** What a refused write found in the day's map for the message (undefined: nothing yet). */
interface Found {
  readonly entry: number | undefined;
}

/** A message's key in the day's map: its id hashed to 12 characters (72 bits). */
export const messageKey = (messageId: string): string =>
  createHash('sha256').update(messageId).digest('base64url').slice(0, 12);

/** How an applied amount is stored: the billed amount, or `-billed - 1` while not final. */
const stored = (billedMicros: number, final: boolean): number =>
  final ? billedMicros : -billedMicros - 1;

const num = (item: Item | undefined, name: string): number => {
  const value = item?.[name];
  return typeof value === 'number' ? value : 0;
};

/** Billed and difference in the budget item for `periods`' day and month. */
export function billedOf(item: Item | undefined, periods: PeriodKeys): BilledAmounts {
  return {
    billed: { day: num(item, a.billedDay(periods.day)), month: num(item, a.billedMonth) },
    trueUp: { day: num(item, a.trueUpDay(periods.day)), month: num(item, a.trueUpMonth) },
  };
}

/** The true-ups of the table's budget items. */
export class TrueUps {
  constructor(private readonly table: Table) {}

  /**
   * Applies one receipt: one write, or two for a final receipt that corrects a non-final one
   * (the first is refused and returns the entry it found).
   */
  async apply(request: TrueUpRequest): Promise<TrueUpResult> {
    let found = await this.first(request);
    // A concurrent receipt of the same message may change the entry between our two writes:
    // decide again on what the refused write found, a bounded number of times.
    for (let attempt = 0; attempt < 3 && !('applied' in found); attempt += 1) {
      const { entry } = found;
      if (entry === undefined) found = await this.first(request);
      else if (entry >= 0 || !request.final) return { applied: false, why: 'duplicate' };
      else found = await this.correct(request, -entry - 1, entry);
    }
    return 'applied' in found ? found : { applied: false, why: 'duplicate' };
  }

  /** The first receipt of a message with a price: billed − estimated. */
  private async first(request: TrueUpRequest): Promise<TrueUpResult | Found> {
    const { billedMicros, estimatedMicros } = request;
    return this.write(request, {
      condition: 'attribute_exists(#u) AND attribute_not_exists(#u.#k)',
      addedMicros: billedMicros - estimatedMicros,
      billedAddedMicros: billedMicros,
      estimatedAddedMicros: estimatedMicros,
      values: {},
    });
  }

  /** A final receipt after a non-final one of `appliedMicros`: only the difference. */
  private correct(
    request: TrueUpRequest,
    appliedMicros: number,
    entry: number,
  ): Promise<TrueUpResult | Found> {
    const difference = request.billedMicros - appliedMicros;
    return this.write(request, {
      condition: '#u.#k = :entry',
      addedMicros: difference,
      billedAddedMicros: difference,
      estimatedAddedMicros: 0,
      values: { ':entry': entry },
    });
  }

  private async write(
    request: TrueUpRequest,
    change: {
      condition: string;
      addedMicros: number;
      billedAddedMicros: number;
      estimatedAddedMicros: number;
      values: Record<string, unknown>;
    },
  ): Promise<TrueUpResult | Found> {
    const { periods, country } = request;
    const k = messageKey(request.messageId);
    const result = await this.table.updateIf({
      key: budgetItemKey(periods.month),
      update:
        'SET #u.#k = :entry_new ADD #m :add, #d :add, #h :add, #xm :add, #xd :add, ' +
        '#bm :billed, #bd :billed, #bc :billed, #ec :estimated',
      condition: change.condition,
      names: {
        '#u': a.trueUps(periods.day),
        '#k': k,
        '#m': a.month,
        '#d': a.day(periods.day),
        '#h': a.hour(periods.hour),
        '#xm': a.trueUpMonth,
        '#xd': a.trueUpDay(periods.day),
        '#bm': a.billedMonth,
        '#bd': a.billedDay(periods.day),
        '#bc': a.countryBilled(periods.day, country),
        '#ec': a.countryEstimated(periods.day, country),
      },
      values: {
        ...change.values,
        ':entry_new': stored(request.billedMicros, request.final),
        ':add': change.addedMicros,
        ':billed': change.billedAddedMicros,
        ':estimated': change.estimatedAddedMicros,
      },
      returnValues: 'ALL_NEW',
      readOnRefusal: true,
    });
    if (result.written) {
      return {
        applied: true,
        addedMicros: change.addedMicros,
        estimatedAddedMicros: change.estimatedAddedMicros,
        countryDay: {
          billedMicros: num(result.item, a.countryBilled(periods.day, country)),
          estimatedMicros: num(result.item, a.countryEstimated(periods.day, country)),
        },
      };
    }
    const map = result.item?.[a.trueUps(periods.day)] as Record<string, unknown> | undefined;
    if (map === undefined) return { applied: false, why: 'late' };
    const entry = map[k];
    return { entry: typeof entry === 'number' ? entry : undefined };
  }
}
