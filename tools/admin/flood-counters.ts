/**
 * All inbound messages per minute, from the flood counters the responder keeps for flood
 * detection (`floodItemKey`: one item per UTC hour, minutes `m00`…`m59`, kept two days). They are
 * the only count of every inbound message in the table (metrics aside); older hours read as
 * absent, and the dossier says so.
 */
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { floodItemKey } from '../../lambda/adapters/table-keys';
import type { Target } from './target';

const MS_PER_MINUTE = 60_000;
const MS_PER_HOUR = 3_600_000;
/** BatchGetItem takes at most 100 keys a call. */
const BATCH_KEYS = 100;
/** Unprocessed keys are asked for again this many times (the table is throttling). */
const BATCH_ATTEMPTS = 5;
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

function addMinutes(item: Record<string, unknown>, perMinute: Map<number, number>): void {
  const hourMs = Date.parse(`${String(item.pk).slice(2)}:00:00Z`);
  for (const [name, value] of Object.entries(item)) {
    const minute = /^m(\d\d)$/.exec(name)?.[1];
    if (minute === undefined || typeof value !== 'number') continue;
    perMinute.set(hourMs + Number(minute) * MS_PER_MINUTE, value);
  }
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
  const perMinute = new Map<number, number>();
  let found = false;
  const hours = counterHours(startMs, endMs);
  for (let i = 0; i < hours.length; i += BATCH_KEYS) {
    let keys: Record<string, unknown>[] = hours
      .slice(i, i + BATCH_KEYS)
      .map((hour) => ({ ...floodItemKey(hour) }));
    for (let attempt = 0; keys.length > 0 && attempt < BATCH_ATTEMPTS; attempt += 1) {
      const result = await target.documentClient.send(
        new BatchGetCommand({ RequestItems: { [target.tableName]: { Keys: keys } } }),
      );
      for (const item of result.Responses?.[target.tableName] ?? []) {
        found = true;
        addMinutes(item, perMinute);
      }
      keys = (result.UnprocessedKeys?.[target.tableName]?.Keys ?? []) as Record<string, unknown>[];
    }
  }
  return found ? perMinute : undefined;
}
