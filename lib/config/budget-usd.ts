/**
 * The month's budget in US dollars, for comparing it with AWS's spend limits (which are in
 * USD). The config has no exchange rate: a budget in another currency is read as USD, as the
 * stack's SMS spend alarm already does (`alarms.smsSpendUsd` defaults to `budget.month`), and
 * every caller prints that assumption next to the figure.
 */
import type { AntirelouConfig } from './schema';

/** The month budget in USD, and the assumption behind it when the budget is not in USD. */
export interface BudgetUsd {
  readonly usd: number;
  /** Undefined when the budget is in USD. */
  readonly assumption: string | undefined;
}

/** `budget.month` in USD. */
export function monthBudgetUsd(config: AntirelouConfig): BudgetUsd {
  return budgetInUsd(config.budget.month, config.budget.currency);
}

/** A month budget of `month` units of `currency`, in USD (the deployed settings' form). */
export function budgetInUsd(month: number, currency: string): BudgetUsd {
  if (currency === 'USD') return { usd: month, assumption: undefined };
  return {
    usd: month,
    assumption:
      `budget.month (${month} ${currency}) read as ${month} USD: the config has no exchange rate ` +
      '(the SMS spend alarm reads it the same way); allow for the rate',
  };
}
