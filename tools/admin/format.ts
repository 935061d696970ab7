/** How the CLI writes counts, money and times for people. */
import { formatCents } from '../../lib/config/money';

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

/** Money for people, to the cent (`EUR 214.58`): `formatCents` of `lib/config/money.ts`. */
export const money = formatCents;

/** `2026-11-23 19:20` → `19:20` when the day is `day`, for lines that already name it. */
export function clockTime(ms: number, timeZone: string): string {
  return localTime(ms, timeZone).slice(11);
}
