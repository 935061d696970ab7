/**
 * The summary's money sections: `per_day`, `money_refusals` (who a cap refused and when),
 * `budget_plan` (what caps would have served 50/80/95% of the real senders) and, when the reply
 * takes more than one segment, `shorter_reply`. See docs/simulator.md, "Who was not served".
 */
import type { ResponderSettings } from '../../lambda/domain/types';
import type { ConfigInput } from '../../lib/config';
import type { SentSms } from '../local/sms-sink';
import { planConfigError } from './budget-override';
import type { PlanEntry } from './budget-plan';
import { budgetPlan, eligibleDemand, othersSpend, serveInOrder } from './budget-plan';
import type { DayLine } from './per-day';
import { perDay } from './per-day';
import type { MoneyRefusals } from './refusals';
import { moneyRefusals } from './refusals';
import type { EventResult } from './run';

/** What a one-segment reply would have done with the same caps, on this replay's demand. */
export interface ShorterReply {
  /** Segments of the reply now (the longest among the eligible senders' countries). */
  readonly segments_now: number;
  /** Real senders the model serves with the reply as it is (arrival order, the config's caps). */
  readonly modelled_served_now: number;
  /** …and with a one-segment reply (≤ 160 GSM-7 characters) at the same caps. */
  readonly modelled_served_one_segment: number;
  /** The difference: people the same money would have served more. */
  readonly people_added: number;
}

export interface MoneySummary {
  per_day: DayLine[];
  money_refusals: MoneyRefusals;
  budget_plan: PlanEntry[];
  /** Present only when the reply takes more than one segment. */
  shorter_reply?: ShorterReply;
}

/** The money sections of a replay's summary. */
export function moneySummary(
  run: {
    readonly results: readonly EventResult[];
    readonly sends: readonly SentSms[];
    readonly startMs: number;
    readonly legitSenders: number;
  },
  settings: ResponderSettings,
  config: ConfigInput,
): MoneySummary {
  const { budget } = settings;
  const caps = { hour: budget.hourMicros, day: budget.dayMicros, month: budget.monthMicros };
  const demand = eligibleDemand(run.results, run.startMs, settings);
  const others = othersSpend(run.results, run.startMs, budget.timeZone);
  const plan = budgetPlan(demand, run.legitSenders, others).map((entry) => {
    const error = planConfigError(config, entry);
    return error === undefined ? entry : { ...entry, config_error: error };
  });
  const segmentsNow = Math.max(0, ...demand.map((item) => item.segments));
  const summary: MoneySummary = {
    per_day: perDay(run, budget),
    money_refusals: moneyRefusals(
      run,
      {
        budget_hour: caps.hour,
        budget_day: caps.day,
        budget_month: caps.month,
        raid_hour: settings.raid?.hourMicros ?? 0,
      },
      budget.timeZone,
    ),
    budget_plan: plan,
  };
  if (segmentsNow > 1) {
    const now = serveInOrder(demand, caps, { others }).served;
    const short = serveInOrder(demand, caps, { others, segments: 1 }).served;
    summary.shorter_reply = {
      segments_now: segmentsNow,
      modelled_served_now: now,
      modelled_served_one_segment: short,
      people_added: short - now,
    };
  }
  return summary;
}
