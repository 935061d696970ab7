/**
 * The month's budget item must stay under DynamoDB's 400 KB item limit, or every reservation
 * is refused and nobody gets a reply for the rest of the month. It holds, at most: 744 hour
 * counters (31 days × 24), 31 day counters, and the reservations not yet given back of the
 * current day and the two before (`HELD_DAYS`), about 30 bytes each; with receipts, each reply's
 * true-up for `RECEIPT_DAYS` days, about 24 bytes each. The last parts grow with the number of
 * replies a day's budget buys: that number is bounded here.
 * Source of the limit: "The maximum item size in DynamoDB is 400 KB, which includes both
 * attribute name binary length (UTF-8 length) and attribute value lengths"
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html, read
 * 2026-11-29).
 */
import { HELD_DAYS, RECEIPT_DAYS } from '../../lambda/items/budget-ledger';
import { receiptsOn } from './resolve';
import { toMicros } from './money';
import { textCosts } from './resolve';
import type { AntirelouConfig } from './schema';

/** Bytes of one held reservation (`<16 chars>|HH|<amount>` and its set overhead), rounded up. */
const HELD_ENTRY_BYTES = 32;
/**
 * Bytes of one reply's true-up with receipts (`<12 chars>` → a number in the day's map, and the
 * map's overhead), rounded up; kept {@link RECEIPT_DAYS} days.
 */
const TRUE_UP_ENTRY_BYTES = 24;
/** Bytes of the counters: 744 hours (`h2026-11-29T10` + a number) and 31 days. */
const COUNTER_BYTES = 744 * 24 + 31 * 20;
/** With receipts: 31 days of billed and true-up counters, and of 4 countries' billed and estimated. */
const RECEIPT_COUNTER_BYTES = 31 * (2 + 4 * 2) * 24;
/** DynamoDB's item size limit, less a margin for the key and the TTL. */
const ITEM_LIMIT_BYTES = 400 * 1024 - 1024;
/** What the item should stay under, leaving room for mistakes in these estimates. */
const ITEM_COMFORT_BYTES = 300_000;

const repliesFitting = (bytes: number, receipts: boolean): number =>
  Math.floor(
    (bytes - COUNTER_BYTES - (receipts ? RECEIPT_COUNTER_BYTES : 0)) /
      (HELD_DAYS * HELD_ENTRY_BYTES + (receipts ? RECEIPT_DAYS * TRUE_UP_ENTRY_BYTES : 0)),
  );

/** Above this many replies a day, the budget item may pass DynamoDB's limit: an error. */
export const MAX_REPLIES_PER_DAY = repliesFitting(ITEM_LIMIT_BYTES, false);
/** Above this many, it stays under the limit with less margin than we like: a warning. */
export const COMFORTABLE_REPLIES_PER_DAY = repliesFitting(ITEM_COMFORT_BYTES, false);
/** The same with receipts, whose true-ups the item keeps {@link RECEIPT_DAYS} days. */
export const MAX_REPLIES_PER_DAY_WITH_RECEIPTS = repliesFitting(ITEM_LIMIT_BYTES, true);
export const COMFORTABLE_REPLIES_PER_DAY_WITH_RECEIPTS = repliesFitting(ITEM_COMFORT_BYTES, true);

/** The hard and the comfortable limit of a config (receipts or not). */
export function repliesPerDayLimits(config: AntirelouConfig): { max: number; comfortable: number } {
  return receiptsOn(config)
    ? {
        max: MAX_REPLIES_PER_DAY_WITH_RECEIPTS,
        comfortable: COMFORTABLE_REPLIES_PER_DAY_WITH_RECEIPTS,
      }
    : { max: MAX_REPLIES_PER_DAY, comfortable: COMFORTABLE_REPLIES_PER_DAY };
}

function sentence(
  cost: { perDay: number; name: string; country: string },
  limit: number,
  field = 'budget.day',
  receipts = false,
): string {
  return (
    `${field} buys ${cost.perDay} ${cost.name} texts a day to ${cost.country}, more than the ` +
    `${limit} the month's budget item can track comfortably (DynamoDB items are at most 400 KB; ` +
    `past it, no reservation can be made until the held ones are pruned, up to 3 days): lower ` +
    `${field}, ${receipts ? 'turn receipts off ("receipts": {"enabled": false}; they keep 6 days of true-ups), ' : ''}` +
    'or run a second number with its own stack'
  );
}

/** A sentence per text whose day's budget buys more replies than the budget item can hold. */
export function budgetItemProblems(config: AntirelouConfig): string[] {
  const { max } = repliesPerDayLimits(config);
  const receipts = receiptsOn(config);
  const problems = textCosts(config)
    .filter((cost) => cost.perDay > max)
    .map((cost) => sentence(cost, max, 'budget.day', receipts));
  // A raised day cap fills the same item: the ceiling must fit too.
  const ceiling = config.budget.ceiling?.day;
  if (problems.length > 0 || ceiling === undefined || ceiling <= config.budget.day) return problems;
  return textCosts(config)
    .map((cost) => ({ ...cost, perDay: Math.floor(toMicros(ceiling) / cost.costMicros) }))
    .filter((cost) => cost.perDay > max)
    .map((cost) => sentence(cost, max, 'budget.ceiling.day', receipts));
}

/** A sentence per text whose day's budget leaves the budget item little margin (synth warns). */
export function budgetItemWarnings(config: AntirelouConfig): string[] {
  const { max, comfortable } = repliesPerDayLimits(config);
  return textCosts(config)
    .filter((cost) => cost.perDay > comfortable && cost.perDay <= max)
    .map((cost) => sentence(cost, comfortable, 'budget.day', receiptsOn(config)));
}
