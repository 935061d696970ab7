/**
 * What antirelou costs a month: the stack's fixed AWS costs (priced from `aws-prices.ts`, counted
 * from the built stack) and the SMS part allowed by the budget. `npx antirelou cost` prints it
 * (its `--json` form is a contract, see docs/operate.md) and `cdk synth` prints its summary.
 */
import { CANCEL_REASONS } from '../../lambda/domain/scheduled-reply';
import { DROP_REASONS, PERIODS } from '../../lambda/domain/types';
import type { StackInventory } from '../stack-inventory';
import type { UnitPrice } from './aws-prices';
import { AWS_PRICES, PRICE_PAGES, PRICES_CHECKED } from './aws-prices';
import { formatAmount, formatCents, MICROS_PER_UNIT, toMicros } from './money';
import type { AntirelouConfig } from './schema';
import type { ShorterReplyMonth } from './shorter-reply';
import { shorterReplyMonth, shorterReplySentence } from './shorter-reply';
import type { SmsMonth } from './sms-month';
import { smsMonth } from './sms-month';
import { RECEIPT_SKIPS } from '../../lambda/domain/receipt';
import { receiptsOn } from './resolve';

/** One line of the estimate (the `items` of `cost --json`). */
export interface CostItem {
  readonly what: string;
  /** USD a month (0 when unknown: see `known`). */
  readonly usd_month: number;
  /** Where the unit price comes from (a URL). */
  readonly source: string;
  /** False for costs that grow with traffic (priced at their upper bound or left at 0). */
  readonly fixed: boolean;
  /** False when no published price could be found: the line is left out of the totals. */
  readonly known: boolean;
  readonly count?: number;
  readonly unit?: string;
  readonly unit_usd?: number;
  readonly price_status?: UnitPrice['status'];
  readonly note?: string;
}

/** The estimate (`cost --json`): the first four fields and `items` are the contract. */
export interface CostReport {
  /** The budget's currency: the unit of `sms_budget_month`. */
  readonly currency: string;
  /** The known fixed AWS costs, USD a month, before any free tier. */
  readonly fixed_usd_month: number;
  /** The most the replies can cost in a month, in `currency`. */
  readonly sms_budget_month: number;
  readonly replies_per_month_max: number;
  readonly items: readonly CostItem[];
  /** Costs that grow with traffic, at their upper bound where there is one (USD a month). */
  readonly variable_usd_month_max: number;
  /** What AWS's always-free tier would take off the fixed costs if nothing else used it. */
  readonly free_tier_fixed_usd_month: number;
  readonly sms: {
    readonly budget_month: number;
    readonly day_most: number;
    /** Day of the month the month cap runs out when every day spends its most (null: never). */
    readonly month_cap_runs_out_on_day: number | null;
    readonly cheapest_reply: { readonly country: string; readonly cost: number };
    readonly replies_per_day_max: number;
  };
  /** Lines with no known price (left out of the totals). */
  readonly unknown: readonly string[];
  /** When the reply takes more than one segment: what a one-segment reply would buy. */
  readonly shorter_reply?: ShorterReplyMonth;
  readonly prices: { readonly checked: string; readonly region: string };
}

const CENT = 100;
const usd = (amount: number): number => Math.round(amount * CENT) / CENT;
const units = (micros: number): number => micros / MICROS_PER_UNIT;

/** A line priced at `count` units of `price`. */
function priced(what: string, count: number, price: UnitPrice, fixed = true): CostItem {
  return {
    what,
    usd_month: usd(count * price.usd),
    source: price.source,
    fixed,
    known: true,
    count,
    unit: price.unit,
    unit_usd: price.usd,
    price_status: price.status,
  };
}

/**
 * The functions' custom metric series (each with the Powertools `service` dimension): one per
 * metric name, per `Reason` or `Period` value where there is one. Flagged messages carry two
 * reasons (`abusive`, `repeater`: the values `lambda/responder.ts` passes to telemetry).
 */
export function metricSeriesCount(config: AntirelouConfig): number {
  const always = ['Inbound', 'Replies', 'SpentMicros', 'OptOuts', 'OptIns', 'SendUnknown'];
  const raidActive = 1; // RaidModeActive is emitted with every invocation
  let series = always.length + raidActive + PERIODS.length + DROP_REASONS.length;
  if (config.raid.enabled) series += 2; // RaidModeEntered, RaidModeLeft
  if (config.abuse.enabled) series += 2; // Flagged by Reason
  if (config.replyDelay.maxSeconds > 0) series += 2 + CANCEL_REASONS.length; // Scheduled, Repeats
  // Receipts by Reason (applied, corrected, each skip), BilledMicros, EstimatedMicros, and
  // LearnedPriceMicros by Country.
  if (receiptsOn(config)) series += 2 + RECEIPT_SKIPS.length + 2 + config.allowedCountries.length;
  return series;
}

function leaseItem(config: AntirelouConfig, inventory: StackInventory): CostItem {
  const { number } = config;
  const what =
    number.mode === 'create'
      ? `phone number lease (${number.isoCountryCode} ${number.numberType}, created by the stack)`
      : `phone number lease (${number.phoneNumberId}, already in the account)`;
  return {
    what,
    usd_month: 0,
    source: PRICE_PAGES.endUserMessaging,
    fixed: true,
    known: false,
    count: Math.max(inventory.phoneNumbers, 1),
    note:
      'no published figure we could read: `npx antirelou preflight` prints the MonthlyLeasingPrice ' +
      'AWS reports for an existing number (DescribePhoneNumbers); a French short code is quoted ' +
      'in the Support case (for scale only: a US short code was USD 995 a month in 2023)',
  };
}

function variableItems(config: AntirelouConfig, inventory: StackInventory): CostItem[] {
  const metrics = priced(
    'CloudWatch custom metrics (upper bound: every series emitted all month)',
    metricSeriesCount(config),
    AWS_PRICES.customMetric,
    false,
  );
  const logs: CostItem = {
    what: `CloudWatch Logs (${inventory.logGroups} log groups)`,
    usd_month: 0,
    source: AWS_PRICES.logsIngestedGb.source,
    fixed: false,
    known: true,
    unit: AWS_PRICES.logsIngestedGb.unit,
    unit_usd: AWS_PRICES.logsIngestedGb.usd,
    price_status: AWS_PRICES.logsIngestedGb.status,
    note:
      `no fixed fee; USD ${AWS_PRICES.logsIngestedGb.usd} per GB ingested beyond the free ` +
      `${AWS_PRICES.logsIngestedGb.freePerMonth} GB a month, shared with the rest of the account`,
  };
  return [metrics, logs];
}

function freeTier(inventory: StackInventory): number {
  const { alarmMetric, dashboard } = AWS_PRICES;
  return usd(
    Math.min(inventory.alarmMetrics, alarmMetric.freePerMonth) * alarmMetric.usd +
      Math.min(inventory.dashboards, dashboard.freePerMonth) * dashboard.usd,
  );
}

function smsPart(sms: SmsMonth): CostReport['sms'] {
  return {
    budget_month: units(sms.monthCapMicros),
    day_most: units(sms.dayMostMicros),
    month_cap_runs_out_on_day: sms.monthCapRunsOutOnDay ?? null,
    cheapest_reply: {
      country: sms.cheapestReply.country,
      cost: units(sms.cheapestReply.costMicros),
    },
    replies_per_day_max: sms.repliesPerDayMax,
  };
}

/** The month's estimate for a config and the stack built from it. */
export function monthlyCost(config: AntirelouConfig, inventory: StackInventory): CostReport {
  const sms = smsMonth(config);
  const fixed: CostItem[] = [
    leaseItem(config, inventory),
    priced('KMS customer managed keys', inventory.kmsKeys, AWS_PRICES.kmsKey),
    {
      ...priced(
        `CloudWatch alarms (${inventory.alarms} alarms, ${inventory.alarmMetrics} alarm metrics)`,
        inventory.alarmMetrics,
        AWS_PRICES.alarmMetric,
      ),
      note: 'priced per alarm metric: a metric-math alarm counts each metric it lists',
    },
    priced('CloudWatch dashboard', inventory.dashboards, AWS_PRICES.dashboard),
    priced('Secrets Manager secret (HMAC key)', inventory.secrets, AWS_PRICES.secret),
  ];
  const items = [...fixed, ...variableItems(config, inventory)];
  const sum = (lines: CostItem[]): number => usd(lines.reduce((a, b) => a + b.usd_month, 0));
  return {
    currency: sms.currency,
    fixed_usd_month: sum(items.filter((item) => item.fixed && item.known)),
    sms_budget_month: units(sms.monthMostMicros),
    replies_per_month_max: sms.repliesPerMonthMax,
    items,
    variable_usd_month_max: sum(items.filter((item) => !item.fixed)),
    free_tier_fixed_usd_month: freeTier(inventory),
    sms: smsPart(sms),
    // Short names: "phone number lease", without the details in brackets.
    unknown: items.filter((item) => !item.known).map((item) => item.what.split(' (')[0]!),
    prices: { checked: PRICES_CHECKED, region: 'us-east-1 list prices (Paris: not found)' },
    ...shorterPart(config),
  };
}

function shorterPart(config: AntirelouConfig): { shorter_reply?: ShorterReplyMonth } {
  const shorter = shorterReplyMonth(config);
  return shorter === undefined ? {} : { shorter_reply: shorter };
}

/** `USD 8.80`. */
export const formatUsd = (amount: number): string => formatCents(toMicros(amount), 'USD');

/** The lines `cdk synth` prints after the cost of each text (a third for a long reply). */
export function costSummaryLines(report: CostReport): string[] {
  const money = (amount: number): string => formatAmount(amount, report.currency);
  const unknown = report.unknown.length > 0 ? `, ${report.unknown.join(', ')} not included` : '';
  const runsOut = report.sms.month_cap_runs_out_on_day;
  return [
    `monthly AWS cost: ${formatUsd(report.fixed_usd_month)} fixed${unknown} (us-east-1 prices of ` +
      `${report.prices.checked}); details: npx antirelou cost`,
    `SMS: at most ${money(report.sms_budget_month)} a month (${report.replies_per_month_max} ` +
      `replies at ${money(report.sms.cheapest_reply.cost)} to ${report.sms.cheapest_reply.country}); ` +
      (runsOut === null
        ? `31 days at the day's most (${money(report.sms.day_most)}) stay under the month cap`
        : `if every day spends its cap (${money(report.sms.day_most)}), the month cap runs out on day ${runsOut}`),
    ...[shorterReplySentence(report.shorter_reply)].filter((line) => line !== undefined),
  ];
}
