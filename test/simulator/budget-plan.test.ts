/**
 * The money sections of a replay, on the real responder and dynalite: per_day adds up to what
 * was spent, the plan grows with the share, and replaying with the 95% plan's caps serves about
 * 95% of the real senders (the test that the plan's model is right).
 */
import { readFileSync } from 'node:fs';
import type { ConfigInput } from '../../lib/config';
import {
  budgetOptionValue,
  parseBudgetOption,
  withBudget,
} from '../../tools/simulator/budget-override';
import type { Summary } from '../../tools/simulator/run';
import { simulate } from '../../tools/simulator/run';
import { SCENARIOS } from '../../tools/simulator/scenarios';

const shipped = JSON.parse(readFileSync('config/antirelou.json', 'utf8')) as ConfigInput;
/** Budgets that bind at this scale: about a third of the real senders are served. */
const tight: ConfigInput = {
  ...shipped,
  budget: { currency: 'EUR', hour: 0.45, day: 2.25, month: 12, timeZone: 'Europe/Paris' },
};

/** The launch of raid2017 (Friday 08:00 to Saturday 08:00, Paris), small. */
const scenario = SCENARIOS.raid2017!({ seed: 2017, scale: 0.02 });
const events = scenario.events.filter((event) => event.t < 86_400);

const replay = async (config: ConfigInput): Promise<Summary> =>
  (await simulate({ events, config, startMs: scenario.startMs })).summary;

let first: Summary;
beforeAll(async () => {
  first = await replay(tight);
});

test('per_day covers the replay in the budget time zone and adds up to what was spent', () => {
  // Friday 08:00 to Saturday 08:00 in Paris, and the waiting list's day after (at most 24 hours).
  const dates = first.per_day.map((day) => day.date);
  expect(dates.slice(0, 2)).toEqual(['2026-10-16', '2026-10-17']);
  expect(dates.slice(2)).toEqual(dates.length === 3 ? ['2026-10-18'] : []);
  expect(first.per_day.reduce((sum, day) => sum + day.spent_micros, 0)).toBe(first.spent_micros);
  for (const day of first.per_day) expect(day.cap_micros).toBe(2_250_000);
  const refused = Object.values(first.money_refusals).reduce((sum, cap) => sum + cap!.messages, 0);
  expect(first.per_day.reduce((sum, day) => sum + day.refused_for_money, 0)).toBe(refused);
  const moneyDrops = ['budget_hour', 'budget_day', 'budget_month', 'raid_hour'].reduce(
    (sum, reason) => sum + (first.dropped[reason] ?? 0),
    0,
  );
  // Dropped for money, or refused for money and put on the waiting list.
  expect(refused).toBe(moneyDrops + first.waiting_list.joined);
  const waited = Object.values(first.money_refusals).reduce((sum, cap) => sum + cap!.waiting, 0);
  expect(waited).toBe(first.waiting_list.joined);
  expect(refused).toBeGreaterThan(0);
});

test('the plan grows with the share, and replaying with the 95% caps serves about 95%', async () => {
  const plan = first.budget_plan;
  expect(plan.map((entry) => entry.served_share)).toEqual([0.5, 0.8, 0.95]);
  for (const period of ['hour', 'day', 'month'] as const) {
    expect(plan[0]![period]).toBeLessThanOrEqual(plan[1]![period]);
    expect(plan[1]![period]).toBeLessThanOrEqual(plan[2]![period]);
  }
  const top = plan[2]!;
  expect(top.reachable).toBe(true);
  expect(top.config_error).toBeUndefined();
  // More money than the tight run had, or the plan is not a plan.
  expect(top.day).toBeGreaterThan(first.budget_micros.hour);
  expect(first.legit_senders_served / first.legit_senders).toBeLessThan(0.8);

  // The same way a maintainer would: the plan's --budget value, merged into the config.
  const config = withBudget(tight, parseBudgetOption(budgetOptionValue(top)));
  const second = await replay(config);
  expect(second.budget_micros).toEqual({ hour: top.hour, day: top.day, month: top.month });
  expect(second.legit_senders).toBe(first.legit_senders);
  expect(second.legit_senders_served / second.legit_senders).toBeGreaterThanOrEqual(0.93);
});

test('a two-segment reply says what one segment would add', () => {
  expect(first.shorter_reply?.segments_now).toBe(2);
  expect(first.shorter_reply!.people_added).toBeGreaterThan(0);
  expect(first.shorter_reply!.people_added).toBe(
    first.shorter_reply!.modelled_served_one_segment - first.shorter_reply!.modelled_served_now,
  );
});
