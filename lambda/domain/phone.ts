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

/** The country of a number we text (E.164, as the inbound SMS gave it); undefined if none. */
export function countryOf(e164: string): string | undefined {
  const phone = checkSenderNumber(e164);
  return phone.ok ? phone.country : undefined;
}

/** A number safe for logs: country prefix and the last two digits only. */
export function maskNumber(e164: string): string {
  if (e164.length <= 6) return '+***';
  return `${e164.slice(0, 4)}${'*'.repeat(e164.length - 6)}${e164.slice(-2)}`;
}

/** What may sit between the digits of a written number: one space, NBSP, dot or hyphen. */
const SEP = '[ \\u00a0.\\-]';
/**
 * After `+` or `00`: the country code, then one to seven digit groups, each after a separator
 * or after a parenthesised part (`(0)` trunk, `(555)` area code). Separators are required
 * between plain groups, so that a long run of digits has one reading only (no backtracking).
 */
const SPACED = `[1-9]\\d{0,3}(?:${SEP}?\\(\\d{1,4}\\)${SEP}?\\d{1,12}|${SEP}\\d{1,12}){1,7}`;
/**
 * Phone numbers in free text, most specific first:
 * - `+33612345678`, `+3361234` (E.164, even too short or too long to be valid: error messages
 *   quote invalid numbers too); `0033612345678` (the international `00` prefix);
 * - `+33 6 12 34 56 78`, `+33 (0)6 12 34 56 78`, `+1 (555) 123-4567` (spaced, dotted, dashed);
 * - `33612345678` (E.164 without its `+`, as some services log it: French mobiles only);
 * - `0612345678`, `06 12 34 56 78`, `06.12.34.56.78`, `06-12-34-56-78` (national French, one
 *   separator throughout, so that `01.02.2026 10:00` stays a date).
 * The national and `00` forms must stand alone (no letter, digit or `_` on either side), so that
 * hex digests, UUIDs and padded ids are left as they are.
 */
const NUMBER_IN_TEXT = new RegExp(
  [
    `\\+[1-9]\\d{5,14}(?!\\d)`,
    `(?<![\\w+])00[1-9]\\d{7,14}(?!\\w)`,
    `\\+${SPACED}(?!\\d)`,
    `(?<![\\w+])00${SPACED}(?!\\w)`,
    `(?<![\\w+])33[1-9]\\d{8}(?!\\w)`,
    `(?<![\\w+])0[1-9](?<sep>${SEP}?)\\d{2}(?:\\k<sep>\\d{2}){3}(?!\\w)`,
  ].join('|'),
  'g',
);
/** Fewer digits than this, country code included, is not taken for a number (`+15 SMS`). */
const MIN_NUMBER_DIGITS = 7;
const FRANCE = '33';

/**
 * Masks every phone number found in a free text (a maintainer's reason, an SNS or End User
 * Messaging error message…) with {@link maskNumber}: `pause: +33612345678 harcèle` →
 * `pause: +336******78 harcèle`, `appelle le 06 12 34 56 78` → `appelle le +336******78`.
 * International numbers (`+…`, `00…`, spaced, dotted, dashed, `(0)` trunk), French mobiles
 * without their `+` (`336…`) and national French numbers (`06…`, `01…`) are found, valid or
 * not; national numbers are masked in their E.164 form. It errs on the side of masking (a run
 * like `+33 6 12 34 56 78 12` is masked whole) and leaves hex digests, UUIDs, dates, times and
 * amounts alone. Idempotent: a masked number is not found again.
 */
export function redactNumbers(text: string): string {
  return text.replace(NUMBER_IN_TEXT, (match) => {
    const trunkless = match.replace(/\(0\)/g, '');
    let digits = trunkless.replace(/\D/g, '');
    if (trunkless.startsWith('00')) digits = digits.slice(2);
    else if (trunkless.startsWith('0')) digits = FRANCE + digits.slice(1);
    if (digits.length < MIN_NUMBER_DIGITS) return match;
    return maskNumber(`+${digits}`);
  });
}
