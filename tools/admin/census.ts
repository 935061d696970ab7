/**
 * One pass over the sender items (`SenderScan`, `lambda/items/sender-scan.ts`): how many opted
 * out (the stop list), are blocked or flagged, when the responder last saw a message, and
 * replies claimed per day.
 */
import { periodKeys } from '../../lambda/domain/calendar';
import type { Target } from './target';
import { itemsOf } from './target';

/** Counts over the sender items. */
export interface SenderCensus {
  /** Senders who texted the number (a number blocked before it ever did is not counted). */
  readonly senders: number;
  readonly optedOut: number;
  readonly blocked: number;
  readonly flagged: number;
  /** The latest message any sender sent (undefined: no sender yet). */
  readonly lastSeenMs: number | undefined;
  /** Replies claimed per calendar day of the budget's time zone (`2026-11-23` → count). */
  readonly repliesByDay: ReadonlyMap<string, number>;
  /**
   * When each claimed reply not yet settled by the dispatcher was decided. With the safety
   * delay, the recent ones are the replies waiting to go out (without it, none is ever settled).
   */
  readonly unsettledReplyAtMs: readonly number[];
  /** Until when each sender on the waiting list waits for money (their claims are apart). */
  readonly waitingUntilMs: readonly number[];
}

/** Scans the sender items; without `timeZone`, `repliesByDay` stays empty. */
export async function senderCensus(target: Target, timeZone?: string): Promise<SenderCensus> {
  let senders = 0;
  let optedOut = 0;
  let blocked = 0;
  let flagged = 0;
  let lastSeenMs: number | undefined;
  const repliesByDay = new Map<string, number>();
  const unsettledReplyAtMs: number[] = [];
  const waitingUntilMs: number[] = [];
  await itemsOf(target).senderScan.forEach((item) => {
    if (item.lastSeenMs !== undefined) senders += 1;
    if (item.optedOut) optedOut += 1;
    if (item.blocked) blocked += 1;
    if (item.flagged) flagged += 1;
    if (item.lastSeenMs !== undefined) {
      lastSeenMs = Math.max(lastSeenMs ?? item.lastSeenMs, item.lastSeenMs);
    }
    // A sender on the waiting list has a claim but no reply yet.
    if (item.waitUntilMs !== undefined) {
      waitingUntilMs.push(item.waitUntilMs);
      return;
    }
    if (timeZone !== undefined && item.replyAtMs !== undefined) {
      const day = periodKeys(item.replyAtMs, timeZone).day;
      repliesByDay.set(day, (repliesByDay.get(day) ?? 0) + 1);
    }
    if (
      item.replyAtMs !== undefined &&
      item.replyInboundId !== undefined &&
      item.settledInboundId !== item.replyInboundId
    ) {
      unsettledReplyAtMs.push(item.replyAtMs);
    }
  });
  return {
    senders,
    optedOut,
    blocked,
    flagged,
    lastSeenMs,
    repliesByDay,
    unsettledReplyAtMs,
    waitingUntilMs,
  };
}
