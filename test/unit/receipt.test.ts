/**
 * Issue 16: a receipt read from AWS's event shape, the sealed tag, the USD → budget currency
 * conversion, and the learned price's bounds.
 */
import { billedMicros, parseReceipt } from '../../lambda/domain/receipt';
import type { LearnedPrice } from '../../lambda/domain/learned-price';
import {
  effectivePriceMicros,
  LEARNED_PRICE_DAYS,
  MIN_SAMPLE_SEGMENTS,
  observedPriceMicros,
  worthLearning,
} from '../../lambda/domain/learned-price';
import { countryOf } from '../../lambda/domain/phone';
import { costMicros } from '../../lambda/domain/policy';
import { DEFAULT_CONTROL } from '../../lambda/domain/types';
import { ReceiptTagger, RECEIPT_TAG_KEY, tagFor } from '../../lambda/receipt-tag';
import { TEST_SECRET } from '../support/harness';
import { testSettings } from '../support/settings';

const DAY_MS = 86_400_000;
const NOW = Date.UTC(2026, 10, 29, 16);

describe('parseReceipt', () => {
  test("reads AWS's example event", () => {
    // "Example AWS End User Messaging SMS event data" (configuration-sets-event-format.html).
    const example = {
      eventType: 'TEXT_SUCCESSFUL',
      eventVersion: '1.0',
      eventTimestamp: 1686975103470,
      isFinal: true,
      originationPhoneNumber: '+12065550152',
      destinationPhoneNumber: '+14255550156',
      isoCountryCode: 'US',
      mcc: '310',
      mnc: '800',
      messageId: '862a8790-60c0-4430-9b2b-658bdexample',
      messageRequestTimestamp: 1686975103170,
      messageEncoding: 'GSM',
      messageType: 'PROMOTIONAL',
      messageStatus: 'SUCCESSFUL',
      messageStatusDescription: 'Message has been accepted by phone carrier',
      context: { account: 'bar' },
      totalMessageParts: 1,
      totalMessagePrice: 0.09582,
      totalCarrierFee: 0.0,
    };
    expect(parseReceipt(JSON.stringify(example))).toEqual({
      ok: true,
      receipt: {
        messageId: '862a8790-60c0-4430-9b2b-658bdexample',
        final: true,
        status: 'SUCCESSFUL',
        tag: undefined,
        billedUsd: 0.09582,
        parts: 1,
      },
    });
  });

  test('price plus carrier fee; no price is undefined, not 0', () => {
    const parse = (fields: object) =>
      parseReceipt(JSON.stringify({ eventType: 'TEXT_DELIVERED', messageId: 'm', ...fields }));
    expect(parse({ totalMessagePrice: 0.1, totalCarrierFee: 0.02 })).toMatchObject({
      receipt: { billedUsd: 0.1 + 0.02, final: false },
    });
    expect(parse({ totalCarrierFee: 0.02 })).toMatchObject({ receipt: { billedUsd: undefined } });
    expect(parse({ totalMessagePrice: -1 })).toMatchObject({ receipt: { billedUsd: undefined } });
    expect(parse({ totalMessagePrice: '0.1' })).toMatchObject({
      receipt: { billedUsd: undefined },
    });
    expect(parse({ context: { [RECEIPT_TAG_KEY]: 'r1.x' } })).toMatchObject({
      receipt: { tag: 'r1.x' },
    });
  });

  test.each([
    ['not json', 'not JSON'],
    ['null', 'not an object'],
    [JSON.stringify({ eventType: 'TEXT_DELIVERED' }), 'messageId is missing or malformed'],
    [JSON.stringify({ eventType: 'VOICE_ANSWERED', messageId: 'm' }), 'not a text message event'],
    [JSON.stringify({ eventType: 'TEXT_DELIVERED', messageId: 'has space' }), 'messageId'],
  ])('%s is refused (%s)', (message, detail) => {
    const result = parseReceipt(message);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.detail).toContain(detail);
  });
});

test('billedMicros converts USD at the rate, rounding up to the micro-unit', () => {
  expect(billedMicros(0.09582, 1)).toBe(95_820);
  expect(billedMicros(0.1, 0.93)).toBe(93_000);
  expect(billedMicros(0.0000001, 1)).toBe(1);
  expect(billedMicros(0, 0.93)).toBe(0);
});

describe('ReceiptTagger', () => {
  const tagger = new ReceiptTagger(TEST_SECRET);
  const tag = { hour: '2026-11-29T16', costMicros: 150_000, country: 'FR' };

  test('opens what it sealed, within the Context value limits', () => {
    const value = tagger.tag(tag);
    expect(tagger.open(value)).toEqual(tag);
    expect(value.length).toBeLessThanOrEqual(800);
    expect(value).toMatch(/^\S(.*\S)?$/);
  });

  test('refuses a tag of another key, a changed field, or junk', () => {
    const value = tagger.tag(tag);
    expect(new ReceiptTagger('another-deployment-secret-0123').open(value)).toBeUndefined();
    expect(tagger.open(value.replace('150000', '150001'))).toBeUndefined();
    expect(tagger.open(value.replace('FR', 'BE'))).toBeUndefined();
    for (const junk of [undefined, 42, '', 'r1', `${value}.x`, 'r2' + value.slice(2)]) {
      expect(tagger.open(junk)).toBeUndefined();
    }
  });

  test('tagFor: the reservation and the country; none without a tagger or a country', () => {
    const reservation = {
      periods: { month: '2026-11', day: '2026-11-29', hour: '2026-11-29T16' },
      costMicros: 150_000,
    };
    expect(tagger.open(tagFor(tagger, reservation, 'FR'))).toEqual(tag);
    expect(tagFor(undefined, reservation, 'FR')).toBeUndefined();
    expect(tagFor(tagger, reservation, undefined)).toBeUndefined();
    // The dispatcher's country: the number's, none for a number that is not a mobile's.
    expect(countryOf('+33612345678')).toBe('FR');
    expect(countryOf('not a number')).toBeUndefined();
  });
});

describe('the learned price', () => {
  const configured = 75_000;
  const learned = (micros: number, ageMs = 0): LearnedPrice => ({ micros, atMs: NOW - ageMs });

  test('is never below the configured price, nor above the bound', () => {
    for (const micros of [0, 1, 50_000, 74_999, 75_000, 90_000, 150_000, 10_000_000]) {
      const price = effectivePriceMicros(configured, learned(micros), NOW, 2);
      expect(price).toBeGreaterThanOrEqual(configured);
      expect(price).toBeLessThanOrEqual(2 * configured);
    }
    expect(effectivePriceMicros(configured, learned(90_000), NOW, 2)).toBe(90_000);
    expect(effectivePriceMicros(configured, learned(900_000), NOW, 1.5)).toBe(112_500);
  });

  test(`is forgotten after ${LEARNED_PRICE_DAYS} days`, () => {
    const old = learned(90_000, LEARNED_PRICE_DAYS * DAY_MS + 1);
    expect(effectivePriceMicros(configured, old, NOW, 2)).toBe(configured);
    expect(effectivePriceMicros(configured, undefined, NOW, 2)).toBe(configured);
  });

  test("is the day's billed ÷ estimated times the configured price, from enough segments", () => {
    const enough = MIN_SAMPLE_SEGMENTS * configured;
    expect(
      observedPriceMicros(configured, { billedMicros: 1.2 * enough, estimatedMicros: enough }, 2),
    ).toBe(90_000);
    expect(
      observedPriceMicros(configured, { billedMicros: 2, estimatedMicros: enough - 1 }, 2),
    ).toBeUndefined();
    expect(observedPriceMicros(configured, { billedMicros: 0, estimatedMicros: enough }, 2)).toBe(
      configured,
    );
    expect(
      observedPriceMicros(configured, { billedMicros: 9 * enough, estimatedMicros: enough }, 3),
    ).toBe(225_000);
  });

  test('is written again only when it moves by more than 1 %, or to keep it fresh', () => {
    expect(worthLearning(90_000, 90_500, learned(90_000), NOW)).toBe(false);
    expect(worthLearning(90_000, 91_000, learned(90_000), NOW)).toBe(true);
    expect(worthLearning(90_000, 90_000, learned(90_000, DAY_MS + 1), NOW)).toBe(true);
  });

  test('a reservation counts it: costMicros with the control item', () => {
    const settings = testSettings({ sendVia: 'sms-voice' });
    const text = settings.reply.default;
    const control = { ...DEFAULT_CONTROL, learnedPrices: { FR: learned(90_000) } };
    expect(costMicros(text, 'FR', settings)).toBe(text.segments * configured);
    expect(costMicros(text, 'FR', settings, { control, nowMs: NOW })).toBe(text.segments * 90_000);
    // Without receipts (SNS), a learned price is not used.
    expect(costMicros(text, 'FR', testSettings(), { control, nowMs: NOW })).toBe(
      text.segments * configured,
    );
  });
});
