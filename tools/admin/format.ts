/** How the CLI writes counts and times for people. */

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
