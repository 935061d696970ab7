/**
 * The series the dossier's chart draws: kept (abusive) messages and all inbound messages, per
 * minute over the attack, or per a few minutes when the attack is too long for one bar a
 * minute (at most {@link MAX_BUCKETS} bars).
 */

const MS_PER_MINUTE = 60_000;
/** About one bar per pixel and a half on a page-wide chart. */
export const MAX_BUCKETS = 720;
/** Bucket sizes, minutes: each divides an hour or a day, so bars start on round times. */
const BUCKET_MINUTES = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440];
/** The chart shows a little before and after the attack. */
const MIN_PAD_MINUTES = 5;
const PAD_SHARE = 0.05;

/** The chart's data. */
export interface ChartSeries {
  /** The first bucket's first instant. */
  readonly startMs: number;
  readonly bucketMinutes: number;
  /** Kept messages per bucket. */
  readonly abusive: readonly number[];
  /** All inbound messages per bucket; undefined: no counter could be read. */
  readonly inbound: readonly number[] | undefined;
}

/** The bucket size that keeps [startMs, endMs) within {@link MAX_BUCKETS} bars. */
function bucketMinutesFor(spanMs: number): number {
  const minutes = Math.ceil(spanMs / MS_PER_MINUTE);
  return (
    BUCKET_MINUTES.find((size) => Math.ceil(minutes / size) <= MAX_BUCKETS) ??
    Math.ceil(minutes / MAX_BUCKETS)
  );
}

/** The chart's time span around the attack [firstMs, lastMs], minute-aligned, with margins. */
export function chartWindow(firstMs: number, lastMs: number): { startMs: number; endMs: number } {
  const padMs = Math.max(MIN_PAD_MINUTES * MS_PER_MINUTE, (lastMs - firstMs) * PAD_SHARE);
  const startMs = Math.floor((firstMs - padMs) / MS_PER_MINUTE) * MS_PER_MINUTE;
  const endMs = Math.ceil((lastMs + padMs) / MS_PER_MINUTE) * MS_PER_MINUTE;
  return { startMs, endMs };
}

function bucketed(
  perMinute: ReadonlyMap<number, number>,
  startMs: number,
  bucketMs: number,
  buckets: number,
): number[] {
  const values = new Array<number>(buckets).fill(0);
  for (const [minuteMs, count] of perMinute) {
    const index = Math.floor((minuteMs - startMs) / bucketMs);
    if (index >= 0 && index < buckets) values[index] = (values[index] ?? 0) + count;
  }
  return values;
}

/** Both series over the window, per minute or per larger bucket. */
export function chartSeries(
  window: { readonly startMs: number; readonly endMs: number },
  abusivePerMinute: ReadonlyMap<number, number>,
  inboundPerMinute: ReadonlyMap<number, number> | undefined,
): ChartSeries {
  const bucketMinutes = bucketMinutesFor(window.endMs - window.startMs);
  const bucketMs = bucketMinutes * MS_PER_MINUTE;
  const startMs = Math.floor(window.startMs / bucketMs) * bucketMs;
  const buckets = Math.max(1, Math.ceil((window.endMs - startMs) / bucketMs));
  return {
    startMs,
    bucketMinutes,
    abusive: bucketed(abusivePerMinute, startMs, bucketMs, buckets),
    inbound:
      inboundPerMinute === undefined
        ? undefined
        : bucketed(inboundPerMinute, startMs, bucketMs, buckets),
  };
}
