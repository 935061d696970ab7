/**
 * What kind of number sent a message, as libphonenumber-js's full metadata (`max`) classifies
 * it: its country and its type (`MOBILE`, `PREMIUM_RATE`, `VOIP`…). Raiders use foreign and
 * premium numbers because replying to them costs the victim more (DESIGN.md, "Money").
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

/** A number's country (ISO 3166-1 alpha-2) and type, when the metadata knows them. */
export interface NumberKind {
  readonly country: string | undefined;
  /** libphonenumber-js's `getType()`: `MOBILE`, `FIXED_LINE`, `PREMIUM_RATE`… */
  readonly type: string | undefined;
}

/** The type libphonenumber-js gives premium-rate numbers. */
export const PREMIUM_RATE = 'PREMIUM_RATE';

/** Classifies an E.164 number (both fields undefined when it cannot be parsed). */
export function numberKind(e164: string): NumberKind {
  const parsed = parsePhoneNumberFromString(e164);
  return { country: parsed?.country, type: parsed?.getType() };
}

/** The number's country when it is foreign to `home` (undefined: not foreign, or unknown). */
export function isForeign(kind: NumberKind, home: string | undefined): boolean {
  return home !== undefined && kind.country !== undefined && kind.country !== home;
}
