/**
 * The `receipts` part of the config: the true-up of the budget with what AWS billed
 * (docs/design.md, "Billed money").
 */
import { z } from 'zod';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export const receiptsSchema = z
  .strictObject({
    enabled: z
      .boolean()
      .default(true)
      .describe(
        'True up the budget with the price AWS billed, from the receipts of a configuration ' +
          'set the stack makes. Only with `sendVia: "sms-voice"` and no `configurationSetName` ' +
          'of your own; otherwise off (synth says so).',
      ),
    usdRate: z
      .strictObject({
        perUsd: z
          .number({ error: 'receipts.usdRate.perUsd must be a number, e.g. 0.95' })
          .positive('receipts.usdRate.perUsd must be above 0')
          .max(100_000)
          .describe('Units of the budget currency one USD buys, e.g. 0.95 (EUR).'),
        date: z
          .string()
          .regex(ISO_DATE, 'receipts.usdRate.date must be a date, e.g. "2026-11-29"')
          .describe('The day the rate was read (shown by `status`).'),
      })
      .optional()
      .describe(
        'USD → budget currency, for receipts (AWS bills in USD). Absent: USD read as the ' +
          'budget currency, as the SMS spend alarm does; `status` says so.',
      ),
    maxPriceFactor: z
      .number()
      .min(1, 'receipts.maxPriceFactor must be at least 1')
      .max(10, 'receipts.maxPriceFactor must be at most 10')
      .default(2)
      .describe(
        'A price learned from receipts is at most this many times the configured one (and ' +
          'never below it).',
      ),
  })
  .prefault({})
  .describe(
    'Receipts: the budget counts what AWS billed, see [Billed money](design.md#billed-money).',
  );
