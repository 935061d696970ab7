/**
 * The receipts' lines of `status`, under the periods: estimated, billed and their difference for
 * today and this month (spent beside them, as the table above counts it), each country's price
 * per segment (configured, learned, the one reservations count), and the USD rate. Without
 * receipts, one line saying why they are off.
 */
import { formatMicros } from '../../lib/config/money';
import { localTime, money } from './format';
import type { PriceStatus } from './receipts-status';
import { LEARNED_PRICE_DAYS } from './receipts-status';
import type { StatusReport } from './status';
import { renderTable } from '../text-table';

/** `EUR +0.03`, `EUR -0.01`, `EUR 0.00`: a difference to the cent, signed. */
function signed(micros: number, currency: string): string {
  const text = money(micros, currency);
  return micros > 0 && text !== money(0, currency) ? text.replace(' ', ' +') : text;
}

/** One country's price: what reservations count, and why. */
function priceLine(price: PriceStatus, currency: string, timeZone: string): string {
  const exact = (micros: number): string => formatMicros(micros, currency);
  const head = `Price       ${price.country}: ${exact(price.in_force_micros)} a segment counted now`;
  if (price.learned_micros === null || price.learned_at === null) {
    return `${head} (configured; nothing learned from receipts)`;
  }
  const learned = `learned ${exact(price.learned_micros)} on ${localTime(Date.parse(price.learned_at), timeZone)}`;
  const configured = `configured ${exact(price.configured_micros)}`;
  if (price.in_force_micros !== price.configured_micros) {
    const capped =
      price.in_force_micros < price.learned_micros ? ', capped by receipts.maxPriceFactor' : '';
    return `${head} (${learned}, in force: fresher than ${LEARNED_PRICE_DAYS} days and above the ${configured}${capped})`;
  }
  const why =
    price.learned_micros > price.configured_micros
      ? `older than ${LEARNED_PRICE_DAYS} days`
      : 'not above the configured price';
  return `${head} (configured; ${learned}, not in force: ${why})`;
}

function rateLine(report: StatusReport): string {
  const { currency } = report.budget;
  const rate = report.usd_rate;
  if (rate === undefined) return '';
  if (rate.date !== null) {
    return `USD rate    1 USD = ${rate.per_usd} ${currency} (rate of ${rate.date}, receipts.usdRate): receipts are in USD`;
  }
  return currency === 'USD'
    ? 'USD rate    the budget is in USD: receipts need no conversion'
    : `USD rate    no rate configured: USD read as ${currency} (set receipts.usdRate)`;
}

/** The receipts' lines (a blank line first), or the one line saying they are off. */
export function receiptsSection(report: StatusReport): string[] {
  if (!report.receipts || !report.billed || !report.estimated || !report.difference) {
    return ['', `Receipts    off: ${report.receipts_off ?? 'not configured'}`];
  }
  const { currency } = report.budget;
  const { timeZone } = report.asOf;
  const m = (micros: number): string => money(micros, currency);
  const rows = (['day', 'month'] as const).map((period) => [
    period,
    report.budget[period].key,
    m(report.estimated![period]),
    m(report.billed![period]),
    signed(report.difference![period], currency),
    m(report.budget[period].spentMicros),
  ]);
  return [
    '',
    'Receipts    what AWS billed for the replies whose receipts came back, against what the spend counters estimated for them',
    ...renderTable({
      header: ['', '', 'estimated', 'billed', 'difference', 'spent'],
      rows,
      align: ['left', 'left', 'right', 'right', 'right', 'right'],
      indent: 2,
    }),
    '  spent: every reply reserved, with the differences added (receipts come back minutes to 72 hours after a reply)',
    ...(report.prices ?? []).map((price) => priceLine(price, currency, timeZone)),
    rateLine(report),
  ];
}
