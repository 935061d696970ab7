/**
 * `history [--days N] [--json]`: one line per calendar day of the budget's time zone, from
 * what the stack already keeps (no extra write anywhere):
 * - spend: the budget ledger's `d<day>` (kept 400 days);
 * - replies: paid for, from the ledger's sets of held reservations (the current day and the
 *   two before), so they add up to the spend; earlier days: replies sent, from the metrics;
 * - the day cap in force at the end of each day: the config's, lowered by the overrides the
 *   audit trail had then;
 * - inbound, drops by reason, raid-mode minutes: the metrics (CloudWatch: 5-minute points for
 *   63 days, 1-minute raid points for 15; locally the simulator's `metrics.json`);
 * - flagged: the evidence records kept that day (the table).
 */
import { periodKeys } from '../../lambda/domain/calendar';
import { effectiveCaps } from '../../lambda/domain/policy';
import { countEvidence } from '../../lambda/adapters/evidence-store';
import type { ResponderSettings } from '../../lambda/domain/types';
import { readAudit } from './audit-trail';
import type { CommandContext } from './context';
import { currentTime } from './context';
import { controlAt } from './control-at';
import { readControl } from './control';
import { renderHistory } from './history-text';
import { Ledger } from './ledger';
import type { MetricFigures } from './metric-figures';
import type { RepliesSource } from './period-figures';
import { lastDays, periodEndMs } from './periods';

/** Default and largest `--days` (budget items are kept 400 days). */
export const DEFAULT_HISTORY_DAYS = 7;
export const MAX_HISTORY_DAYS = 400;

/** One day of `history --json` (amounts in micro-units). */
export interface HistoryDay {
  /** `2026-10-19`, in the budget's time zone. */
  readonly date: string;
  readonly from: string;
  /** Figures count up to here (the day's end, or now for today). */
  readonly until: string;
  readonly replies: number | null;
  readonly repliesSource: Exclude<RepliesSource, 'ledger+metrics'>;
  readonly spentMicros: number;
  /** The day cap in force at `until`. */
  readonly capMicros: number;
  readonly capSource: 'config' | 'override' | 'raise';
  readonly inbound: number | null;
  readonly dropped: Readonly<Record<string, number>> | null;
  readonly droppedTotal: number | null;
  readonly raidMinutes: number | null;
  readonly raidPeriods: readonly { readonly start: string; readonly end: string }[] | null;
  /** Evidence records kept that day. */
  readonly flagged: number;
}

/** What `history --json` prints. */
export interface HistoryReport {
  readonly target: string;
  readonly timeZone: string;
  readonly currency: string;
  /** The data's present (the wall clock, or a local state's simulated clock). */
  readonly present: string;
  readonly metricsSource: string | null;
  /** Oldest first; the last is the current day. */
  readonly days: readonly HistoryDay[];
}

interface DayInputs {
  readonly context: CommandContext;
  readonly settings: ResponderSettings;
  readonly ledger: Ledger;
  readonly presentMs: number;
  readonly capAt: (ms: number) => { capMicros: number; capSource: HistoryDay['capSource'] };
  readonly metrics: (fromMs: number, toMs: number) => Promise<MetricFigures | undefined>;
}

async function historyDay(startMs: number, inputs: DayInputs): Promise<HistoryDay> {
  const { settings, context, presentMs } = inputs;
  const { timeZone } = settings.budget;
  const keys = periodKeys(startMs, timeZone);
  const untilMs = Math.min(periodEndMs(startMs, timeZone, 'day'), presentMs + 1);
  const month = await inputs.ledger.month(keys.month);
  const figures = await inputs.metrics(startMs, untilMs);
  const paid = month.paidReplies(keys.day);
  const dropped = figures?.dropped ?? null;
  return {
    date: keys.day,
    from: new Date(startMs).toISOString(),
    until: new Date(untilMs).toISOString(),
    replies: paid?.count ?? figures?.repliesSent ?? null,
    repliesSource: paid ? 'ledger' : figures ? 'metrics' : 'unknown',
    spentMicros: month.daySpent(keys.day),
    ...inputs.capAt(untilMs - 1),
    inbound: figures?.inbound ?? null,
    dropped,
    droppedTotal: dropped === null ? null : Object.values(dropped).reduce((a, b) => a + b, 0),
    raidMinutes: figures?.raidMinutes ?? null,
    raidPeriods:
      figures?.raidPeriods.map((p) => ({
        start: new Date(p.startMs).toISOString(),
        end: new Date(Math.min(p.endMs, untilMs)).toISOString(),
      })) ?? null,
    flagged: await countEvidence(
      context.target.documentClient,
      context.target.tableName,
      startMs,
      untilMs,
    ),
  };
}

/** Gathers the last `days` days (reads only). */
export async function gatherHistory(context: CommandContext, days: number): Promise<HistoryReport> {
  const { target } = context;
  const settings = await target.settings();
  const { timeZone, currency } = settings.budget;
  const presentMs = (await currentTime(context)).nowMs;
  const starts = lastDays(presentMs, timeZone, days);
  const control = await readControl(context);
  const records = await readAudit(target, starts[0]!, presentMs + 1);
  const capAt = (ms: number) => {
    const then = controlAt(records, ms, control, { paused: control.paused });
    const capMicros = effectiveCaps(settings, {
      ...then.control,
      raid: { active: false },
    }).dayMicros;
    return {
      capMicros,
      capSource:
        capMicros === settings.budget.dayMicros
          ? ('config' as const)
          : capMicros > settings.budget.dayMicros
            ? ('raise' as const)
            : ('override' as const),
    };
  };
  let metricsSource: string | null = null;
  const metrics = async (fromMs: number, toMs: number) => {
    const figures = await target.metrics(fromMs, toMs);
    metricsSource = figures?.source ?? metricsSource;
    return figures;
  };
  const inputs = { context, settings, ledger: new Ledger(target), presentMs, capAt, metrics };
  const list: HistoryDay[] = [];
  for (const start of starts) list.push(await historyDay(start, inputs));
  return {
    target: target.label,
    timeZone,
    currency,
    present: new Date(presentMs).toISOString(),
    metricsSource,
    days: list,
  };
}

/** `history [--days N] [--json]`. */
export async function history(context: CommandContext, days: number, json: boolean): Promise<void> {
  const report = await gatherHistory(context, days);
  context.print(json ? `${JSON.stringify(report)}\n` : renderHistory(report));
}
