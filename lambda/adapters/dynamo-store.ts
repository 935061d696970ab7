/**
 * The responder's table, as the functions use it: one object over the item modules of
 * `lambda/items/` (the sender's item, the budget ledger, the control item, the flood and text counters),
 * each of which owns its key, its codec and its conditional writes. Only
 * `ConditionalCheckFailedException` becomes a domain answer; every other error is rethrown so
 * that nothing is sent when the state cannot be checked.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { PeriodKeys } from '../domain/calendar';
import type { BudgetCaps, ControlState, PeriodAmounts } from '../domain/types';
import type {
  Reservation,
  ReserveRequest,
  ReserveResult,
  WaitingAdmission,
} from '../items/budget-ledger';
import { BudgetLedger } from '../items/budget-ledger';
import { ControlItem } from '../items/control-item';
import { FloodCounter } from '../items/flood-counter';
import type { TextCounts } from '../items/text-counter';
import { TextCounter } from '../items/text-counter';
import type {
  ClaimRequest,
  ClaimResult,
  RecordResult,
  SettleRequest,
  SettleResult,
} from '../items/sender-item';
import { SenderItems } from '../items/sender-item';
import { Table } from '../items/table';

export type {
  Reservation,
  ReserveRequest,
  ReserveResult,
  WaitingAdmission,
} from '../items/budget-ledger';
export {
  BUDGET_RETENTION_SECONDS,
  HELD_DAYS,
  heldDaysToPrune,
  heldEntry,
  reservationId,
} from '../items/budget-ledger';
export type {
  ClaimRequest,
  ClaimResult,
  RecordResult,
  SettleRequest,
  SettleResult,
} from '../items/sender-item';

/** The operations the responder needs from its table. */
export interface ResponderStore {
  /** Claims the sender's one reply of the window, atomically with dedupe and eligibility. */
  claimReply(request: ClaimRequest): Promise<ClaimResult>;
  /** Records an inbound that gets no reply (count, last id); returns the sender's state. */
  recordInbound(
    senderKey: string,
    inboundId: string,
    nowMs: number,
    expiresAtSeconds: number,
  ): Promise<RecordResult>;
  /**
   * Marks a scheduled reply settled, atomically with the re-check of the sender's state: the
   * mark is never undone, so a reply goes out at most once whatever the scheduler repeats.
   */
  settleReply(request: SettleRequest): Promise<SettleResult>;
  /** A reply settled as sent was refused by the SMS service: say so (before giving it back). */
  markSendFailed(senderKey: string, inboundId: string): Promise<void>;
  /** Gives a claimed reply back (the SMS was not sent). */
  releaseClaim(
    senderKey: string,
    inboundId: string,
    previousReplyAtMs: number | undefined,
    forgetInbound: boolean,
  ): Promise<void>;
  /** STOP (true) or START (false); returns false for a duplicate delivery. */
  setOptOut(
    senderKey: string,
    optedOut: boolean,
    inboundId: string,
    nowMs: number,
    expiresAtSeconds: number,
  ): Promise<boolean>;
  /**
   * Reserves `costMicros` in the hour, day and month at once, or nothing, and holds the
   * reservation in its day's set; prunes the sets of `prunedDays`.
   */
  reserve(
    reservation: Reservation,
    caps: BudgetCaps,
    prunedDays: readonly string[],
    expiresAtSeconds: number,
  ): Promise<ReserveResult>;
  /**
   * Gives a held reservation back, exactly as it was made, once: true when this call did.
   * Releasing it again, or anything that was not reserved, does nothing.
   */
  release(reservation: Reservation): Promise<boolean>;
  /** A reservation made as the request says: a waiting reply's is made `once`. */
  reserveOnce(request: ReserveRequest): Promise<ReserveResult>;
  /** Counts a sender onto the day's waiting list if it has room; true when admitted. */
  admitWaiting(request: WaitingAdmission): Promise<boolean>;
  /** Marks the sender's claimed reply as waiting for money until `untilMs`. */
  markWaiting(request: { senderKey: string; inboundId: string; untilMs: number }): Promise<void>;
  /** What has been spent in these periods. */
  readSpent(periods: PeriodKeys): Promise<PeriodAmounts>;
  /** Runtime controls (pause, overrides, raid state). */
  readControl(): Promise<ControlState>;
  /** Records an inbound and flags its sender, in one write; `duplicate` for a redelivery. */
  flagInbound(
    senderKey: string,
    inboundId: string,
    nowMs: number,
    reasons: readonly string[],
    expiresAtSeconds: number,
  ): Promise<RecordResult>;
  /** Flags a sender already recorded (a heavy repeater). */
  flagSender(
    senderKey: string,
    nowMs: number,
    reasons: readonly string[],
    expiresAtSeconds: number,
  ): Promise<void>;
  /** Adds to a minute's inbound count; returns the hour's counts per minute (`'00'`…`'59'`). */
  addInbound(
    utcHour: string,
    minute: string,
    count: number,
    expiresAtSeconds: number,
  ): Promise<Record<string, number>>;
  /** Inbound totals of whole UTC hours (absent hours count 0). */
  readInboundTotals(utcHours: readonly string[]): Promise<Record<string, number>>;
  /** Adds a fresh sender to a text fingerprint's UTC hour; returns its counts (this hour, last). */
  countText(fingerprint: string, nowMs: number, expiresAtSeconds: number): Promise<TextCounts>;
  /** Raid mode on, unless another container did it first; true when this call did it. */
  enterRaid(nowMs: number, baselinePerMinute: number): Promise<boolean>;
  /** Notes that the flood goes on (at most once a minute per container). */
  noteFlood(nowMs: number): Promise<void>;
  /** Raid mode off, if the flood was last seen at `lastFloodMs`; true when this call did it. */
  leaveRaid(nowMs: number, lastFloodMs: number): Promise<boolean>;
}

/** The DynamoDB implementation of {@link ResponderStore}, over the item modules. */
export class DynamoResponderStore implements ResponderStore {
  readonly senders: SenderItems;
  readonly ledger: BudgetLedger;
  readonly control: ControlItem;
  readonly flood: FloodCounter;
  readonly texts: TextCounter;

  constructor(client: DynamoDBDocumentClient, tableName: string) {
    const table = new Table(client, tableName);
    this.senders = new SenderItems(table);
    this.ledger = new BudgetLedger(table);
    this.control = new ControlItem(table);
    this.flood = new FloodCounter(table);
    this.texts = new TextCounter(table);
  }

  claimReply(request: ClaimRequest): Promise<ClaimResult> {
    return this.senders.claim(request);
  }

  recordInbound(
    senderKey: string,
    inboundId: string,
    nowMs: number,
    expiresAtSeconds: number,
  ): Promise<RecordResult> {
    return this.senders.record({ senderKey, inboundId, nowMs, expiresAtSeconds });
  }

  settleReply(request: SettleRequest): Promise<SettleResult> {
    return this.senders.settle(request);
  }

  markSendFailed(senderKey: string, inboundId: string): Promise<void> {
    return this.senders.markSendFailed({ senderKey, inboundId });
  }

  releaseClaim(
    senderKey: string,
    inboundId: string,
    previousReplyAtMs: number | undefined,
    forgetInbound: boolean,
  ): Promise<void> {
    return this.senders.releaseClaim({ senderKey, inboundId, previousReplyAtMs, forgetInbound });
  }

  setOptOut(
    senderKey: string,
    optedOut: boolean,
    inboundId: string,
    nowMs: number,
    expiresAtSeconds: number,
  ): Promise<boolean> {
    return this.senders.setOptOut({ senderKey, optedOut, inboundId, nowMs, expiresAtSeconds });
  }

  reserve(
    reservation: Reservation,
    caps: BudgetCaps,
    prunedDays: readonly string[],
    expiresAtSeconds: number,
  ): Promise<ReserveResult> {
    return this.ledger.reserve({ reservation, caps, prunedDays, expiresAtSeconds });
  }

  release(reservation: Reservation): Promise<boolean> {
    return this.ledger.release(reservation);
  }

  reserveOnce(request: ReserveRequest): Promise<ReserveResult> {
    return this.ledger.reserve({ ...request, once: true });
  }

  admitWaiting(request: WaitingAdmission): Promise<boolean> {
    return this.ledger.admitWaiting(request);
  }

  markWaiting(request: { senderKey: string; inboundId: string; untilMs: number }): Promise<void> {
    return this.senders.markWaiting(request);
  }

  readSpent(periods: PeriodKeys): Promise<PeriodAmounts> {
    return this.ledger.readSpent(periods);
  }

  readControl(): Promise<ControlState> {
    return this.control.read();
  }

  flagInbound(
    senderKey: string,
    inboundId: string,
    nowMs: number,
    reasons: readonly string[],
    expiresAtSeconds: number,
  ): Promise<RecordResult> {
    return this.senders.flagInbound({ senderKey, inboundId, nowMs, reasons, expiresAtSeconds });
  }

  flagSender(
    senderKey: string,
    nowMs: number,
    reasons: readonly string[],
    expiresAtSeconds: number,
  ): Promise<void> {
    return this.senders.flag({ senderKey, nowMs, reasons, expiresAtSeconds });
  }

  addInbound(
    utcHour: string,
    minute: string,
    count: number,
    expiresAtSeconds: number,
  ): Promise<Record<string, number>> {
    return this.flood.add(utcHour, minute, count, expiresAtSeconds);
  }

  readInboundTotals(utcHours: readonly string[]): Promise<Record<string, number>> {
    return this.flood.readTotals(utcHours);
  }

  countText(fingerprint: string, nowMs: number, expiresAtSeconds: number): Promise<TextCounts> {
    return this.texts.add(fingerprint, nowMs, expiresAtSeconds);
  }

  enterRaid(nowMs: number, baselinePerMinute: number): Promise<boolean> {
    return this.control.enterRaid(nowMs, baselinePerMinute);
  }

  noteFlood(nowMs: number): Promise<void> {
    return this.control.noteFlood(nowMs);
  }

  leaveRaid(nowMs: number, lastFloodMs: number): Promise<boolean> {
    return this.control.leaveRaid(nowMs, lastFloodMs);
  }
}
