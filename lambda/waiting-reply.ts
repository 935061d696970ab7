/**
 * The dispatcher's part of the waiting list: a waiting reply fires at the start of a
 * period that may have money again. In this order:
 * 1. paused → cancelled (`paused`), past its maximum wait → cancelled (`expired`), joined in the
 *    minutes before a raid began → cancelled (`raid`): the claim is given back, so the sender may
 *    get a reply when they text again; raid mode on → waits for the next hour, nothing reserved;
 * 2. one conditional write reserves the money in the current hour, day and month, once per
 *    schedule (the budget item holds it: a repeat of the schedule finds it and goes on);
 *    refused → scheduled again at the next period's start (same place in the arrival order), or
 *    `expired` if that is past the maximum wait or the month's money is spent;
 * 3. the settle mark and the send, as for any scheduled reply: STOP, block or flag meanwhile
 *    cancels it and gives the money back.
 */
import type { Items } from './items';
import type { Reservation } from './items/budget-ledger';
import { BUDGET_RETENTION_SECONDS, heldDaysToPrune, reservationId } from './items/budget-ledger';
import type { ReplyScheduler } from './adapters/reply-scheduler';
import { classifySendError } from './adapters/sms-gateway';
import type { ControlCache } from './control-cache';
import { periodKeys } from './domain/calendar';
import type { BudgetVerdict } from './domain/policy';
import { budgetVerdict, costMicros, effectiveCaps } from './domain/policy';
import { countryOf } from './domain/phone';
import { countSegments } from './domain/sms-segments';
import type { CancelReason, ScheduledReply, SendOutcome } from './domain/scheduled-reply';
import type { ControlState, ResponderSettings } from './domain/types';
import { raidModeOn } from './domain/types';
import { isWaitable, nextChanceMs, waitSendAtMs } from './domain/waiting';
import type { ReplySeal } from './reply-seal';

/**
 * How long before raid mode started a waiter is taken for the raid's first wave: a raid may
 * build up for many minutes under the flood threshold before raid mode starts.
 */
export const RAID_ONSET_MS = 60 * 60_000;
/** A reservation lost to a concurrent one (no cap spent): try again this soon. */
const CONTENTION_RETRY_MS = 60_000;

export interface WaitingDeps {
  readonly settings: ResponderSettings;
  readonly items: Pick<Items, 'ledger' | 'senders'>;
  readonly controls: ControlCache;
  readonly clock: () => number;
  readonly seal: ReplySeal;
  readonly scheduler?: ReplyScheduler;
  /**
   * Settles and sends the reply once its money is reserved (the path of every scheduled reply);
   * `fresh`: reserved by this run, so given back if the reply turns out settled already.
   */
  readonly sendReserved: (reservation: Reservation, fresh: boolean) => Promise<SendOutcome>;
  readonly error: (message: string, error: unknown) => void;
}

/** Serves a waiting reply if the money is there now, or schedules it again. */
export async function serveWaiting(
  deps: WaitingDeps,
  reply: ScheduledReply & { readonly waitUntilMs: number },
): Promise<SendOutcome> {
  const nowMs = deps.clock();
  const control = await deps.controls.get(nowMs);
  if (control.paused) return giveUp(deps, reply, 'paused', nowMs);
  if (nowMs > reply.waitUntilMs) return giveUp(deps, reply, 'expired', nowMs);
  if (joinedAsRaidBegan(reply, control)) return giveUp(deps, reply, 'raid', nowMs);
  // The raid's hour cap is for the new senders of the moment: the list waits for its end.
  if (raidModeOn(control)) return waitAgain(deps, reply, 'budget_hour', nowMs);
  // Receipts may have raised the price since the sender joined: the reply is scheduled again
  // at the new price first (sealed), so that every run of one schedule reserves one amount.
  const price = priceNow(deps.settings, control, reply, nowMs);
  if (price > reply.costMicros && deps.scheduler) {
    return waitAgain(deps, { ...reply, costMicros: price }, 'ok', nowMs);
  }
  const reservation: Reservation = {
    // One reservation per schedule: a repeat of this schedule finds it held.
    id: reservationId(reply.inboundId, reply.sendAtMs),
    periods: periodKeys(nowMs, deps.settings.budget.timeZone),
    costMicros: reply.costMicros,
  };
  const caps = effectiveCaps(deps.settings, control);
  const reserved = await deps.items.ledger.reserve({
    reservation,
    caps,
    prunedDays: heldDaysToPrune(reservation.periods.day),
    expiresAtSeconds: Math.floor(nowMs / 1000) + BUDGET_RETENTION_SECONDS,
    once: true,
  });
  if (reserved.ok || reserved.held) return deps.sendReserved(reservation, reserved.ok);
  const verdict = budgetVerdict(reserved.spent, caps, reply.costMicros);
  return waitAgain(deps, reply, verdict, nowMs);
}

/**
 * What the reply costs now, never less than when the sender joined: with receipts, at the
 * learned price of its country (`domain/learned-price.ts`) for its recounted segments.
 */
function priceNow(
  settings: ResponderSettings,
  control: ControlState,
  reply: ScheduledReply,
  nowMs: number,
): number {
  if (settings.receipts === undefined) return reply.costMicros;
  const text = { ...countSegments(reply.body), body: reply.body };
  const now = costMicros(text, countryOf(reply.to), settings, { control, nowMs });
  return Math.max(reply.costMicros, now ?? 0);
}

/**
 * Flood detection starts raid mode some minutes into a flood: senders who joined the list in
 * the hour before were most likely its first wave, and would spend later what the caps
 * refused the raid then. Their wait ends (`raid`); the claim goes back, so a real person among
 * them gets a reply if they text again.
 */
function joinedAsRaidBegan(reply: ScheduledReply, control: ControlState): boolean {
  const since = control.raid.sinceMs;
  return (
    since !== undefined && reply.decidedAtMs >= since - RAID_ONSET_MS && reply.decidedAtMs <= since
  );
}

/** No money yet: the next period's start, in the same place of the arrival order. */
async function waitAgain(
  deps: WaitingDeps,
  reply: ScheduledReply & { readonly waitUntilMs: number },
  verdict: BudgetVerdict,
  nowMs: number,
): Promise<SendOutcome> {
  if (!deps.scheduler || (verdict !== 'ok' && !isWaitable(verdict))) {
    return giveUp(deps, reply, 'expired', nowMs);
  }
  const maxWaitMs = reply.waitUntilMs - reply.decidedAtMs;
  const sendAtMs =
    verdict === 'ok'
      ? nowMs + CONTENTION_RETRY_MS
      : waitSendAtMs(
          reply.decidedAtMs,
          nextChanceMs(verdict, nowMs, deps.settings.budget.timeZone),
          maxWaitMs,
        );
  if (sendAtMs > reply.waitUntilMs) return giveUp(deps, reply, 'expired', nowMs);
  const { seal: _seal, ...unsealed } = reply;
  const again = deps.seal.seal({ ...unsealed, sendAtMs, round: (reply.round ?? 0) + 1 });
  try {
    await deps.scheduler.schedule(again);
  } catch (error) {
    // Refused: Lambda retries this event (same name, same time). Unknown: it may exist.
    if (classifySendError(error).status !== 'unknown') throw error;
    deps.error('scheduling outcome unknown: the sender may wait no more', error);
  }
  return { kind: 'waiting', sendAtMs };
}

/** The wait is over without a reply: marked (once), and the sender's claim given back. */
async function giveUp(
  deps: WaitingDeps,
  reply: ScheduledReply,
  reason: CancelReason,
  nowMs: number,
): Promise<SendOutcome> {
  const mark = await deps.items.senders.settle({
    senderKey: reply.senderKey,
    inboundId: reply.inboundId,
    nowMs,
    as: reason,
  });
  if (!mark.settled) {
    return mark.why === 'repeat'
      ? { kind: 'repeat' }
      : { kind: 'cancelled', reason: 'stale', released: false };
  }
  await deps.items.senders.releaseClaim({
    senderKey: reply.senderKey,
    inboundId: reply.inboundId,
    previousReplyAtMs: reply.previousReplyAtMs,
    forgetInbound: false,
  });
  return { kind: 'cancelled', reason, released: false };
}
