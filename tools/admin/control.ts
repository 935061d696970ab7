/**
 * Runtime controls on the control item: pause, budget overrides, the raid-mode override. The
 * responder reads the item with a short cache (`responder.controlCacheSeconds`, 30 s by
 * default), so a change takes effect everywhere within that time, with no redeploy. Each change
 * is one write of `lambda/items/control-item.ts` (which sets only its own attributes, never the
 * `raid` map that flood detection owns), then one audit record.
 */
import { redactNumbers } from '../../lambda/domain/phone';
import type { ControlChanges } from '../../lambda/items/control-changes';
import { ControlContentionError } from '../../lambda/items/control-changes';
import { effectiveCaps } from '../../lambda/domain/policy';
import type {
  BudgetCaps,
  ControlState,
  Period,
  ResponderSettings,
} from '../../lambda/domain/types';
import { PERIODS } from '../../lambda/domain/types';
import { formatMicros } from '../../lib/config/money';
import { writeAudit } from './audit';
import type { CommandContext } from './context';
import { actor } from './context';
import { AdminError, UsageError } from './errors';
import { itemsOf } from './target';

export const CAP_FIELD: Readonly<Record<Period, keyof BudgetCaps>> = {
  hour: 'hourMicros',
  day: 'dayMicros',
  month: 'monthMicros',
};

/** The responder reads the control item at most this late (`responder.controlCacheSeconds`). */
export const TAKES_EFFECT = "In force within the responder's control cache time (30 s by default)";

/** The maintainers' changes to the target's control item. */
export const controlChanges = (context: CommandContext): ControlChanges =>
  itemsOf(context.target).controlChanges;

/** The pause fields of the controls (for audit records). */
function pauseFields(control: ControlState): Record<string, unknown> {
  return { paused: control.paused, pausedReason: control.pausedReason };
}

/** The control state the responder would read now. */
export async function readControl(context: CommandContext): Promise<ControlState> {
  return itemsOf(context.target).control.read();
}

/** Free text kept in the table: phone numbers masked (`+336******78`). */
const storable = (text: string | undefined): string | undefined =>
  text === undefined ? undefined : redactNumbers(text);

/** `pause [--reason]`: no reply to anyone until `resume`; STOP and START still recorded. */
export async function pause(context: CommandContext, raw: string | undefined): Promise<void> {
  const reason = storable(raw);
  const who = await actor(context);
  const nowMs = who.atMs ?? Date.now();
  const before = await controlChanges(context).pause({ by: who.who, nowMs, reason });
  await writeAudit(context.target, who, {
    command: 'pause',
    args: { reason },
    before: pauseFields(before),
    after: { paused: true, pausedReason: reason },
  });
  context.print(
    `${context.target.label}: ${before.paused ? 'still paused' : 'paused'}` +
      `${reason === undefined ? '' : ` ("${reason}")`}: no reply goes out. ${TAKES_EFFECT}; ` +
      'STOP and START are still recorded. Undo with `antirelou resume`.',
  );
}

/** `resume [--reason]`: replies again, within the budgets. */
export async function resume(context: CommandContext, raw: string | undefined): Promise<void> {
  const reason = storable(raw);
  const who = await actor(context);
  const before = await controlChanges(context).resume();
  await writeAudit(context.target, who, {
    command: 'resume',
    args: { reason },
    before: pauseFields(before),
    after: { paused: false },
  });
  context.print(
    `${context.target.label}: ${before.paused ? 'resumed' : 'was not paused'}. ` +
      `Replies go out again, within the budgets. ${TAKES_EFFECT}.`,
  );
}

/** Period amounts as a caps map (`{day: 5}` → `{dayMicros: 5}`). */
export function capsMapOf(amounts: Partial<Record<Period, number>>): Partial<BudgetCaps> {
  const map: Partial<Record<keyof BudgetCaps, number>> = {};
  for (const period of PERIODS) {
    const micros = amounts[period];
    if (micros !== undefined) map[CAP_FIELD[period]] = micros;
  }
  return map;
}

/** Checks overrides against the deployed hard caps; throws a usage error naming the first. */
export function checkOverrides(
  overrides: Partial<Record<Period, number>>,
  settings: ResponderSettings,
): void {
  const { currency } = settings.budget;
  for (const period of PERIODS) {
    const micros = overrides[period];
    const hard = settings.budget[CAP_FIELD[period]];
    if (micros !== undefined && micros > hard) {
      throw new UsageError(
        `--${period} ${formatMicros(micros, currency)} is above the config's hard cap of ` +
          `${formatMicros(hard, currency)}: budget set only lowers caps; to raise it, use ` +
          `antirelou budget raise (up to budget.ceiling.${period}), or change budget.${period} ` +
          'in the config and deploy',
      );
    }
  }
}

/** Where a cap in force comes from: the config, a raise, an override, raid mode. */
export function capSourceOf(
  settings: ResponderSettings,
  control: ControlState,
  field: keyof BudgetCaps,
): 'config' | 'raise' | 'override' | 'raid' {
  const cap = effectiveCaps(settings, control)[field];
  const raised = effectiveCaps(settings, { ...control, budgetOverride: {}, raidOverride: 'off' })[
    field
  ];
  if (cap === raised) return cap === settings.budget[field] ? 'config' : 'raise';
  return control.budgetOverride[field] === cap ? 'override' : 'raid';
}

/** Describes the caps in force, with where each comes from. */
export function describeCaps(settings: ResponderSettings, control: ControlState): string {
  const caps = effectiveCaps(settings, control);
  const { currency } = settings.budget;
  return PERIODS.map((period) => {
    const field = CAP_FIELD[period];
    const config = formatMicros(settings.budget[field], currency);
    const ceiling = formatMicros(
      settings.budget.ceiling?.[field] ?? settings.budget[field],
      currency,
    );
    const why = {
      config: 'config',
      raise: `raised; config ${config}, ceiling ${ceiling}`,
      override: `override; config ${config}`,
      raid: `raid mode; config ${config}`,
    }[capSourceOf(settings, control, field)];
    return `${period} ${formatMicros(caps[field], currency)} (${why})`;
  }).join(', ');
}

/**
 * Sets some fields of a caps map of the control item (`budgetOverride`, `budgetRaise`), keeping
 * the others; returns the controls as they were before.
 */
export async function updateCapsMap(
  context: CommandContext,
  map: 'budgetOverride' | 'budgetRaise',
  amounts: Partial<Record<Period, number>>,
  command: string,
): Promise<ControlState> {
  try {
    return await controlChanges(context).setCaps({ map, caps: capsMapOf(amounts) });
  } catch (error) {
    if (!(error instanceof ControlContentionError)) throw error;
    throw new AdminError(`the control item kept changing during ${command}: run it again`, {
      cause: error,
    });
  }
}

/** `budget set --hour --day --month`: lower caps, never above the deployed hard caps. */
export async function setBudget(
  context: CommandContext,
  overrides: Partial<Record<Period, number>>,
): Promise<void> {
  const settings = await context.target.settings();
  checkOverrides(overrides, settings);
  const who = await actor(context);
  const before = await updateCapsMap(context, 'budgetOverride', overrides, 'budget set');
  const after = { ...before.budgetOverride, ...capsMapOf(overrides) };
  await writeAudit(context.target, who, {
    command: 'budget set',
    args: overrides,
    before: { budgetOverride: before.budgetOverride },
    after: { budgetOverride: after },
  });
  const control = await readControl(context);
  context.print(
    `${context.target.label}: budget override set; caps ` +
      `${describeCaps(settings, { ...control, budgetOverride: after })}. ${TAKES_EFFECT}.`,
  );
}

/** `budget clear [--hour] [--day] [--month]`: back to the config's caps (all by default). */
export async function clearBudget(
  context: CommandContext,
  periods: readonly Period[],
): Promise<void> {
  const who = await actor(context);
  const fields = (periods.length === 0 ? PERIODS : periods).map((period) => CAP_FIELD[period]);
  const before = await controlChanges(context).clearOverride({
    fields: periods.length === 0 ? undefined : fields,
  });
  if (before === undefined) {
    context.print(`${context.target.label}: no budget override to clear; the config's caps apply.`);
    return;
  }
  const previous = before.budgetOverride;
  const after: Partial<Record<keyof BudgetCaps, number>> = { ...previous };
  for (const field of fields) delete after[field];
  await writeAudit(context.target, who, {
    command: 'budget clear',
    args: { periods: periods.length === 0 ? [...PERIODS] : periods },
    before: { budgetOverride: previous },
    after: { budgetOverride: after },
  });
  const cleared = (periods.length === 0 ? PERIODS : periods).join(', ');
  context.print(
    `${context.target.label}: budget override cleared (${cleared}); the config's caps apply. ${TAKES_EFFECT}.`,
  );
}

/** `raid on|off|auto`: force raid mode on or off, or leave it to flood detection. */
export async function setRaidOverride(
  context: CommandContext,
  mode: 'on' | 'off' | 'auto',
): Promise<void> {
  const who = await actor(context);
  let settings: ResponderSettings | undefined;
  try {
    settings = await context.target.settings();
  } catch {
    settings = undefined; // only for a note below: the override does not depend on it
  }
  const before = await controlChanges(context).setRaidOverride({ mode });
  await writeAudit(context.target, who, {
    command: 'raid',
    args: { mode },
    before: { raidOverride: before.raidOverride ?? 'auto' },
    after: { raidOverride: mode },
  });
  const detected = before.raid.active;
  const { currency } = settings?.budget ?? { currency: '' };
  const raidRules =
    settings?.raid === undefined
      ? 'the raid rules'
      : `hourly cap ${formatMicros(settings.raid.hourMicros, currency)}` +
        (settings.raid.newSendersOnly ? ', new senders only' : '');
  const what = {
    on: `raid mode forced on (${raidRules}) until \`antirelou raid auto\``,
    off: 'raid mode forced off, whatever flood detection says, until `antirelou raid auto`',
    auto: `raid mode left to flood detection, which says: ${detected ? 'active' : 'not active'}`,
  }[mode];
  context.print(`${context.target.label}: ${what}. ${TAKES_EFFECT}.`);
  if (settings !== undefined && settings.raid === undefined && mode === 'on') {
    context.warn(
      'note: raid.enabled is false in the deployed config, so raid mode lowers nothing; enable it in the config and deploy',
    );
  }
}
