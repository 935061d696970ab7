/**
 * Step: the waiting list. A sender refused only for the hour's or the day's money keeps their
 * claim (a second message finds it taken, so the place is theirs alone) and their reply is
 * scheduled, sealed, at the start of the period that has money again. Nothing is reserved now:
 * the dispatcher reserves the money when the schedule fires (`lambda/waiting-reply.ts`).
 * Senders refused in raid mode do not wait, and the list admits at most `maxPerDay` a day.
 */
import { BUDGET_RETENTION_SECONDS } from '../items/budget-ledger';
import { classifySendError } from '../adapters/sms-gateway';
import type { Outcome } from '../domain/types';
import type { WaitableReason } from '../domain/waiting';
import { nextChanceMs, raidNear, waitingOf, waitSendAtMs } from '../domain/waiting';
import type { ClaimedReply } from './claim-step';
import type { InboundMessage, ResponderContext } from './context';
import { MS_PER_SECOND, toSeconds } from './context';
import type { PlannedReply } from './plan-step';
import { unsealedReply } from './dispatch-step';

/**
 * Puts the sender on the waiting list, or returns undefined when they may not wait (raid mode,
 * the list full, no waiting list): the caller then refuses as before.
 */
export async function waitStep(
  ctx: ResponderContext,
  msg: InboundMessage,
  planned: PlannedReply,
  claimed: ClaimedReply,
  reason: WaitableReason,
): Promise<Outcome | undefined> {
  const waiting = waitingOf(ctx.settings);
  const { scheduler, seal } = ctx.deps;
  if (!waiting || !scheduler || !seal || raidNear(planned.control, msg.nowMs)) return undefined;
  const maxWaitMs = waiting.maxWaitSeconds * MS_PER_SECOND;
  const periodStartMs = nextChanceMs(reason, msg.nowMs, ctx.settings.budget.timeZone);
  // Money comes back only after the longest wait: waiting would end in `expired`.
  if (periodStartMs > msg.nowMs + maxWaitMs) return undefined;
  const admitted = await ctx.deps.items.ledger.admitWaiting({
    periods: planned.periods,
    maxPerDay: waiting.maxPerDay,
    expiresAtSeconds: toSeconds(msg.nowMs) + BUDGET_RETENTION_SECONDS,
  });
  if (!admitted) return undefined;
  const sendAtMs = waitSendAtMs(msg.nowMs, periodStartMs, maxWaitMs);
  const reply = seal.seal({
    ...unsealedReply(msg, planned, claimed, Math.max(sendAtMs, earliestSendMs(ctx, msg.nowMs))),
    waitUntilMs: msg.nowMs + maxWaitMs,
  });
  await ctx.deps.items.senders.markWaiting({
    senderKey: msg.key,
    inboundId: msg.id,
    untilMs: msg.nowMs + maxWaitMs,
  });
  try {
    await scheduler.schedule(reply);
  } catch (error) {
    // Unknown: it may exist, and the kept claim lets it go out once. Refused: refuse as before.
    if (classifySendError(error).status !== 'unknown') return undefined;
    ctx.deps.telemetry.error('scheduling outcome unknown: the sender waits', error, msg.context);
  }
  return { kind: 'waiting', reason, sendAtMs: reply.sendAtMs };
}

/** A waiting reply keeps the safety delay: it never goes out before the shortest delay. */
function earliestSendMs(ctx: ResponderContext, nowMs: number): number {
  return nowMs + (ctx.settings.replyDelay?.minSeconds ?? 0) * MS_PER_SECOND;
}
