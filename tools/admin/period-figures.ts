/**
 * One budget period (the hour, day or month a time falls in) as `status` shows it: spend
 * against the cap in force, the replies that spend paid for, inbound and drops. Spend and
 * replies come from the budget ledger (the table), so counts match money; inbound and drops
 * from the metrics (CloudWatch, or a state folder's `metrics.json`). Every figure of a period
 * covers the same range: from the period's start to `untilMs`.
 */
import { periodKeys } from '../../lambda/domain/calendar';
import { capSourceOf } from './control';
import type {
  BudgetCaps,
  ControlState,
  Period,
  ResponderSettings,
} from '../../lambda/domain/types';
import type { MonthLedger } from './ledger';
import type { MetricFigures } from './metric-figures';
import { periodEndMs, periodStartMs } from './periods';

const CAP_FIELD: Readonly<Record<Period, keyof BudgetCaps>> = {
  hour: 'hourMicros',
  day: 'dayMicros',
  month: 'monthMicros',
};

/** Where a period's reply count comes from. */
export type RepliesSource = 'ledger' | 'metrics' | 'ledger+metrics' | 'unknown';

/** One period, as `status --json` prints it (amounts in micro-units). */
export interface PeriodStatus {
  /** `2026-11-23T19`, `2026-11-23`, `2026-11`, in the budget's time zone. */
  readonly key: string;
  readonly from: string;
  /** Every figure of the line is counted up to this instant (excluded). */
  readonly until: string;
  readonly spentMicros: number;
  /** The cap in force at the status time (config, lowered by an override or raid mode). */
  readonly capMicros: number;
  readonly leftMicros: number;
  readonly usedPercent: number;
  readonly hardCapMicros: number;
  readonly capSource: 'config' | 'raise' | 'override' | 'raid';
  /** The most `budget raise` may set this cap to (config `budget.ceiling`). */
  readonly ceilingMicros: number;
  /** Replies paid for in the period (the ledger), or sent (metrics) where the ledger let go. */
  readonly replies: number | null;
  readonly repliesSource: RepliesSource;
  readonly inbound: number | null;
  readonly dropped: Readonly<Record<string, number>> | null;
  readonly droppedTotal: number | null;
  readonly raidMinutes: number | null;
  /** Raid-mode stretches within the period (null: no metrics). */
  readonly raidPeriods: readonly { readonly start: string; readonly end: string }[] | null;
}

/** What every period of one status is computed from. */
export interface PeriodInputs {
  readonly settings: ResponderSettings;
  readonly caps: BudgetCaps;
  readonly control: ControlState;
  readonly ledger: MonthLedger;
  /** The status time. */
  readonly atMs: number;
  /** Figures count up to here: the end of the status time's hour, or now if earlier. */
  readonly untilMs: number;
  /** True: the live counters (`m`, `d`) are the period totals; false: sum the hours (`--at`). */
  readonly live: boolean;
  readonly metrics: (fromMs: number, toMs: number) => Promise<MetricFigures | undefined>;
}

function spentIn(period: Period, inputs: PeriodInputs): number {
  const keys = periodKeys(inputs.atMs, inputs.settings.budget.timeZone);
  const { ledger } = inputs;
  if (period === 'hour') return ledger.hourSpent(keys.hour);
  if (period === 'day') {
    return inputs.live ? ledger.daySpent(keys.day) : ledger.spentThrough(keys.day, keys.hour);
  }
  return inputs.live ? ledger.monthSpent() : ledger.spentThrough(keys.month, keys.hour);
}

/**
 * Paid replies of the month: from the status day back, the ledger's days (it keeps the sets
 * of the current day and the two before); the metrics' sent replies for the days before those.
 */
async function monthReplies(
  inputs: PeriodInputs,
  monthStartMs: number,
): Promise<{ replies: number | null; source: RepliesSource }> {
  const { timeZone } = inputs.settings.budget;
  let count = 0;
  let dayStart = periodStartMs(inputs.atMs, timeZone, 'day');
  let lastHour = periodKeys(inputs.atMs, timeZone).hour.slice(11);
  for (;;) {
    const paid = inputs.ledger.paidReplies(periodKeys(dayStart, timeZone).day, '00', lastHour);
    if (paid === undefined) break;
    count += paid.count;
    if (dayStart <= monthStartMs) return { replies: count, source: 'ledger' };
    dayStart = periodStartMs(dayStart - 1, timeZone, 'day');
    lastHour = '23';
  }
  const older = await inputs.metrics(monthStartMs, periodEndMs(dayStart, timeZone, 'day'));
  if (older === undefined) return { replies: null, source: 'unknown' };
  return { replies: count + older.repliesSent, source: count > 0 ? 'ledger+metrics' : 'metrics' };
}

async function repliesIn(
  period: Period,
  inputs: PeriodInputs,
  fromMs: number,
  figures: MetricFigures | undefined,
): Promise<{ replies: number | null; source: RepliesSource }> {
  if (period === 'month') return monthReplies(inputs, fromMs);
  const keys = periodKeys(inputs.atMs, inputs.settings.budget.timeZone);
  const hour = keys.hour.slice(11);
  const paid = inputs.ledger.paidReplies(keys.day, period === 'hour' ? hour : '00', hour);
  if (paid !== undefined) return { replies: paid.count, source: 'ledger' };
  if (figures === undefined) return { replies: null, source: 'unknown' };
  return { replies: figures.repliesSent, source: 'metrics' };
}

/** One period's line. */
export async function periodStatus(period: Period, inputs: PeriodInputs): Promise<PeriodStatus> {
  const { settings, caps, control } = inputs;
  const fromMs = periodStartMs(inputs.atMs, settings.budget.timeZone, period);
  const figures = await inputs.metrics(fromMs, inputs.untilMs);
  const field = CAP_FIELD[period];
  const hard = settings.budget[field];
  const cap = caps[field];
  const spent = spentIn(period, inputs);
  const { replies, source } = await repliesIn(period, inputs, fromMs, figures);
  const dropped = figures?.dropped ?? null;
  return {
    key: periodKeys(inputs.atMs, settings.budget.timeZone)[period],
    from: new Date(fromMs).toISOString(),
    until: new Date(inputs.untilMs).toISOString(),
    spentMicros: spent,
    capMicros: cap,
    leftMicros: Math.max(0, cap - spent),
    usedPercent: cap <= 0 ? 100 : Math.round((1000 * spent) / cap) / 10,
    hardCapMicros: hard,
    capSource: capSourceOf(settings, control, field),
    ceilingMicros: Math.max(hard, settings.budget.ceiling?.[field] ?? hard),
    replies,
    repliesSource: source,
    inbound: figures?.inbound ?? null,
    dropped,
    droppedTotal: dropped === null ? null : Object.values(dropped).reduce((a, b) => a + b, 0),
    raidMinutes: figures?.raidMinutes ?? null,
    raidPeriods:
      figures?.raidPeriods.map((p) => ({
        start: new Date(p.startMs).toISOString(),
        end: new Date(Math.min(p.endMs, inputs.untilMs)).toISOString(),
      })) ?? null,
  };
}
