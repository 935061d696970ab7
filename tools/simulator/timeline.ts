/**
 * Time series for the charts: inbound and replies per bucket, spend cumulated over the month
 * and over the day (calendar of the budget's time zone), split legit / abusive; and the periods
 * of raid mode.
 */
import { periodKeys } from '../../lambda/domain/calendar';
import { bucketReadings, raidPeriodsOf } from '../admin/metric-figures';
import type { SimulationResult } from './run';

const MS_PER_MINUTE = 60_000;

export interface Timeline {
  readonly bucketSeconds: number;
  /** Bucket start times, epoch ms. */
  readonly times: number[];
  readonly inbound: number[];
  readonly inboundAbusive: number[];
  readonly replies: number[];
  /** Spend of the month so far at the end of each bucket, micros. */
  readonly spentMonth: number[];
  /** Spend of the day so far at the end of each bucket, micros. */
  readonly spentDay: number[];
  /** When raid mode was in force (the responder's `RaidModeActive`, per minute), epoch ms. */
  readonly raidPeriods: readonly { readonly startMs: number; readonly endMs: number }[];
}

/** Bucket sizes to choose from: the smallest that keeps the chart under `maxBuckets` bars. */
const BUCKETS_SECONDS = [60, 300, 600, 900, 1800, 3600, 7200, 21_600, 86_400];

export function buildTimeline(
  result: SimulationResult,
  timeZone: string,
  maxBuckets = 300,
): Timeline {
  const span = Math.max(1, result.summary.simulated_seconds);
  const bucketSeconds = BUCKETS_SECONDS.find((size) => span / size <= maxBuckets) ?? 86_400;
  const count = Math.floor(span / bucketSeconds) + 1;
  const zeros = (): number[] => new Array<number>(count).fill(0);
  const timeline: Timeline = {
    bucketSeconds,
    times: Array.from({ length: count }, (_, i) => result.startMs + i * bucketSeconds * 1000),
    inbound: zeros(),
    inboundAbusive: zeros(),
    replies: zeros(),
    spentMonth: zeros(),
    spentDay: zeros(),
    raidPeriods: raidPeriodsOf(
      Object.entries(result.metrics.minutes).flatMap(([key, minute]) =>
        bucketReadings(Number(key) * MS_PER_MINUTE, MS_PER_MINUTE, {
          entered: minute.raidEntered,
          active: minute.raidActive,
          left: minute.raidLeft,
        }),
      ),
      MS_PER_MINUTE,
      result.metrics.untilMs,
    ),
  };
  const bucketOf = (tSeconds: number): number =>
    Math.min(count - 1, Math.floor(tSeconds / bucketSeconds));
  for (const event of result.results) {
    const i = bucketOf(event.t);
    timeline.inbound[i]! += 1;
    if (event.legit === false) timeline.inboundAbusive[i]! += 1;
  }
  // Replies when they went out; spend when it was paid for (a delayed reply is paid for when it
  // is decided, in that hour's and day's budget), resetting the day and month at calendar
  // boundaries.
  for (const sms of result.sends) {
    const i = bucketOf((sms.atMs - result.startMs) / 1000);
    timeline.replies[i]! += 1;
  }
  const paidAt = (sms: (typeof result.sends)[number]): number => sms.reservedAtMs ?? sms.atMs;
  const payments = [...result.sends].sort((a, b) => paidAt(a) - paidAt(b));
  let month = '';
  let day = '';
  let spentMonth = 0;
  let spentDay = 0;
  let paymentIndex = 0;
  for (let i = 0; i < count; i += 1) {
    const bucketEndMs = result.startMs + (i + 1) * bucketSeconds * 1000;
    const keys = periodKeys(Math.min(bucketEndMs - 1, result.startMs + span * 1000), timeZone);
    for (; paymentIndex < payments.length; paymentIndex += 1) {
      const sms = payments[paymentIndex]!;
      if (paidAt(sms) >= bucketEndMs) break;
      const paidKeys = periodKeys(paidAt(sms), timeZone);
      if (paidKeys.month !== month) [month, spentMonth] = [paidKeys.month, 0];
      if (paidKeys.day !== day) [day, spentDay] = [paidKeys.day, 0];
      spentMonth += sms.costMicros;
      spentDay += sms.costMicros;
    }
    if (keys.month !== month) [month, spentMonth] = [keys.month, 0];
    if (keys.day !== day) [day, spentDay] = [keys.day, 0];
    timeline.spentMonth[i] = spentMonth;
    timeline.spentDay[i] = spentDay;
  }
  return timeline;
}
