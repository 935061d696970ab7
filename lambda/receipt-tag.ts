/**
 * The tag a reply carries to its receipts: End User Messaging SMS logs the `Context` of a
 * `SendTextMessage` "to the event destination" (API reference, `SendTextMessage`, `Context`:
 * "You can specify custom data in this field. If you do, that data is logged to the event
 * destination", read 2026-11-29). The tag says what the reply's reservation was: its hour (so
 * its day and month), the estimate reserved and the destination country. It holds no number.
 *
 * It is sealed with a key derived from the deployment's secret, like scheduled replies
 * (`reply-seal.ts`): the receipts function trues up only a reply the responder or the dispatcher
 * tagged, so whoever could publish to the receipts topic still cannot move money that was not
 * reserved. A context value is 1 to 800 characters without leading or trailing white space
 * (`ContextValue` in the API model); a tag is about 60.
 */
import { createHmac } from 'node:crypto';
import type { PeriodKeys } from './domain/calendar';
import { derivedKey, macMatches } from './sender-key';

/** The context key the tag is sent under (1–100 characters, no white space). */
export const RECEIPT_TAG_KEY = 'antirelou';

const TAG_KEY_LABEL = 'antirelou/receipt-tag/v1';
const VERSION = 'r1';
const HOUR = /^\d{4}-\d{2}-\d{2}T\d{2}$/;
const COUNTRY = /^[A-Z]{2}$/;
/** The estimate must be a whole, positive number of micro-units, and sane (≤ 1,000 units). */
const MAX_COST_MICROS = 1_000_000_000;

/** What a receipt needs to know of the reply it is for. */
export interface ReceiptTag {
  /** The reservation's hour, `2026-11-29T16` (budget time zone): its day and month follow. */
  readonly hour: string;
  /** The estimate reserved for the reply, micro-units of the budget currency. */
  readonly costMicros: number;
  /** ISO country of the destination. */
  readonly country: string;
}

/** Makes and opens receipt tags. */
export class ReceiptTagger {
  private readonly key: Buffer;

  constructor(secret: string) {
    this.key = derivedKey(secret, TAG_KEY_LABEL, 'the receipt tag secret');
  }

  /** The sealed tag, e.g. `r1.2026-11-29T16.150000.FR.<mac>`. */
  tag(tag: ReceiptTag): string {
    const body = [VERSION, tag.hour, String(tag.costMicros), tag.country].join('.');
    return `${body}.${this.mac(body)}`;
  }

  /** The tag, if `value` is one this key sealed; undefined otherwise. */
  open(value: unknown): ReceiptTag | undefined {
    if (typeof value !== 'string' || value.length > 200) return undefined;
    const [version, hour = '', cost = '', country = '', mac = '', ...rest] = value.split('.');
    if (version !== VERSION || rest.length > 0) return undefined;
    const body = [version, hour, cost, country].join('.');
    if (!macMatches(mac, this.mac(body))) return undefined;
    const costMicros = Number(cost);
    if (!HOUR.test(hour) || !COUNTRY.test(country)) return undefined;
    if (!Number.isSafeInteger(costMicros) || costMicros <= 0 || costMicros > MAX_COST_MICROS) {
      return undefined;
    }
    return { hour, costMicros, country };
  }

  private mac(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url').slice(0, 22);
  }
}

/**
 * The tag of a reply to a number of `country` reserved as `reservation`, when replies are
 * tagged (`tagger`); undefined otherwise, or without a country (no price to learn).
 */
export function tagFor(
  tagger: ReceiptTagger | undefined,
  reservation: { readonly periods: PeriodKeys; readonly costMicros: number },
  country: string | undefined,
): string | undefined {
  if (tagger === undefined || country === undefined) return undefined;
  const { periods, costMicros } = reservation;
  return tagger.tag({ hour: periods.hour, costMicros, country });
}
