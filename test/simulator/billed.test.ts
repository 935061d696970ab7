/**
 * Issue 16 in the simulator: the local SMS sink emits receipts as AWS does, and the real
 * receipts function trues up the replay's budget item; the summary says what was billed.
 */
import { readFileSync } from 'node:fs';
import { billedMicros } from '../../lambda/domain/receipt';
import type { ConfigInput } from '../../lib/config';
import type { BillingOptions } from '../../tools/local/receipt-events';
import type { SimulationResult } from '../../tools/simulator/run';
import { simulate } from '../../tools/simulator/run';
import type { TraceEvent } from '../../tools/simulator/trace';
import { frenchMobiles } from '../support/events';

const shipped = JSON.parse(readFileSync('config/antirelou.json', 'utf8')) as ConfigInput;
/** A learned price at most 1 × the configured one: reservations keep the configured price. */
const notLearning = { ...shipped, receipts: { maxPriceFactor: 1 } } as ConfigInput;
const START_MS = Date.UTC(2026, 10, 23, 9);

/** 60 people, one SMS each, one a minute. */
const events: TraceEvent[] = frenchMobiles(60).map((from, i) => ({
  t: i * 60,
  from,
  body: 'salut',
  legit: true,
}));

const replay = (config: ConfigInput, billing: BillingOptions): Promise<SimulationResult> =>
  simulate({ events, config, startMs: START_MS, billing, seed: 2017 });

test('billed is the factor times the estimate plus the fees, each message counted once', async () => {
  const { summary, billing } = await replay(notLearning, {
    billedFactor: 1.2,
    carrierFeeUsd: 0.01,
    // More of the rare cases than AWS has, so that a small replay meets each.
    noFinalShare: 0.1,
    duplicateShare: 0.2,
  });
  expect(summary.errors).toBe(0);
  expect(Object.keys(summary.peak_billed_micros).sort()).toEqual(['day', 'hour', 'month']);
  expect(summary.estimated_micros).toBe(summary.spent_micros);
  const outcomes = billing.receipts.map((r) => r.outcome);
  // Every path was taken: a first price, a correction, a repeated event.
  expect(outcomes.filter((o) => o?.kind === 'applied' && o.corrected).length).toBeGreaterThan(0);
  expect(outcomes.some((o) => o?.kind === 'skipped' && o.reason === 'duplicate')).toBe(true);
  // The money of each message is its last priced event's: the final's (with the carrier fee),
  // or, for a message with no final price, the non-final's (without).
  const last = new Map<string, number>();
  for (const { receipt } of billing.receipts) {
    if (receipt.billedUsd === undefined) continue;
    if (receipt.final || !last.has(receipt.messageId)) {
      last.set(receipt.messageId, billedMicros(receipt.billedUsd, 1));
    }
  }
  expect(last.size).toBe(summary.replies);
  expect(summary.billed_micros).toBe([...last.values()].reduce((a, b) => a + b, 0));
  const priced = billing.receipts.filter((r) => r.receipt.final && r.receipt.billedUsd);
  const finals = new Set(priced.map((r) => r.receipt.messageId));
  expect(summary.billed_micros).toBe(
    Math.round(1.2 * summary.estimated_micros) + finals.size * 10_000,
  );
  // Nothing learned: the month's counter holds the estimate plus what the receipts added.
  expect(summary.peak_billed_micros.month).toBe(summary.billed_micros);
  expect(billing.catchUp).toBeUndefined();
});

test('with learning on, the learned price catches up and reservations count it', async () => {
  const { summary, billing } = await replay(shipped, { billedFactor: 1.2 });
  expect(billing.catchUp).toMatchObject({ country: 'FR', micros: 90_000 });
  // Reserved at the learned price afterwards: billed and estimated meet.
  expect(summary.estimated_micros).toBeGreaterThan(summary.spent_micros);
  expect(summary.billed_micros).toBe(Math.round(1.2 * summary.spent_micros));
});
