/**
 * What budget would have served 50/80/95% of a replay's real senders. Pure arithmetic on the
 * replay's *eligible demand*: each real sender once, at the first message of theirs that reached
 * the responder's money step (it was paid for, or a cap refused it), priced at the configured
 * reply for their country. Those are the people unlimited money would have served; the others
 * were stopped by a rule money does not change (STOP, flag, window, country, raid mode's
 * "new numbers only"…). See docs/simulator.md, "Budget plan".
 */
import { periodKeys } from '../../lambda/domain/calendar';
import { checkSenderNumber } from '../../lambda/domain/phone';
import { textFor } from '../../lambda/domain/policy';
import type { ResponderSettings } from '../../lambda/domain/types';
import { cancelledForGood, inboundFate } from './money-fate';
import type { EventResult } from './run';

/** One real sender's demand for a reply. */
export interface Demand {
  readonly atMs: number;
  /** Calendar keys of `atMs` in the budget's time zone. */
  readonly hour: string;
  readonly day: string;
  readonly month: string;
  /** Segments of the reply they would get, and the price of one segment (micros). */
  readonly segments: number;
  readonly segmentMicros: number;
}

export interface Caps {
  readonly hour: number;
  readonly day: number;
  readonly month: number;
}

/** One line of `budget_plan`: caps in micro-units of the budget's currency. */
export interface PlanEntry {
  readonly served_share: number;
  readonly hour: number;
  readonly day: number;
  readonly month: number;
  /** Real senders this plan serves in the model (served in arrival order, each once). */
  readonly senders_served: number;
  /** False when even unlimited money serves fewer than the share: the plan serves them all. */
  readonly reachable: boolean;
  /** Why the config would refuse these caps (the budget item limit…), when it would. */
  config_error?: string;
}

export const PLAN_SHARES = [0.5, 0.8, 0.95] as const;

const UNLIMITED = Number.POSITIVE_INFINITY;

const costOf = (demand: Demand, segments = demand.segments): number =>
  segments * demand.segmentMicros;

/**
 * The eligible demand of a replay: each real sender once, at their first message that reached
 * the money step, unless its reply was then cancelled (STOP or a flag during the safety delay:
 * money would not have changed that). `results` are in arrival order.
 */
export function eligibleDemand(
  results: readonly EventResult[],
  startMs: number,
  settings: ResponderSettings,
): Demand[] {
  const seen = new Set<string>();
  const demand: Demand[] = [];
  for (const result of results) {
    if (result.legit !== true || result.from === undefined || seen.has(result.from)) continue;
    if (inboundFate(result).kind === 'none') continue;
    seen.add(result.from);
    if (cancelledForGood(result)) continue;
    const check = checkSenderNumber(result.from);
    const country = check.ok ? check.country : undefined;
    const price = country === undefined ? undefined : settings.segmentPriceMicros[country];
    if (price === undefined) continue;
    const atMs = startMs + Math.round(result.t * 1000);
    demand.push({
      atMs,
      ...periodKeys(atMs, settings.budget.timeZone),
      segments: textFor('reply', country, settings).segments,
      segmentMicros: price,
    });
  }
  return demand;
}

/** Money per calendar period (keys as `periodKeys` makes them), micros. */
export type Spend = { readonly [P in keyof Caps]: Map<string, number> };

/** What serving a demand in arrival order under caps does: who is served, what is spent where. */
export interface Served {
  readonly served: number;
  readonly spent: Spend;
}

const emptySpend = (): Spend => ({ hour: new Map(), day: new Map(), month: new Map() });

/**
 * What the replay paid for the other senders (not labelled real: raiders, abusive senders), in
 * the periods it paid it: the plan leaves that money where it went.
 */
export function othersSpend(
  results: readonly EventResult[],
  startMs: number,
  timeZone: string,
): Spend {
  const spend = emptySpend();
  const add = (t: number, micros: number): void => {
    const keys = periodKeys(startMs + Math.round(t * 1000), timeZone);
    for (const period of ['hour', 'day', 'month'] as const) {
      spend[period].set(keys[period], (spend[period].get(keys[period]) ?? 0) + micros);
    }
  };
  for (const result of results) {
    const { outcome, delivery } = result;
    if (result.legit === true || outcome === undefined) continue;
    if (outcome.kind === 'waiting') {
      // Paid when the dispatcher reserved it, at the delivery.
      const sent = delivery?.outcome;
      if (sent !== undefined && 'costMicros' in sent) add(delivery!.t, sent.costMicros);
      continue;
    }
    if (!('costMicros' in outcome)) continue;
    if (delivery?.outcome?.kind === 'cancelled' && delivery.outcome.released) continue;
    add(result.t, outcome.costMicros);
  }
  return spend;
}

/**
 * Serves the demand in arrival order, one reply each, whenever the reply fits under every cap
 * of its hour, day and month (the responder's rule, without raid mode or a waiting list).
 * `segments` prices every reply at that many segments instead of its own; `others` is money
 * already spent in those periods (by senders outside the demand).
 */
export function serveInOrder(
  demand: readonly Demand[],
  caps: Caps,
  options: { readonly segments?: number; readonly others?: Spend } = {},
): Served {
  const { segments, others } = options;
  const spent: Spend = {
    hour: new Map(others?.hour),
    day: new Map(others?.day),
    month: new Map(others?.month),
  };
  let served = 0;
  for (const item of demand) {
    const cost = costOf(item, segments);
    const over = (['hour', 'day', 'month'] as const).some(
      (period) => (spent[period].get(item[period]) ?? 0) + cost > caps[period],
    );
    if (over) continue;
    for (const period of ['hour', 'day', 'month'] as const) {
      spent[period].set(item[period], (spent[period].get(item[period]) ?? 0) + cost);
    }
    served += 1;
  }
  return { served, spent };
}

const peak = (map: Map<string, number>): number => Math.max(0, ...map.values());

/**
 * The smallest hour cap (a whole number of the cheapest reply, scanned upwards from `fromMicros`)
 * that serves at least `target` senders with no day or month cap; the largest useful one when
 * none does.
 */
function hourCapFor(
  demand: readonly Demand[],
  others: Spend,
  target: number,
  fromMicros: number,
): number {
  const step = Math.max(1, Math.min(...demand.map((item) => costOf(item))));
  const hourDemand = new Map<string, number>(others.hour);
  for (const item of demand)
    hourDemand.set(item.hour, (hourDemand.get(item.hour) ?? 0) + costOf(item));
  const enough = peak(hourDemand);
  let cap = Math.max(step, Math.ceil(fromMicros / step) * step);
  while (cap < enough) {
    const caps = { hour: cap, day: UNLIMITED, month: UNLIMITED };
    if (serveInOrder(demand, caps, { others }).served >= target) {
      return cap;
    }
    cap += step;
  }
  return Math.max(cap, step);
}

/**
 * The smallest day cap, a whole number of `step` from `fromMicros` up to `mostMicros`, that
 * still serves `target` senders under `hour` (binary search: with one price, the number served
 * grows with each cap; the answer is checked, `mostMicros` when nothing below it does).
 */
function dayCapFor(
  demand: readonly Demand[],
  others: Spend,
  target: number,
  hour: number,
  range: { readonly fromMicros: number; readonly mostMicros: number; readonly step: number },
): number {
  const { step, mostMicros } = range;
  const serves = (day: number): boolean =>
    serveInOrder(demand, { hour, day, month: UNLIMITED }, { others }).served >= target;
  let low = Math.ceil(range.fromMicros / step);
  let high = Math.floor(mostMicros / step);
  if (low > high || !serves(high * step)) return mostMicros;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (serves(middle * step)) high = middle;
    else low = middle + 1;
  }
  return serves(low * step) ? low * step : mostMicros;
}

/**
 * For each share of `legitSenders`: the smallest hour cap that serves that share of them with
 * no day cap, then the smallest day cap that still does with that hour cap, and the month cap
 * that refuses nobody more (the most that plan spends in one month). Each share starts from the
 * previous one's caps, so the caps grow with the share. `others`: what the replay spent on other
 * senders, left in its periods.
 */
export function budgetPlan(
  demand: readonly Demand[],
  legitSenders: number,
  others: Spend = emptySpend(),
  shares: readonly number[] = PLAN_SHARES,
): PlanEntry[] {
  if (demand.length === 0) return [];
  const step = Math.max(1, Math.min(...demand.map((item) => costOf(item))));
  let previous = { hour: 0, day: 0, month: 0 };
  return shares.map((share) => {
    const target = Math.ceil(share * legitSenders);
    const hourCap = hourCapFor(demand, others, target, previous.hour);
    const open = serveInOrder(
      demand,
      { hour: hourCap, day: UNLIMITED, month: UNLIMITED },
      { others },
    );
    const day = dayCapFor(demand, others, target, hourCap, {
      fromMicros: Math.max(previous.day, hourCap),
      mostMicros: Math.max(previous.day, peak(open.spent.day)),
      step,
    });
    const run = serveInOrder(demand, { hour: hourCap, day, month: UNLIMITED }, { others });
    // Never above the day: a cap rounded up past what any day spends buys nothing more.
    const hour = Math.min(hourCap, day);
    previous = { hour, day, month: Math.max(previous.month, peak(run.spent.month)) };
    return {
      served_share: share,
      ...previous,
      senders_served: run.served,
      reachable: run.served >= target,
    };
  });
}
