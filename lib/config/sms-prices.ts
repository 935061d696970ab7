/**
 * The default SMS price table: the price of one outbound SMS segment per destination country,
 * in the budget's currency, used when the config sets no `prices`. One file, with its source
 * and the day it was checked; `cdk synth` warns when that day is more than
 * {@link PRICE_TABLE_MAX_AGE_DAYS} days old (`priceTableWarnings`).
 *
 * Source: AWS End User Messaging SMS pricing, https://aws.amazon.com/end-user-messaging/pricing/.
 * The page renders its per-country table in JavaScript, and the stored copies we could read on
 * 2026-11-29 hold no per-country figure (docs/aws-facts.md §7: "Per-SMS price to France: not
 * found"). The FR figure is therefore an estimate, not a quote: check the page for your
 * destinations and put yours in the config's `prices`. Once live, the receipts tell the price
 * AWS actually bills (`npx antirelou status`, "Prices"), and reservations follow it upwards.
 *
 * How to refresh: read the page (or your bill, or `status` once live), change the figures
 * here or in your config, and set {@link SMS_PRICES_CHECKED} to the day you read them.
 */

/** The day the table was last checked against its source. */
export const SMS_PRICES_CHECKED = '2026-11-29';

/** Where the figures come from. */
export const SMS_PRICES_SOURCE = 'https://aws.amazon.com/end-user-messaging/pricing/';

/** Approximate price of one outbound SMS segment to a French mobile, in EUR (an estimate). */
export const DEFAULT_PRICES: Readonly<Record<string, number>> = { FR: 0.075 };

/** A price table older than this many days gets a warning at synth (about 6 months). */
export const PRICE_TABLE_MAX_AGE_DAYS = 183;
