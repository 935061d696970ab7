/**
 * The scenarios of issue 15 below the flood floor: a slow raid of canned texts, a launch rush of
 * real people, chatty real people. Their shape (pure, full scale), then the simulator at small
 * scale with the real responder on dynalite (each run under 20 s).
 */
import { readFileSync } from 'node:fs';
import { assessBody } from '../../lambda/domain/abuse/matcher';
import { textFingerprint } from '../../lambda/domain/fingerprint';
import type { ConfigInput } from '../../lib/config';
import { CANNED_TEXT_DEFAULTS } from '../../lib/config/schema';
import type { Summary } from '../../tools/simulator/run';
import { simulate } from '../../tools/simulator/run';
import { SCENARIOS } from '../../tools/simulator/scenarios';
import type { TraceEvent } from '../../tools/simulator/trace';

const HOUR = 3600;
const from = (e: TraceEvent): string => ('from' in e ? e.from : '');
const body = (e: TraceEvent): string => ('body' in e ? e.body : '');
const shipped = JSON.parse(readFileSync('config/antirelou.json', 'utf8')) as ConfigInput;

/**
 * The shipped config, replies at once (the decisions are the same; the replay is faster), with
 * the canned-text signal set (its threshold scaled down with the traffic).
 */
function withCannedText(cannedText: Record<string, unknown> = {}): ConfigInput {
  return { ...shipped, replyDelay: 0, raid: { cannedText } } as ConfigInput;
}

async function run(name: string, scale: number, config: ConfigInput): Promise<Summary> {
  const scenario = SCENARIOS[name]!({ seed: 2017, scale });
  return (await simulate({ events: scenario.events, config, startMs: scenario.startMs })).summary;
}

const share = (s: Summary): number => s.legit_spent_micros / s.spent_micros;

describe('scenario shapes', () => {
  test('slowraid: 4 benign canned texts a minute for 8 hours from fresh numbers, under the floor', () => {
    const { events } = SCENARIOS.slowraid!({ seed: 2017, scale: 1 });
    const raid = events.filter((e) => e.legit === false);
    expect(raid).toHaveLength(4 * 60 * 8);
    expect(new Set(raid.map(from)).size).toBe(raid.length);
    const perMinute = new Map<number, number>();
    for (const e of events)
      perMinute.set(Math.floor(e.t / 60), (perMinute.get(Math.floor(e.t / 60)) ?? 0) + 1);
    expect(Math.max(...perMinute.values())).toBeLessThan(60);
    for (const e of raid) {
      expect(assessBody(body(e)).abusive).toBe(false);
      expect(textFingerprint(body(e)).letters.length).toBeGreaterThanOrEqual(
        CANNED_TEXT_DEFAULTS.minLetters,
      );
    }
    expect(new Set(events.filter((e) => e.legit).map(from)).size).toBeGreaterThan(200);
  });

  test('launchrush: 3,000 real first-time senders in 3 hours, then 100 a day for 3 days', () => {
    const { events } = SCENARIOS.launchrush!({ seed: 2017, scale: 1 });
    expect(events.every((e) => e.legit === true)).toBe(true);
    const firsts = new Map<string, TraceEvent>();
    for (const e of events) if (!firsts.has(from(e))) firsts.set(from(e), e);
    expect([...firsts.values()].filter((e) => e.t < 3 * HOUR)).toHaveLength(3000);
    expect(firsts.size).toBe(3300);
    // Varied: no long first text is sent by more than 3 % of them.
    const counts = new Map<string, number>();
    for (const e of firsts.values()) {
      const { letters } = textFingerprint(body(e));
      if (letters.length >= CANNED_TEXT_DEFAULTS.minLetters)
        counts.set(letters, (counts.get(letters) ?? 0) + 1);
    }
    expect(Math.max(...counts.values())).toBeLessThan(0.03 * 3300);
  });

  test('chatty: forty real people texting 40 to 60 times each, nothing abusive', () => {
    const { events } = SCENARIOS.chatty!({ seed: 2017, scale: 1 });
    const perSender = new Map<string, number>();
    for (const e of events) perSender.set(from(e), (perSender.get(from(e)) ?? 0) + 1);
    expect([...perSender.values()].filter((n) => n >= 40)).toHaveLength(40);
    expect(events.every((e) => e.legit === true)).toBe(true);
    expect(events.filter((e) => assessBody(body(e)).abusive)).toEqual([]);
  });
});

describe('slowraid at 10 % scale (threshold scaled to 2)', () => {
  let off: Summary;
  test('signal off: the raid takes most of the money', async () => {
    off = await run('slowraid', 0.1, withCannedText({ enabled: false }));
    expect(off.dropped.canned_text).toBeUndefined();
    expect(share(off)).toBeLessThan(0.5);
  });

  test('signal on: far more of the money goes to real people than without', async () => {
    const on = await run('slowraid', 0.1, withCannedText({ threshold: 2 }));
    expect(on.dropped.canned_text).toBeGreaterThan(0);
    // At this scale the share moves around half between runs (five containers race); the
    // issue's 50 % is met at full scale, 85-89 % (docs/simulator.md). Without the signal: about 26 %.
    expect(share(on)).toBeGreaterThanOrEqual(0.4);
    expect(share(on)).toBeGreaterThan(share(off));
    expect(on.abusive_replied).toBeLessThan(off.abusive_replied);
    for (const period of ['hour', 'day', 'month'] as const) {
      expect(on.peak_spent_micros[period]).toBeLessThanOrEqual(on.budget_micros[period]);
    }
  });
});

test('launchrush at 5 % scale: real people with their own first texts, the signal never fires', async () => {
  // The share of the hour's traffic is what keeps a full-scale rush's common phrases in:
  // test/integration/canned-text.test.ts and docs/simulator.md (full scale).
  const summary = await run('launchrush', 0.05, withCannedText());
  expect(summary.dropped.canned_text).toBeUndefined();
  expect(summary.legit_spent_micros).toBe(summary.spent_micros);
});

test('chatty at 10 % scale: chatty people are throttled as repeaters, nothing is kept', async () => {
  const summary = await run('chatty', 0.1, withCannedText());
  expect(summary.dropped.repeater).toBeGreaterThan(0);
  expect(summary.dropped.flagged).toBeUndefined();
  expect(summary.evidence_kept).toBe(0);
});
