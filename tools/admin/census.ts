/**
 * One pass over the sender items: how many opted out (the stop list), are blocked or flagged,
 * when the responder last saw a message, and replies claimed per day. There is no index on
 * these attributes (the responder never needs one), so this is a Scan projected to seven small
 * attributes: on a table of 100,000 senders, about 5 MB read, a few hundred read units.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { periodKeys } from '../../lambda/domain/calendar';
import type { Target } from './target';

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
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await target.documentClient.send(
      new ScanCommand({
        TableName: target.tableName,
        FilterExpression: 'begins_with(#pk, :prefix) AND #sk = :sk',
        ProjectionExpression:
          '#optedOut, #blocked, #flagged, #lastSeenMs, #replyAtMs, #replyInboundId, #settledInboundId, #waitUntilMs',
        ExpressionAttributeNames: {
          '#pk': 'pk',
          '#sk': 'sk',
          '#optedOut': 'optedOut',
          '#blocked': 'blocked',
          '#flagged': 'flagged',
          '#lastSeenMs': 'lastSeenMs',
          '#replyAtMs': 'replyAtMs',
          '#replyInboundId': 'replyInboundId',
          '#settledInboundId': 'settledInboundId',
          '#waitUntilMs': 'waitUntilMs',
        },
        ExpressionAttributeValues: { ':prefix': 'S#', ':sk': 'S' },
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) {
      if (typeof item.lastSeenMs === 'number') senders += 1;
      if (item.optedOut === true) optedOut += 1;
      if (item.blocked === true) blocked += 1;
      if (item.flagged === true) flagged += 1;
      if (typeof item.lastSeenMs === 'number') {
        lastSeenMs = Math.max(lastSeenMs ?? item.lastSeenMs, item.lastSeenMs);
      }
      // A sender on the waiting list has a claim but no reply yet.
      if (typeof item.waitUntilMs === 'number') {
        waitingUntilMs.push(item.waitUntilMs);
        continue;
      }
      if (timeZone !== undefined && typeof item.replyAtMs === 'number') {
        const day = periodKeys(item.replyAtMs, timeZone).day;
        repliesByDay.set(day, (repliesByDay.get(day) ?? 0) + 1);
      }
      if (
        typeof item.replyAtMs === 'number' &&
        typeof item.replyInboundId === 'string' &&
        item.settledInboundId !== item.replyInboundId
      ) {
        unsettledReplyAtMs.push(item.replyAtMs);
      }
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
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
