/**
 * The receipts function's flow: each text message event of a reply (End User Messaging SMS,
 * through the configuration set's SNS event destination) trues up the budget with what AWS
 * billed, then, from the country's receipts of the day, the price reservations count
 * (`domain/learned-price.ts`). One write per receipt (two when a final receipt corrects a
 * non-final one); the control item is written only when the learned price changes.
 *
 * Never a crash loop: an event it cannot read, or for a reply it did not tag, is skipped with a
 * counted reason; only an unreachable table throws (SNS retries, then the dead-letter queue).
 * Receipts carry the destination number: no event is ever logged, only its message id.
 */
import type { SNSEvent } from 'aws-lambda';
import type { ControlCache } from './control-cache';
import { periodsOfHour } from './domain/calendar';
import type { ReceiptSettings, ResponderSettings } from './domain/types';
import type { ReceiptSkip } from './domain/receipt';
import { billedMicros, parseReceipt } from './domain/receipt';
import { effectivePriceMicros, observedPriceMicros, worthLearning } from './domain/learned-price';
import type { LearnedPrice } from './domain/learned-price';
import type { ReceiptTag, ReceiptTagger } from './receipt-tag';
import type { TrueUpResult, TrueUps } from './items/true-ups';

/** What one receipt did. */
export type ReceiptOutcome =
  | {
      readonly kind: 'applied';
      /** Added to the spend the caps count (billed − what was counted before). */
      readonly addedMicros: number;
      /** Added to the billed amount, and to the estimate, of receipted replies. */
      readonly billedMicros: number;
      readonly estimatedMicros: number;
      /** A final receipt correcting a non-final one. */
      readonly corrected: boolean;
      /** The price learned for the country, when this receipt changed it. */
      readonly learned?: { readonly country: string; readonly micros: number };
    }
  | { readonly kind: 'skipped'; readonly reason: ReceiptSkip };

/** The receipts function's observability port. */
export interface ReceiptsTelemetry {
  receipt(outcome: ReceiptOutcome, messageId: string | undefined): void;
  error(message: string, error: unknown, context: { readonly detail?: string }): void;
  flush(): void;
}

export interface ReceiptsDeps {
  readonly settings: ResponderSettings & { readonly receipts: ReceiptSettings };
  readonly trueUps: TrueUps;
  /** The control item through the container's cache (learned prices in force). */
  readonly control: ControlCache;
  /** Records a learned price (`ControlItem.learnPrice`). */
  readonly learnPrice: (country: string, price: LearnedPrice) => Promise<void>;
  readonly tagger: ReceiptTagger;
  readonly telemetry: ReceiptsTelemetry;
  readonly clock: () => number;
}

export type ReceiptsHandler = (
  event: SNSEvent | { Records?: unknown },
) => Promise<{ readonly outcomes: ReceiptOutcome[] }>;

export function createReceiptsHandler(deps: ReceiptsDeps): ReceiptsHandler {
  return async (event) => {
    const records = Array.isArray(event.Records) ? (event.Records as unknown[]) : [];
    const outcomes: ReceiptOutcome[] = [];
    try {
      for (const record of records) outcomes.push(await handleRecord(deps, record));
    } finally {
      deps.telemetry.flush();
    }
    return { outcomes };
  };
}

const skipped = (reason: ReceiptSkip): ReceiptOutcome => ({ kind: 'skipped', reason });

async function handleRecord(deps: ReceiptsDeps, record: unknown): Promise<ReceiptOutcome> {
  const message = (record as { Sns?: { Message?: unknown } } | null)?.Sns?.Message;
  const parsed = typeof message === 'string' ? parseReceipt(message) : undefined;
  if (parsed === undefined || !parsed.ok) {
    const outcome = skipped('bad_event');
    deps.telemetry.receipt(outcome, undefined);
    return outcome;
  }
  const { receipt } = parsed;
  const tag = deps.tagger.open(receipt.tag);
  let outcome: ReceiptOutcome;
  if (tag === undefined) outcome = skipped('unknown_message');
  else if (receipt.billedUsd === undefined) outcome = skipped('no_price');
  else {
    const billed = billedMicros(receipt.billedUsd, deps.settings.receipts.perUsd);
    const result = await deps.trueUps.apply({
      periods: periodsOfHour(tag.hour),
      messageId: receipt.messageId,
      country: tag.country,
      estimatedMicros: tag.costMicros,
      billedMicros: billed,
      final: receipt.final,
    });
    outcome = result.applied ? await applied(deps, tag, result) : skipped(result.why);
  }
  deps.telemetry.receipt(outcome, receipt.messageId);
  return outcome;
}

async function applied(
  deps: ReceiptsDeps,
  tag: ReceiptTag,
  result: Extract<TrueUpResult, { applied: true }>,
): Promise<ReceiptOutcome> {
  const learned = await learn(deps, tag.country, result.countryDay);
  return {
    kind: 'applied',
    addedMicros: result.addedMicros,
    billedMicros: result.addedMicros + result.estimatedAddedMicros,
    estimatedMicros: result.estimatedAddedMicros,
    corrected: result.estimatedAddedMicros === 0,
    ...(learned === undefined ? {} : { learned }),
  };
}

/** Learns the country's price from its receipts of the day, when it changed. */
async function learn(
  deps: ReceiptsDeps,
  country: string,
  day: { readonly billedMicros: number; readonly estimatedMicros: number },
): Promise<{ country: string; micros: number } | undefined> {
  const configured = deps.settings.segmentPriceMicros[country];
  if (configured === undefined) return undefined;
  const { maxPriceFactor } = deps.settings.receipts;
  const observed = observedPriceMicros(configured, day, maxPriceFactor);
  if (observed === undefined) return undefined;
  const nowMs = deps.clock();
  const current = (await deps.control.get(nowMs)).learnedPrices?.[country];
  const inForce = effectivePriceMicros(configured, current, nowMs, maxPriceFactor);
  if (!worthLearning(inForce, observed, current, nowMs)) return undefined;
  await deps.learnPrice(country, { micros: observed, atMs: nowMs });
  deps.control.invalidate();
  return { country, micros: observed };
}
