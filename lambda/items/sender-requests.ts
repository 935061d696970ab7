/**
 * The requests and results of the sender item's conditional writes (`sender-item.ts`): claiming
 * the window's reply, recording an inbound, flagging, settling a scheduled reply, giving a claim
 * back.
 */
import type { SenderState } from '../domain/policy';
import type { CancelReason } from '../domain/scheduled-reply';

export type RecordResult =
  { readonly duplicate: true } | { readonly duplicate: false; readonly state: SenderState };

export type ClaimResult =
  | { readonly claimed: true; readonly previousReplyAtMs: number | undefined }
  | { readonly claimed: false };

/** Claiming the sender's one reply of the window for an inbound message. */
export interface ClaimRequest {
  readonly senderKey: string;
  readonly inboundId: string;
  readonly nowMs: number;
  readonly windowStartMs: number;
  readonly expiresAtSeconds: number;
  /** The inbound was already recorded by this invocation: no dedupe check, no second count. */
  readonly alreadyRecorded: boolean;
  /** Raid mode: only a sender never seen before may be claimed. */
  readonly requireNew?: boolean;
}

/** An inbound message seen on the sender's item. */
export interface InboundSeen {
  readonly senderKey: string;
  readonly inboundId: string;
  readonly nowMs: number;
  readonly expiresAtSeconds: number;
}

/** Flagging a sender, with the reasons (an abusive message, a heavy repeater). */
export interface FlagRequest {
  readonly senderKey: string;
  readonly nowMs: number;
  readonly reasons: readonly string[];
  readonly expiresAtSeconds: number;
}

/** Marking a scheduled reply as settled (sent or cancelled), once per inbound message. */
export interface SettleRequest {
  readonly senderKey: string;
  readonly inboundId: string;
  readonly nowMs: number;
  /** `sent` also requires the sender to be still eligible (not opted out, blocked or flagged). */
  readonly as: 'sent' | CancelReason;
  /** A reply from the waiting list: sent, its reply time becomes now (the window starts then). */
  readonly waited?: boolean;
}

/**
 * `settled`: this call marked it. Otherwise why not: `repeat` (already settled), `stale` (the
 * sender's claim is not this message's), or the sender's state that forbids the send.
 */
export type SettleResult =
  | { readonly settled: true }
  /** Settled already; `as`: how (`sent` or a cancel reason). */
  | { readonly settled: false; readonly why: 'repeat'; readonly as: string | undefined }
  | { readonly settled: false; readonly why: 'stale' | 'opted_out' | 'blocked' | 'flagged' };

/** A claim to give back: the sender may get a reply again. */
export interface ClaimRelease {
  readonly senderKey: string;
  readonly inboundId: string;
  /** Restored as the sender's last reply time. */
  readonly previousReplyAtMs: number | undefined;
  /** Also forget the inbound id, so that Lambda's retry of the message is not a duplicate. */
  readonly forgetInbound: boolean;
}
