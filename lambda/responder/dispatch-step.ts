/**
 * Step: the reply goes out. With the safety delay it is sealed and scheduled for the sender
 * function, which checks again that the sender may still be texted; without, it is sent now.
 * A definite refusal gives the money and the claim back; an unknown outcome keeps both, so a
 * reply goes out at most once and never over budget.
 */
import type { Reservation } from '../items/budget-ledger';
import { classifySendError } from '../adapters/sms-gateway';
import type { UnsealedReply } from '../domain/scheduled-reply';
import { drawDelaySeconds } from '../domain/scheduled-reply';
import type { Outcome } from '../domain/types';
import { giveBack } from '../give-back';
import type { ClaimedReply } from './claim-step';
import { claimOf } from './claim-step';
import type { InboundMessage, ResponderContext } from './context';
import { dropped, MS_PER_SECOND } from './context';
import type { PlannedReply } from './plan-step';
import { tagFor } from '../receipt-tag';

/** Schedules the reply (safety delay) or sends it now. */
export function dispatchStep(
  ctx: ResponderContext,
  msg: InboundMessage,
  planned: PlannedReply,
  claimed: ClaimedReply,
  reservation: Reservation,
): Promise<Outcome> {
  return ctx.settings.replyDelay
    ? scheduleReply(ctx, msg, planned, claimed, reservation)
    : sendReply(ctx, msg, planned, claimed, reservation);
}

/** The reply to schedule for this message, before its seal (a safety delay or a wait). */
export function unsealedReply(
  msg: InboundMessage,
  { plan, periods }: PlannedReply,
  { previousReplyAtMs }: ClaimedReply,
  sendAtMs: number,
): UnsealedReply {
  return {
    v: 2,
    inboundId: msg.id,
    senderKey: msg.key,
    to: msg.sms.from,
    body: plan.sms.body,
    text: plan.text,
    costMicros: plan.costMicros,
    periods,
    ...(previousReplyAtMs === undefined ? {} : { previousReplyAtMs }),
    decidedAtMs: msg.nowMs,
    sendAtMs,
  };
}

async function scheduleReply(
  ctx: ResponderContext,
  msg: InboundMessage,
  planned: PlannedReply,
  claimed: ClaimedReply,
  reservation: Reservation,
): Promise<Outcome> {
  const { deps, settings } = ctx;
  const { plan } = planned;
  if (!settings.replyDelay || !deps.scheduler || !deps.seal) throw new Error('no scheduler');
  const random = deps.random ?? Math.random;
  const sendAtMs = msg.nowMs + drawDelaySeconds(settings.replyDelay, random) * MS_PER_SECOND;
  const reply = deps.seal.seal(unsealedReply(msg, planned, claimed, sendAtMs));
  try {
    await deps.scheduler.schedule(reply);
  } catch (error) {
    if (classifySendError(error).status === 'unknown') {
      // It may exist: keep it paid for and claimed, so that it can go out once and only once.
      deps.telemetry.error(
        'scheduling outcome unknown: the reply stays counted',
        error,
        msg.context,
      );
      return { kind: 'send_unknown', costMicros: plan.costMicros };
    }
    // Refused, so surely not scheduled: give everything back; Lambda's retry starts afresh.
    await giveBack(deps.items, reservation, claimOf(msg, claimed, true));
    ctx.memory.hints.remember(msg.key, 0);
    throw error;
  }
  return { kind: 'scheduled', text: plan.text, costMicros: plan.costMicros, sendAtMs };
}

async function sendReply(
  ctx: ResponderContext,
  msg: InboundMessage,
  { plan }: PlannedReply,
  claimed: ClaimedReply,
  reservation: Reservation,
): Promise<Outcome> {
  const { deps } = ctx;
  const tag = tagFor(deps.tagger, reservation, msg.sms.country);
  const result = await deps.gateway.send({
    to: msg.sms.from,
    body: plan.sms.body,
    ...(tag === undefined ? {} : { tag }),
  });
  if (result.status === 'sent') {
    return { kind: 'replied', text: plan.text, costMicros: plan.costMicros };
  }
  if (result.status === 'unknown') {
    deps.telemetry.error(
      'send outcome unknown: the reply stays counted',
      result.error,
      msg.context,
    );
    return { kind: 'send_unknown', costMicros: plan.costMicros };
  }
  deps.telemetry.error('send refused: reservation released', result.error, msg.context);
  await giveBack(deps.items, reservation, claimOf(msg, claimed, false));
  ctx.memory.hints.remember(msg.key, 0);
  return dropped('send_failed');
}
