/**
 * The sender item's codec (`S#<hmac>`, `sender-item.ts`): the sender's state read from the item,
 * and why a settle was refused, read from the item the refused write returned.
 */
import type { SenderState } from '../domain/policy';
import type { SettleResult } from './sender-requests';
import type { Item } from './table';
import { numberOrUndefined } from './table';

/** The sender's state, read from their item (the admin CLI reads it the same way). */
export function senderStateOf(item: Item | undefined): SenderState {
  if (!item) return {};
  return {
    lastInboundId: typeof item.lastInboundId === 'string' ? item.lastInboundId : undefined,
    firstSeenMs: numberOrUndefined(item.firstSeenMs),
    lastSeenMs: numberOrUndefined(item.lastSeenMs),
    msgCount: numberOrUndefined(item.msgCount),
    replyAtMs: numberOrUndefined(item.replyAtMs),
    optedOut: item.optedOut === true,
    blocked: item.blocked === true,
    flagged: item.flagged === true,
  };
}

/** Why a settle was refused, read from the item; undefined when the state changed meanwhile. */
export function settleRefusal(item: Item | undefined, inboundId: string): SettleResult | undefined {
  if (item?.settledInboundId === inboundId) {
    const as = typeof item.settledAs === 'string' ? item.settledAs : undefined;
    return { settled: false, why: 'repeat', as };
  }
  if (item?.replyInboundId !== inboundId) return { settled: false, why: 'stale' };
  const state = senderStateOf(item);
  if (state.blocked) return { settled: false, why: 'blocked' };
  if (state.flagged) return { settled: false, why: 'flagged' };
  if (state.optedOut) return { settled: false, why: 'opted_out' };
  return undefined;
}
