/**
 * The simulator on the three built-in scenarios at small scale: the real responder, dynalite,
 * the local SMS sink. The invariants are the product's promises.
 */
import { readFileSync } from 'node:fs';
import type { ConfigInput } from '../../lib/config';
import type { Summary } from '../../tools/simulator/run';
import { simulate } from '../../tools/simulator/run';
import { SCENARIOS } from '../../tools/simulator/scenarios';
import { OUR_NUMBER } from '../support/events';
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
  const sum = (counts: Record<string, number>): number =>
    Object.values(counts).reduce((a, b) => a + b, 0);
  // Every message is accounted for: replied, cancelled during its delay, an opt-out, or dropped.
  expect(summary.inbound).toBe(
    summary.replies + sum(summary.cancelled_replies) + summary.opted_out + sum(summary.dropped),
  );
  if (summary.reply_delay_seconds.max > 0) {
    // Every reply waited for its delay (or for money, on the waiting list), and every one was
    // settled by the end.
    expect(summary.scheduled_replies + summary.waiting_list.joined).toBe(
      summary.replies + sum(summary.cancelled_replies),
    );
  } else {
    expect(summary.scheduled_replies).toBe(0);
  }
}

/**
 * Each scenario's scale: about the smallest at which its demand still reaches a cap under the
 * tight budgets (raid2017 at 1 %: 422 messages, all three caps reached).
 */
const SCALES: Record<string, number> = { raid2017: 0.01, quiet: 0.3, rotating: 0.02 };

describe.each(['raid2017', 'quiet', 'rotating'])('scenario %s', (name) => {
  test('keeps every promise under tight budgets', async () => {
    const summary = await run(name, SCALES[name]!, tight);
    expectInvariants(summary);
    // The scale is small, but the demand still reaches a cap: the caps are put to the test.
    const periods = ['hour', 'day', 'month'] as const;
    expect(
      periods.filter((p) => summary.peak_spent_micros[p] === summary.budget_micros[p]),
    ).not.toEqual([]);
    // Real people who got nothing were refused by a budget or were racing themselves, not lost.
    // (or had sent STOP before their turn came, or kept texting: 30+ messages flag a sender as a
    // heavy repeater, by design).
    const reasons = Object.keys(summary.legit_senders_unserved);
    expect(
      reasons.filter(
        (r) =>
          !/^(budget_(hour|day|month)|window|contention|opted_out|repeater|flagged|expired|raid|canned_text)$/.test(
            r,
          ),
      ),
    ).toEqual([]);
  });

  test('serves every real sender while the budget allows', async () => {
    const generous: ConfigInput = {
      ...shipped,
      budget: { currency: 'EUR', hour: 200, day: 200, month: 1000 },
      // Caps this high buy more replies a day than the budget item holds with receipts' true-ups.
      receipts: { enabled: false },
    };
    const summary = await run(name, SCALES[name]!, generous);
    expectInvariants(summary);
    expect(summary.legit_senders).toBeGreaterThan(0);
    // At most a handful of senders racing themselves (two messages at the very same moment),
    // besides those whose reply was cancelled during its delay (they sent STOP, or were flagged).
    const cancelled = Object.values(summary.cancelled_replies).reduce((a, b) => a + b, 0);
    expect(summary.legit_senders_served).toBeGreaterThanOrEqual(
      summary.legit_senders - 2 - cancelled,
    );
  });
});

/**
 * The raid's day (raid2017's fourth) with the shipped config, replayed once with the default
 * safety delay and once without: both replays feed the tests below.
 */
describe('the raid, with and without the safety delay', () => {
  let delayed: Summary;
  let immediate: Summary;
  const scenario = SCENARIOS.raid2017!({ seed: 2017, scale: 0.05 });
  // Ordinary traffic, the raid, its aftermath.
  const events = scenario.events.filter((event) => event.t >= 3 * 86_400);
  const runWith = async (replyDelay: ConfigInput['replyDelay']) =>
    (
      await simulate({
        events,
        config: { ...shipped, replyDelay },
        startMs: scenario.startMs,
      })
    ).summary;
  // One hook per replay: each gets the whole test timeout.
  beforeAll(async () => {
    delayed = await runWith(undefined); // the default: 20 minutes
  });
  beforeAll(async () => {
    immediate = await runWith(0);
  });

  test('the raid costs a small fraction of what it cost in 2017', () => {
    for (const summary of [delayed, immediate]) {
      expectInvariants(summary);
      expect(summary.spent_micros * 4).toBeLessThan(summary.cost_2017_micros);
      // Foreign and premium numbers are never replied to.
      expect(summary.dropped.country_not_allowed).toBeGreaterThan(0);
      expect(summary.dropped.not_mobile).toBeGreaterThan(0);
    }
  });

  test('raid2017 with the default delay matches the immediate run on spend and people served', () => {
    expectInvariants(delayed);
    expectInvariants(immediate);
    expect(delayed.reply_delay_seconds).toEqual({ min: 1200, max: 1200 });
    expect(delayed.scheduled_replies).toBeGreaterThan(100);

    // Only a change of heart in between cancels a reply: STOP, or a flag (abuse, 30+ messages).
    expect(
      Object.keys(delayed.cancelled_replies).filter((r) => !/^(opted_out|flagged)$/.test(r)),
    ).toEqual([]);
    const cancelled = Object.values(delayed.cancelled_replies).reduce((a, b) => a + b, 0);
    const reply = 150_000;
    // Spend: the same, give or take the cancelled replies and a few races between containers.
    expect(Math.abs(delayed.spent_micros - immediate.spent_micros)).toBeLessThanOrEqual(
      (cancelled + 3) * reply,
    );
    expect(
      Math.abs(delayed.legit_senders_served - immediate.legit_senders_served),
    ).toBeLessThanOrEqual(cancelled + 3);
    expect(delayed.legit_senders).toBe(immediate.legit_senders);
  });
});

describe('the safety delay', () => {
  test('a raw line that is a valid message is answered and counted like any other', async () => {
    const raw = JSON.stringify({
      originationNumber: '+33612345678',
      destinationNumber: shipped.originationNumber,
      messageKeyword: '',
      messageBody: 'salut',
      inboundMessageId: 'raw-valid-1',
      previousPublishedMessageId: 'p-1',
    });
    const { summary } = await simulate({
      events: [{ t: 0, raw }],
      config: shipped,
      startMs: Date.UTC(2026, 10, 23, 9),
    });
    expectInvariants(summary);
    expect(summary).toMatchObject({ scheduled_replies: 1, replies: 1, spent_micros: 150_000 });
  });

  test('a random delay range replays the same with the same seed', async () => {
    const scenario = SCENARIOS.quiet!({ seed: 7, scale: 0.1 });
    const config: ConfigInput = { ...shipped, replyDelay: { min: '5m', max: '2h' } };
    const replay = () =>
      simulate({
        events: scenario.events,
        config,
        startMs: scenario.startMs,
        seed: 3,
        concurrency: 1,
      });
    const [first, second] = [await replay(), await replay()];
    expectInvariants(first.summary);
    const sentAt = (r: typeof first) => r.sends.map((sms) => sms.atMs - (sms.reservedAtMs ?? 0));
    const delays = sentAt(first);
    expect(delays.length).toBeGreaterThan(5);
    expect(delays).toEqual(sentAt(second));
    for (const delay of delays) {
      expect(delay).toBeGreaterThanOrEqual(5 * 60_000);
      expect(delay).toBeLessThanOrEqual(2 * 3_600_000);
    }
    expect(new Set(delays).size).toBeGreaterThan(delays.length / 2);
  });
});

test('raw lines deliver malformed input: every one dropped with a reason, no error', async () => {
  // The corpus cases that are about the message itself (not the SNS record around it).
  const events = malformedCorpus
    .filter((c) => !['malformed_record', 'wrong_topic'].includes(c.reason))
    .map((c, i) => ({ t: i, raw: (c.record as { Sns: { Message: string } }).Sns.Message }));
  expect(events.length).toBeGreaterThanOrEqual(25);
  // The corpus is addressed to the test number: the shipped config answers its own placeholder.
  const config = { ...shipped, originationNumber: OUR_NUMBER };
  const { summary } = await simulate({ events, config, startMs: Date.UTC(2026, 10, 23) });
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

describe('raid mode, measured', () => {
  /**
   * Flood thresholds for a scaled-down scenario: the floor sits between the busiest minute of
   * real traffic and the raid's peak at that scale (at full scale: 43 and 142 a minute; the
   * default floor is 60).
   */
  const scaledRaid = (scale: number, floor: number) => ({
    floodFloorPerMinute: floor,
    floodFactor: 10,
    quietMinutes: 20,
    hourBudget: 1,
    flushCount: Math.max(2, Math.round(20 * scale)),
  });
  const HOUR = 3600;

  async function compare(
    name: string,
    scale: number,
    floor: number,
    raidStart: number,
    raidEnd: number,
    budget: ConfigInput['budget'],
  ) {
    const scenario = SCENARIOS[name]!({ seed: 2017, scale });
    // The raid's day only, from midnight: hours of ordinary traffic, the raid, its aftermath.
    const day = Math.floor(raidStart / 86_400) * 86_400;
    const events = scenario.events.filter((event) => event.t >= day);
    const runWith = async (raid: ConfigInput['raid']) =>
      simulate({
        events,
        config: { ...shipped, budget, raid },
        startMs: scenario.startMs,
      });
    const [on, off] = [await runWith(scaledRaid(scale, floor)), await runWith({ enabled: false })];
    /** Real senders whose first message is outside the raid, and how many of them were served. */
    const outsideRaid = (result: Awaited<ReturnType<typeof simulate>>) => {
      const first = new Map<string, number>();
      const served = new Set<string>();
      for (const r of result.results) {
        if (r.legit !== true || r.from === undefined) continue;
        if (!first.has(r.from)) first.set(r.from, r.t);
        if (r.outcome?.kind === 'replied' || r.delivery?.outcome?.kind === 'sent') {
          served.add(r.from);
        }
      }
      const outside = [...first]
        .filter(([, t]) => t < raidStart || t > raidEnd)
        .map(([from]) => from);
      return { senders: outside.length, served: outside.filter((from) => served.has(from)).length };
    };
    return { on, off, onOutside: outsideRaid(on), offOutside: outsideRaid(off) };
  }

  test.each([
    ['rotating', 0.02, 2, 6 * HOUR, 11 * HOUR, { currency: 'EUR', hour: 5, day: 40, month: 300 }],
    [
      'raid2017',
      0.04,
      3,
      3 * 86_400 + 8 * HOUR,
      3 * 86_400 + 13.5 * HOUR,
      { currency: 'EUR', hour: 10, day: 100, month: 1000 },
    ],
  ] as const)(
    '%s: the raid costs less with raid mode, real senders outside it are served as well',
    async (name, scale, floor, start, end, budget) => {
      const { on, off, onOutside, offOutside } = await compare(name, scale, floor, start, end, {
        ...budget,
      });
      expectInvariants(on.summary);
      expectInvariants(off.summary);
      expect(on.summary.dropped.raid_hour ?? 0).toBeGreaterThan(0);
      expect(on.summary.abusive_replied).toBeLessThan(off.summary.abusive_replied);
      // Real people who texted before or after the raid: served the same (within a couple).
      expect(onOutside.served).toBeGreaterThanOrEqual(offOutside.served - 2);
      expect(onOutside.senders).toBe(offOutside.senders);
    },
  );
});
