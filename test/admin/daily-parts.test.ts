/**
 * The pure parts of the daily view: calendar periods of the budget's time zone, raid-mode
 * stretches from readings, the local metrics' sums and merge, the ledger's paid replies, the
 * controls at a past time from the audit trail, money to the cent.
 */
import { readFileSync } from 'node:fs';
import type { StoredAudit } from '../../tools/admin/audit-trail';
import { utcMonths } from '../../tools/admin/audit-trail';
import { controlAt } from '../../tools/admin/control-at';
import { parseDays } from '../../tools/admin/daily-commands';
import { UsageError } from '../../tools/admin/errors';
import { money } from '../../tools/admin/format';
import { MonthLedger } from '../../tools/admin/ledger';
import {
  bucketReadings,
  figuresFromMinutes,
  raidPeriodsOf,
} from '../../tools/admin/metric-figures';
import { lastDays, periodEndMs, periodStartMs } from '../../tools/admin/periods';
import { mergeMetrics } from '../../tools/local/local-metrics';
import { DEFAULT_CONTROL, DROP_REASONS } from '../../lambda/domain/types';
import { DROP_REASONS_DOC } from '../../tools/admin/status';

const MIN = 60_000;
const iso = (ms: number): string => new Date(ms).toISOString();

describe('calendar periods of the budget time zone', () => {
  test.each([
    // Paris, the day summer time ends: 25 hours.
    [
      'Europe/Paris',
      'day',
      '2026-10-25T12:00:00Z',
      '2026-10-24T22:00:00.000Z',
      '2026-10-25T23:00:00.000Z',
    ],
    [
      'Europe/Paris',
      'month',
      '2026-11-15T12:00:00Z',
      '2026-10-31T23:00:00.000Z',
      '2026-11-30T23:00:00.000Z',
    ],
    [
      'Europe/Paris',
      'hour',
      '2026-11-15T12:34:00Z',
      '2026-11-15T12:00:00.000Z',
      '2026-11-15T13:00:00.000Z',
    ],
    // Half-hour offsets: the hour of Kolkata starts at :30 UTC.
    [
      'Asia/Kolkata',
      'hour',
      '2026-11-15T12:34:00Z',
      '2026-11-15T12:30:00.000Z',
      '2026-11-15T13:30:00.000Z',
    ],
    ['UTC', 'day', '2026-11-15T00:00:00Z', '2026-11-15T00:00:00.000Z', '2026-11-16T00:00:00.000Z'],
  ] as const)('%s %s of %s: [%s, %s)', (timeZone, period, at, start, end) => {
    const ms = Date.parse(at);
    expect(iso(periodStartMs(ms, timeZone, period))).toBe(start);
    expect(iso(periodEndMs(ms, timeZone, period))).toBe(end);
  });

  test('the last days, oldest first, across the change of time', () => {
    const starts = lastDays(Date.parse('2026-10-26T10:00:00Z'), 'Europe/Paris', 3);
    expect(starts.map(iso)).toEqual([
      '2026-10-23T22:00:00.000Z',
      '2026-10-24T22:00:00.000Z',
      '2026-10-25T23:00:00.000Z',
    ]);
  });

  test('UTC months of a range, for the audit partitions', () => {
    expect(utcMonths(Date.parse('2026-11-20'), Date.parse('2027-01-02'))).toEqual([
      '2026-11',
      '2026-12',
      '2027-01',
    ]);
  });
});

describe('raid-mode stretches', () => {
  const at = (minute: number): number => Date.UTC(2026, 10, 2, 9, minute);

  test('entered, then nothing reported while the raid is screened out, then left', () => {
    const readings = [
      ...bucketReadings(at(0), MIN, { entered: 1 }),
      ...bucketReadings(at(42), MIN, { left: 1, active: 1 }),
    ];
    expect(raidPeriodsOf(readings, MIN)).toEqual([{ startMs: at(0), endMs: at(43) }]);
  });

  test('a reading of 0 ends a stretch; one still on lasts to the end of the range', () => {
    const readings = [
      { atMs: at(1), active: true },
      { atMs: at(5), active: false },
      { atMs: at(10), active: true },
    ];
    expect(raidPeriodsOf(readings, MIN, at(30))).toEqual([
      { startMs: at(1), endMs: at(5) },
      { startMs: at(10), endMs: at(30) },
    ]);
  });

  test('the local metrics: sums within the range only, drops largest first, raid minutes', () => {
    const minute = (ms: number): string => String(ms / MIN);
    const metrics = mergeMetrics(
      {
        version: 1,
        minutes: { [minute(at(0))]: { inbound: 3, dropped: { window: 1 }, raidEntered: 1 } },
      },
      {
        version: 1,
        untilMs: at(20),
        minutes: {
          [minute(at(0))]: { inbound: 2, dropped: { window: 1, abusive: 3 } },
          [minute(at(10))]: { inbound: 1, replies: 1, raidActive: 0 },
          [minute(at(20))]: { inbound: 100 },
        },
      },
    );
    const figures = figuresFromMinutes(metrics, at(0), at(20), 'test');
    expect(figures).toMatchObject({
      inbound: 6,
      repliesSent: 1,
      dropped: { abusive: 3, window: 2 },
      raidMinutes: 10,
      raidAtEnd: false,
    });
    expect(Object.keys(figures.dropped)).toEqual(['abusive', 'window']);
  });
});

test('the ledger: paid replies per day and hour from the held set, their money, pruned days', () => {
  const ledger = new MonthLedger('2026-11', {
    m: 750_000,
    'd2026-11-01': 300_000,
    'd2026-11-23': 450_000,
    'h2026-11-23T08': 150_000,
    'h2026-11-23T09': 300_000,
    'r2026-11-23': new Set(['a|08|150000', 'b|09|150000', 'c|09|150000']),
  });
  expect(ledger.paidReplies('2026-11-23')).toEqual({ count: 3, micros: 450_000 });
  expect(ledger.paidReplies('2026-11-23', '09', '09')).toEqual({ count: 2, micros: 300_000 });
  expect(ledger.paidReplies('2026-11-22')).toEqual({ count: 0, micros: 0 });
  expect(ledger.paidReplies('2026-11-01')).toBeUndefined();
  expect(ledger.spentThrough('2026-11-23', '2026-11-23T08')).toBe(150_000);
  expect(ledger.monthSpent()).toBe(750_000);
});

describe('the controls at a past time, from the audit trail', () => {
  const record = (
    whenMs: number,
    command: string,
    before: unknown,
    after: unknown,
  ): StoredAudit => ({
    sk: `${iso(whenMs)}#x`,
    who: 'alice',
    whenMs,
    command,
    args: {},
    before,
    after,
  });
  const trail = [
    record(1000, 'pause', { paused: false }, { paused: true, pausedReason: 'raid' }),
    record(2000, 'resume', { paused: true, pausedReason: 'raid' }, { paused: false }),
    record(3000, 'budget set', { budgetOverride: {} }, { budgetOverride: { dayMicros: 5 } }),
  ];
  const now = { ...DEFAULT_CONTROL, budgetOverride: { dayMicros: 5 } };

  test.each([
    [500, false, {}],
    [1500, true, {}],
    [2500, false, {}],
    [3500, false, { dayMicros: 5 }],
  ])('at %s: paused %s, overrides %j', (atMs, paused, overrides) => {
    const then = controlAt(trail, atMs, now, { paused: false });
    expect(then.control.paused).toBe(paused);
    expect(then.control.budgetOverride).toEqual(overrides);
    expect(then.fromAudit).toEqual({ pause: true, budget: true, raid: false });
  });

  test('paused then: since when and by whom', () => {
    expect(controlAt(trail, 1500, now, { paused: false }).pause).toEqual({
      paused: true,
      reason: 'raid',
      sinceMs: 1000,
      by: 'alice',
    });
  });
});

test.each([
  [214_575_000, 'EUR 214.58'],
  [39_900_000, 'EUR 39.90'],
  [75_000, 'EUR 0.08'],
  [0, 'EUR 0.00'],
  [-150_000, 'EUR -0.15'],
])('money(%s) is %s', (micros, text) => {
  expect(money(micros, 'EUR')).toBe(text);
});

test.each(['0', '401', '7.5', 'a week'])('--days %s is refused (exit 2)', (raw) => {
  expect(() => parseDays(raw)).toThrow(UsageError);
});

test('every drop reason is explained in one table of docs/operate.md, the one status links to', () => {
  const [file, anchor] = DROP_REASONS_DOC.split('#');
  expect(anchor).toBe('drop-reasons');
  const doc = readFileSync(file!, 'utf8');
  const start = doc.indexOf('\n### Drop reasons\n');
  const section = doc.slice(start + 1, doc.indexOf('\n#', start + 2));
  const rows = section.split('\n').filter((line) => /^\| `[a-z_]+`/.test(line));
  expect(rows.map((row) => /^\| `([a-z_]+)`/.exec(row)![1]).sort()).toEqual(
    [...DROP_REASONS].sort(),
  );
});
