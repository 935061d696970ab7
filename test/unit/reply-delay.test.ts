/**
 * The safety delay's pure parts: the `replyDelay` config, the delay drawn for each reply, the
 * schedule's name and the scheduled reply the dispatcher accepts.
 */
import fc from 'fast-check';
import { ConfigError, parseConfig, toResponderSettings } from '../../lib/config';
import type { ScheduledReply } from '../../lambda/domain/scheduled-reply';
import {
  drawDelaySeconds,
  parseScheduledReply,
  scheduleName,
} from '../../lambda/domain/scheduled-reply';
import { testConfigInput } from '../support/settings';

const delayOf = (replyDelay: unknown) =>
  parseConfig(testConfigInput({ replyDelay } as never), 'test.json').replyDelay;

describe('replyDelay in the config', () => {
  test('defaults to 20 minutes, and 0 means at once (no delay in the settings)', () => {
    expect(parseConfig(testConfigInput(), 'test.json').replyDelay).toEqual({
      minSeconds: 1200,
      maxSeconds: 1200,
    });
    expect(toResponderSettings(parseConfig(testConfigInput())).replyDelay).toEqual({
      minSeconds: 1200,
      maxSeconds: 1200,
    });
    expect(toResponderSettings(parseConfig(testConfigInput({ replyDelay: 0 }))).replyDelay).toBe(
      undefined,
    );
  });

  test.each<[unknown, number, number]>([
    [20, 1200, 1200],
    [1.5, 90, 90],
    ['0', 0, 0],
    ['90s', 90, 90],
    ['20m', 1200, 1200],
    ['20 min', 1200, 1200],
    ['1h', 3600, 3600],
    ['1h30m', 5400, 5400],
    ['24h', 86_400, 86_400],
    [{ min: '15m', max: 45 }, 900, 2700],
  ])('%j is %i to %i seconds', (value, min, max) => {
    expect(delayOf(value)).toEqual({ minSeconds: min, maxSeconds: max });
  });

  test.each<[unknown, string]>([
    ['25h', 'replyDelay: replyDelay is over 24 hours (24h at most)'],
    ['30s', 'replyDelay: replyDelay must be 0 (reply at once) or at least 1 minute ("1m")'],
    ['soon', 'replyDelay: replyDelay must be a number of minutes (20), or a duration such as'],
    [-5, 'not -5'],
    [{ min: '45m', max: '15m' }, 'replyDelay.min is above replyDelay.max'],
    [{ min: '1m', max: 'later' }, 'replyDelay.max must be a number of minutes'],
    [true, 'replyDelay must be a number of minutes (20)'],
  ])('%j is refused: %s', (value, message) => {
    expect(() => delayOf(value)).toThrow(ConfigError);
    expect(() => delayOf(value)).toThrow(message);
  });

  test('a delay must end well inside the sender window', () => {
    expect(() =>
      parseConfig(testConfigInput({ senderWindowDays: 1, replyDelay: '20h' }), 'test.json'),
    ).toThrow('replyDelay must end at least 12 hours before the sender window');
    expect(
      parseConfig(testConfigInput({ senderWindowDays: 1, replyDelay: '11h' }), 'test.json')
        .replyDelay.maxSeconds,
    ).toBe(11 * 3600);
  });
});

test('drawn delays are whole seconds within the range, both ends reachable', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 60, max: 86_400 }),
      fc.integer({ min: 0, max: 86_400 }),
      fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
      (min, span, r) => {
        const delay = { minSeconds: min, maxSeconds: Math.min(86_400, min + span) };
        const drawn = drawDelaySeconds(delay, () => r);
        expect(Number.isInteger(drawn)).toBe(true);
        expect(drawn).toBeGreaterThanOrEqual(delay.minSeconds);
        expect(drawn).toBeLessThanOrEqual(delay.maxSeconds);
      },
    ),
  );
  expect(drawDelaySeconds({ minSeconds: 60, maxSeconds: 120 }, () => 0)).toBe(60);
  expect(drawDelaySeconds({ minSeconds: 60, maxSeconds: 120 }, () => 0.999999)).toBe(120);
  expect(drawDelaySeconds({ minSeconds: 600, maxSeconds: 600 }, () => 0.5)).toBe(600);
});

test('schedule names fit EventBridge Scheduler, one per inbound message', () => {
  fc.assert(
    fc.property(fc.string({ minLength: 1, maxLength: 200 }), (id) => {
      expect(scheduleName(id)).toMatch(/^[0-9a-zA-Z\-_.]{1,64}$/);
      expect(scheduleName(id)).toBe(scheduleName(id));
    }),
  );
  expect(scheduleName('a')).not.toBe(scheduleName('b'));
});

describe('the scheduled reply the dispatcher accepts', () => {
  const reply: ScheduledReply = {
    v: 2,
    inboundId: 'in-1',
    senderKey: 'key',
    to: '+33612345678',
    body: 'Bonjour.',
    text: 'reply',
    costMicros: 150_000,
    periods: { month: '2026-11', day: '2026-11-23', hour: '2026-11-23T09' },
    decidedAtMs: 1_000,
    sendAtMs: 1_201_000,
    seal: 'x'.repeat(43),
  };

  test('a reply survives its JSON round trip (the schedule Input)', () => {
    expect(parseScheduledReply(JSON.parse(JSON.stringify(reply)))).toEqual({ ok: true, reply });
    const withPrevious = { ...reply, previousReplyAtMs: 5 };
    expect(parseScheduledReply(withPrevious)).toEqual({ ok: true, reply: withPrevious });
  });

  test.each<[string, unknown, string]>([
    ['not an object', 'hello', 'the event is not an object'],
    ['an older version', { ...reply, v: 1 }, 'unknown payload version 1'],
    ['no seal', { ...reply, seal: undefined }, 'seal is missing'],
    ['no number', { ...reply, to: undefined }, 'to is missing'],
    ['not E.164', { ...reply, to: '0612345678' }, 'to is not an E.164 number'],
    ['unknown text', { ...reply, text: 'insult' }, 'text is neither'],
    ['money as a float', { ...reply, costMicros: 0.15 }, 'costMicros is not a whole number'],
    ['bad periods', { ...reply, periods: { month: 'x' } }, 'periods is not {month, day, hour}'],
  ])('%s is refused', (_, event, detail) => {
    const parsed = parseScheduledReply(event);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.detail).toContain(detail);
  });
});
