import { parsePhoneNumberFromString } from 'libphonenumber-js/mobile';

/**
 * Sender numbers are checked with libphonenumber-js's *mobile* metadata: a number is valid
 * only if it is a mobile number of its country, which is exactly what can receive our reply
 * (and it is the smallest metadata set, which keeps the Lambda bundle small).
 */
export type PhoneCheck =
  | { readonly ok: true; readonly e164: string; readonly country: string | undefined }
  | { readonly ok: false; readonly reason: 'invalid_sender' | 'not_mobile' };

/** E.164 at most: '+' and 15 digits. Anything longer is not worth handing to the parser. */
const MAX_E164_LENGTH = 16;

/** Validates a sender number given in strict E.164 form (as AWS delivers it). */
export function checkSenderNumber(raw: string): PhoneCheck {
  if (raw.length > MAX_E164_LENGTH || !raw.startsWith('+')) {
    return { ok: false, reason: 'invalid_sender' };
  }
  const parsed = parsePhoneNumberFromString(raw);
  // Canonical form only: '+33 6 12…' or '+33(0)6…' is not what the SMS service sends.
  if (!parsed || parsed.number !== raw || !parsed.isPossible()) {
    return { ok: false, reason: 'invalid_sender' };
  }
  if (!parsed.isValid()) {
    return { ok: false, reason: 'not_mobile' };
  }
  return { ok: true, e164: parsed.number, country: parsed.country };
}

/** A number safe for logs: country prefix and the last two digits only. */
export function maskNumber(e164: string): string {
  if (e164.length <= 6) return '+***';
  return `${e164.slice(0, 4)}${'*'.repeat(e164.length - 6)}${e164.slice(-2)}`;
}
