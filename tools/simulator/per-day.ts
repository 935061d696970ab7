/**
 * `per_day`: each calendar day of the replay in the budget's time zone, what it spent (in the
 * day each reply was paid for, as the budget counts it), its cap, and how many inbound messages
 * a money cap refused that day (and how many distinct people sent them, how many of them then
 * waited on the waiting list).
 */
import { periodKeys } from '../../lambda/domain/calendar';
import type { SentSms } from '../local/sms-sink';
import { moneyRefusal } from './money-fate';
import type { EventResult } from './run';

export interface DayLine {
  /** `YYYY-MM-DD` in the budget's time zone. */
  readonly date: string;
  readonly spent_micros: number;
  readonly cap_micros: number;
  /** Inbound messages a money cap refused (budget_hour, budget_day, budget_month, raid_hour). */
  readonly refused_for_money: number;
  /** The distinct people who sent them. */
  readonly refused_senders: number;
  /** Of `refused_for_money`, the messages whose sender joined the waiting list. */
  readonly waiting: number;
  /** False for the replay's first and last days, which it covers only in part. */
  readonly full_day: boolean;
}

const MS_PER_DAY = 86_400_000;

/** Every date from `fromMs` to `toMs` (inclusive) in the time zone, in order. */
function datesBetween(fromMs: number, toMs: number, timeZone: string): string[] {
  const dates: string[] = [];
  // Steps of 6 hours: no date is skipped across a DST change.
  for (let ms = fromMs; ms < toMs + MS_PER_DAY / 4; ms += MS_PER_DAY / 4) {
    const date = periodKeys(Math.min(ms, toMs), timeZone).day;
    if (dates[dates.length - 1] !== date) dates.push(date);
  }
  return dates;
}

/** The per-day lines of a replay. */
export function perDay(
  run: {
    readonly results: readonly EventResult[];
    readonly sends: readonly SentSms[];
    readonly startMs: number;
  },
  budget: { readonly timeZone: string; readonly dayMicros: number },
): DayLine[] {
  const { results, sends, startMs } = run;
  const atMs = (t: number): number => startMs + Math.round(t * 1000);
  const paidAt = (sms: SentSms): number => sms.reservedAtMs ?? sms.atMs;
  const times = [
    ...results.map((result) => atMs(result.t)),
    ...results.flatMap((result) => (result.delivery ? [atMs(result.delivery.t)] : [])),
    ...sends.map(paidAt),
  ];
  if (times.length === 0) return [];
  const dayOf = (ms: number): string => periodKeys(ms, budget.timeZone).day;
  const spent = new Map<string, number>();
  for (const sms of sends) {
    const date = dayOf(paidAt(sms));
    spent.set(date, (spent.get(date) ?? 0) + sms.costMicros);
  }
  const refused = new Map<string, { messages: number; waiting: number; senders: Set<string> }>();
  for (const result of results) {
    const refusal = moneyRefusal(result);
    if (refusal === undefined) continue;
    const date = dayOf(atMs(result.t));
    const day = refused.get(date) ?? { messages: 0, waiting: 0, senders: new Set<string>() };
    day.messages += 1;
    if (refusal.waiting === true) day.waiting += 1;
    if (result.from !== undefined) day.senders.add(result.from);
    refused.set(date, day);
  }
  const first = times.reduce((a, b) => Math.min(a, b));
  const last = times.reduce((a, b) => Math.max(a, b));
  const dates = datesBetween(first, last, budget.timeZone);
  return dates.map((date, index) => ({
    date,
    spent_micros: spent.get(date) ?? 0,
    cap_micros: budget.dayMicros,
    refused_for_money: refused.get(date)?.messages ?? 0,
    refused_senders: refused.get(date)?.senders.size ?? 0,
    waiting: refused.get(date)?.waiting ?? 0,
    full_day: index > 0 && index < dates.length - 1,
  }));
}
