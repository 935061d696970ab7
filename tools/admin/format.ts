/** How the CLI writes counts, money and times for people. */
import { formatMicros } from '../../lib/config/money';

/** Micro-units in a cent (0.01 of the currency). */
const MICROS_PER_CENT = 10_000;

/** `13,590`: counts with thousands separators, as the simulator's report writes them. */
export const count = (n: number): string => n.toLocaleString('en-US');

/** `2026-11-23 19:20` in the time zone. */
export function localTime(ms: number, timeZone: string): string {
  const parts: Record<string, string> = {};
  const format = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  for (const part of format.formatToParts(ms)) parts[part.type] = part.value;
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}

/**
 * Money for people, to the cent (`EUR 214.58`): `formatMicros` on the amount rounded half up
 * to a whole cent. The JSON outputs keep the exact micro-units.
 */
export function money(micros: number, currency: string): string {
  const cents = Math.sign(micros) * Math.round(Math.abs(micros) / MICROS_PER_CENT);
  return formatMicros(cents * MICROS_PER_CENT, currency);
}

/** `2026-11-23 19:20` → `19:20` when the day is `day`, for lines that already name it. */
export function clockTime(ms: number, timeZone: string): string {
  return localTime(ms, timeZone).slice(11);
}
