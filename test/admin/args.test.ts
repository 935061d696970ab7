/** What maintainers type, parsed strictly: amounts, times, numbers; and the day's boundaries. */
import { parseAmount, parsePhoneNumber, parseTime } from '../../tools/admin/args';
import { UsageError } from '../../tools/admin/errors';
import { localTime } from '../../tools/admin/format';
import { dayStartMs } from '../../tools/admin/periods';

describe('parseAmount: currency units to integer micro-units, exactly', () => {
  test.each([
    ['5', 5_000_000],
    ['0.45', 450_000],
    ['0.1', 100_000],
    ['40.000001', 40_000_001],
    ['0', 0],
  ])('%s → %d', (raw, micros) => {
    expect(parseAmount(raw, '--day')).toBe(micros);
  });

  test.each(['-1', '1e3', '0.0000001', '5,5', '', 'five', '.5'])('%j is refused', (raw) => {
    expect(() => parseAmount(raw, '--day')).toThrow(UsageError);
  });
});

describe('parseTime', () => {
  const now = Date.UTC(2026, 10, 23, 18, 0);

  test.each([
    ['2026-11-01', {}, Date.UTC(2026, 10, 1)],
    ['2026-11-01', { endOfDay: true }, Date.UTC(2026, 10, 2)],
    ['2026-11-01T16:00:00Z', {}, Date.UTC(2026, 10, 1, 16)],
    ['2026-11-01T16:00+01:00', {}, Date.UTC(2026, 10, 1, 15)],
    ['7d', {}, now - 7 * 86_400_000],
    ['12h', {}, now - 12 * 3_600_000],
  ])('%s %j', (raw, options, expected) => {
    expect(parseTime(raw, '--since', now, options)).toBe(expected);
  });

  test.each(['yesterday', '2026-02-30', '2026-11-01T16:00', '2026-13-01', '7w'])(
    '%s is refused',
    (raw) => {
      expect(() => parseTime(raw, '--since', now)).toThrow(UsageError);
    },
  );
});

test('parsePhoneNumber keeps strict E.164 mobiles only', () => {
  expect(parsePhoneNumber('+33612345678')).toBe('+33612345678');
  expect(parsePhoneNumber(' +33698765432 ')).toBe('+33698765432');
  expect(() => parsePhoneNumber('0612345678')).toThrow(UsageError);
  expect(() => parsePhoneNumber('+33142685300')).toThrow('is not a mobile number');
});

describe('dayStartMs: the calendar day of the budget time zone', () => {
  test.each([
    // Paris in winter (UTC+1), on the night the clocks go back (25 hours), in summer (UTC+2).
    ['Europe/Paris', Date.UTC(2026, 10, 23, 18, 0), Date.UTC(2026, 10, 22, 23, 0)],
    ['Europe/Paris', Date.UTC(2026, 9, 25, 12, 0), Date.UTC(2026, 9, 24, 22, 0)],
    ['Europe/Paris', Date.UTC(2026, 6, 1, 0, 30), Date.UTC(2026, 5, 30, 22, 0)],
    ['UTC', Date.UTC(2026, 10, 23, 0, 0), Date.UTC(2026, 10, 23, 0, 0)],
    ['Asia/Kolkata', Date.UTC(2026, 10, 23, 12, 0), Date.UTC(2026, 10, 22, 18, 30)],
  ])('%s %d', (timeZone, nowMs, start) => {
    expect(dayStartMs(nowMs, timeZone)).toBe(start);
    expect(localTime(start, timeZone).endsWith('00:00')).toBe(true);
  });
});
