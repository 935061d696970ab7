import { periodKeys } from '../../lambda/domain/calendar';

describe('periodKeys', () => {
  test('UTC', () => {
    expect(periodKeys(Date.UTC(2026, 10, 30, 23, 59, 59), 'UTC')).toEqual({
      month: '2026-11',
      day: '2026-11-30',
      hour: '2026-11-30T23',
    });
  });

  test('a configured time zone moves the calendar (Paris is UTC+1 in winter)', () => {
    expect(periodKeys(Date.UTC(2026, 10, 30, 23, 30), 'Europe/Paris')).toEqual({
      month: '2026-12',
      day: '2026-12-01',
      hour: '2026-12-01T00',
    });
  });

  test('the repeated hour of a DST change gets one key', () => {
    // 2026-10-25 in Paris: 02:00–03:00 happens twice (CEST then CET).
    const first = periodKeys(Date.UTC(2026, 9, 25, 0, 30), 'Europe/Paris');
    const second = periodKeys(Date.UTC(2026, 9, 25, 1, 30), 'Europe/Paris');
    expect(first.hour).toBe('2026-10-25T02');
    expect(second.hour).toBe('2026-10-25T02');
  });
});
