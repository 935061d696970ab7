/**
 * `budget raise --hour --day --month`: raise caps at run time (donations came in), up to the
 * config's ceiling (`budget.ceiling`, default the caps: no raise). The raise is kept apart from
 * the lowering overrides of `budget set` (`budgetRaise` beside `budgetOverride` on the control
 * item): an override still lowers a raised cap, and the responder clamps a raise to the ceiling
 * it was deployed with, whatever the item says (`effectiveCaps`). A raise to the config's cap
 * takes a raise back.
 */
import type { Period, ResponderSettings } from '../../lambda/domain/types';
import { PERIODS } from '../../lambda/domain/types';
import { formatMicros, MICROS_PER_UNIT } from '../../lib/config/money';
import { writeAudit } from './audit';
import type { CommandContext } from './context';
import { actor } from './context';
import {
  CAP_FIELD,
  capsMapOf,
  describeCaps,
  readControl,
  TAKES_EFFECT,
  updateCapsMap,
} from './control';
import { UsageError } from './errors';

/** How the ceiling changes, for the target at hand. */
function howToChange(context: CommandContext, period: Period): string {
  const field = `budget.ceiling.${period}`;
  return context.target.kind === 'aws'
    ? `raise ${field} in the config and deploy (npx cdk deploy)`
    : `raise ${field} in the config and replay with it (npm run simulate -- --config FILE ` +
        `--state ${context.options.local ?? 'DIR'} …)`;
}

/** Checks raises against the deployed caps and ceiling; throws a usage error naming the first. */
export function checkRaises(
  context: CommandContext,
  raises: Partial<Record<Period, number>>,
  settings: ResponderSettings,
): void {
  const { currency } = settings.budget;
  for (const period of PERIODS) {
    const micros = raises[period];
    if (micros === undefined) continue;
    const field = CAP_FIELD[period];
    const cap = settings.budget[field];
    const ceiling = Math.max(cap, settings.budget.ceiling?.[field] ?? cap);
    if (micros > ceiling) {
      throw new UsageError(
        `--${period} ${formatMicros(micros, currency)} is above the ceiling of ` +
          `${formatMicros(ceiling, currency)} (budget.ceiling.${period} in the config` +
          `${ceiling === cap ? ', which defaults to budget.' + period + ': no raise' : ''}); ` +
          `to allow it, ${howToChange(context, period)}`,
      );
    }
    if (micros < cap) {
      throw new UsageError(
        `--${period} ${formatMicros(micros, currency)} is below the config's cap of ` +
          `${formatMicros(cap, currency)}: budget raise only raises; to lower a cap, use ` +
          `antirelou budget set --${period} ${micros / MICROS_PER_UNIT}`,
      );
    }
  }
}

/** `budget raise --hour --day --month`. */
export async function raiseBudget(
  context: CommandContext,
  raises: Partial<Record<Period, number>>,
): Promise<void> {
  const settings = await context.target.settings();
  checkRaises(context, raises, settings);
  const who = await actor(context);
  const before = await updateCapsMap(context, 'budgetRaise', raises, 'budget raise');
  const previous = before.budgetRaise ?? {};
  const after = { ...previous, ...capsMapOf(raises) };
  await writeAudit(context.target, who, {
    command: 'budget raise',
    args: raises,
    before: { budgetRaise: previous },
    after: { budgetRaise: after },
  });
  const control = await readControl(context);
  context.print(
    `${context.target.label}: budget raised; caps ` +
      `${describeCaps(settings, { ...control, budgetRaise: after })}. ${TAKES_EFFECT}.`,
  );
}
