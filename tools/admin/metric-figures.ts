/**
 * The responder's metrics summed over a time range, the same shape whether they come from
 * CloudWatch (the deployed stack) or from a state folder's `metrics.json` (the simulator's
 * stand-in for CloudWatch). `status` and `history` read traffic only through this.
 */
import type { LocalMetrics } from '../local/local-metrics';

const MS_PER_MINUTE = 60_000;

/** A stretch of time in raid mode, `[startMs, endMs)`. */
export interface RaidPeriod {
  readonly startMs: number;
  readonly endMs: number;
}

/** Sums over `[fromMs, toMs)`. */
export interface MetricFigures {
  /** `Inbound`: every record, valid or not. */
  readonly inbound: number;
  /** `Replies` + `SendUnknown`: replies that went out (or may have), when they went out. */
  readonly repliesSent: number;
  /** `Dropped` by reason. */
  readonly dropped: Readonly<Record<string, number>>;
  /** `RepliesCancelled` by reason (safety delay). */
  readonly cancelled: Readonly<Record<string, number>>;
  /** `Flagged`: messages kept as evidence. */
  readonly flagged: number;
  /** Minutes of raid mode (see {@link raidPeriodsOf}; in AWS, in the metric's resolution). */
  readonly raidMinutes: number;
  readonly raidPeriods: readonly RaidPeriod[];
  /** `RaidModeActive` in the range's last minute (or bucket) that has a value. */
  readonly raidAtEnd?: boolean;
  /** Where the figures come from, for people. */
  readonly source: string;
}

/**
 * One reading of raid mode at `atMs`: `RaidModeActive` (its maximum over a bucket), or a
 * transition flood detection made (`RaidModeEntered`: on; `RaidModeLeft`: off).
 */
export interface RaidReading {
  readonly atMs: number;
  readonly active: boolean;
}

/** The readings of one bucket, in the order they happened within it. */
export function bucketReadings(
  startMs: number,
  bucketMs: number,
  values: { entered?: number; active?: number; left?: number },
): RaidReading[] {
  const readings: RaidReading[] = [];
  if ((values.entered ?? 0) > 0) readings.push({ atMs: startMs, active: true });
  if (values.active !== undefined) readings.push({ atMs: startMs + 1, active: values.active >= 1 });
  if ((values.left ?? 0) > 0) readings.push({ atMs: startMs + bucketMs - 1, active: false });
  return readings;
}

/**
 * The stretches of raid mode: from a reading "on" to the first reading "off" after it. Raid
 * mode stays in force between readings (most messages of a raid are screened out before the
 * check that reports it, and only flood detection or a maintainer ends it), so buckets with no
 * reading do not end a stretch; one still on at the last reading lasts to `rangeEndMs`. Times
 * are rounded to the bucket.
 */
export function raidPeriodsOf(
  readings: readonly RaidReading[],
  bucketMs: number,
  rangeEndMs?: number,
): RaidPeriod[] {
  const floor = (ms: number): number => ms - (((ms % bucketMs) + bucketMs) % bucketMs);
  const periods: RaidPeriod[] = [];
  let open: { startMs: number; lastOnMs: number } | undefined;
  for (const reading of [...readings].sort((a, b) => a.atMs - b.atMs)) {
    if (reading.active) {
      open = { startMs: open?.startMs ?? floor(reading.atMs), lastOnMs: floor(reading.atMs) };
    } else if (open) {
      periods.push({
        startMs: open.startMs,
        endMs: Math.max(floor(reading.atMs), open.lastOnMs + bucketMs),
      });
      open = undefined;
    }
  }
  // Still on at the last reading: on to the end of the range, as far as anything says.
  if (open) {
    periods.push({
      startMs: open.startMs,
      endMs: Math.max(open.lastOnMs + bucketMs, rangeEndMs ?? 0),
    });
  }
  return periods;
}

/** Minutes within the stretches. */
export const raidMinutesOf = (periods: readonly RaidPeriod[]): number =>
  Math.round(periods.reduce((sum, p) => sum + (p.endMs - p.startMs) / 60_000, 0));

const addInto = (into: Record<string, number>, from: Readonly<Record<string, number>> = {}) => {
  for (const [key, n] of Object.entries(from)) into[key] = (into[key] ?? 0) + n;
};

/** Sums a state folder's minutes over `[fromMs, toMs)`. */
export function figuresFromMinutes(
  metrics: LocalMetrics,
  fromMs: number,
  toMs: number,
  source: string,
): MetricFigures {
  const first = Math.ceil(fromMs / MS_PER_MINUTE);
  const end = Math.ceil(toMs / MS_PER_MINUTE);
  let inbound = 0;
  let repliesSent = 0;
  let flagged = 0;
  const dropped: Record<string, number> = {};
  const cancelled: Record<string, number> = {};
  const readings: RaidReading[] = [];
  let raidAtEnd: { minute: number; on: boolean } | undefined;
  for (const [key, m] of Object.entries(metrics.minutes)) {
    const minute = Number(key);
    if (minute < first || minute >= end) continue;
    inbound += m.inbound ?? 0;
    repliesSent += (m.replies ?? 0) + (m.sendUnknown ?? 0);
    flagged += m.flagged ?? 0;
    addInto(dropped, m.dropped);
    addInto(cancelled, m.cancelled);
    readings.push(
      ...bucketReadings(minute * MS_PER_MINUTE, MS_PER_MINUTE, {
        entered: m.raidEntered,
        active: m.raidActive,
        left: m.raidLeft,
      }),
    );
    const last = m.raidLeft
      ? false
      : m.raidActive !== undefined
        ? m.raidActive === 1
        : m.raidEntered
          ? true
          : undefined;
    if (last !== undefined && (raidAtEnd === undefined || minute > raidAtEnd.minute)) {
      raidAtEnd = { minute, on: last };
    }
  }
  const raidPeriods = raidPeriodsOf(readings, MS_PER_MINUTE, toMs);
  return {
    inbound,
    repliesSent,
    dropped: sortedCounts(dropped),
    cancelled: sortedCounts(cancelled),
    flagged,
    raidMinutes: raidMinutesOf(raidPeriods),
    raidPeriods,
    ...(raidAtEnd === undefined ? {} : { raidAtEnd: raidAtEnd.on }),
    source,
  };
}

/** Counts by key, largest first (ties by name), zeros left out. */
export function sortedCounts(counts: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(
    Object.entries(counts)
      .filter(([, n]) => n > 0)
      .sort(([a, x], [b, y]) => y - x || a.localeCompare(b)),
  );
}

/** The `count` largest reasons: `[["abusive", 1800], …]`. */
export function mainReasons(
  counts: Readonly<Record<string, number>>,
  count: number,
): [string, number][] {
  return Object.entries(sortedCounts(counts)).slice(0, count);
}
