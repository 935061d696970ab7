/**
 * The month's budget item must stay under DynamoDB's 400 KB item limit, or every reservation
 * is refused and nobody gets a reply for the rest of the month. It holds, at most: 744 hour
 * counters (31 days × 24), 31 day counters, and the reservations not yet given back of the
 * current day and the two before (`HELD_DAYS`), about 30 bytes each. The last part grows with
 * the number of replies a day's budget buys: that number is bounded here.
 * Source of the limit: "The maximum item size in DynamoDB is 400 KB, which includes both
 * attribute name binary length (UTF-8 length) and attribute value lengths"
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html, read
 * 2026-11-29).
 */
import { HELD_DAYS } from '../../lambda/items/budget-ledger';
import { toMicros } from './money';
import { textCosts } from './resolve';
import type { AntirelouConfig } from './schema';

/** Bytes of one held reservation (`<16 chars>|HH|<amount>` and its set overhead), rounded up. */
const HELD_ENTRY_BYTES = 32;
/** Bytes of the counters: 744 hours (`h2026-11-29T10` + a number) and 31 days. */
const COUNTER_BYTES = 744 * 24 + 31 * 20;
/** DynamoDB's item size limit, less a margin for the key and the TTL. */
const ITEM_LIMIT_BYTES = 400 * 1024 - 1024;
/** What the item should stay under, leaving room for mistakes in these estimates. */
const ITEM_COMFORT_BYTES = 300_000;

const repliesFitting = (bytes: number): number =>
  Math.floor((bytes - COUNTER_BYTES) / (HELD_DAYS * HELD_ENTRY_BYTES));

/** Above this many replies a day, the budget item may pass DynamoDB's limit: an error. */
export const MAX_REPLIES_PER_DAY = repliesFitting(ITEM_LIMIT_BYTES);
/** Above this many, it stays under the limit with less margin than we like: a warning. */
export const COMFORTABLE_REPLIES_PER_DAY = repliesFitting(ITEM_COMFORT_BYTES);

function sentence(
  cost: { perDay: number; name: string; country: string },
  limit: number,
  field = 'budget.day',
): string {
  return (
    `${field} buys ${cost.perDay} ${cost.name} texts a day to ${cost.country}, more than the ` +
    `${limit} the month's budget item can track comfortably (DynamoDB items are at most 400 KB; ` +
    `past it, no reservation can be made until the held ones are pruned, up to 3 days): lower ` +
    `${field}, or run a second number with its own stack`
  );
}

/** A sentence per text whose day's budget buys more replies than the budget item can hold. */
export function budgetItemProblems(config: AntirelouConfig): string[] {
  const problems = textCosts(config)
    .filter((cost) => cost.perDay > MAX_REPLIES_PER_DAY)
    .map((cost) => sentence(cost, MAX_REPLIES_PER_DAY));
  // A raised day cap fills the same item: the ceiling must fit too.
  const ceiling = config.budget.ceiling?.day;
  if (problems.length > 0 || ceiling === undefined || ceiling <= config.budget.day) return problems;
  return textCosts(config)
    .map((cost) => ({ ...cost, perDay: Math.floor(toMicros(ceiling) / cost.costMicros) }))
    .filter((cost) => cost.perDay > MAX_REPLIES_PER_DAY)
    .map((cost) => sentence(cost, MAX_REPLIES_PER_DAY, 'budget.ceiling.day'));
}

/** A sentence per text whose day's budget leaves the budget item little margin (synth warns). */
export function budgetItemWarnings(config: AntirelouConfig): string[] {
  return textCosts(config)
    .filter(
      (cost) => cost.perDay > COMFORTABLE_REPLIES_PER_DAY && cost.perDay <= MAX_REPLIES_PER_DAY,
    )
    .map((cost) => sentence(cost, COMFORTABLE_REPLIES_PER_DAY));
}
