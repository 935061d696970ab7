/**
 * The effective price of a country, learned from its receipts, so that once AWS bills more than
 * the configured price, later reservations count the price actually billed and the caps stay
 * caps. How:
 *
 * - **What is learned:** each day, the country's receipted replies give billed ÷ estimated; the
 *   learned price per segment is the configured one times that ratio, rounded up. A day's
 *   ratio averages every receipt of the day, so one dear message moves it little.
 * - **Bounds:** never below the configured price (a cheaper bill never lowers a reservation:
 *   the config stays the floor), never above `maxPriceFactor` × the configured price (a bad
 *   receipt cannot make replies unaffordable), and only from at least
 *   {@link MIN_SAMPLE_SEGMENTS} segments' worth of estimate.
 * - **Freshness:** a learned price older than {@link LEARNED_PRICE_DAYS} days is forgotten.
 * - **Where:** in the control item (`price#<country>`), which the functions read through their
 *   control cache: no read is added to the responder's hot path.
 */

const MS_PER_DAY = 86_400_000;

/** A price learned from receipts, per segment, micro-units of the budget currency. */
export interface LearnedPrice {
  readonly micros: number;
  /** When it was learned. */
  readonly atMs: number;
}

/** How long a learned price counts without a newer one. */
export const LEARNED_PRICE_DAYS = 7;
/** A day's ratio is learned from at least this many segments' worth of estimate. */
export const MIN_SAMPLE_SEGMENTS = 5;
/** A new learned price is written when it differs from the one in force by more than this. */
const CHANGE_FRACTION = 0.01;

/** The price a reservation counts: the configured one, or a fresh learned one above it. */
export function effectivePriceMicros(
  configuredMicros: number,
  learned: LearnedPrice | undefined,
  nowMs: number,
  maxPriceFactor: number,
): number {
  if (learned === undefined || nowMs - learned.atMs > LEARNED_PRICE_DAYS * MS_PER_DAY) {
    return configuredMicros;
  }
  return bounded(learned.micros, configuredMicros, maxPriceFactor);
}

/** The price a country's receipts of the day show; undefined while the sample is too small. */
export function observedPriceMicros(
  configuredMicros: number,
  day: { readonly billedMicros: number; readonly estimatedMicros: number },
  maxPriceFactor: number,
): number | undefined {
  if (day.estimatedMicros < MIN_SAMPLE_SEGMENTS * configuredMicros) return undefined;
  const observed = Math.ceil((configuredMicros * day.billedMicros) / day.estimatedMicros);
  return bounded(observed, configuredMicros, maxPriceFactor);
}

/** Whether `observed` should replace the learned price in force (and be written). */
export function worthLearning(
  inForceMicros: number,
  observedMicros: number,
  learned: LearnedPrice | undefined,
  nowMs: number,
): boolean {
  const stale = learned !== undefined && nowMs - learned.atMs > MS_PER_DAY;
  return Math.abs(observedMicros - inForceMicros) > inForceMicros * CHANGE_FRACTION || stale;
}

function bounded(micros: number, configuredMicros: number, maxPriceFactor: number): number {
  return Math.min(
    Math.max(micros, configuredMicros),
    Math.floor(configuredMicros * maxPriceFactor),
  );
}
