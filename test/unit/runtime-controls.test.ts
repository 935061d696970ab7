/**
 * The pure parts of the run-time controls (issue 15, point 5): the responder's own segment
 * counter against Twilio's calculator, the raised caps (never above the ceiling, still lowered
 * by an override), the texts of the control item (recounted), and the config's ceiling.
 */
import fc from 'fast-check';
import { SegmentedMessage } from 'sms-segments-calculator';
import { effectiveCaps, textFor } from '../../lambda/domain/policy';
import { countSegments } from '../../lambda/domain/sms-segments';
import { DEFAULT_CONTROL } from '../../lambda/domain/types';
import { controlOf } from '../../lambda/items/control-item';
import { ConfigError, parseConfig } from '../../lib/config/load';
import { MAX_REPLIES_PER_DAY } from '../../lib/config/budget-item';
import { deployWarnings } from '../../lib/config/deploy-checks';
import { priceableText } from '../../tools/admin/reply-pricing';
import { testConfigInput, testSettings } from '../support/settings';

describe('countSegments (the responder) agrees with sms-segments-calculator', () => {
  const twilio = (body: string) => {
    const m = new SegmentedMessage(body, 'auto', false);
    return { encoding: m.encodingName, segments: m.segmentsCount };
  };

  test.each([
    ['', 'GSM-7', 1],
    ['a'.repeat(160), 'GSM-7', 1],
    ['a'.repeat(161), 'GSM-7', 2],
    ['a'.repeat(306), 'GSM-7', 2],
    ['a'.repeat(307), 'GSM-7', 3],
    ['€'.repeat(80), 'GSM-7', 1],
    ['a' + '€'.repeat(80), 'GSM-7', 2],
    ['é'.repeat(160), 'GSM-7', 1],
    ['ç'.repeat(70), 'UCS-2', 1],
    ['ç'.repeat(71), 'UCS-2', 2],
    ['😀'.repeat(35), 'UCS-2', 1],
    ['a' + '😀'.repeat(34), 'UCS-2', 1],
    ['a' + '😀'.repeat(35), 'UCS-2', 2],
  ])('%j', (body, encoding, segments) => {
    expect(countSegments(body)).toEqual({ encoding, segments });
    expect(twilio(body)).toEqual({ encoding, segments });
  });

  test('on random texts of GSM-7, extension, Latin-1 and astral characters', () => {
    const alphabet = [...'aZ09 .,!?\n€[]{}^~|\\éèàùÇçÉ’“”😀ΩΔ'];
    const text = fc
      .array(fc.constantFrom(...alphabet), { maxLength: 700 })
      .map((chars) => chars.join(''));
    fc.assert(
      fc.property(text, (body) => {
        expect(countSegments(body)).toEqual(twilio(body));
      }),
      { numRuns: 300 },
    );
  });
});

test('where they differ (grapheme clusters kept whole), reply set stores the larger count', () => {
  // 👍🏽 is two code points the calculator keeps in one segment: 34 of them and one more unit.
  const body = 'a' + '👍🏽'.repeat(17) + 'b'.repeat(1);
  const stored = priceableText(body);
  expect(stored.segments).toBe(
    Math.max(countSegments(body).segments, new SegmentedMessage(body).segmentsCount),
  );
});

describe('raised caps', () => {
  const settings = testSettings({
    budget: { hour: 1, day: 10, month: 100, ceiling: { hour: 2, day: 20, month: 150 } },
  });
  const amount = fc.option(fc.double({ min: -1e15, max: 1e15 }), { nil: undefined });

  test('never above the ceiling nor below the config cap, whatever the item says', () => {
    fc.assert(
      fc.property(amount, amount, amount, (hourMicros, dayMicros, monthMicros) => {
        const caps = effectiveCaps(settings, {
          ...DEFAULT_CONTROL,
          budgetRaise: { hourMicros, dayMicros, monthMicros },
        });
        for (const field of ['hourMicros', 'dayMicros', 'monthMicros'] as const) {
          expect(caps[field]).toBeLessThanOrEqual(settings.budget.ceiling![field]);
          expect(caps[field]).toBeGreaterThanOrEqual(settings.budget[field]);
        }
      }),
    );
  });

  test('a raise within the ceiling applies; an override lowers it; raid mode lowers the hour', () => {
    const raise = { hourMicros: 1_500_000, dayMicros: 15_000_000 };
    expect(effectiveCaps(settings, { ...DEFAULT_CONTROL, budgetRaise: raise })).toEqual({
      hourMicros: 1_500_000,
      dayMicros: 15_000_000,
      monthMicros: 100_000_000,
    });
    expect(
      effectiveCaps(settings, {
        ...DEFAULT_CONTROL,
        budgetRaise: raise,
        budgetOverride: { dayMicros: 3_000_000 },
        raidOverride: 'on',
      }),
    ).toMatchObject({ hourMicros: settings.raid!.hourMicros, dayMicros: 3_000_000 });
  });

  test('with no ceiling in the settings (an older deploy), nothing is raised', () => {
    const old = testSettings({ budget: { hour: 1, day: 10, month: 100 } });
    const { ceiling: _ceiling, ...budget } = old.budget;
    const caps = effectiveCaps(
      { ...old, budget },
      { ...DEFAULT_CONTROL, budgetRaise: { dayMicros: 1e12 } },
    );
    expect(caps.dayMicros).toBe(10_000_000);
  });
});

describe('texts on the control item', () => {
  const settings = testSettings({
    reply: { default: 'Config default.', byCountry: { FR: 'Config FR.' } },
  });

  test('a stored segment count below the recount is ignored; above it, kept (priced higher)', () => {
    const body = 'b'.repeat(400);
    const low = controlOf({
      texts: { reply: { default: { body, encoding: 'GSM-7', segments: 1 } } },
    });
    expect(low.texts?.reply?.default).toEqual({ body, encoding: 'GSM-7', segments: 3 });
    const high = controlOf({ texts: { reply: { default: { body: 'ok', segments: 4 } } } });
    expect(high.texts?.reply?.default?.segments).toBe(4);
    const liar = controlOf({ texts: { reply: { default: { body: 'ç', encoding: 'GSM-7' } } } });
    expect(liar.texts?.reply?.default?.encoding).toBe('UCS-2');
  });

  test('malformed entries are dropped: empty, too long, not text, bad country', () => {
    const control = controlOf({
      texts: {
        reply: {
          default: { body: ' ' },
          byCountry: { fr: { body: 'x' }, BE: { body: 'y'.repeat(1601) }, DE: 7 },
        },
        help: [],
      },
    });
    expect(control.texts).toBeUndefined();
  });

  test("a country's text wins over the default, the run-time text over the config's", () => {
    const control = controlOf({
      texts: {
        reply: { default: { body: 'Runtime default.' }, byCountry: { BE: { body: 'BE.' } } },
      },
    });
    expect(textFor('reply', 'FR', settings, control).body).toBe('Config FR.');
    expect(textFor('reply', 'BE', settings, control).body).toBe('BE.');
    expect(textFor('reply', 'DE', settings, control).body).toBe('Runtime default.');
    expect(textFor('reply', 'DE', settings).body).toBe('Config default.');
  });
});

describe('budget.ceiling in the config', () => {
  const config = (budget: object) =>
    parseConfig(testConfigInput({ budget: budget as never }), 'test');

  test('defaults to the caps (no raise)', () => {
    const settings = testSettings({ budget: { hour: 1, day: 10, month: 100 } });
    expect(settings.budget.ceiling).toEqual({
      hourMicros: 1_000_000,
      dayMicros: 10_000_000,
      monthMicros: 100_000_000,
    });
  });

  test('below its cap: a sentence naming the field', () => {
    expect(() => config({ hour: 1, day: 10, month: 100, ceiling: { day: 5 } })).toThrow(
      /budget\.ceiling\.day: budget\.ceiling\.day \(5\) is below budget\.day \(10\).*make it at least 10/,
    );
  });

  test("its day must fit the month's budget item, as budget.day must", () => {
    const perReply = 0.15; // the default reply: 2 segments at EUR 0.075
    const tooMany = Math.ceil((MAX_REPLIES_PER_DAY + 10) * perReply);
    let error: unknown;
    try {
      config({ hour: 1, day: 10, month: 100_000, ceiling: { day: tooMany } });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.join('\n')).toMatch(
      /^budget\.ceiling\.day buys \d+ reply texts a day to FR, .*lower budget\.ceiling\.day/m,
    );
  });
});

test('synth warns when the account spend limit is below the month ceiling', () => {
  const warnings = deployWarnings(
    parseConfig(
      testConfigInput({
        budget: { hour: 1, day: 10, month: 100, ceiling: { month: 300 } },
        accountMonthlySpendLimitUsd: 200,
      }),
      'test',
    ),
  );
  expect(warnings).toContainEqual(
    expect.stringMatching(
      /^accountMonthlySpendLimitUsd \(200 USD\) is below budget\.ceiling\.month \(300 EUR\)/,
    ),
  );
});
