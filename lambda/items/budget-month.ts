/**
 * One month's budget item as read back (`B#<yyyy-mm>`, see `budget-ledger.ts`): `d<day>` and
 * `h<hour>` amounts (never pruned, kept 400 days) and, for the current day and the two before,
 * the set `r<day>` of the reservations still paid for (`<id>|<HH>|<micros>`, see `heldEntry`).
 * Reading it needs no metrics: spend per hour and day for a year, and the exact count of paid
 * replies per hour for the days whose set is still there, whose amounts add up to the spend.
 */
import { budgetAttribute, budgetItemKey } from '../adapters/table-keys';
import type { PeriodKeys } from '../domain/calendar';
import type { BilledAmounts } from './true-ups';
import { billedOf } from './true-ups';
import type { Item, Table } from './table';

/** One month's budget item, read once. */
export class MonthLedger {
  constructor(
    readonly month: string,
    private readonly item: Item | undefined,
  ) {}

  /** Whether the table holds this month's item (none: nothing was ever reserved in it). */
  get exists(): boolean {
    return this.item !== undefined;
  }

  /** Spent in one hour (`2026-10-19T19`). */
  hourSpent(hour: string): number {
    return this.number(budgetAttribute.hour(hour));
  }

  /** Spent in the hours of `prefix` (a day `2026-10-19` or the month) up to `lastHour` included. */
  spentThrough(prefix: string, lastHour: string): number {
    let sum = 0;
    for (const [name, value] of Object.entries(this.item ?? {})) {
      if (!name.startsWith(budgetAttribute.hour(prefix)) || typeof value !== 'number') continue;
      if (name.slice(1) <= lastHour) sum += value;
    }
    return sum;
  }

  /** Spent in the whole month (`m`). */
  monthSpent(): number {
    return this.number(budgetAttribute.month);
  }

  /** Spent on a whole day (`d<day>`). */
  daySpent(day: string): number {
    return this.number(budgetAttribute.day(day));
  }

  /**
   * Replies paid for on `day` in the hours `fromHour`–`toHour` (`00`–`23` by default), with
   * their amount, from the day's set of held reservations; undefined when the set was pruned
   * (days older than the current one and the two before).
   */
  paidReplies(
    day: string,
    fromHour = '00',
    toHour = '23',
  ): { count: number; micros: number } | undefined {
    const held = this.item?.[budgetAttribute.held(day)];
    if (!(held instanceof Set)) {
      return this.daySpent(day) === 0 ? { count: 0, micros: 0 } : undefined;
    }
    let count = 0;
    let micros = 0;
    for (const entry of held as Set<string>) {
      const [, hour = '', cost = '0'] = entry.split('|');
      if (hour < fromHour || hour > toHour) continue;
      count += 1;
      micros += Number(cost);
    }
    return { count, micros };
  }

  /** The entries of `day`'s set of held reservations (empty when pruned or none). */
  heldOn(day: string): ReadonlySet<string> {
    const held = this.item?.[budgetAttribute.held(day)];
    return held instanceof Set ? (held as Set<string>) : new Set<string>();
  }

  /**
   * What AWS billed for the receipted replies of `periods`' day, and of its month up to the end
   * of that day (the month's counter less the days after it: a past `--at` does not count
   * them), and billed − estimated.
   */
  billed(periods: PeriodKeys): BilledAmounts {
    const { billed, trueUp } = billedOf(this.item, periods);
    const after = (dayAttribute: (day: string) => string): number => {
      const [prefix, last] = [dayAttribute(''), dayAttribute(periods.day)];
      return Object.entries(this.item ?? {})
        .filter(([name]) => name.startsWith(prefix) && name.length === last.length && name > last)
        .reduce((sum, [, value]) => sum + (typeof value === 'number' ? value : 0), 0);
    };
    return {
      billed: { ...billed, month: billed.month - after(budgetAttribute.billedDay) },
      trueUp: { ...trueUp, month: trueUp.month - after(budgetAttribute.trueUpDay) },
    };
  }

  private number(name: string): number {
    const value = this.item?.[name];
    return typeof value === 'number' ? value : 0;
  }
}

/** The budget items as the maintainers' reports read them back (the Lambdas never do). */
export class BudgetMonths {
  constructor(private readonly table: Table) {}

  /** One month's item, strongly consistent. */
  async read(month: string): Promise<MonthLedger> {
    return new MonthLedger(month, await this.table.get(budgetItemKey(month), true));
  }
}
