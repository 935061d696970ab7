/**
 * Step: the money. One conditional write on the month's budget item reserves the reply's cost
 * in the hour, the day and the month at once, or nothing. Refused: the claim is given back, and
 * the container remembers the spent budget for a few minutes.
 */
import type { Reservation } from '../items/budget-ledger';
import { BUDGET_RETENTION_SECONDS, heldDaysToPrune, reservationId } from '../items/budget-ledger';
import type { BudgetVerdict } from '../domain/policy';
import { budgetVerdict, usedPercent } from '../domain/policy';
import type { DropReason, PeriodAmounts } from '../domain/types';
import { raidModeOn } from '../domain/types';
import type { ClaimedReply } from './claim-step';
import { claimOf } from './claim-step';
import type { InboundMessage, ResponderContext, StepResult } from './context';
import { MS_PER_SECOND, stop, toSeconds } from './context';
import { BUDGET_BLOCK_MAX_AGE_MS } from './memory';
import { waitStep } from './wait-step';
import { isWaitable } from '../domain/waiting';
import type { PlannedReply } from './plan-step';

/** Reserves the reply's cost, or gives the claim back and says which budget refused. */
export async function reserveStep(
  ctx: ResponderContext,
  msg: InboundMessage,
  planned: PlannedReply,
  claimed: ClaimedReply,
): Promise<StepResult<Reservation>> {
  const { ledger, senders } = ctx.deps.items;
  const { plan, periods } = planned;
  const reservation = {
    id: reservationId(msg.id, msg.nowMs),
    periods,
    costMicros: plan.costMicros,
  };
  let reserved;
  try {
    reserved = await ledger.reserve({
      reservation,
      caps: plan.caps,
      // Counters are never pruned (no clock may lower one); only the sets of reservations
      // too old to be given back are (see heldDaysToPrune).
      prunedDays: heldDaysToPrune(periods.day),
      expiresAtSeconds: toSeconds(msg.nowMs) + BUDGET_RETENTION_SECONDS,
    });
  } catch (error) {
    // Fail closed, and let the retry start afresh if the claim can still be undone.
    await senders.releaseClaim(claimOf(msg, claimed, true)).catch(() => undefined);
    throw error;
  }
  if (reserved.ok) {
    ctx.deps.telemetry.budgetUsed(usedPercent(reserved.spent, plan.caps));
    return { next: reservation };
  }
  const verdict = budgetVerdict(reserved.spent, plan.caps, plan.costMicros);
  const reason = refusalReason(ctx, planned, reserved.spent, verdict);
  if (reason !== 'contention') {
    ctx.memory.block({
      periods: { ...periods, startMs: msg.nowMs },
      caps: plan.caps,
      reason,
      untilMs:
        msg.nowMs +
        Math.max(ctx.settings.controlCacheSeconds * MS_PER_SECOND, BUDGET_BLOCK_MAX_AGE_MS),
    });
  }
  reportRefusal(ctx, planned, reserved.spent, verdict);
  const waiting = isWaitable(reason)
    ? await waitStep(ctx, msg, planned, claimed, reason)
    : undefined;
  if (waiting) return { outcome: waiting };
  await senders.releaseClaim(claimOf(msg, claimed, false));
  return stop(reason);
}

/** Which cap refused: raid mode's tighter hour cap is told apart from the configured one. */
function refusalReason(
  ctx: ResponderContext,
  { plan, control }: PlannedReply,
  spent: PeriodAmounts,
  verdict: BudgetVerdict,
): DropReason {
  if (verdict === 'ok') return 'contention';
  const raidCapOnly =
    verdict === 'budget_hour' &&
    raidModeOn(control) &&
    spent.hour + plan.costMicros <= ctx.settings.budget.hourMicros;
  return raidCapOnly ? 'raid_hour' : verdict;
}

/** The refusing period is reported as at least 100% used. */
function reportRefusal(
  ctx: ResponderContext,
  { plan }: PlannedReply,
  spent: PeriodAmounts,
  verdict: BudgetVerdict,
): void {
  const used = usedPercent(spent, plan.caps);
  const period = verdict === 'ok' ? undefined : verdict.slice('budget_'.length);
  ctx.deps.telemetry.budgetUsed(
    period ? { ...used, [period]: Math.max(100, used[period as 'hour']) } : used,
  );
}
