/**
 * `money_refusals`: who a money cap refused, by cap: how many messages, how many distinct people
 * (real ones apart), on which days, in how many hours, and the busiest hour. Hours and days are
 * the budget's calendar (its time zone).
 */
import { periodKeys } from '../../lambda/domain/calendar';
import type { MoneyReason } from './money-fate';
import { moneyRefusal } from './money-fate';
import type { EventResult } from './run';

export interface CapRefusals {
  /** The cap that refused them, micro-units (the raid-mode hour cap for `raid_hour`). */
  readonly cap_micros: number;
  readonly messages: number;
  readonly senders: number;
  /** Of `senders`, the real ones (trace label `legit`). */
  readonly legit_senders: number;
  /** Of `messages`, those whose sender then joined the waiting list. */
  readonly waiting: number;
  /** The dates (`YYYY-MM-DD`) with a refusal by this cap. */
  readonly days: string[];
  /** How many calendar hours had one. */
  readonly hours: number;
  /** The hour with the most (`YYYY-MM-DDTHH`) and how many. */
  readonly busiest_hour: { readonly hour: string; readonly messages: number };
}

export type MoneyRefusals = Partial<Record<MoneyReason, CapRefusals>>;

interface Tally {
  messages: number;
  waiting: number;
  senders: Set<string>;
  legit: Set<string>;
  days: Set<string>;
  hours: Map<string, number>;
}

/** The refusals of a replay by money cap, the most refused first. */
export function moneyRefusals(
  run: { readonly results: readonly EventResult[]; readonly startMs: number },
  caps: Readonly<Record<MoneyReason, number>>,
  timeZone: string,
): MoneyRefusals {
  const tallies = new Map<MoneyReason, Tally>();
  for (const result of run.results) {
    const refusal = moneyRefusal(result);
    if (refusal === undefined) continue;
    const { reason } = refusal;
    const keys = periodKeys(run.startMs + Math.round(result.t * 1000), timeZone);
    const tally = tallies.get(reason) ?? {
      messages: 0,
      waiting: 0,
      senders: new Set<string>(),
      legit: new Set<string>(),
      days: new Set<string>(),
      hours: new Map<string, number>(),
    };
    tally.messages += 1;
    if (refusal.waiting === true) tally.waiting += 1;
    if (result.from !== undefined) tally.senders.add(result.from);
    if (result.from !== undefined && result.legit === true) tally.legit.add(result.from);
    tally.days.add(keys.day);
    tally.hours.set(keys.hour, (tally.hours.get(keys.hour) ?? 0) + 1);
    tallies.set(reason, tally);
  }
  const sorted = [...tallies].sort(([, a], [, b]) => b.messages - a.messages);
  return Object.fromEntries(
    sorted.map(([reason, tally]) => {
      const [hour, messages] = [...tally.hours].reduce((a, b) => (b[1] > a[1] ? b : a));
      const line: CapRefusals = {
        cap_micros: caps[reason],
        messages: tally.messages,
        senders: tally.senders.size,
        legit_senders: tally.legit.size,
        waiting: tally.waiting,
        days: [...tally.days].sort(),
        hours: tally.hours.size,
        busiest_hour: { hour, messages },
      };
      return [reason, line];
    }),
  );
}
