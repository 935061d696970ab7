/**
 * `--budget hour=…,day=…,month=…`: the replay's caps instead of the config's, in currency units.
 * The override is merged into the config input and checked by `parseConfig` like the rest of
 * the config (hour ≤ day ≤ month, the budget item limit…), never applied past it.
 */
import { InvalidArgumentError } from 'commander';
import type { ConfigInput } from '../../lib/config';
import { ConfigError, parseConfig } from '../../lib/config';
import { MICROS_PER_UNIT } from '../../lib/config/money';

export type BudgetOverride = Partial<Record<'hour' | 'day' | 'month', number>>;

const PERIODS = ['hour', 'day', 'month'] as const;
const EXAMPLE = 'e.g. --budget hour=8,day=60,month=400 (currency units; any of the three)';

/** Parses the option's value; a bad one is a commander usage error (one sentence, exit 2). */
export function parseBudgetOption(text: string): BudgetOverride {
  const override: BudgetOverride = {};
  for (const part of text.split(',')) {
    const match = /^\s*(\w+)\s*=\s*(\S+)\s*$/.exec(part);
    const period = PERIODS.find((name) => name === match?.[1]);
    if (!match || period === undefined) {
      throw new InvalidArgumentError(
        `"${part.trim()}" is not hour=…, day=… or month=…; ${EXAMPLE}`,
      );
    }
    if (override[period] !== undefined) {
      throw new InvalidArgumentError(`${period} is given twice; ${EXAMPLE}`);
    }
    const amount = Number(match[2]);
    if (!Number.isFinite(amount) || amount < 0) {
      throw new InvalidArgumentError(
        `${period}=${match[2]} is not an amount ≥ 0 in currency units; ${EXAMPLE}`,
      );
    }
    override[period] = amount;
  }
  return override;
}

/** The config with the override's caps, checked like the config (a ConfigError says why). */
export function withBudget(config: ConfigInput, override: BudgetOverride | undefined): ConfigInput {
  if (override === undefined) return config;
  const merged = { ...config, budget: { ...config.budget, ...override } } as ConfigInput;
  parseConfig(merged, '--budget');
  return merged;
}

/** `hour=22.5,day=180,month=900`: a plan's caps (micros) as a `--budget` value. */
export function budgetOptionValue(caps: Record<'hour' | 'day' | 'month', number>): string {
  return PERIODS.map((period) => `${period}=${caps[period] / MICROS_PER_UNIT}`).join(',');
}

/** Why the config would refuse these caps (micros), or undefined when it accepts them. */
export function planConfigError(
  config: ConfigInput,
  caps: Record<'hour' | 'day' | 'month', number>,
): string | undefined {
  const override = Object.fromEntries(
    PERIODS.map((period) => [period, caps[period] / MICROS_PER_UNIT]),
  ) as BudgetOverride;
  try {
    withBudget(config, override);
    return undefined;
  } catch (error) {
    if (error instanceof ConfigError) return error.problems.join('; ');
    throw error;
  }
}
