/**
 * Parsing and validating what maintainers type: phone numbers (strict E.164, checked with
 * libphonenumber-js like the responder checks senders), amounts in currency units, and times.
 * Everything here runs before the target is opened, so bad input never writes anything.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { checkSenderNumber } from '../../lambda/domain/phone';
import { MICROS_PER_UNIT } from '../../lib/config/money';
import { UsageError } from './errors';

const MS_PER_HOUR = 3_600_000;
const MS_PER_DAY = 24 * MS_PER_HOUR;
/** Durations count back at most to the year 0000, the first an ISO 8601 date can write. */
const EARLIEST_MS = Date.parse('0000-01-01T00:00:00Z');

/**
 * A mobile number in E.164 (`+33612345678`), as the SMS service delivers senders: the form the
 * table's HMAC keys are computed from, so `+33 6 12…` or `06…` would address another sender.
 */
export function parsePhoneNumber(raw: string, what = 'the number'): string {
  const input = raw.trim();
  const check = checkSenderNumber(input);
  if (check.ok) return check.e164;
  const loose = parsePhoneNumberFromString(input);
  if (loose?.isValid() && loose.number !== input) {
    throw new UsageError(
      `${what} must be written in E.164, without spaces: ${loose.number} (not "${input}")`,
    );
  }
  if (loose?.isValid()) {
    throw new UsageError(
      `${what} ${input} is not a mobile number (the responder never texts one): ` +
        'give a mobile number in E.164, e.g. +33612345678',
    );
  }
  throw new UsageError(
    `${what} "${input}" is not a valid phone number in E.164: write it as + country code ` +
      'and number, no spaces, e.g. +33612345678',
  );
}

/** An amount in currency units (`5`, `0.45`), at most six decimals, as integer micro-units. */
export function parseAmount(raw: string, option: string): number {
  const input = raw.trim();
  if (!/^\d+(\.\d{1,6})?$/.test(input)) {
    throw new UsageError(
      `${option} takes an amount in the budget's currency, e.g. ${option} 5 or ${option} 0.45`,
    );
  }
  const [units = '0', fraction = ''] = input.split('.');
  const micros = Number(units) * MICROS_PER_UNIT + Number(fraction.padEnd(6, '0'));
  if (!Number.isSafeInteger(micros)) {
    throw new UsageError(`${option} ${input} is too large to be a budget`);
  }
  return micros;
}

/**
 * A point in time: an ISO 8601 date (`2026-11-01`, UTC midnight; with `endOfDay`, the next
 * midnight, so that `--until 2026-11-30` includes the 30th), an ISO 8601 date-time with a zone
 * (`2026-11-01T16:00:00Z`, `…+01:00`), or a duration before `nowMs` (`7d`, `12h`).
 */
export function parseTime(
  raw: string,
  option: string,
  nowMs: number,
  options: { endOfDay?: boolean } = {},
): number {
  const input = raw.trim();
  const relative = /^(\d+)([dh])$/.exec(input);
  if (relative) {
    const ms = nowMs - Number(relative[1]) * (relative[2] === 'd' ? MS_PER_DAY : MS_PER_HOUR);
    if (ms >= EARLIEST_MS) return ms;
    throw new UsageError(
      `${option} ${input} goes back before the year 0000: give a shorter duration, or a date ` +
        '(e.g. 2020-01-01)',
    );
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(input)) {
    const ms = Date.parse(`${input}T00:00:00Z`);
    if (Number.isFinite(ms) && new Date(ms).toISOString().startsWith(input)) {
      return options.endOfDay ? ms + MS_PER_DAY : ms;
    }
  } else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(input)) {
    const ms = Date.parse(input);
    if (Number.isFinite(ms)) return ms;
  }
  throw new UsageError(
    `${option} takes a date (2026-11-01), a date-time with its zone (2026-11-01T16:00:00Z) ` +
      `or a duration back from now (7d, 12h), not "${input}"`,
  );
}
