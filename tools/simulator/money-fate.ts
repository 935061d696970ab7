/**
 * What one replayed message says about money: it reached the money step and was paid for, it
 * reached it and a cap refused it, or it never got there (STOP, window, flag, country…). The
 * budget plan, the per-day table and the refusal report all read messages through this one
 * classification, keyed on outcome kinds and drop reasons: a new outcome (a waiting list's
 * `waiting`, `expired`…) is one more entry in `INBOUND_FATE` or `DELIVERY_FATE`, and the type
 * checker asks for it.
 */
import type { SendOutcome } from '../../lambda/domain/scheduled-reply';
import type { Outcome } from '../../lambda/domain/types';
import type { EventResult } from './run';

/** The drop reasons that mean "a cap refused it": the message was otherwise eligible. */
export const MONEY_REASONS = ['budget_hour', 'budget_day', 'budget_month', 'raid_hour'] as const;
export type MoneyReason = (typeof MONEY_REASONS)[number];

/** Which cap each money reason names, for people. */
export const CAP_NAMES: Readonly<Record<MoneyReason, string>> = {
  budget_hour: 'hour cap',
  budget_day: 'day cap',
  budget_month: 'month cap',
  raid_hour: 'raid-mode hour cap',
};

export type MoneyFate =
  /** Reached the money step and money was reserved for its reply. */
  | { readonly kind: 'paid' }
  /**
   * Reached the money step; a cap refused it. `waiting`: the sender then joined the waiting
   * list (they may be served later: see the delivery's outcome).
   */
  | { readonly kind: 'refused'; readonly reason: MoneyReason; readonly waiting?: true }
  /** Never reached the money step (or the handler threw). */
  | { readonly kind: 'none' };

const NONE: MoneyFate = { kind: 'none' };
const PAID: MoneyFate = { kind: 'paid' };

export const isMoneyReason = (reason: string): reason is MoneyReason =>
  (MONEY_REASONS as readonly string[]).includes(reason);

type FateOf<T extends { kind: string }> = {
  readonly [K in T['kind']]: (outcome: Extract<T, { kind: K }>) => MoneyFate;
};

/** The responder's outcome of an inbound message. */
const INBOUND_FATE: FateOf<Outcome> = {
  replied: () => PAID,
  scheduled: () => PAID,
  send_unknown: () => PAID,
  opted_out: () => NONE,
  opted_in: () => NONE,
  waiting: (outcome) => ({ kind: 'refused', reason: outcome.reason, waiting: true }),
  dropped: (outcome) =>
    isMoneyReason(outcome.reason) ? { kind: 'refused', reason: outcome.reason } : NONE,
};

/**
 * The dispatcher's outcome of a scheduled or waiting reply: the refusal, if any, was the
 * inbound message's fate (a waiting reply's `expired` ends a refusal already counted), so no
 * delivery outcome is a new one.
 */
const DELIVERY_FATE: FateOf<SendOutcome> = {
  sent: () => NONE,
  send_unknown: () => NONE,
  cancelled: () => NONE,
  repeat: () => NONE,
  waiting: () => NONE,
};

/** Cancellations money would not have changed (STOP, flag, block, pause…): not `expired`. */
export const cancelledForGood = (result: EventResult): boolean => {
  const outcome = result.delivery?.outcome;
  return outcome?.kind === 'cancelled' && outcome.reason !== 'expired';
};

function fateOf<T extends { kind: string }>(table: FateOf<T>, outcome: T): MoneyFate {
  const classify = table[outcome.kind as T['kind']] as (o: T) => MoneyFate;
  return classify(outcome);
}

/** The money fate of an inbound message. */
export function inboundFate(result: EventResult): MoneyFate {
  return result.outcome === undefined ? NONE : fateOf(INBOUND_FATE, result.outcome);
}

/** The money fate of a scheduled reply's delivery (none today: see `DELIVERY_FATE`). */
export function deliveryFate(result: EventResult): MoneyFate {
  const outcome = result.delivery?.outcome;
  return outcome === undefined ? NONE : fateOf(DELIVERY_FATE, outcome);
}

export type Refusal = Extract<MoneyFate, { kind: 'refused' }>;

/** A refusal for money, from the inbound message or its delivery (undefined: none). */
export function moneyRefusal(result: EventResult): Refusal | undefined {
  for (const fate of [inboundFate(result), deliveryFate(result)]) {
    if (fate.kind === 'refused') return fate;
  }
  return undefined;
}
