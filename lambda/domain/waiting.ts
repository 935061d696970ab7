/**
 * The waiting list, its pure part: who may wait, and when a waiting reply tries again.
 *
 * A sender refused only because the hour's or the day's money is spent waits instead of being
 * dropped: their reply is scheduled (the safety delay's mechanism) at the start of the period
 * that has money again, and the dispatcher reserves the money then. Waiting replies fire
 * in arrival order: their times are spread over the first minutes of the period by arrival time
 * (`waitSendAtMs`). Design and the alternatives weighed: docs/design.md, "The waiting list".
 */
import type { PeriodKeys } from './calendar';
import { periodKeys } from './calendar';
import type { ControlState, DropReason, ResponderSettings } from './types';
import { raidModeOn } from './types';

/** The waiting list's settings, resolved from the config (`waitingList`). */
export interface WaitingSettings {
  /** How long a sender may wait for money, in seconds (then the outcome is `expired`). */
  readonly maxWaitSeconds: number;
  /** At most this many senders join the list per budget day: it bounds the list. */
  readonly maxPerDay: number;
}

/** The refusals that may wait: the hour's or the day's money, never the month's or a raid's. */
export type WaitableReason = 'budget_hour' | 'budget_day';

export function isWaitable(reason: DropReason): reason is WaitableReason {
  return reason === 'budget_hour' || reason === 'budget_day';
}

/**
 * Waiting replies of one period fire within this span after its start, earliest arrival first,
 * so that the scheduler (to the second) hands them over in arrival order, ahead of most of the
 * period's new messages.
 */
export const WAIT_SPREAD_MS = 2 * 60_000;

const QUARTER_HOUR_MS = 15 * 60_000;

/**
 * The start of the next hour in `timeZone` after `nowMs`. Every zone's hours start on a quarter
 * of a UTC hour, so the first quarter whose hour key differs is it.
 */
export function nextHourStartMs(nowMs: number, timeZone: string): number {
  const hour = periodKeys(nowMs, timeZone).hour;
  let t = Math.floor(nowMs / QUARTER_HOUR_MS) * QUARTER_HOUR_MS + QUARTER_HOUR_MS;
  while (periodKeys(t, timeZone).hour === hour) t += QUARTER_HOUR_MS;
  return t;
}

/** The start of the next day in `timeZone` after `nowMs`. */
export function nextDayStartMs(nowMs: number, timeZone: string): number {
  const day = periodKeys(nowMs, timeZone).day;
  let t = nextHourStartMs(nowMs, timeZone);
  while (periodKeys(t, timeZone).day === day) t = nextHourStartMs(t, timeZone);
  return t;
}

/** When the refused period is over: the next hour for the hour's cap, the next day for the day's. */
export function nextChanceMs(reason: WaitableReason, nowMs: number, timeZone: string): number {
  return reason === 'budget_hour'
    ? nextHourStartMs(nowMs, timeZone)
    : nextDayStartMs(nowMs, timeZone);
}

/**
 * When a waiting reply that arrived at `arrivedAtMs` fires in the period starting at
 * `periodStartMs`: within {@link WAIT_SPREAD_MS} of the start, earlier arrivals first. Every
 * waiter arrived less than `maxWaitMs` before the period starts, so the order is strict.
 */
export function waitSendAtMs(
  arrivedAtMs: number,
  periodStartMs: number,
  maxWaitMs: number,
): number {
  const since = Math.min(maxWaitMs, Math.max(0, arrivedAtMs - (periodStartMs - maxWaitMs)));
  return periodStartMs + Math.floor((since / maxWaitMs) * WAIT_SPREAD_MS);
}

/** The waiting settings in force, if the list is on and has what it needs. */
export function waitingOf(settings: ResponderSettings): WaitingSettings | undefined {
  return settings.replyDelay ? settings.waitingList : undefined;
}

/** The periods of a waiting reply's reservation: those of the moment it is served. */
export function servedPeriods(nowMs: number, settings: ResponderSettings): PeriodKeys {
  return periodKeys(nowMs, settings.budget.timeZone);
}

/**
 * Raid mode is on, or a flood was seen less than an hour ago: a raid's stragglers (raid mode
 * ends after its quiet minutes, and may stop and start again while a raid ebbs) do not wait.
 */
export function raidNear(control: ControlState, nowMs: number): boolean {
  const lastFlood = control.raid.lastFloodMs;
  return raidModeOn(control) || (lastFlood !== undefined && nowMs - lastFlood < RAID_COOLDOWN_MS);
}

/** How long after a flood was last seen nobody joins the waiting list. */
export const RAID_COOLDOWN_MS = 60 * 60_000;
