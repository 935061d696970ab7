/**
 * The budget ledger as the responder leaves it, read by the commands: each month's budget item
 * read once, consistently, through `lambda/items` (`BudgetMonths.read`; the item's codec
 * is `MonthLedger`, in `lambda/items/budget-month.ts`).
 */
import type { MonthLedger } from '../../lambda/items/budget-month';
import type { Target } from './target';
import { itemsOf } from './target';

export { MonthLedger } from '../../lambda/items/budget-month';

/** Reads months' budget items (each once, consistently). */
export class Ledger {
  private readonly months = new Map<string, Promise<MonthLedger>>();

  constructor(private readonly target: Target) {}

  month(month: string): Promise<MonthLedger> {
    let read = this.months.get(month);
    if (!read) {
      read = itemsOf(this.target).months.read(month);
      this.months.set(month, read);
    }
    return read;
  }
}
