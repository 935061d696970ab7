/**
 * The calendar hours, days and months of the budget's time zone as time ranges: where each
 * starts and ends. Every time zone's offset is a multiple of a quarter hour, so boundaries are
 * searched in steps of a day, then an hour, then a quarter hour (a few dozen look-ups).
 */
import { periodKeys } from '../../lambda/domain/calendar';
import type { Period } from '../../lambda/domain/types';

const QUARTER_HOUR_MS = 15 * 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;
const STEPS = [DAY_MS, HOUR_MS, QUARTER_HOUR_MS];

/** The first instant of the `period` that `ms` falls in. */
export function periodStartMs(ms: number, timeZone: string, period: Period): number {
  const key = periodKeys(ms, timeZone)[period];
  let start = ms - (((ms % QUARTER_HOUR_MS) + QUARTER_HOUR_MS) % QUARTER_HOUR_MS);
  for (const step of STEPS) {
    while (periodKeys(start - step, timeZone)[period] === key) start -= step;
  }
  return start;
}

/** The first instant after the `period` that `ms` falls in. */
export function periodEndMs(ms: number, timeZone: string, period: Period): number {
  const key = periodKeys(ms, timeZone)[period];
  let last = periodStartMs(ms, timeZone, period);
  for (const step of STEPS) {
    while (periodKeys(last + step, timeZone)[period] === key) last += step;
  }
  return last + QUARTER_HOUR_MS;
}

/** The first instant of the calendar day `nowMs` falls in, in the time zone. */
export function dayStartMs(nowMs: number, timeZone: string): number {
  return periodStartMs(nowMs, timeZone, 'day');
}

/** Where each of the last `count` calendar days up to `nowMs`'s starts, oldest first. */
export function lastDays(nowMs: number, timeZone: string, count: number): number[] {
  const starts: number[] = [];
  let start = dayStartMs(nowMs, timeZone);
  for (let i = 0; i < count; i += 1) {
    starts.unshift(start);
    start = dayStartMs(start - 1, timeZone);
  }
  return starts;
}
