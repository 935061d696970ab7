/**
 * The simulator on the three built-in scenarios at small scale: the real responder, dynalite,
 * the local SMS sink. The invariants are the product's promises.
 */
import { readFileSync } from 'node:fs';
import type { ConfigInput } from '../../lib/config';
import type { Summary } from '../../tools/simulator/run';
import { simulate } from '../../tools/simulator/run';
import { SCENARIOS } from '../../tools/simulator/scenarios';
import { malformedCorpus } from '../support/malformed';

const shipped = JSON.parse(readFileSync('config/antirelou.json', 'utf8')) as ConfigInput;
/** Small budgets so that a small-scale run still meets every cap. */
const tight: ConfigInput = {
  ...shipped,
  budget: { currency: 'EUR', hour: 0.9, day: 3, month: 12, timeZone: 'Europe/Paris' },
};

async function run(name: string, scale: number, config: ConfigInput): Promise<Summary> {
  const scenario = SCENARIOS[name]!({ seed: 2017, scale });
  return (await simulate({ events: scenario.events, config, startMs: scenario.startMs })).summary;
}

function expectInvariants(summary: Summary): void {
  for (const period of ['hour', 'day', 'month'] as const) {
    expect(summary.peak_spent_micros[period]).toBeLessThanOrEqual(summary.budget_micros[period]);
  }
  expect(summary.spent_micros).toBeLessThanOrEqual(summary.budget_micros.month);
  expect(summary.max_replies_per_sender).toBeLessThanOrEqual(1);
  expect(summary.replies_after_stop).toBe(0);
  expect(summary.errors).toBe(0);
  expect(summary.inbound).toBe(
    summary.replies + summary.opted_out + Object.values(summary.dropped).reduce((a, b) => a + b, 0),
  );
}

describe.each(['raid2017', 'quiet', 'rotating'])('scenario %s', (name) => {
  test('keeps every promise under tight budgets', async () => {
    const summary = await run(name, name === 'quiet' ? 0.5 : 0.03, tight);
    expectInvariants(summary);
    // Real people who got nothing were refused by a budget or were racing themselves, not lost.
    // (or had sent STOP before their turn came).
    const reasons = Object.keys(summary.legit_senders_unserved);
    expect(
      reasons.filter((r) => !/^(budget_(hour|day|month)|window|contention|opted_out)$/.test(r)),
    ).toEqual([]);
  });

  test('serves every real sender while the budget allows', async () => {
    const generous: ConfigInput = {
      ...shipped,
      budget: { currency: 'EUR', hour: 1000, day: 1000, month: 1000 },
    };
    const summary = await run(name, name === 'quiet' ? 0.3 : 0.02, generous);
    expectInvariants(summary);
    expect(summary.legit_senders).toBeGreaterThan(0);
    // At most a handful of senders racing themselves (two messages at the very same moment).
    expect(summary.legit_senders_served).toBeGreaterThanOrEqual(summary.legit_senders - 2);
  });
});

test('the raid costs a small fraction of what it cost in 2017', async () => {
  const summary = await run('raid2017', 0.03, shipped);
  expectInvariants(summary);
  expect(summary.spent_micros * 4).toBeLessThan(summary.cost_2017_micros);
  // Foreign and premium numbers are never replied to.
  expect(summary.dropped.country_not_allowed).toBeGreaterThan(0);
  expect(summary.dropped.not_mobile).toBeGreaterThan(0);
});

test('raw lines deliver malformed input: every one dropped with a reason, no error', async () => {
  // The corpus cases that are about the message itself (not the SNS record around it).
  const events = malformedCorpus
    .filter((c) => !['malformed_record', 'wrong_topic'].includes(c.reason))
    .map((c, i) => ({ t: i, raw: (c.record as { Sns: { Message: string } }).Sns.Message }));
  expect(events.length).toBeGreaterThanOrEqual(25);
  const { summary } = await simulate({ events, config: shipped, startMs: Date.UTC(2026, 10, 23) });
  expect(summary.error_samples).toEqual([]);
  expect(summary.errors).toBe(0);
  expect(summary.replies).toBe(0);
  expect(Object.values(summary.dropped).reduce((a, b) => a + b, 0)).toBe(events.length);
  expect(Object.keys(summary.dropped).sort()).toEqual(
    [...new Set(malformedCorpus.slice(6).map((c) => c.reason))]
      .filter((r) => r !== 'wrong_topic')
      .sort(),
  );
});
