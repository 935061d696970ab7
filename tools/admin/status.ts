/**
 * `status [--json]`: the current hour, day and month first (spend against the caps in force,
 * the replies that spend paid for, inbound, the main drop reasons), with receipts what AWS billed
 * against what was estimated, the prices per segment and the USD rate; then pause, raid mode and
 * the replies waiting for the safety delay, the most reported senders and the stop list. One
 * clock: the data's (the wall clock in AWS, a local state's simulated clock), or `--at`, which
 * rebuilds each figure as it was at that time or says that it cannot. Reads only.
 */
import { periodKeys } from '../../lambda/domain/calendar';
import { redactNumbers } from '../../lambda/domain/phone';
import { effectiveCaps } from '../../lambda/domain/policy';
import { MAX_SEND_LATENESS_SECONDS } from '../../lambda/domain/scheduled-reply';
import type { ControlState, ResponderSettings } from '../../lambda/domain/types';
import { readAudit } from './audit-trail';
import type { SenderCensus } from './census';
import { senderCensus } from './census';
import type { CommandContext, Evaluation } from './context';
import { currentTime, evaluationTime } from './context';
import type { PauseAt } from './control-at';
import { controlAt } from './control-at';
import { readControl } from './control';
import { UsageError } from './errors';
import type { FlaggedSenders } from './flagged-senders';
import { flaggedSenders } from './flagged-senders';
import { localTime } from './format';
import type { MonthLedger } from './ledger';
import { Ledger } from './ledger';
import type { PeriodStatus } from './period-figures';
import { periodStatus } from './period-figures';
import type { MetricFigures } from './metric-figures';
import { periodEndMs } from './periods';
import type { ReceiptsStatus } from './receipts-status';
import { receiptsStatus } from './receipts-status';
import { renderStatus } from './status-text';
import type { TextStatus } from './status-texts';
import { textsInForce } from './status-texts';
import type { RaidStatus } from './status-raid';
import { raidNow, raidThen } from './status-raid';
import { itemsOf } from './target';

export { FLAGGED_LOOKBACK_DAYS } from './flagged-senders';
export type { PeriodStatus } from './period-figures';

/** The table of drop reasons, for people: `status` points to it. */
export const DROP_REASONS_DOC = 'docs/operate.md#drop-reasons';
/** How far back the audit trail is read to rebuild the controls at `--at` (budget items live 400 days). */
const AUDIT_LOOKBACK_MS = 400 * 86_400_000;

/**
 * What `status --json` prints: everything the text shows, amounts in micro-units. With receipts,
 * `billed`, `estimated`, `difference`, `prices` and `usd_rate` ({@link ReceiptsStatus}).
 */
export interface StatusReport extends ReceiptsStatus {
  readonly target: string;
  readonly asOf: {
    readonly iso: string;
    readonly local: string;
    readonly timeZone: string;
    readonly clock: Evaluation['clock'];
    /** The data's present: the wall clock, or the end of a local state's simulated time. */
    readonly present: string;
    /** Every period's figures are counted up to here (the end of `--at`'s hour, at most now). */
    readonly figuresUntil: string;
  };
  readonly paused: boolean;
  readonly pausedReason?: string;
  readonly pausedAt?: string;
  readonly pausedBy?: string;
  /** `control item`, `audit trail`, or why neither says. */
  readonly pauseSource: string;
  readonly raid: RaidStatus;
  readonly budget: { readonly currency: string } & Readonly<
    Record<'hour' | 'day' | 'month', PeriodStatus>
  >;
  /** Where inbound and drops come from (null: no metrics). */
  readonly metricsSource: string | null;
  /** The safety delay; absent when replies go out at once. */
  readonly delay?: {
    readonly minSeconds: number;
    readonly maxSeconds: number;
    /** Replies paid for, waiting for their time; null at `--at` (only the present is kept). */
    readonly waiting: number | null;
  };
  /**
   * The waiting list (senders refused for the hour's or the day's money, waiting for the next
   * period); `waiting` null at `--at` (only the present is kept).
   */
  readonly waitingList?: {
    readonly waiting: number | null;
    readonly maxPerDay: number;
    readonly maxWaitHours: number;
  };
  /** The reply and HELP texts in force per allowed country, and what each costs. */
  readonly texts: readonly TextStatus[];
  readonly flaggedSenders: FlaggedSenders;
  /** The present stop list; null at `--at` (the table keeps only the present). */
  readonly stopList: {
    readonly optedOut: number;
    readonly blocked: number;
    readonly flagged: number;
    readonly senders: number;
  } | null;
  readonly dropReasonsDoc: string;
  /** What the figures cannot say, in words. */
  readonly notes: readonly string[];
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** The present pause, as the control item holds it. */
async function pauseNow(context: CommandContext, control: ControlState): Promise<PauseAt> {
  const record = await itemsOf(context.target).controlChanges.readRecord();
  return {
    paused: control.paused,
    ...(control.pausedReason === undefined ? {} : { reason: control.pausedReason }),
    ...(record?.pausedAtMs === undefined ? {} : { sinceMs: record.pausedAtMs }),
    ...(record?.pausedBy === undefined ? {} : { by: record.pausedBy }),
  };
}

/** The controls at the status time: the control item now, the audit trail at `--at`. */
async function controlsAt(
  context: CommandContext,
  atMs: number,
  live: boolean,
  presentMs: number,
): Promise<{ control: ControlState; pause: PauseAt; pauseSource: string }> {
  const control = await readControl(context);
  const pause = await pauseNow(context, control);
  if (live) return { control, pause, pauseSource: 'control item' };
  const untilMs = Math.max(presentMs, Date.now()) + 1; // wall-clock records of older local states
  const records = await readAudit(context.target, atMs - AUDIT_LOOKBACK_MS, untilMs);
  const then = controlAt(records, atMs, control, pause);
  return {
    control: then.control,
    pause: then.pause,
    pauseSource: then.fromAudit.pause
      ? 'audit trail'
      : 'no pause or resume in the audit trail: as the control item holds it now',
  };
}

/** The replies paid for and waiting for the safety delay at `atMs` (the present only). */
function waitingReplies(
  settings: ResponderSettings,
  census: SenderCensus,
  atMs: number,
  live: boolean,
): StatusReport['delay'] {
  if (!settings.replyDelay) return undefined;
  const { minSeconds, maxSeconds } = settings.replyDelay;
  // Older unsettled claims are replies the scheduler gave up on (dead letters).
  const horizonMs = atMs - (maxSeconds + MAX_SEND_LATENESS_SECONDS) * 1000;
  const waiting = census.unsettledReplyAtMs.filter((ms) => ms > horizonMs && ms <= atMs).length;
  return { minSeconds, maxSeconds, waiting: live ? waiting : null };
}

/** When the status is evaluated, and up to when its figures count. */
async function statusTimes(
  context: CommandContext,
  census: SenderCensus,
  timeZone: string,
): Promise<{ evaluation: Evaluation; presentMs: number; untilMs: number; live: boolean }> {
  const present = await currentTime(context, census);
  const evaluation = await evaluationTime(context, census);
  const live = evaluation.clock !== 'at';
  if (!live && evaluation.nowMs > present.nowMs) {
    const what = present.clock === 'simulated' ? "the state's data ends" : 'it is now';
    throw new UsageError(
      `--at ${localTime(evaluation.nowMs, timeZone)} is later than the data: ${what} ` +
        `${localTime(present.nowMs, timeZone)} (${timeZone}); give an earlier time`,
    );
  }
  const untilMs = Math.min(periodEndMs(evaluation.nowMs, timeZone, 'hour'), present.nowMs + 1);
  return { evaluation, presentMs: present.nowMs, untilMs, live };
}

/** The hour, day and month lines at the status time. */
async function periodLines(
  ledger: MonthLedger,
  settings: ResponderSettings,
  control: ControlState,
  times: { atMs: number; untilMs: number; live: boolean },
  metrics: (fromMs: number, toMs: number) => Promise<MetricFigures | undefined>,
): Promise<StatusReport['budget']> {
  const { currency } = settings.budget;
  const inputs = {
    settings,
    caps: effectiveCaps(settings, control),
    control,
    ledger,
    ...times,
    metrics,
  };
  const [hour, day, month] = await Promise.all(
    (['hour', 'day', 'month'] as const).map((period) => periodStatus(period, inputs)),
  );
  return { currency, hour: hour!, day: day!, month: month! };
}

/** Gathers the status (reads only). */
export async function gatherStatus(context: CommandContext): Promise<StatusReport> {
  const { target } = context;
  const settings = await target.settings();
  const { timeZone } = settings.budget;
  const census = await senderCensus(target, timeZone);
  const { evaluation, presentMs, untilMs, live } = await statusTimes(context, census, timeZone);
  const atMs = evaluation.nowMs;
  const { control, pause, pauseSource } = await controlsAt(context, atMs, live, presentMs);
  let metricsSource: string | null = null;
  const metrics = async (fromMs: number, toMs: number) => {
    const figures = await target.metrics(fromMs, toMs);
    metricsSource = figures?.source ?? null;
    return figures;
  };
  const raid = live ? raidNow(settings, control) : await raidThen(settings, control, atMs, metrics);
  // At --at, the hour cap follows raid mode as it was then.
  const inForce = live ? control : { ...control, raid: { active: raid.detected === true } };
  const periods = periodKeys(atMs, timeZone);
  const ledger = await new Ledger(target).month(periods.month);
  const budget = await periodLines(ledger, settings, inForce, { atMs, untilMs, live }, metrics);
  return {
    target: target.label,
    asOf: {
      iso: iso(atMs),
      local: localTime(atMs, timeZone),
      timeZone,
      clock: evaluation.clock,
      present: iso(presentMs),
      figuresUntil: iso(untilMs),
    },
    paused: pause.paused,
    ...(pause.reason === undefined ? {} : { pausedReason: redactNumbers(pause.reason) }),
    ...(pause.sinceMs === undefined ? {} : { pausedAt: iso(pause.sinceMs) }),
    ...(pause.by === undefined ? {} : { pausedBy: redactNumbers(pause.by) }),
    pauseSource,
    raid,
    budget,
    ...receiptsStatus(settings, inForce, ledger, periods, atMs),
    metricsSource,
    ...(settings.replyDelay ? { delay: waitingReplies(settings, census, atMs, live) } : {}),
    ...(settings.waitingList
      ? {
          waitingList: {
            waiting: live ? census.waitingUntilMs.filter((ms) => ms > atMs).length : null,
            maxPerDay: settings.waitingList.maxPerDay,
            maxWaitHours: settings.waitingList.maxWaitSeconds / 3600,
          },
        }
      : {}),
    texts: textsInForce(settings, inForce, atMs),
    flaggedSenders: await flaggedSenders(target, atMs),
    stopList: live ? stopListOf(census) : null,
    dropReasonsDoc: DROP_REASONS_DOC,
    notes: statusNotes(live, metricsSource === null, target.kind, settings.receipts !== undefined),
  };
}

const stopListOf = (census: SenderCensus): NonNullable<StatusReport['stopList']> => ({
  optedOut: census.optedOut,
  blocked: census.blocked,
  flagged: census.flagged,
  senders: census.senders,
});

/** What the figures of this status cannot say. */
function statusNotes(
  live: boolean,
  noMetrics: boolean,
  kind: 'aws' | 'local',
  receipts: boolean,
): string[] {
  const notes: string[] = [];
  if (!live && receipts) {
    notes.push(
      'billed and estimated count whole days, the month to the end of the day --at falls in (the budget item keeps them per day); the learned prices are those held now',
    );
  }
  if (!live) {
    notes.push(
      'spend and replies count whole hours (the ledger keeps amounts per hour): to the end of the hour --at falls in',
      'pause, overrides and raid mode are those at --at (audit trail, metrics); the stop list and the waiting replies are kept for the present only',
      'the texts shown are those in force now (the audit trail keeps them with numbers masked)',
    );
  }
  if (noMetrics) {
    notes.push(
      kind === 'local'
        ? 'no metrics.json in the state folder (made by an older simulator): inbound and drops unknown; replay to record them'
        : 'no metrics: inbound and drops unknown',
    );
  }
  return notes;
}

/** `status [--json]`. */
export async function status(context: CommandContext, json: boolean): Promise<void> {
  const report = await gatherStatus(context);
  context.print(json ? `${JSON.stringify(report)}\n` : renderStatus(report));
}
