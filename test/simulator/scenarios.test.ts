import { checkSenderNumber } from '../../lambda/domain/phone';
import { LAUNCH_MS, SCENARIOS } from '../../tools/simulator/scenarios';
import type { TraceEvent } from '../../tools/simulator/trace';
import { parseTrace, toJsonLines } from '../../tools/simulator/trace';

const HOUR = 3600;
const DAY = 86_400;
const from = (e: TraceEvent): string => ('from' in e ? e.from : '');

describe('built-in scenarios', () => {
  test('are deterministic for a seed, and differ between seeds', () => {
    const a = SCENARIOS.quiet!({ seed: 7, scale: 0.2 });
    const b = SCENARIOS.quiet!({ seed: 7, scale: 0.2 });
    const c = SCENARIOS.quiet!({ seed: 8, scale: 0.2 });
    expect(b.events).toEqual(a.events);
    expect(c.events).not.toEqual(a.events);
  });

  test('raid2017 follows the facts of October 2017', () => {
    const { events, startMs } = SCENARIOS.raid2017!({ seed: 2017, scale: 1 });
    expect(startMs).toBe(LAUNCH_MS);
    const firstDays = events.filter((e) => e.t < 3 * DAY);
    // ~30,000 SMS in the first three days, from real people.
    expect(firstDays.length).toBeGreaterThan(28_000);
    expect(firstDays.length).toBeLessThan(36_000);
    expect(firstDays.every((e) => e.legit === true)).toBe(true);
    // ~3,000 curious people in the first hours.
    const firstHours = new Set(events.filter((e) => e.t < 6 * HOUR).map(from));
    expect(firstHours.size).toBeGreaterThan(2500);
    // The raid: 20,000+ abusive SMS, day 4 from 16:00 (t = 3 days + 8 h), in under 6 hours.
    const raid = events.filter((e) => e.legit === false);
    expect(raid.length).toBeGreaterThanOrEqual(20_000);
    const raidStart = 3 * DAY + 8 * HOUR;
    expect(Math.min(...raid.map((e) => e.t))).toBeGreaterThanOrEqual(raidStart);
    expect(Math.max(...raid.map((e) => e.t))).toBeLessThan(raidStart + 6 * HOUR);
    // Bots repeating, rotating fresh numbers, foreign and premium ranges.
    const perSender = new Map<string, number>();
    for (const e of raid) perSender.set(from(e), (perSender.get(from(e)) ?? 0) + 1);
    expect([...perSender.values()].filter((n) => n >= 100).length).toBeGreaterThanOrEqual(30);
    expect([...perSender.values()].filter((n) => n <= 2).length).toBeGreaterThan(5000);
    const checks = raid.map((e) => checkSenderNumber(from(e)));
    expect(checks.filter((c) => c.ok && c.country !== 'FR').length).toBeGreaterThan(1000);
    expect(checks.filter((c) => !c.ok).length).toBeGreaterThan(200);
    // Real people also write during and after the raid.
    expect(
      events.filter((e) => e.legit && e.t > raidStart && e.t < raidStart + 6 * HOUR).length,
    ).toBeGreaterThan(20);
    expect(events.filter((e) => e.legit && e.t > raidStart + 6 * HOUR).length).toBeGreaterThan(50);
  });

  test('rotating sends every raid message from a new number', () => {
    const { events } = SCENARIOS.rotating!({ seed: 1, scale: 0.1 });
    const raid = events.filter((e) => e.legit === false);
    expect(raid.length).toBe(2000);
    expect(new Set(raid.map(from)).size).toBe(raid.length);
  });

  test('real senders and raiders never share a number, and real senders have valid French mobiles', () => {
    const { events } = SCENARIOS.raid2017!({ seed: 3, scale: 0.1 });
    const legit = new Set(events.filter((e) => e.legit).map(from));
    const abusive = new Set(events.filter((e) => e.legit === false).map(from));
    expect([...legit].filter((n) => abusive.has(n))).toEqual([]);
    expect([...legit].every((n) => checkSenderNumber(n).ok && n.startsWith('+336'))).toBe(true);
  });

  test('a generated scenario round-trips through the trace format', () => {
    const { events } = SCENARIOS.quiet!({ seed: 1, scale: 0.05 });
    expect(parseTrace(toJsonLines(events))).toEqual(events);
  });
});

describe('trace format', () => {
  test('reads the documented forms, skips comments and blank lines', () => {
    const events = parseTrace(
      [
        '# a comment',
        '{"t": 12.5, "from": "+33612345678", "to": "+33700000000", "body": "salut", "id": "optional-inbound-id", "legit": true}',
        '',
        '{"t": 13, "raw": "{not json"}',
      ].join('\n'),
    );
    expect(events).toEqual([
      {
        t: 12.5,
        from: '+33612345678',
        to: '+33700000000',
        body: 'salut',
        id: 'optional-inbound-id',
        legit: true,
      },
      { t: 13, raw: '{not json' },
    ]);
  });

  test.each([
    ['{"t": 1, "from": "+33612345678"}', 'trace:1: expected'],
    ['{"t": -1, "raw": "x"}', 'trace:1: expected'],
    ['not json', 'trace:1: not valid JSON'],
    ['{"t": 1, "raw": "x", "extra": 1}', 'trace:1: expected'],
  ])('refuses %j with the line number', (line, message) => {
    expect(() => parseTrace(line)).toThrow(message);
  });
});
