/**
 * Local mode's receipts: for each SMS the local sink sends with a receipt tag, the text message
 * events End User Messaging SMS would publish to the configuration set's SNS destination, in
 * AWS's example shape (`lambda/domain/receipt.ts`), due in simulated time:
 *
 * - a non-final `TEXT_SUCCESSFUL` a few seconds after the send, priced without the carrier fee
 *   (a price may come with a non-final event: the final one then corrects it);
 * - a final `TEXT_DELIVERED` a few minutes later, with the message price and the carrier fee;
 *   some finals are delivered twice (SNS delivers at least once);
 * - for a few messages, no final price: an `UNKNOWN` final without a price 72 hours later ("it
 *   can take up to 72 hours for the final message status", the same page).
 *
 * Which message gets what is drawn from the seed and the message (not from the order the
 * containers happen to send in), so a replay can be repeated. The events carry the destination
 * number, as AWS's do: they are never logged nor reported.
 */
import { createHash } from 'node:crypto';
import { RECEIPT_TAG_KEY } from '../../lambda/receipt-tag';

/** What the replay's AWS bills (`npm run simulate -- --billed-factor F --carrier-fee X`). */
export interface BillingOptions {
  /** AWS bills this many times the configured price per segment (default 1). */
  readonly billedFactor?: number;
  /** A carrier fee per message, USD (default 0). */
  readonly carrierFeeUsd?: number;
  /** Share of messages with no final price (default {@link NO_FINAL_SHARE}). */
  readonly noFinalShare?: number;
  /** Share of final events delivered twice (default {@link DUPLICATE_SHARE}). */
  readonly duplicateShare?: number;
}

/** One SMS the receipts are for. */
export interface ReceiptedSms {
  readonly messageId: string;
  readonly to: string;
  /** Its receipt tag; the draws do not depend on it (its seal differs between runs). */
  readonly tag: string;
  readonly segments: number;
  /** The configured price per segment, micro-units of the budget currency. */
  readonly segmentPriceMicros: number;
  readonly atMs: number;
}

/** One event due at `atMs`, as the SNS message the receipts function reads. */
export interface PlannedReceipt {
  readonly atMs: number;
  readonly messageId: string;
  readonly final: boolean;
  /** The USD it bills (message price + carrier fee); undefined: no price in it. */
  readonly billedUsd: number | undefined;
  readonly message: string;
}

/** Share of messages with no final price (an `UNKNOWN` final after 72 h). */
export const NO_FINAL_SHARE = 0.02;
/** Share of final events delivered twice (SNS delivers at least once). */
export const DUPLICATE_SHARE = 0.01;
/** "It can take up to 72 hours for the final message status to be received." */
const UNKNOWN_AFTER_MS = 72 * 3_600_000;
/** The non-final event: 1 to 5 s after the send. */
const NON_FINAL_MS = { min: 1_000, max: 5_000 };
/** The final event: 1 to 10 minutes after the send. */
const FINAL_MS = { min: 60_000, max: 600_000 };
/** Prices as AWS writes them (`0.09582`), with a digit more. */
const USD_DECIMALS = 6;

const usd = (value: number): number => Number(value.toFixed(USD_DECIMALS));

/** The pending receipts of a replay, earliest first. */
export class LocalReceipts {
  private readonly pending: PlannedReceipt[] = [];
  /** When the last event with a price is due: the replay's receipts end there. */
  lastPricedMs = Number.NEGATIVE_INFINITY;
  private readonly billing: Required<BillingOptions>;

  /**
   * @param perUsd units of the budget currency one USD buys (`settings.receipts.perUsd`)
   * @param seed the replay's seed
   */
  constructor(
    private readonly perUsd: number,
    private readonly seed: number,
    billing: BillingOptions = {},
  ) {
    this.billing = {
      billedFactor: billing.billedFactor ?? 1,
      carrierFeeUsd: billing.carrierFeeUsd ?? 0,
      noFinalShare: billing.noFinalShare ?? NO_FINAL_SHARE,
      duplicateShare: billing.duplicateShare ?? DUPLICATE_SHARE,
    };
  }

  /** Plans the receipts of one SMS sent. */
  plan(sms: ReceiptedSms): void {
    const draw = drawsFor(this.seed, sms);
    const messageUsd = usd(
      (sms.segments * sms.segmentPriceMicros * this.billing.billedFactor) / 1e6 / this.perUsd,
    );
    const sentAt = sms.atMs;
    this.add(sms, sentAt + between(NON_FINAL_MS, draw(0)), false, 'SUCCESSFUL', messageUsd);
    if (draw(1) < this.billing.noFinalShare) {
      this.add(sms, sentAt + UNKNOWN_AFTER_MS, true, 'UNKNOWN', undefined);
      return;
    }
    const finalAt = sentAt + between(FINAL_MS, draw(2));
    const fee = usd(this.billing.carrierFeeUsd);
    this.add(sms, finalAt, true, 'DELIVERED', messageUsd, fee);
    if (draw(3) < this.billing.duplicateShare)
      this.add(sms, finalAt + 1_000, true, 'DELIVERED', messageUsd, fee);
  }

  /** Takes the receipts due by `nowMs`, earliest first. */
  takeDue(nowMs: number): PlannedReceipt[] {
    let count = 0;
    while (count < this.pending.length && this.pending[count]!.atMs <= nowMs) count += 1;
    return this.pending.splice(0, count);
  }

  /** When the earliest pending receipt is due; undefined when none is. */
  nextDueMs(): number | undefined {
    return this.pending[0]?.atMs;
  }

  get size(): number {
    return this.pending.length;
  }

  private add(
    sms: ReceiptedSms,
    atMs: number,
    final: boolean,
    status: string,
    messageUsd: number | undefined,
    feeUsd?: number,
  ): void {
    if (messageUsd !== undefined) this.lastPricedMs = Math.max(this.lastPricedMs, atMs);
    const receipt: PlannedReceipt = {
      atMs,
      messageId: sms.messageId,
      final,
      billedUsd: messageUsd === undefined ? undefined : usd(messageUsd + (feeUsd ?? 0)),
      message: JSON.stringify(awsEvent(sms, atMs, final, status, messageUsd, feeUsd)),
    };
    let low = 0;
    let high = this.pending.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (this.pending[mid]!.atMs <= atMs) low = mid + 1;
      else high = mid;
    }
    this.pending.splice(low, 0, receipt);
  }
}

/** Uniform draws in [0, 1) for one message, from the seed and the message, numbered. */
function drawsFor(seed: number, sms: ReceiptedSms): (index: number) => number {
  const digest = createHash('sha256')
    .update(`${seed}|${sms.to}|${sms.atMs}|${sms.segments}`)
    .digest();
  return (index) => digest.readUInt32BE(index * 4) / 2 ** 32;
}

const between = (range: { min: number; max: number }, draw: number): number =>
  Math.round(range.min + (range.max - range.min) * draw);

/** "Example AWS End User Messaging SMS event data", for one of our replies. */
function awsEvent(
  sms: ReceiptedSms,
  atMs: number,
  final: boolean,
  status: string,
  messageUsd: number | undefined,
  feeUsd: number | undefined,
): Record<string, unknown> {
  return {
    eventType: `TEXT_${status}`,
    eventVersion: '1.0',
    eventTimestamp: atMs,
    isFinal: final,
    destinationPhoneNumber: sms.to,
    messageId: sms.messageId,
    messageRequestTimestamp: sms.atMs,
    messageEncoding: 'GSM',
    messageType: 'TRANSACTIONAL',
    messageStatus: status,
    context: { [RECEIPT_TAG_KEY]: sms.tag },
    totalMessageParts: sms.segments,
    ...(messageUsd === undefined ? {} : { totalMessagePrice: messageUsd }),
    ...(feeUsd === undefined ? {} : { totalCarrierFee: feeUsd }),
  };
}
