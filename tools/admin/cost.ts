/**
 * `cost [--config F] [--json]`: what antirelou costs a month, offline. The stack is built from
 * the config in memory (no bundling, no synthesis, no network) and its billed resources counted;
 * prices come from `lib/config/aws-prices.ts`, the SMS part from the budget. With a table to
 * read (`--local DIR`, or `--stack NAME` given), the SMS part counts each country's price learned
 * from receipts where reservations count it now (`effectivePriceMicros`). With `--json`,
 * exactly one JSON object on stdout (the contract in docs/operate.md).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { effectivePriceMicros } from '../../lambda/domain/learned-price';
import { AntirelouStack } from '../../lib/antirelou-stack';
import type { CostItem, CostReport } from '../../lib/config/monthly-cost';
import { formatUsd, monthlyCost } from '../../lib/config/monthly-cost';
import { formatAmount, formatMicros, MICROS_PER_UNIT, toMicros } from '../../lib/config/money';
import { receiptsOn } from '../../lib/config/resolve';
import { shorterReplySentence } from '../../lib/config/shorter-reply';
import type { AntirelouConfig } from '../../lib/config/schema';
import type { StackInventory } from '../../lib/stack-inventory';
import { stackInventory } from '../../lib/stack-inventory';
import { loadCommandConfig } from './config-file';
import type { CommandContext } from './context';
import { currentTime } from './context';
import { readControl } from './control';
import { UsageError } from './errors';
import { count, localTime } from './format';

/** Skips the functions' bundling (esbuild): only the resources are counted. */
const NO_BUNDLING = { 'aws:cdk:bundling-stacks': [] };

/** The stack the config deploys, built in memory, and what it is billed for by the month. */
export function inventoryOf(config: AntirelouConfig, file: string): StackInventory {
  const outdir = mkdtempSync(join(tmpdir(), 'antirelou-cost-'));
  try {
    const app = new App({ outdir, context: NO_BUNDLING });
    return stackInventory(new AntirelouStack(app, 'Antirelou', { config }));
  } catch (error) {
    throw new UsageError(
      `the stack cannot be built from ${file}: ${(error as Error).message.split('\n')[0]}`,
      { cause: error },
    );
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** A country's SMS priced at the price learned from receipts (`learned_prices` of `--json`). */
export interface LearnedSmsPrice {
  readonly country: string;
  /** The price reservations count now, per segment, in the budget currency. */
  readonly segment_price: number;
  /** The config's price per segment. */
  readonly configured_segment_price: number;
  /** When it was learned (ISO 8601). */
  readonly learned_at: string;
}

/** `cost --json`: the contract's report, and the learned prices its SMS part counts, if any. */
export type CostWithLearned = CostReport & { readonly learned_prices?: readonly LearnedSmsPrice[] };

/** Reads a table for `cost`: its learned prices (`--local DIR` or `--stack NAME`). */
export type ReadTable = <T>(read: (context: CommandContext) => Promise<T>) => Promise<T>;

/**
 * The allowed countries whose learned price (the target's control item) is in force at the
 * target's present, above the config's price; none when the config has no receipts.
 */
export async function learnedSmsPrices(
  config: AntirelouConfig,
  context: CommandContext,
): Promise<LearnedSmsPrice[]> {
  if (!receiptsOn(config)) return [];
  const control = await readControl(context);
  const { nowMs } = await currentTime(context);
  return config.allowedCountries.flatMap((country) => {
    const configured = toMicros(config.prices[country] ?? 0);
    const learned = control.learnedPrices?.[country];
    if (configured === 0 || learned === undefined) return [];
    const inForce = effectivePriceMicros(
      configured,
      learned,
      nowMs,
      config.receipts.maxPriceFactor,
    );
    if (inForce <= configured) return [];
    return [
      {
        country,
        segment_price: inForce / MICROS_PER_UNIT,
        configured_segment_price: configured / MICROS_PER_UNIT,
        learned_at: new Date(learned.atMs).toISOString(),
      },
    ];
  });
}

/** The config with each learned price in force in place of the configured one. */
function pricedAt(config: AntirelouConfig, learned: readonly LearnedSmsPrice[]): AntirelouConfig {
  if (learned.length === 0) return config;
  const prices = { ...config.prices };
  for (const price of learned) prices[price.country] = price.segment_price;
  return { ...config, prices };
}

function itemLine(item: CostItem): string {
  const amount = !item.known
    ? 'unknown'
    : item.fixed
      ? formatUsd(item.usd_month)
      : item.usd_month > 0
        ? `≤ ${formatUsd(item.usd_month)}`
        : 'by use';
  const unit =
    item.unit_usd !== undefined && item.count !== undefined
      ? `: ${item.count} × USD ${item.unit_usd} per ${item.unit} (${item.price_status})`
      : '';
  const note = item.note === undefined ? '' : `; ${item.note}`;
  return `    ${amount.padEnd(12)}${item.what}${unit}${note}\n      source: ${item.source}`;
}

/** `SMS priced at the learned price for FR: EUR 0.09 a segment, learned 2026-11-29 (…)`. */
function learnedLines(report: CostWithLearned, timeZone: string): string[] {
  return (report.learned_prices ?? []).map(
    (price) =>
      `  SMS priced at the learned price for ${price.country}: ` +
      `${formatMicros(toMicros(price.segment_price), report.currency)} a segment, learned ` +
      `${localTime(Date.parse(price.learned_at), timeZone).slice(0, 10)} (configured ` +
      `${formatMicros(toMicros(price.configured_segment_price), report.currency)}; receipts ` +
      'showed AWS billing more, and reservations count it now)',
  );
}

/** The report as text. */
export function costText(report: CostWithLearned, file: string, timeZone = 'UTC'): string {
  const money = (amount: number): string => formatAmount(amount, report.currency);
  const { sms } = report;
  const runsOut =
    sms.month_cap_runs_out_on_day === null
      ? `31 days at the day's most (${money(sms.day_most)}) stay under the month cap.`
      : `if every day spends its cap (${money(sms.day_most)}), the month cap runs out on day ` +
        `${sms.month_cap_runs_out_on_day} of the month, and no reply goes out until the 1st.`;
  return [
    `antirelou cost of ${file}, a month (${report.prices.region}, read ${report.prices.checked}):`,
    '  AWS, fixed:',
    ...report.items.filter((item) => item.fixed).map(itemLine),
    `  fixed total: ${formatUsd(report.fixed_usd_month)} (unknown lines left out; the always-free ` +
      `tier takes off up to ${formatUsd(report.free_tier_fixed_usd_month)} if nothing else in the account uses it)`,
    '  AWS, growing with traffic:',
    ...report.items.filter((item) => !item.fixed).map(itemLine),
    `  SMS: at most ${money(report.sms_budget_month)} a month: ${count(report.replies_per_month_max)} ` +
      `replies at ${money(sms.cheapest_reply.cost)} (${sms.cheapest_reply.country}), at most ` +
      `${count(sms.replies_per_day_max)} a day; ${runsOut}`,
    ...learnedLines(report, timeZone),
    ...[shorterReplySentence(report.shorter_reply)]
      .filter((line) => line !== undefined)
      .map((line) => `  ${line[0]!.toUpperCase()}${line.slice(1)}.`),
  ].join('\n');
}

/**
 * Prints the month's cost of a config; with `readTable` (a target was named), the SMS part at
 * the learned prices in force there.
 */
export async function cost(
  options: { config?: string; json?: boolean },
  print: (text: string) => void,
  readTable?: ReadTable,
): Promise<void> {
  const { config, file } = loadCommandConfig(options.config);
  const inventory = inventoryOf(config, file);
  const learned =
    readTable === undefined || !receiptsOn(config)
      ? []
      : await readTable((context) => learnedSmsPrices(config, context));
  const report: CostWithLearned = {
    ...monthlyCost(pricedAt(config, learned), inventory),
    ...(learned.length === 0 ? {} : { learned_prices: learned }),
  };
  print(
    options.json === true
      ? JSON.stringify(report, null, 2)
      : costText(report, file, config.budget.timeZone),
  );
}
