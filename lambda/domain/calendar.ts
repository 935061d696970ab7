/**
 * Calendar keys of the budget periods. Every counter has its period in its key, so a new hour,
 * day or month starts from zero without any reset (TTL only cleans up).
 */
export interface PeriodKeys {
  /** `2026-11` */
  readonly month: string;
  /** `2026-11-23` */
  readonly day: string;
  /** `2026-11-23T16` */
  readonly hour: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Throws a RangeError for a time zone the runtime does not know (checked at config time). */
export function assertTimeZone(timeZone: string): void {
  formatterFor(timeZone);
}

/** The hour, day and month that `nowMs` falls in, in `timeZone`. */
export function periodKeys(nowMs: number, timeZone: string): PeriodKeys {
  let y: string, mo: string, d: string, h: string;
  if (timeZone === 'UTC') {
    const iso = new Date(nowMs).toISOString();
    [y, mo, d, h] = [iso.slice(0, 4), iso.slice(5, 7), iso.slice(8, 10), iso.slice(11, 13)];
  } else {
    const parts: Record<string, string> = {};
    for (const part of formatterFor(timeZone).formatToParts(nowMs)) parts[part.type] = part.value;
    [y, mo, d, h] = [parts.year ?? '', parts.month ?? '', parts.day ?? '', parts.hour ?? ''];
  }
  return { month: `${y}-${mo}`, day: `${y}-${mo}-${d}`, hour: `${y}-${mo}-${d}T${h}` };
}

/** The periods of an hour key (`2026-11-23T16`): its day and month are its prefixes. */
export function periodsOfHour(hour: string): PeriodKeys {
  return { month: hour.slice(0, 7), day: hour.slice(0, 10), hour };
}
