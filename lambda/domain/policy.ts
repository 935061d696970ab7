/**
 * The responder's decisions, as pure functions of (message, state, settings, time).
 * No AWS, no clock, no randomness: the adapters fetch state and apply the decisions atomically.
 */
import { effectivePriceMicros } from './learned-price';
import type { InboundSms } from './inbound';
import { raidModeOn } from './types';
import type {
  BudgetCaps,
  ControlState,
  DropReason,
  PeriodAmounts,
  ResponderSettings,
  SmsText,
} from './types';

/** A sender's state as stored (keyed by the HMAC of the number). */
export interface SenderState {
  readonly lastInboundId?: string;
  readonly firstSeenMs?: number;
  readonly lastSeenMs?: number;
  readonly msgCount?: number;
  /** When the sender's one reply (or help text) of the current window was claimed. */
  readonly replyAtMs?: number;
  readonly optedOut?: boolean;
  readonly blocked?: boolean;
  readonly flagged?: boolean;
}

/** What to send, what it costs, and the conditions the atomic writes must enforce. */
export interface ReplyPlan {
  readonly kind: 'reply';
  readonly text: 'reply' | 'help';
  readonly sms: SmsText;
  readonly costMicros: number;
  readonly caps: BudgetCaps;
  /** A reply claimed at or before this instant is out of the window. */
  readonly windowStartMs: number;
}

export type Plan = ReplyPlan | { readonly kind: 'drop'; readonly reason: DropReason };

export type SenderVerdict =
  'eligible' | 'blocked' | 'flagged' | 'opted_out' | 'window' | 'raid_not_new';

export type BudgetVerdict = 'ok' | 'budget_hour' | 'budget_day' | 'budget_month';

const MS_PER_SECOND = 1000;

/**
 * The caps in force: the config's caps, raised at run time up to the config's ceiling (a forged
 * raise above it is clamped here, not only in the CLI), then lowered by any run-time override
 * and by raid mode.
 */
export function effectiveCaps(settings: ResponderSettings, control: ControlState): BudgetCaps {
  const lower = (hard: number, override: number | undefined): number =>
    override === undefined ? hard : Math.max(0, Math.min(hard, override));
  const { budget } = settings;
  const raise = control.budgetRaise ?? {};
  const raised = (field: keyof BudgetCaps): number => {
    const ceiling = Math.max(budget[field], budget.ceiling?.[field] ?? budget[field]);
    const wanted = raise[field];
    const valid = typeof wanted === 'number' && Number.isFinite(wanted) ? wanted : budget[field];
    return Math.min(ceiling, Math.max(budget[field], valid));
  };
  const raidHour = settings.raid && raidModeOn(control) ? settings.raid.hourMicros : undefined;
  return {
    hourMicros: lower(lower(raised('hourMicros'), control.budgetOverride.hourMicros), raidHour),
    dayMicros: lower(raised('dayMicros'), control.budgetOverride.dayMicros),
    monthMicros: lower(raised('monthMicros'), control.budgetOverride.monthMicros),
  };
}

/**
 * The text for a sender's country, or the default one. A text set at run time (`reply set`)
 * replaces the config's at the same place: the country's (run time, then config) first, then
 * the default (run time, then config), as in the config, where a country's text wins.
 */
export function textFor(
  kind: 'reply' | 'help',
  country: string | undefined,
  settings: ResponderSettings,
  control?: ControlState,
): SmsText {
  const runtime = control?.texts?.[kind];
  const texts = settings[kind];
  const byCountry = (map: Readonly<Record<string, SmsText>> | undefined): SmsText | undefined =>
    country !== undefined && map !== undefined && Object.hasOwn(map, country)
      ? map[country]
      : undefined;
  return (
    byCountry(runtime?.byCountry) ?? byCountry(texts.byCountry) ?? runtime?.default ?? texts.default
  );
}

/**
 * segments × price per segment of the destination country; undefined when it has no price.
 * With receipts, the price is the one learned from them when it is higher
 * (`domain/learned-price.ts`); `learned` are the control item's learned prices.
 */
export function costMicros(
  text: SmsText,
  country: string | undefined,
  settings: ResponderSettings,
  learned?: { readonly control: ControlState; readonly nowMs: number },
): number | undefined {
  const price = country === undefined ? undefined : settings.segmentPriceMicros[country];
  if (price === undefined || country === undefined) return undefined;
  const factor = settings.receipts?.maxPriceFactor;
  if (learned === undefined || factor === undefined) return text.segments * price;
  const learnedPrice = learned.control.learnedPrices?.[country];
  return text.segments * effectivePriceMicros(price, learnedPrice, learned.nowMs, factor);
}

/**
 * First decision for a message or a help request, before any state is read: can this sender
 * get anything at all right now, and what would it cost?
 */
export function planReply(
  sms: InboundSms,
  text: 'reply' | 'help',
  control: ControlState,
  settings: ResponderSettings,
  nowMs: number,
): Plan {
  if (sms.country === undefined || !settings.allowedCountries.includes(sms.country)) {
    return { kind: 'drop', reason: 'country_not_allowed' };
  }
  if (settings.replyOnlyTo !== undefined && !settings.replyOnlyTo.includes(sms.from)) {
    return { kind: 'drop', reason: 'not_on_reply_list' };
  }
  const smsText = textFor(text, sms.country, settings, control);
  const cost = costMicros(smsText, sms.country, settings, { control, nowMs });
  if (cost === undefined) return { kind: 'drop', reason: 'no_price' };
  if (control.paused) return { kind: 'drop', reason: 'paused' };
  const caps = effectiveCaps(settings, control);
  // A reply dearer than a whole cap can never be reserved: say which cap, without a write.
  const unaffordable = budgetVerdict({ hour: 0, day: 0, month: 0 }, caps, cost);
  if (unaffordable !== 'ok') return { kind: 'drop', reason: unaffordable };
  return {
    kind: 'reply',
    text,
    sms: smsText,
    costMicros: cost,
    caps,
    windowStartMs: nowMs - settings.senderWindowSeconds * MS_PER_SECOND,
  };
}

/**
 * Whether a sender may get a reply now; the most lasting reason first. With `newBeforeMs`
 * (raid mode), a sender first seen before that instant is refused.
 */
export function senderVerdict(
  state: SenderState | undefined,
  windowStartMs: number,
  newBeforeMs?: number,
): SenderVerdict {
  if (!state) return 'eligible';
  if (state.blocked) return 'blocked';
  if (state.flagged) return 'flagged';
  if (state.optedOut) return 'opted_out';
  if (state.replyAtMs !== undefined && state.replyAtMs > windowStartMs) return 'window';
  if (newBeforeMs !== undefined && (state.firstSeenMs ?? newBeforeMs) < newBeforeMs) {
    return 'raid_not_new';
  }
  return 'eligible';
}

/**
 * Until when a sender is known to get no reply, for the per-container hint cache: the hint
 * only decides which write is tried first, the stored state always has the last word.
 */
export function ineligibleUntilMs(state: SenderState, settings: ResponderSettings): number {
  if (state.blocked || state.flagged || state.optedOut) return Number.POSITIVE_INFINITY;
  if (state.replyAtMs === undefined) return 0;
  return state.replyAtMs + settings.senderWindowSeconds * MS_PER_SECOND;
}

/** Whether `costMicros` more fits in every cap; the longest period that would overflow first. */
export function budgetVerdict(
  spent: PeriodAmounts,
  caps: BudgetCaps,
  costMicros: number,
): BudgetVerdict {
  if (spent.month + costMicros > caps.monthMicros) return 'budget_month';
  if (spent.day + costMicros > caps.dayMicros) return 'budget_day';
  if (spent.hour + costMicros > caps.hourMicros) return 'budget_hour';
  return 'ok';
}

/** Share of each cap spent, in percent (100 when a cap is zero). */
export function usedPercent(spent: PeriodAmounts, caps: BudgetCaps): PeriodAmounts {
  const pct = (amount: number, cap: number): number => (cap <= 0 ? 100 : (100 * amount) / cap);
  return {
    hour: pct(spent.hour, caps.hourMicros),
    day: pct(spent.day, caps.dayMicros),
    month: pct(spent.month, caps.monthMicros),
  };
}
