/**
 * Times as a dossier shows them: in the budget's time zone (the one the maintainers and the
 * victims live in), always with the UTC offset in force at that instant, so that a reader can
 * place every time on UTC without knowing the zone's summer-time rules.
 */

/** The languages a dossier is written in. */
export type DossierLanguage = 'fr' | 'en';

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'longOffset',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** An instant's wall-clock parts in the time zone, and its offset (`UTC+02:00`). */
export interface LocalParts {
  /** `2026-10-19` */
  readonly isoDate: string;
  /** `16:00:05` */
  readonly time: string;
  /** `UTC+02:00`, `UTC+00:00` */
  readonly offset: string;
}

/** The parts of `ms` in `timeZone`. */
export function localParts(ms: number, timeZone: string): LocalParts {
  const parts: Record<string, string> = {};
  for (const part of formatterFor(timeZone).formatToParts(ms)) parts[part.type] = part.value;
  // `GMT+02:00`, or `GMT` alone for a zero offset.
  const zone = parts.timeZoneName ?? 'GMT';
  const offset = zone === 'GMT' ? 'UTC+00:00' : zone.replace('GMT', 'UTC');
  return {
    isoDate: `${parts.year}-${parts.month}-${parts.day}`,
    time: `${parts.hour}:${parts.minute}:${parts.second}`,
    offset,
  };
}

/** The date as the language writes it: `19/10/2026` (fr), `2026-10-19` (en). */
export function localDate(parts: LocalParts, lang: DossierLanguage): string {
  if (lang === 'en') return parts.isoDate;
  const [year, month, day] = parts.isoDate.split('-');
  return `${day}/${month}/${year}`;
}

/** `19/10/2026 16:00:05 (UTC+02:00)` (fr) or `2026-10-19 16:00:05 (UTC+02:00)` (en). */
export function localDateTime(ms: number, timeZone: string, lang: DossierLanguage): string {
  const parts = localParts(ms, timeZone);
  return `${localDate(parts, lang)} ${parts.time} (${parts.offset})`;
}

/** `16:00` in the time zone: chart ticks. */
export function localHourMinute(ms: number, timeZone: string): string {
  return localParts(ms, timeZone).time.slice(0, 5);
}
