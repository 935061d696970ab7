/**
 * Step: the claim. One conditional write on the sender's item decides, atomically,
 * idempotency (the last inbound id), block, flag, opt-out, the window and raid mode's "new
 * senders only". A sender this container expects to be refused is recorded first (one write
 * that says why), which also catches heavy repeaters (throttled, never flagged for chattiness).
 */
import type { ReplyClaim } from '../give-back';
import type { ClaimRequest } from '../items/sender-requests';
import { ineligibleUntilMs, senderVerdict } from '../domain/policy';
import type { DropReason } from '../domain/types';
import { isWaitable, raidNear, waitingOf } from '../domain/waiting';
import type { InboundMessage, ResponderContext, StepResult } from './context';
import { stop } from './context';
import type { PlannedReply } from './plan-step';

/** How long a container first records (one write) a sender that raid mode refused. */
const RAID_NOT_NEW_HINT_MS = 10 * 60_000;

/** The claim made: what to restore if it is given back. */
export interface ClaimedReply {
  readonly previousReplyAtMs: number | undefined;
}

/** The claim as made for this message, to give it back. */
export function claimOf(
  msg: InboundMessage,
  claimed: ClaimedReply,
  forgetInbound: boolean,
): ReplyClaim {
  return {
    senderKey: msg.key,
    inboundId: msg.id,
    previousReplyAtMs: claimed.previousReplyAtMs,
    forgetInbound,
  };
}

/** Claims the sender's one reply of the window, or says why not. */
export async function claimStep(
  ctx: ResponderContext,
  msg: InboundMessage,
  planned: PlannedReply,
): Promise<StepResult<ClaimedReply>> {
  const { senders } = ctx.deps.items;
  let recorded = false;
  const judge = async (): Promise<DropReason | 'eligible'> => {
    const verdict = await recordAndJudge(ctx, msg, planned);
    if (verdict !== 'duplicate') recorded = true;
    return verdict;
  };
  if (planned.block || ctx.memory.hints.isIneligible(msg.key, msg.nowMs)) {
    const verdict = await judge();
    if (verdict !== 'eligible') return stop(verdict);
    // Known spent: only a sender who may wait goes on (to the waiting list, via reserve).
    if (planned.block && !mayWait(ctx, planned, msg.nowMs)) return stop(planned.block.reason);
  }
  const request: Omit<ClaimRequest, 'alreadyRecorded'> = {
    senderKey: msg.key,
    inboundId: msg.id,
    nowMs: msg.nowMs,
    windowStartMs: planned.plan.windowStartMs,
    expiresAtSeconds: msg.windowExpirySeconds,
    requireNew: planned.newSendersOnly,
  };
  let claim = await senders.claim({ ...request, alreadyRecorded: recorded });
  if (!claim.claimed) {
    if (recorded) return stop('contention');
    const verdict = await judge();
    if (verdict !== 'eligible') return stop(verdict);
    // The state changed between the two writes (a release, an unblock): try once more.
    claim = await senders.claim({ ...request, alreadyRecorded: true });
    if (!claim.claimed) return stop('contention');
  }
  ctx.memory.hints.remember(msg.key, msg.nowMs + ctx.windowMs);
  return { next: { previousReplyAtMs: claim.previousReplyAtMs } };
}

/** Whether a sender refused for this plan's money could join the waiting list. */
function mayWait(ctx: ResponderContext, planned: PlannedReply, nowMs: number): boolean {
  const reason = planned.block?.reason;
  return (
    reason !== undefined &&
    isWaitable(reason) &&
    waitingOf(ctx.settings) !== undefined &&
    !raidNear(planned.control, nowMs)
  );
}

/** Records the message on the sender's item and says whether the sender may get a reply. */
async function recordAndJudge(
  ctx: ResponderContext,
  msg: InboundMessage,
  planned: PlannedReply,
): Promise<DropReason | 'eligible'> {
  const { memory, settings } = ctx;
  const result = await ctx.deps.items.senders.record({
    senderKey: msg.key,
    inboundId: msg.id,
    nowMs: msg.nowMs,
    expiresAtSeconds: msg.windowExpirySeconds,
  });
  if (result.duplicate) return 'duplicate';
  const { state } = result;
  memory.hints.remember(msg.key, ineligibleUntilMs(state, settings));
  const raidNow = planned.newSendersOnly ? msg.nowMs : undefined;
  const verdict = senderVerdict(state, planned.plan.windowStartMs, raidNow);
  if (state.flagged) memory.flagged.add(msg.key);
  // Refused for the raid only: try the one-write path first while the raid may last.
  if (verdict === 'raid_not_new') memory.hints.remember(msg.key, msg.nowMs + RAID_NOT_NEW_HINT_MS);
  // A heavy repeater is throttled (no reply, counted), not flagged and not kept: chatty real
  // people are not evidence. Abusive content is kept by the abuse step, whoever sends it.
  const count = state.msgCount ?? 0;
  if (
    settings.abuse &&
    verdict !== 'flagged' &&
    verdict !== 'blocked' &&
    count > settings.abuse.maxMessagesPerWindow
  ) {
    memory.hints.remember(
      msg.key,
      Math.max(ineligibleUntilMs(state, settings), msg.nowMs + ctx.windowMs),
    );
    return 'repeater';
  }
  return verdict;
}
