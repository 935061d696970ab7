/**
 * When raid mode was on. The control item keeps the last period flood detection recorded
 * (`raid.sinceMs`, and `raid.endedMs` once it ended); earlier ones are not kept, so they are
 * estimated from the per-minute inbound counters the way flood detection decides (`flood.ts`):
 * a period starts at a minute at or above the flood threshold and ends `quietMinutes` after the
 * last such minute. Counters are kept two days (TTL): older periods cannot be estimated.
 */
import { floodThreshold } from '../../lambda/flood';
import type { RaidSettings } from '../../lambda/domain/types';

const MS_PER_MINUTE = 60_000;

/** The raid state on the control item, as stored. */
export interface RecordedRaid {
  readonly active: boolean;
  readonly sinceMs?: number;
  readonly endedMs?: number;
  readonly baselinePerMinute?: number;
  /** The maintainers' override (`raid on|off`) in force now. */
  readonly override?: 'on' | 'off';
}

/** One period of raid mode. */
export interface RaidPeriod {
  readonly startMs: number;
  /** Undefined: still on when the dossier was made. */
  readonly endMs: number | undefined;
  /** `recorded`: the control item says so; `estimated`: from the inbound counters. */
  readonly source: 'recorded' | 'estimated';
}

function recordedPeriod(raid: RecordedRaid | undefined): RaidPeriod | undefined {
  if (raid?.sinceMs === undefined) return undefined;
  const ended = !raid.active && raid.endedMs !== undefined && raid.endedMs >= raid.sinceMs;
  return { startMs: raid.sinceMs, endMs: ended ? raid.endedMs : undefined, source: 'recorded' };
}

/** Periods estimated from minutes at or above the flood threshold. */
export function estimatedPeriods(
  inboundPerMinute: ReadonlyMap<number, number>,
  settings: RaidSettings,
  baselinePerMinute: number,
): RaidPeriod[] {
  const threshold = floodThreshold(settings, baselinePerMinute);
  const quietMs = settings.quietMinutes * MS_PER_MINUTE;
  const floods = [...inboundPerMinute]
    .filter(([, count]) => count >= threshold)
    .map(([minuteMs]) => minuteMs)
    .sort((a, b) => a - b);
  const periods: { startMs: number; lastMs: number }[] = [];
  for (const minuteMs of floods) {
    const current = periods.at(-1);
    if (current !== undefined && minuteMs - current.lastMs < quietMs) current.lastMs = minuteMs;
    else periods.push({ startMs: minuteMs, lastMs: minuteMs });
  }
  return periods.map(({ startMs, lastMs }) => ({
    startMs,
    endMs: lastMs + MS_PER_MINUTE + quietMs,
    source: 'estimated',
  }));
}

const overlaps = (a: RaidPeriod, startMs: number, endMs: number): boolean =>
  a.startMs < endMs && (a.endMs === undefined || a.endMs > startMs);

/**
 * The raid periods that overlap [startMs, endMs): the recorded one, and estimated ones that do
 * not overlap it (counters undefined: none estimated), in time order.
 */
export function raidPeriods(
  window: { readonly startMs: number; readonly endMs: number },
  recorded: RecordedRaid | undefined,
  inboundPerMinute: ReadonlyMap<number, number> | undefined,
  settings: RaidSettings | undefined,
): RaidPeriod[] {
  const known = recordedPeriod(recorded);
  const estimated =
    inboundPerMinute === undefined || settings === undefined
      ? []
      : estimatedPeriods(inboundPerMinute, settings, recorded?.baselinePerMinute ?? 0).filter(
          (period) =>
            known === undefined || !overlaps(period, known.startMs, known.endMs ?? Infinity),
        );
  return [...(known === undefined ? [] : [known]), ...estimated]
    .filter((period) => overlaps(period, window.startMs, window.endMs))
    .sort((a, b) => a.startMs - b.startMs);
}
