/**
 * The sender's item (`S#<hmac>`): one reply per window, opt-out, block and flag, the last
 * inbound id (idempotency), and the settle mark of a scheduled reply. Its key and its conditional
 * writes (their requests and results: `sender-requests.ts`; the codec: `sender-state.ts`); the
 * responder, the dispatcher and the admin CLI use it.
 */
import { allOf, atMost, notEqual } from '../adapters/expressions';
import { senderItemKey, TTL_ATTRIBUTE } from '../adapters/table-keys';
import type {
  ClaimRelease,
  ClaimRequest,
  ClaimResult,
  FlagRequest,
  InboundSeen,
  RecordResult,
  SettleRequest,
  SettleResult,
} from './sender-requests';
import { senderStateOf, settleRefusal } from './sender-state';
import type { Table } from './table';

/** Nothing forbids texting the sender (the window aside). */
const NOT_FORBIDDEN = allOf(
  notEqual('#blocked', ':true'),
  notEqual('#flagged', ':true'),
  notEqual('#optedOut', ':true'),
);

/** Attribute values of the sender item that the eligibility condition reads. */
const ELIGIBLE = allOf(NOT_FORBIDDEN, atMost('#replyAtMs', ':windowStart'));

const NOT_DUPLICATE = notEqual('#lastInboundId', ':id');

const SEEN =
  '#lastInboundId = :id, #lastSeenMs = :now, #firstSeenMs = if_not_exists(#firstSeenMs, :now)';

/**
 * A scheduled reply could not be settled: the sender's item changed between each refused write
 * and the read that says why. Thrown, so that the invocation is retried.
 */
export class SettleContentionError extends Error {
  constructor(options?: { cause?: unknown }) {
    super('the sender item kept changing while a scheduled reply was settled', options);
    this.name = 'SettleContentionError';
  }
}

/** The sender items of the table. */
export class SenderItems {
  constructor(private readonly table: Table) {}

  /** Claims the sender's one reply of the window, atomically with dedupe and eligibility. */
  async claim(request: ClaimRequest): Promise<ClaimResult> {
    const fresh = !request.alreadyRecorded;
    // A new claim is not on the waiting list (yet).
    const update =
      `SET ${SEEN}, #replyAtMs = :now, #replyInboundId = :id, #${TTL_ATTRIBUTE} = :exp REMOVE #waitUntilMs` +
      (fresh ? ' ADD #msgCount :one' : '');
    const result = await this.table.updateIf({
      key: senderItemKey(request.senderKey),
      update,
      condition: allOf(
        fresh ? NOT_DUPLICATE : undefined,
        ELIGIBLE,
        request.requireNew && fresh ? 'attribute_not_exists(#firstSeenMs)' : undefined,
      ),
      values: {
        ':id': request.inboundId,
        ':now': request.nowMs,
        ':exp': request.expiresAtSeconds,
        ':true': true,
        ':windowStart': request.windowStartMs,
        ...(fresh ? { ':one': 1 } : {}),
      },
      returnValues: 'ALL_OLD',
    });
    if (!result.written) return { claimed: false };
    const previous = result.item?.replyAtMs;
    return {
      claimed: true,
      previousReplyAtMs: typeof previous === 'number' ? previous : undefined,
    };
  }

  /** Records an inbound that gets no reply (count, last id); returns the sender's state. */
  record(seen: InboundSeen): Promise<RecordResult> {
    // The TTL is only set on a new item: opt-outs, blocks and flags must outlive any window.
    const update = `SET ${SEEN}, #${TTL_ATTRIBUTE} = if_not_exists(#${TTL_ATTRIBUTE}, :exp) ADD #msgCount :one`;
    return this.recordWith(seen.senderKey, update, {
      ':id': seen.inboundId,
      ':now': seen.nowMs,
      ':exp': seen.expiresAtSeconds,
      ':one': 1,
    });
  }

  /** Records an inbound and flags its sender, in one write; `duplicate` for a redelivery. */
  flagInbound(seen: InboundSeen & FlagRequest): Promise<RecordResult> {
    const update = `SET ${SEEN}, #flagged = :true, #flaggedAtMs = if_not_exists(#flaggedAtMs, :now), #flagReasons = :reasons, #${TTL_ATTRIBUTE} = :exp ADD #msgCount :one`;
    return this.recordWith(seen.senderKey, update, {
      ':id': seen.inboundId,
      ':now': seen.nowMs,
      ':true': true,
      ':reasons': [...seen.reasons],
      ':exp': seen.expiresAtSeconds,
      ':one': 1,
    });
  }

  /** Flags a sender already recorded (a heavy repeater, an abusive STOP). */
  async flag(request: FlagRequest): Promise<void> {
    await this.table.updateIf({
      key: senderItemKey(request.senderKey),
      update: `SET #flagged = :true, #flaggedAtMs = if_not_exists(#flaggedAtMs, :now), #flagReasons = :reasons, #${TTL_ATTRIBUTE} = :exp`,
      values: {
        ':true': true,
        ':now': request.nowMs,
        ':reasons': [...request.reasons],
        ':exp': request.expiresAtSeconds,
      },
    });
  }

  /** STOP (`optedOut`) or START; false for a duplicate delivery. */
  async setOptOut(seen: InboundSeen & { readonly optedOut: boolean }): Promise<boolean> {
    const stamp = seen.optedOut ? '#optedOutAtMs' : '#optedInAtMs';
    // An opt-out keeps the item for as long as the table lives (far TTL); START leaves it alone.
    const ttl = seen.optedOut ? ':exp' : `if_not_exists(#${TTL_ATTRIBUTE}, :exp)`;
    const result = await this.table.updateIf({
      key: senderItemKey(seen.senderKey),
      update: `SET ${SEEN}, #optedOut = :optedOut, ${stamp} = :now, #${TTL_ATTRIBUTE} = ${ttl} ADD #msgCount :one`,
      condition: NOT_DUPLICATE,
      values: {
        ':id': seen.inboundId,
        ':now': seen.nowMs,
        ':optedOut': seen.optedOut,
        ':exp': seen.expiresAtSeconds,
        ':one': 1,
      },
    });
    return result.written;
  }

  /**
   * Marks a scheduled reply settled, atomically with the re-check of the sender's state: the
   * mark is never undone, so a reply goes out at most once whatever the scheduler repeats.
   */
  async settle(request: SettleRequest): Promise<SettleResult> {
    const sent = request.as === 'sent';
    const replyNow = sent && request.waited ? ', #replyAtMs = :now' : '';
    const write = {
      key: senderItemKey(request.senderKey),
      update: `SET #settledInboundId = :id, #settledAtMs = :now, #settledAs = :as${replyNow} REMOVE #waitUntilMs`,
      condition: allOf(
        notEqual('#settledInboundId', ':id'),
        '#replyInboundId = :id',
        sent ? NOT_FORBIDDEN : undefined,
      ),
      values: {
        ':id': request.inboundId,
        ':now': request.nowMs,
        ':as': request.as,
        ...(sent ? { ':true': true } : {}),
      },
      readOnRefusal: true,
    };
    // Twice at most: the state may change between a refused write and the read that says why.
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const result = await this.table.updateIf(write);
      if (result.written) return { settled: true };
      const why = settleRefusal(result.item, request.inboundId);
      if (why) return why;
    }
    throw new SettleContentionError();
  }

  /**
   * The sender's claimed reply waits for money (the waiting list) until `untilMs`: the admin CLI
   * tells these from replies paid for. Only while the claim is this message's.
   */
  async markWaiting(request: {
    readonly senderKey: string;
    readonly inboundId: string;
    readonly untilMs: number;
  }): Promise<void> {
    await this.table.updateIf({
      key: senderItemKey(request.senderKey),
      update: 'SET #waitUntilMs = :until',
      condition: '#replyInboundId = :id',
      values: { ':until': request.untilMs, ':id': request.inboundId },
    });
  }

  /** A reply settled as sent was refused by the SMS service: say so (before giving it back). */
  async markSendFailed(request: { senderKey: string; inboundId: string }): Promise<void> {
    // Only if this message's reply is the one settled (a repeat may come after a newer one).
    await this.table.updateIf({
      key: senderItemKey(request.senderKey),
      update: 'SET #settledAs = :as',
      condition: '#settledInboundId = :id',
      values: { ':as': 'send_failed', ':id': request.inboundId },
    });
  }

  /** Gives a claimed reply back (the SMS was not sent), if the claim is still this message's. */
  async releaseClaim(claim: ClaimRelease): Promise<void> {
    const { previousReplyAtMs } = claim;
    const restore = previousReplyAtMs === undefined ? undefined : 'SET #replyAtMs = :previous';
    const remove = ['#replyInboundId', '#waitUntilMs']
      .concat(previousReplyAtMs === undefined ? ['#replyAtMs'] : [])
      .concat(claim.forgetInbound ? ['#lastInboundId'] : []);
    // Another message of the sender may have moved the claim on: then nothing is left to give back.
    await this.table.updateIf({
      key: senderItemKey(claim.senderKey),
      update: [restore, `REMOVE ${remove.join(', ')}`].filter(Boolean).join(' '),
      condition: '#replyInboundId = :id',
      values: {
        ':id': claim.inboundId,
        ...(previousReplyAtMs === undefined ? {} : { ':previous': previousReplyAtMs }),
      },
    });
  }

  /** Records an inbound on the sender's item unless it is a redelivery; returns the new state. */
  private async recordWith(
    senderKey: string,
    update: string,
    values: Record<string, unknown>,
  ): Promise<RecordResult> {
    const result = await this.table.updateIf({
      key: senderItemKey(senderKey),
      update,
      condition: NOT_DUPLICATE,
      values,
      returnValues: 'ALL_NEW',
    });
    if (!result.written) return { duplicate: true };
    return { duplicate: false, state: senderStateOf(result.item) };
  }
}
