/**
 * Synth warnings about money that is counted but may not be what AWS bills: a price table
 * older than six months, and receipts that are off or read USD as the budget currency.
 */
import { AWS_PRICES } from './aws-prices';
import { receiptsOn } from './resolve';
import type { AntirelouConfig } from './schema';
import {
  DEFAULT_PRICES,
  PRICE_TABLE_MAX_AGE_DAYS,
  SMS_PRICES_CHECKED,
  SMS_PRICES_SOURCE,
} from './sms-prices';

const MS_PER_DAY = 86_400_000;

/** Days from an ISO date (`2026-11-29`) to `nowMs`. */
const ageInDays = (isoDate: string, nowMs: number): number =>
  Math.floor((nowMs - Date.parse(`${isoDate}T00:00:00Z`)) / MS_PER_DAY);

/** Countries whose price is the default table's (the config did not set its own). */
function defaultPricedCountries(config: AntirelouConfig): string[] {
  return Object.entries(config.prices)
    .filter(([country, price]) => DEFAULT_PRICES[country] === price)
    .map(([country]) => country);
}

/** A warning per price table older than {@link PRICE_TABLE_MAX_AGE_DAYS} days. */
export function priceTableWarnings(config: AntirelouConfig, nowMs: number): string[] {
  const warnings: string[] = [];
  const smsAge = ageInDays(SMS_PRICES_CHECKED, nowMs);
  const defaulted = defaultPricedCountries(config);
  if (smsAge > PRICE_TABLE_MAX_AGE_DAYS && defaulted.length > 0) {
    warnings.push(
      `prices: ${defaulted.join(', ')} use the default SMS price table, checked ` +
        `${SMS_PRICES_CHECKED} (${smsAge} days ago): check ${SMS_PRICES_SOURCE} and set ` +
        '"prices" in the config (or refresh lib/config/sms-prices.ts)',
    );
  }
  const oldest = Object.values(AWS_PRICES)
    .map((price) => price.checked)
    .sort()[0];
  if (oldest !== undefined && ageInDays(oldest, nowMs) > PRICE_TABLE_MAX_AGE_DAYS) {
    warnings.push(
      `the AWS prices behind the monthly cost were checked ${oldest} ` +
        `(${ageInDays(oldest, nowMs)} days ago): refresh lib/config/aws-prices.ts`,
    );
  }
  return warnings;
}

/** Why receipts are off, or what they assume, when it matters. */
export function receiptsWarnings(config: AntirelouConfig): string[] {
  if (!config.receipts.enabled) return [];
  if (!receiptsOn(config)) {
    return [
      config.sendVia !== 'sms-voice'
        ? 'receipts: off with sendVia "sns" (no per-message price reaches the stack; see ' +
          'docs/design.md, "Billed money"): the budget counts the configured prices only'
        : 'receipts: off, because configurationSetName names a configuration set of your own; ' +
          'the budget counts the configured prices only',
    ];
  }
  if (config.receipts.usdRate === undefined && config.budget.currency !== 'USD') {
    return [
      `receipts: no receipts.usdRate: the USD prices AWS bills are read as ` +
        `${config.budget.currency} (1:1); set {"perUsd": …, "date": "…"} for true billed figures`,
    ];
  }
  return [];
}
