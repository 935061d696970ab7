/** The composition root's receipts function (apart: its bundle holds neither flow). */
import { ControlCache } from '../control-cache';
import type { ReceiptSettings, ResponderSettings } from '../domain/types';
import { ReceiptTagger } from '../receipt-tag';
import type { ReceiptsHandler, ReceiptsTelemetry } from '../receipts';
import { createReceiptsHandler } from '../receipts';
import type { Parts } from './parts';
import { itemsOf } from './parts';

/** The receipts function's parts (no gateway nor scheduler: it sends nothing). */
export interface ReceiptsParts extends Omit<Parts, 'gateway' | 'scheduler'> {
  readonly telemetry: ReceiptsTelemetry;
}

/** The receipts function, wired: true-ups on the table, the control item through a cache. */
export function composeReceipts(parts: ReceiptsParts): ReceiptsHandler {
  const { receipts } = parts.settings;
  if (receipts === undefined) throw new Error('settings.receipts is not set');
  const settings: ResponderSettings & { receipts: ReceiptSettings } = {
    ...parts.settings,
    receipts,
  };
  const items = itemsOf(parts);
  return createReceiptsHandler({
    settings,
    trueUps: items.trueUps,
    control: new ControlCache(items.control, settings.controlCacheSeconds * 1000),
    learnPrice: (country, price) => items.control.learnPrice(country, price),
    tagger: new ReceiptTagger(parts.secret),
    telemetry: parts.telemetry,
    clock: parts.clock,
  });
}
