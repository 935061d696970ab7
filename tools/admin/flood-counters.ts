/**
 * All inbound messages per minute, from the flood counters the responder keeps for flood
 * detection (`FloodCounter.readMinutes` in `lambda/items/flood-counter.ts`: one item per UTC
 * hour, kept two days). They are the only count of every inbound message in the table (metrics
 * aside); older hours read as absent, and the dossier says so.
 */
import type { Target } from './target';
import { itemsOf } from './target';

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;
/** Two months of hours at most: counters live two days, so a longer span reads nothing more. */
export const MAX_COUNTER_HOURS = 24 * 62;

/** The UTC hours (`2026-10-19T14`) that [startMs, endMs) touches, the latest {@link MAX_COUNTER_HOURS}. */
export function counterHours(startMs: number, endMs: number): string[] {
  const hours: string[] = [];
  const first = Math.max(
    startMs - (startMs % MS_PER_HOUR),
    endMs - MAX_COUNTER_HOURS * MS_PER_HOUR,
  );
  for (let ms = first - (first % MS_PER_HOUR); ms < endMs; ms += MS_PER_HOUR) {
    hours.push(new Date(ms).toISOString().slice(0, 13));
  }
  return hours;
}

/**
 * Inbound messages per minute (first instant of the minute → count) over [startMs, endMs);
 * undefined when no counter of that span is left.
 */
export async function inboundPerMinute(
  target: Target,
  startMs: number,
  endMs: number,
): Promise<Map<number, number> | undefined> {
  const hours = await itemsOf(target).flood.readMinutes(counterHours(startMs, endMs));
  if (hours.size === 0) return undefined;
  const perMinute = new Map<number, number>();
  for (const [hour, minutes] of hours) {
    const hourMs = Date.parse(`${hour}:00:00Z`);
    for (const [minute, count] of Object.entries(minutes)) {
      perMinute.set(hourMs + Number(minute) * MS_PER_MINUTE, count);
    }
  }
  return perMinute;
}
