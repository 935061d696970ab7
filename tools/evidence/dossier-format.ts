/**
 * How the dossier page writes numbers, shares, times, durations, countries, number types and
 * reasons, in its language. Every result is plain text (escaped by the page).
 */
import type { DossierText } from './dossier-text';
import type { DossierLanguage } from './local-time';
import { localDateTime } from './local-time';

const MS_PER_SECOND = 1000;
const SECONDS_PER_MINUTE = 60;
const MINUTES_PER_HOUR = 60;
const HOURS_PER_DAY = 24;

/** The page's formatters. */
export interface DossierFormat {
  count(n: number): string;
  /** `3 sur 40 (7,5 %)` */
  share(part: number, whole: number): string;
  /** `19/10/2026 16:00:05 (UTC+02:00)` */
  time(ms: number): string;
  /** `3 h 52 min`, `45 s` */
  duration(ms: number): string;
  /** `Royaume-Uni (GB)` */
  country(code: string | undefined): string;
  numberType(type: string | undefined): string;
  /** `insult:connard` → `insulte : connard` */
  reason(reason: string): string;
  /** A reason kind (`insult`) in words. */
  reasonKind(kind: string): string;
}

function durationText(ms: number): string {
  const seconds = Math.round(ms / MS_PER_SECOND);
  if (seconds < SECONDS_PER_MINUTE) return `${seconds} s`;
  const minutes = Math.floor(seconds / SECONDS_PER_MINUTE);
  if (minutes < MINUTES_PER_HOUR) return `${minutes} min ${seconds % SECONDS_PER_MINUTE} s`;
  const hours = Math.floor(minutes / MINUTES_PER_HOUR);
  if (hours < HOURS_PER_DAY) return `${hours} h ${minutes % MINUTES_PER_HOUR} min`;
  return `${Math.floor(hours / HOURS_PER_DAY)} j ${hours % HOURS_PER_DAY} h`;
}

/** The formatters for a page in `lang`, with times in `timeZone`. */
export function dossierFormat(
  text: DossierText,
  lang: DossierLanguage,
  timeZone: string,
): DossierFormat {
  const numbers = new Intl.NumberFormat(text.locale);
  const percent = new Intl.NumberFormat(text.locale, {
    style: 'percent',
    maximumFractionDigits: 1,
  });
  const regions = new Intl.DisplayNames([text.locale], { type: 'region' });
  const reasonKind = (kind: string): string => text.reasonKinds[kind] ?? kind;
  return {
    count: (n) => numbers.format(n),
    share: (part, whole) =>
      text.summary.share(
        numbers.format(part),
        numbers.format(whole),
        percent.format(whole === 0 ? 0 : part / whole),
      ),
    time: (ms) => localDateTime(ms, timeZone, lang),
    duration: (ms) => {
      const words = durationText(ms);
      return lang === 'en' ? words.replace(/ j /, ' d ') : words;
    },
    country: (code) => (code === undefined ? '?' : `${regions.of(code) ?? code} (${code})`),
    numberType: (type) => (type === undefined ? '?' : (text.numberTypes[type] ?? type)),
    reason: (reason) => {
      const at = reason.indexOf(':');
      if (at < 0) return reasonKind(reason);
      return `${reasonKind(reason.slice(0, at))}${lang === 'fr' ? ' : ' : ': '}${reason.slice(at + 1)}`;
    },
    reasonKind,
  };
}
