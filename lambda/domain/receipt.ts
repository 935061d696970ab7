/**
 * A receipt: one text message event of AWS End User Messaging SMS, as its configuration set's
 * SNS event destination publishes it (the SNS message is the event's JSON). The fields used,
 * from "Example AWS End User Messaging SMS event data"
 * (https://docs.aws.amazon.com/sms-voice/latest/userguide/configuration-sets-event-format.html,
 * read 2026-11-29):
 *
 * ```json
 * { "eventType": "TEXT_SUCCESSFUL", "isFinal": true, "messageId": "862a8790-…",
 *   "messageStatus": "SUCCESSFUL", "context": { "account": "bar" }, "totalMessageParts": 1,
 *   "totalMessagePrice": 0.09582, "totalCarrierFee": 0.0, … }
 * ```
 *
 * - `isFinal`: "True if this is the final status for the message. There are intermediate
 *   message statuses and it can take up to 72 hours for the final message status to be
 *   received."
 * - "After 72 hours, if AWS End User Messaging SMS has not received a final event from a
 *   carrier, the service will automatically return an UNKNOWN messageStatus."
 * - The prices are USD: the page does not say so in the rows we could read, but the same API's
 *   `MaxPrice` is "The maximum amount that you want to spend, in US dollars, per each text
 *   message" (API model, read 2026-11-29). Public code has found that a price may come with a
 *   non-final event only, or not at all ("some of these fields might be missing in the
 *   receipt", cds-snc/notification-api, `process_pinpoint_receipts_tasks.py`; and its PR #2892):
 *   a price is taken from whichever event carries it.
 */
import { RECEIPT_TAG_KEY } from '../receipt-tag';

/** A receipt's fields that matter here. */
export interface Receipt {
  readonly messageId: string;
  readonly final: boolean;
  readonly status: string;
  /** The sealed tag of the reply (`context.antirelou`), if any. */
  readonly tag: string | undefined;
  /** Message price plus carrier fee, USD; undefined when the event carries no price. */
  readonly billedUsd: number | undefined;
  readonly parts: number | undefined;
}

/** Why a receipt moved no money. Metric dimensions use these exact strings. */
export const RECEIPT_SKIPS = [
  /** Not an event we can read. */
  'bad_event',
  /** Not a reply we tagged (or its seal does not hold). */
  'unknown_message',
  /** No price in it: nothing to true up (yet). */
  'no_price',
  /** Its true-up was made already (a repeated event, or a non-final after the final). */
  'duplicate',
  /** Its day's true-ups were pruned (a receipt more than `RECEIPT_DAYS` late). */
  'late',
] as const;
export type ReceiptSkip = (typeof RECEIPT_SKIPS)[number];

export type ReceiptParse =
  | { readonly ok: true; readonly receipt: Receipt }
  | { readonly ok: false; readonly detail: string };

const MESSAGE_ID = /^[A-Za-z0-9._:/+=-]{1,128}$/;
/** No SMS costs more than this in USD (`MaxPrice` is at most 99.99999): a guard on bad data. */
const MAX_USD = 100;

const price = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0 && value < MAX_USD
    ? value
    : undefined;

/** Reads the SNS message of one event; never throws. */
export function parseReceipt(message: string): ReceiptParse {
  let event: Record<string, unknown>;
  try {
    event = JSON.parse(message) as Record<string, unknown>;
  } catch {
    return { ok: false, detail: 'not JSON' };
  }
  if (typeof event !== 'object' || event === null) return { ok: false, detail: 'not an object' };
  const { messageId, isFinal, eventType } = event;
  if (typeof messageId !== 'string' || !MESSAGE_ID.test(messageId)) {
    return { ok: false, detail: 'messageId is missing or malformed' };
  }
  if (typeof eventType !== 'string' || !eventType.startsWith('TEXT_')) {
    return { ok: false, detail: 'not a text message event' };
  }
  const context = event.context as Record<string, unknown> | undefined;
  const messagePrice = price(event.totalMessagePrice);
  const carrierFee = price(event.totalCarrierFee);
  return {
    ok: true,
    receipt: {
      messageId,
      final: isFinal === true,
      status: typeof event.messageStatus === 'string' ? event.messageStatus : eventType.slice(5),
      tag: typeof context?.[RECEIPT_TAG_KEY] === 'string' ? context[RECEIPT_TAG_KEY] : undefined,
      billedUsd: messagePrice === undefined ? undefined : messagePrice + (carrierFee ?? 0),
      parts: typeof event.totalMessageParts === 'number' ? event.totalMessageParts : undefined,
    },
  };
}

/**
 * USD to micro-units of the budget currency, rounded up: `perUsd` units of the budget currency
 * buy one USD (1 when the budget is in USD, or when no rate is configured: read as USD).
 */
export function billedMicros(usd: number, perUsd: number): number {
  return Math.ceil(Math.round(usd * perUsd * 1e9) / 1e3);
}
