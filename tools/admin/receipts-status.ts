/**
 * What `status` and `cost` say about receipts (issue 16): what AWS billed for the receipted
 * replies against what the spend counters estimated for them (the budget item's `bm`/`bd<day>`
 * and `xm`/`xd<day>`, read with `billedOf`), each country's price per segment (configured,
 * learned from receipts, and the one reservations count, as `effectivePriceMicros` decides),
 * and the USD rate receipts are converted at.
 */
import type { PeriodKeys } from '../../lambda/domain/calendar';
import { effectivePriceMicros, LEARNED_PRICE_DAYS } from '../../lambda/domain/learned-price';
import type { ControlState, ResponderSettings } from '../../lambda/domain/types';
import type { MonthLedger } from './ledger';

export { LEARNED_PRICE_DAYS };

/** Amounts of today and this month, micro-units of the budget currency. */
export interface DayMonth {
  readonly day: number;
  readonly month: number;
}

/** One country's price per segment, micro-units of the budget currency. */
export interface PriceStatus {
  readonly country: string;
  readonly configured_micros: number;
  /** The price learned from receipts, held in the control item; null when none. */
  readonly learned_micros: number | null;
  /** When it was learned (ISO 8601); null when none. */
  readonly learned_at: string | null;
  /** What a reservation counts per segment: the learned price when fresh and higher, else the configured one. */
  readonly in_force_micros: number;
}

/** The receipts' part of `status --json`: `receipts` always, the rest only when on. */
export interface ReceiptsStatus {
  /** Whether the deployment trues up its budget with receipts (`settings.receipts`). */
  readonly receipts: boolean;
  /** Why not, when off. */
  readonly receipts_off?: string;
  /** What AWS billed for the receipted replies. */
  readonly billed?: DayMonth;
  /** What the spend counters counted for those replies (billed − difference). */
  readonly estimated?: DayMonth;
  /** Billed − estimated: what the true-ups added to the spend. */
  readonly difference?: DayMonth;
  readonly prices?: readonly PriceStatus[];
  /** Units of the budget currency one USD buys, and the day it was read (null: none configured). */
  readonly usd_rate?: { readonly per_usd: number; readonly date: string | null };
}

/** Why a deployment has no receipts, from what its settings say. */
function offReason(settings: ResponderSettings): string {
  return settings.sendVia === 'sns'
    ? 'replies go through SNS (sendVia "sns"), which sends no receipts'
    : 'they need sendVia "sms-voice", receipts.enabled and no configurationSetName of your own';
}

/** Each allowed country's price per segment at `nowMs`, and the one reservations count. */
export function pricesInForce(
  settings: ResponderSettings,
  control: ControlState,
  nowMs: number,
): PriceStatus[] {
  const factor = settings.receipts?.maxPriceFactor;
  return settings.allowedCountries.flatMap((country) => {
    const configured = settings.segmentPriceMicros[country];
    if (configured === undefined) return [];
    const learned = control.learnedPrices?.[country];
    return [
      {
        country,
        configured_micros: configured,
        learned_micros: learned?.micros ?? null,
        learned_at: learned === undefined ? null : new Date(learned.atMs).toISOString(),
        in_force_micros:
          factor === undefined
            ? configured
            : effectivePriceMicros(configured, learned, nowMs, factor),
      },
    ];
  });
}

/** Billed, estimated and their difference for `periods`' day and month, prices, rate. */
export function receiptsStatus(
  settings: ResponderSettings,
  control: ControlState,
  ledger: MonthLedger,
  periods: PeriodKeys,
  nowMs: number,
): ReceiptsStatus {
  const { receipts } = settings;
  if (receipts === undefined) return { receipts: false, receipts_off: offReason(settings) };
  const { billed, trueUp } = ledger.billed(periods);
  return {
    receipts: true,
    billed,
    estimated: { day: billed.day - trueUp.day, month: billed.month - trueUp.month },
    difference: trueUp,
    prices: pricesInForce(settings, control, nowMs),
    usd_rate: { per_usd: receipts.perUsd, date: receipts.rateDate ?? null },
  };
}
