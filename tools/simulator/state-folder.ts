/**
 * A replay into a state folder that already holds data never lands silently on top of it: by
 * default it continues after the folder's last simulated time (the whole trace moved by whole
 * days, so its times of day stay as written); with `--force` it replays at its own dates over
 * the old counters, and says so. Either way the run says which, with the dates.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { LocalEnvironment } from '../local/environment';
import { STATE_FILE } from '../local/environment';
import { readMetrics } from '../local/local-metrics';

const MS_PER_DAY = 86_400_000;

/** Where a replay lands in a state folder's simulated time. */
export interface Placement {
  /** `fresh`: nothing there; `after`: its own dates come after the data; `continued`: moved
   *  after the data; `overlap`: `--force`, at its own dates over the data. */
  readonly mode: 'fresh' | 'after' | 'continued' | 'overlap';
  /** The replay's `t = 0`. */
  readonly startMs: number;
  /** Whole days the trace was moved by (0 unless `continued`). */
  readonly shiftedDays: number;
  /** The end of the folder's data before this replay (its last message or reply). */
  readonly previousUntilMs?: number;
}

/** Whether `stateDir` is a state folder already (ask before the environment starts on it). */
export const isStateFolder = (stateDir: string | undefined): stateDir is string =>
  stateDir !== undefined && existsSync(join(stateDir, STATE_FILE));

/**
 * The latest simulated time in the folder: what the simulator recorded (`metrics.json`), else,
 * for a folder from an older version, the latest message of any sender.
 */
export async function dataUntilMs(
  stateDir: string,
  env: LocalEnvironment,
): Promise<number | undefined> {
  const recorded = readMetrics(stateDir)?.untilMs;
  if (recorded !== undefined) return recorded;
  let latest: number | undefined;
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await env.dynamo.documentClient.send(
      new ScanCommand({
        TableName: env.tableName,
        ProjectionExpression: 'lastSeenMs',
        ExclusiveStartKey: startKey,
      }),
    );
    for (const item of page.Items ?? []) {
      if (typeof item.lastSeenMs === 'number') latest = Math.max(latest ?? 0, item.lastSeenMs);
    }
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return latest;
}

/** Places a replay that would start at `startMs` (pure). */
export function placeReplay(
  previousUntilMs: number | undefined,
  startMs: number,
  force: boolean,
): Placement {
  if (previousUntilMs === undefined) return { mode: 'fresh', startMs, shiftedDays: 0 };
  if (startMs > previousUntilMs) {
    return { mode: 'after', startMs, shiftedDays: 0, previousUntilMs };
  }
  if (force) return { mode: 'overlap', startMs, shiftedDays: 0, previousUntilMs };
  const shiftedDays = Math.floor((previousUntilMs - startMs) / MS_PER_DAY) + 1;
  return {
    mode: 'continued',
    startMs: startMs + shiftedDays * MS_PER_DAY,
    shiftedDays,
    previousUntilMs,
  };
}

/** One line saying where the replay went; undefined for a fresh folder. */
export function placementMessage(
  placement: Placement,
  stateDir: string,
  time: (ms: number) => string,
): string | undefined {
  const { previousUntilMs, mode } = placement;
  if (previousUntilMs === undefined || mode === 'fresh') return undefined;
  const held = `${stateDir} already holds simulated data up to ${time(previousUntilMs)}`;
  const start = time(placement.startMs);
  switch (mode) {
    case 'after':
      return `${held}; this replay starts after it, at its own date (${start}).`;
    case 'continued':
      return (
        `${held}; this replay continues after it: moved ${placement.shiftedDays} day(s) later, ` +
        `starting ${start}. Its budgets add to what those periods already spent (same month, ` +
        'same caps). Use a new --state folder for a clean run, or --force to replay at its own ' +
        'dates over the old data.'
      );
    default:
      return (
        `${held}; --force: this replay runs at its own dates (${start}) over the old data: ` +
        'the periods they share add up, and every count mixes both runs.'
      );
  }
}
