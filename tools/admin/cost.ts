/**
 * `cost [--config F] [--json]`: what antirelou costs a month, offline. The stack is built from
 * the config in memory (no bundling, no synthesis, no network) and its billed resources counted;
 * prices come from `lib/config/aws-prices.ts`, the SMS part from the budget. With `--json`,
 * exactly one JSON object on stdout (the contract in docs/operate.md).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { AntirelouStack } from '../../lib/antirelou-stack';
import type { CostItem, CostReport } from '../../lib/config/monthly-cost';
import { formatUsd, monthlyCost } from '../../lib/config/monthly-cost';
import { formatAmount } from '../../lib/config/money';
import { shorterReplySentence } from '../../lib/config/shorter-reply';
import type { AntirelouConfig } from '../../lib/config/schema';
import type { StackInventory } from '../../lib/stack-inventory';
import { stackInventory } from '../../lib/stack-inventory';
import { loadCommandConfig } from './config-file';
import { UsageError } from './errors';
import { count } from './format';

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

/** The report as text. */
export function costText(report: CostReport, file: string): string {
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
    ...[shorterReplySentence(report.shorter_reply)]
      .filter((line) => line !== undefined)
      .map((line) => `  ${line[0]!.toUpperCase()}${line.slice(1)}.`),
  ].join('\n');
}

/** Prints the month's cost of a config. */
export function cost(
  options: { config?: string; json?: boolean },
  print: (text: string) => void,
): void {
  const { config, file } = loadCommandConfig(options.config);
  const report = monthlyCost(config, inventoryOf(config, file));
  print(options.json === true ? JSON.stringify(report, null, 2) : costText(report, file));
}
