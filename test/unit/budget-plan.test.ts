/** The budget plan's pure arithmetic, the `--budget` option, and the per-day calendar. */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { InvalidArgumentError } from 'commander';
import { periodKeys } from '../../lambda/domain/calendar';
import type { ConfigInput } from '../../lib/config';
import { ConfigError } from '../../lib/config';
import {
  budgetOptionValue,
  parseBudgetOption,
  planConfigError,
  withBudget,
} from '../../tools/simulator/budget-override';
import type { Demand } from '../../tools/simulator/budget-plan';
import { budgetPlan, serveInOrder } from '../../tools/simulator/budget-plan';
import { perDay } from '../../tools/simulator/per-day';
import type { EventResult } from '../../tools/simulator/run';

const TZ = 'Europe/Paris';
const START = Date.UTC(2026, 9, 16, 6, 0, 0); // Friday 08:00 in Paris
const REPLY = 150_000; // two segments at EUR 0.075
const HOUR_MS = 3_600_000;
const UNLIMITED = Number.POSITIVE_INFINITY;

const demandAt = (atMs: number, segments = 2): Demand => ({
  atMs,
  ...periodKeys(atMs, TZ),
  segments,
  segmentMicros: 75_000,
});

describe('serveInOrder', () => {
  test('serves in arrival order while every cap has room, each period on its own', () => {
    // 5 people in the first hour, 2 in the second.
    const demand = [0, 1, 2, 3, 4].map((m) => demandAt(START + m * 60_000));
    demand.push(demandAt(START + HOUR_MS), demandAt(START + HOUR_MS + 1));
    const caps = { hour: 3 * REPLY, day: 4 * REPLY, month: UNLIMITED };
    const run = serveInOrder(demand, caps);
    expect(run.served).toBe(4); // 3 in the first hour (hour cap), 1 in the second (day cap)
    expect(run.spent.day.get('2026-10-16')).toBe(4 * REPLY);
    expect(serveInOrder(demand, caps, { segments: 1 }).served).toBe(7);
  });

  test('money already spent on other senders counts against the caps', () => {
    const demand = [demandAt(START), demandAt(START + 1)];
    const others = { hour: new Map([['2026-10-16T08', REPLY]]), day: new Map(), month: new Map() };
    expect(
      serveInOrder(demand, { hour: 2 * REPLY, day: UNLIMITED, month: UNLIMITED }, { others })
        .served,
    ).toBe(1);
  });
});

describe('budgetPlan', () => {
  // 10 in the launch hour, 2 an hour for 10 hours, then 4 in one hour the next day.
  const demand = [
    ...Array.from({ length: 10 }, (_, i) => demandAt(START + i * 1000)),
    ...Array.from({ length: 20 }, (_, i) =>
      demandAt(START + HOUR_MS * (1 + Math.floor(i / 2)) + i),
    ),
    ...Array.from({ length: 4 }, (_, i) => demandAt(START + 24 * HOUR_MS + i)),
  ];

  test('the smallest hour cap for each share, then the smallest day cap, and the month they spend', () => {
    const plan = budgetPlan(demand, 40); // 40 real senders, 34 of them eligible
    // 50%: 20 people; with a cap of 2 replies an hour: 2 + 20 + 2 = 24 ≥ 20, with 1: 12.
    expect(plan[0]).toEqual({
      served_share: 0.5,
      hour: 2 * REPLY,
      // …and a day cap of 18 still serves 20: 18 on the first day, 2 on the second.
      day: 18 * REPLY,
      month: 20 * REPLY,
      senders_served: 20,
      reachable: true,
    });
    // 80%: 32 people: 8 in the launch hour (8 + 20 + 4).
    expect(plan[1]).toMatchObject({ hour: 8 * REPLY, day: 28 * REPLY, senders_served: 32 });
    // 95%: 38 people, more than the 34 eligible: all of them, and it says so.
    expect(plan[2]).toMatchObject({ hour: 10 * REPLY, senders_served: 34, reachable: false });
  });

  test('is monotone in the share, whatever the demand', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 72 * 60 }), fc.integer({ min: 1, max: 3 })), {
          minLength: 1,
          maxLength: 60,
        }),
        fc.integer({ min: 1, max: 80 }),
        (arrivals, extra) => {
          const items = arrivals
            .map(([minute, segments]) => demandAt(START + minute * 60_000, segments))
            .sort((a, b) => a.atMs - b.atMs);
          const plan = budgetPlan(items, items.length + extra, undefined, [0.2, 0.5, 0.8, 0.95]);
          for (let i = 1; i < plan.length; i += 1) {
            for (const period of ['hour', 'day', 'month'] as const) {
              expect(plan[i]![period]).toBeGreaterThanOrEqual(plan[i - 1]![period]);
            }
            expect(plan[i]!.hour).toBeLessThanOrEqual(plan[i]!.day);
            expect(plan[i]!.day).toBeLessThanOrEqual(plan[i]!.month);
          }
          // Each reachable plan serves its share in the model.
          const short = plan.filter(
            (entry) =>
              entry.reachable &&
              serveInOrder(items, entry).served <
                Math.ceil(entry.served_share * (items.length + extra)),
          );
          expect(short).toEqual([]);
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('--budget', () => {
  const shipped = JSON.parse(readFileSync('config/antirelou.json', 'utf8')) as ConfigInput;

  test('takes any of the three caps, in currency units', () => {
    expect(parseBudgetOption('hour=8,day=60,month=400')).toEqual({ hour: 8, day: 60, month: 400 });
    expect(parseBudgetOption(' day = 12.5 ')).toEqual({ day: 12.5 });
    expect(withBudget(shipped, { day: 60 }).budget).toMatchObject({ hour: 5, day: 60, month: 300 });
    expect(budgetOptionValue({ hour: 450_000, day: 3_300_000, month: 12_000_000 })).toBe(
      'hour=0.45,day=3.3,month=12',
    );
  });

  test.each([
    ['week=3', /not hour=…, day=… or month=…/],
    ['hour', /not hour=…/],
    ['hour=1,hour=2', /hour is given twice/],
    ['day=-1', /day=-1 is not an amount ≥ 0/],
    ['day=lots', /day=lots is not an amount/],
  ])('refuses %s with a sentence', (text, message) => {
    expect(() => parseBudgetOption(text)).toThrow(InvalidArgumentError);
    expect(() => parseBudgetOption(text)).toThrow(message);
  });

  test("is checked like the config: hour ≤ day ≤ month, the budget item's limit", () => {
    expect(() => withBudget(shipped, { hour: 50 })).toThrow(ConfigError);
    expect(() => withBudget(shipped, { hour: 50 })).toThrow(/budget.hour is above budget.day/);
    expect(planConfigError(shipped, { hour: 5e6, day: 2000e6, month: 9000e6 })).toMatch(
      /budget item/,
    );
    expect(planConfigError(shipped, { hour: 5e6, day: 40e6, month: 300e6 })).toBeUndefined();
  });
});

describe('perDay', () => {
  const result = (
    t: number,
    outcome: EventResult['outcome'],
    from = '+33612345678',
  ): EventResult => ({
    t,
    from,
    legit: true,
    outcome,
  });

  test("days of the budget's time zone, first and last marked partial, refusals counted", () => {
    const sends = [
      { atMs: START + 60_000, reservedAtMs: START, costMicros: REPLY },
      // Paid at 23:50 on Friday in Paris, sent after midnight: Friday's money.
      {
        atMs: START + 16 * HOUR_MS,
        reservedAtMs: START + 15 * HOUR_MS + 50 * 60_000,
        costMicros: REPLY,
      },
    ] as unknown as Parameters<typeof perDay>[0]['sends'];
    const refused = { kind: 'dropped', reason: 'budget_day' } as const;
    const results = [
      result(0, { kind: 'scheduled', text: 'reply', costMicros: REPLY, sendAtMs: START }),
      result(17 * 3600, refused), // Saturday 01:00 in Paris, still Friday 23:00 UTC
      result(17 * 3600 + 5, refused),
      result(17 * 3600 + 9, { kind: 'dropped', reason: 'window' }, '+33612345679'),
      result(3 * 86_400, refused, '+33612345679'),
      // Refused for the day's money, then on the waiting list: a refusal too.
      result(
        3 * 86_400 + 10,
        { kind: 'waiting', reason: 'budget_day', sendAtMs: START + 4 * 86_400_000 },
        '+33612345670',
      ),
    ];
    const days = perDay({ results, sends, startMs: START }, { timeZone: TZ, dayMicros: 40e6 });
    expect(days).toEqual([
      {
        date: '2026-10-16',
        spent_micros: 2 * REPLY,
        cap_micros: 40e6,
        refused_for_money: 0,
        refused_senders: 0,
        waiting: 0,
        full_day: false,
      },
      {
        date: '2026-10-17',
        spent_micros: 0,
        cap_micros: 40e6,
        refused_for_money: 2,
        refused_senders: 1,
        waiting: 0,
        full_day: true,
      },
      {
        date: '2026-10-18',
        spent_micros: 0,
        cap_micros: 40e6,
        refused_for_money: 0,
        refused_senders: 0,
        waiting: 0,
        full_day: true,
      },
      {
        date: '2026-10-19',
        spent_micros: 0,
        cap_micros: 40e6,
        refused_for_money: 2,
        refused_senders: 2,
        waiting: 1,
        full_day: false,
      },
    ]);
  });
});
