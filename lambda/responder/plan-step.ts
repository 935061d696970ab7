/**
 * Step: the plan. Before any sender state is read: may anyone get a reply right now (country,
 * pause, caps), which text, at what cost, in which periods, and is the budget already known
 * to be spent.
 */
import type { PeriodKeys } from '../domain/calendar';
import { periodKeys } from '../domain/calendar';
import type { ReplyPlan } from '../domain/policy';
import { planReply } from '../domain/policy';
import type { ControlState } from '../domain/types';
import { raidModeOn } from '../domain/types';
import type { InboundMessage, ResponderContext, StepResult } from './context';
import { stop } from './context';
import type { BudgetBlock } from './memory';

/** What the next steps need from the plan. */
export interface PlannedReply {
  readonly plan: ReplyPlan;
  readonly control: ControlState;
  readonly periods: PeriodKeys;
  /** Raid mode with `newSendersOnly`: only a sender never seen before may be claimed. */
  readonly newSendersOnly: boolean;
  /** The budget this container knows is spent for these periods and caps, if any. */
  readonly block: BudgetBlock | undefined;
}

/** Plans the reply, or says why there is none. */
export async function planStep(
  ctx: ResponderContext,
  msg: InboundMessage,
): Promise<StepResult<PlannedReply>> {
  const control = await ctx.controls.get(msg.nowMs);
  ctx.deps.telemetry.raidActive(raidModeOn(control));
  const text = msg.intent === 'help' ? 'help' : 'reply';
  const plan = planReply(msg.sms, text, control, ctx.settings, msg.nowMs);
  if (plan.kind === 'drop') return stop(plan.reason);
  const periods = periodKeys(msg.nowMs, ctx.settings.budget.timeZone);
  return {
    next: {
      plan,
      control,
      periods,
      newSendersOnly: raidModeOn(control) && ctx.settings.raid?.newSendersOnly === true,
      block: ctx.memory.blockFor(periods, plan.caps, msg.nowMs),
    },
  };
}
