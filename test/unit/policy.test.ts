import fc from 'fast-check';
import type { InboundSms } from '../../lambda/domain/inbound';
import {
  budgetVerdict,
  costMicros,
  effectiveCaps,
  planReply,
  senderVerdict,
  usedPercent,
} from '../../lambda/domain/policy';
import type { BudgetCaps, ControlState, PeriodAmounts } from '../../lambda/domain/types';
import { DEFAULT_CONTROL } from '../../lambda/domain/types';
import { testSettings } from '../support/settings';

const settings = testSettings({ budget: { hour: 1, day: 5, month: 20 } });
const NOW = Date.UTC(2026, 10, 23, 12);
const sms = (overrides: Partial<InboundSms> = {}): InboundSms => ({
  from: '+33612345678',
  country: 'FR',
  to: '+33700000000',
  body: 'salut',
  keyword: '',
  inboundMessageId: 'id-1',
  ...overrides,
});

describe('planReply', () => {
  test.each<[string, InboundSms, ControlState, string]>([
    ['a French mobile', sms(), DEFAULT_CONTROL, 'reply'],
    [
      'a British mobile',
      sms({ from: '+447400123456', country: 'GB' }),
      DEFAULT_CONTROL,
      'country_not_allowed',
    ],
    ['a number of no country', sms({ country: undefined }), DEFAULT_CONTROL, 'country_not_allowed'],
    ['while paused', sms(), { ...DEFAULT_CONTROL, paused: true }, 'paused'],
    [
      'with the day override at 0',
      sms(),
      { ...DEFAULT_CONTROL, budgetOverride: { dayMicros: 0 } },
      'budget_day',
    ],
    [
      'with the month override below one reply',
      sms(),
      { ...DEFAULT_CONTROL, budgetOverride: { monthMicros: 1000 } },
      'budget_month',
    ],
  ])('%s → %s', (_name, message, control, expected) => {
    const plan = planReply(message, 'reply', control, settings, NOW);
    expect(plan.kind === 'drop' ? plan.reason : plan.kind).toBe(expected);
  });

  test('costs segments × price, and gives the window start', () => {
    const plan = planReply(sms(), 'reply', DEFAULT_CONTROL, settings, NOW);
    expect(plan).toMatchObject({
      kind: 'reply',
      costMicros: 2 * 75_000,
      windowStartMs: NOW - 30 * 86_400_000,
      caps: { hourMicros: 1_000_000, dayMicros: 5_000_000, monthMicros: 20_000_000 },
    });
  });

  test('a country in the allow-list without a price is never replied to', () => {
    const noPrice = { ...settings, allowedCountries: ['FR', 'BE'] };
    const plan = planReply(
      sms({ from: '+32470123456', country: 'BE' }),
      'reply',
      DEFAULT_CONTROL,
      noPrice,
      NOW,
    );
    expect(plan).toEqual({ kind: 'drop', reason: 'no_price' });
  });
});

describe('planReply with replyOnlyTo (a rehearsal on a SIMULATOR number)', () => {
  /** AWS's US destination simulator numbers (docs/aws-facts.md §5). */
  const SUCCESS = '+14254147755';
  const FAILURE = '+14254147167';
  const rehearsal = testSettings({
    allowedCountries: ['US'],
    prices: { US: 0.01 },
    // The rehearsal's budgets (config/rehearsal.json).
    budget: { currency: 'USD', hour: 0.1, day: 0.2, month: 1 },
    replyOnlyTo: [SUCCESS, FAILURE],
  });
  const us = (from: string): InboundSms => sms({ from, country: 'US' });

  test.each<[string, InboundSms, string]>([
    ['the success simulator', us(SUCCESS), 'reply'],
    ['the failure simulator', us(FAILURE), 'reply'],
    ['another US mobile', us('+12025550123'), 'not_on_reply_list'],
    ['a French mobile: its country comes first', sms(), 'country_not_allowed'],
  ])('%s → %s', (_name, message, expected) => {
    const plan = planReply(message, 'reply', DEFAULT_CONTROL, rehearsal, NOW);
    expect(plan.kind === 'drop' ? plan.reason : plan.kind).toBe(expected);
  });

  test('the help text is held to the same list', () => {
    expect(planReply(us('+12025550123'), 'help', DEFAULT_CONTROL, rehearsal, NOW)).toEqual({
      kind: 'drop',
      reason: 'not_on_reply_list',
    });
  });

  test('without the list, anyone in the allowed countries may get a reply', () => {
    expect(settings.replyOnlyTo).toBeUndefined();
    expect(
      planReply(sms({ from: '+33687654321' }), 'reply', DEFAULT_CONTROL, settings, NOW),
    ).toMatchObject({
      kind: 'reply',
    });
  });
});

describe('senderVerdict', () => {
  const windowStart = NOW - 1000;
  test.each([
    [undefined, 'eligible'],
    [{}, 'eligible'],
    [{ replyAtMs: windowStart }, 'eligible'],
    [{ replyAtMs: windowStart + 1 }, 'window'],
    [{ optedOut: true }, 'opted_out'],
    [{ flagged: true, optedOut: true }, 'flagged'],
    [{ blocked: true, flagged: true, replyAtMs: NOW }, 'blocked'],
  ])('%j → %s', (state, verdict) => {
    expect(senderVerdict(state, windowStart)).toBe(verdict);
  });
});

describe('money rules (property-based)', () => {
  const micros = fc.integer({ min: 0, max: 10_000_000_000 });
  const caps = fc.record({ hourMicros: micros, dayMicros: micros, monthMicros: micros });
  const spent = fc.record({ hour: micros, day: micros, month: micros });

  test('budgetVerdict says ok only when the cost fits every cap', () => {
    fc.assert(
      fc.property(spent, caps, fc.integer({ min: 1, max: 5_000_000 }), (s, c, cost) => {
        const fits =
          s.hour + cost <= c.hourMicros &&
          s.day + cost <= c.dayMicros &&
          s.month + cost <= c.monthMicros;
        expect(budgetVerdict(s, c, cost) === 'ok').toBe(fits);
      }),
    );
  });

  test('any sequence of reservations that budgetVerdict accepts stays within every cap', () => {
    fc.assert(
      fc.property(
        fc.record({
          hourMicros: fc.integer({ min: 0, max: 3_000_000 }),
          dayMicros: fc.integer({ min: 0, max: 10_000_000 }),
          monthMicros: fc.integer({ min: 0, max: 30_000_000 }),
        }),
        fc.array(
          fc.record({
            cost: fc.integer({ min: 1, max: 800_000 }),
            newHour: fc.boolean(),
            newDay: fc.boolean(),
          }),
          {
            maxLength: 200,
          },
        ),
        (c: BudgetCaps, steps) => {
          let s: PeriodAmounts = { hour: 0, day: 0, month: 0 };
          let peakHour = 0;
          let peakDay = 0;
          for (const step of steps) {
            if (step.newDay) s = { ...s, day: 0, hour: 0 };
            else if (step.newHour) s = { ...s, hour: 0 };
            if (budgetVerdict(s, c, step.cost) === 'ok') {
              s = { hour: s.hour + step.cost, day: s.day + step.cost, month: s.month + step.cost };
            }
            peakHour = Math.max(peakHour, s.hour);
            peakDay = Math.max(peakDay, s.day);
          }
          expect(peakHour).toBeLessThanOrEqual(c.hourMicros);
          expect(peakDay).toBeLessThanOrEqual(c.dayMicros);
          expect(s.month).toBeLessThanOrEqual(c.monthMicros);
        },
      ),
    );
  });

  test('overrides only ever lower the caps', () => {
    const override = fc.option(fc.integer({ min: -5, max: 100_000_000 }), { nil: undefined });
    fc.assert(
      fc.property(override, override, override, (hourMicros, dayMicros, monthMicros) => {
        const result = effectiveCaps(settings, {
          ...DEFAULT_CONTROL,
          budgetOverride: { hourMicros, dayMicros, monthMicros },
        });
        expect(result.hourMicros).toBeLessThanOrEqual(settings.budget.hourMicros);
        expect(result.dayMicros).toBeLessThanOrEqual(settings.budget.dayMicros);
        expect(result.monthMicros).toBeLessThanOrEqual(settings.budget.monthMicros);
        expect(
          Math.min(result.hourMicros, result.dayMicros, result.monthMicros),
        ).toBeGreaterThanOrEqual(0);
      }),
    );
  });

  test('costs are whole micro-units: segments × integer price', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 0, max: 2_000_000 }),
        (segments, price) => {
          const text = { body: 'x', encoding: 'GSM-7' as const, segments };
          const cost = costMicros(text, 'FR', { ...settings, segmentPriceMicros: { FR: price } });
          expect(Number.isSafeInteger(cost)).toBe(true);
          expect(cost).toBe(segments * price);
        },
      ),
    );
  });

  test('usedPercent reports 100 for a zero cap', () => {
    expect(
      usedPercent({ hour: 0, day: 5, month: 5 }, { hourMicros: 0, dayMicros: 10, monthMicros: 20 }),
    ).toEqual({
      hour: 100,
      day: 50,
      month: 25,
    });
  });
});
