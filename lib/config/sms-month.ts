/**
 * The SMS side of a month, from the budget alone: the most the replies can cost, how many
 * replies that buys at most, and the day the month's cap runs out if every day spends its own
 * cap. Pure arithmetic on the validated config, in integer micro-units.
 */
import { toMicros } from './money';
import { textCosts } from './resolve';
import type { AntirelouConfig } from './schema';

/** The longest calendar month: the most days a month can spend its day cap. */
export const LONGEST_MONTH_DAYS = 31;
/** The shortest: a cap that runs out by this day runs out every month. */
export const SHORTEST_MONTH_DAYS = 28;
const HOURS_PER_DAY = 24;

/** What the budget allows in a month. */
export interface SmsMonth {
  readonly currency: string;
  readonly monthCapMicros: number;
  /** The most one day can spend: the day cap, or 24 hourly caps when that is lower. */
  readonly dayMostMicros: number;
  /** The most the replies can cost in a month: the month cap, or 31 days at their most. */
  readonly monthMostMicros: number;
  /**
   * The day of the month (1–31) the month cap runs out on when every day spends its most;
   * undefined when 31 such days stay under the month cap.
   */
  readonly monthCapRunsOutOnDay: number | undefined;
  /** The cheapest reply among the allowed countries (it buys the most replies). */
  readonly cheapestReply: { readonly country: string; readonly costMicros: number };
  readonly repliesPerDayMax: number;
  readonly repliesPerMonthMax: number;
}

/** The month's SMS money and replies, from the config's caps, texts and prices. */
export function smsMonth(config: AntirelouConfig): SmsMonth {
  const hourCap = toMicros(config.budget.hour);
  const dayCap = toMicros(config.budget.day);
  const monthCap = toMicros(config.budget.month);
  const dayMost = Math.min(dayCap, HOURS_PER_DAY * hourCap);
  const replies = textCosts(config).filter((cost) => cost.name === 'reply' && cost.costMicros > 0);
  // The schema requires a price above 0 for every allowed country, so there is one.
  const cheapest = replies.reduce((a, b) => (b.costMicros < a.costMicros ? b : a), replies[0]!);
  const cost = cheapest.costMicros;
  const { perDay, perMonth } = repliesAt(config, cost);
  const runsOut = dayMost > 0 ? Math.ceil(monthCap / dayMost) : undefined;
  return {
    currency: config.budget.currency,
    monthCapMicros: monthCap,
    dayMostMicros: dayMost,
    monthMostMicros: Math.min(monthCap, LONGEST_MONTH_DAYS * dayMost),
    monthCapRunsOutOnDay:
      runsOut !== undefined && runsOut <= LONGEST_MONTH_DAYS ? runsOut : undefined,
    cheapestReply: { country: cheapest.country, costMicros: cost },
    repliesPerDayMax: perDay,
    repliesPerMonthMax: perMonth,
  };
}

/** The most replies at `costMicros` each that the caps allow in a day and in a month. */
export function repliesAt(
  config: AntirelouConfig,
  costMicros: number,
): { readonly perDay: number; readonly perMonth: number } {
  const perHour = Math.floor(toMicros(config.budget.hour) / costMicros);
  const perDay = Math.min(
    Math.floor(toMicros(config.budget.day) / costMicros),
    HOURS_PER_DAY * perHour,
  );
  const perMonth = Math.min(
    Math.floor(toMicros(config.budget.month) / costMicros),
    LONGEST_MONTH_DAYS * perDay,
  );
  return { perDay, perMonth };
}
