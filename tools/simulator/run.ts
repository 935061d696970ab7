/**
 * Replays a trace against the real responder in local mode, in simulated time: each simulated
 * Lambda container has its own clock, set to the time of the event it handles, so hours of
 * traffic replay in seconds. Concurrency mirrors the responder's reserved concurrency.
 */
import { randomBytes } from 'node:crypto';
import type { SNSEventRecord } from 'aws-lambda';
import { periodKeys } from '../../lambda/domain/calendar';
import type { ScheduledReply, SendOutcome } from '../../lambda/domain/scheduled-reply';
import type { Outcome } from '../../lambda/domain/types';
import type { ConfigInput } from '../../lib/config';
import type { LocalEnvironment } from '../local/environment';
import { startLocalEnvironment } from '../local/environment';
import { ContainerHost } from '../local/host';
import type { BillingOptions, PlannedReceipt } from '../local/receipt-events';
import type { LocalMetrics } from '../local/local-metrics';
import { MetricsRecorder, saveMetrics } from '../local/local-metrics';
import type { SentSms } from '../local/sms-sink';
import { inboundJson, localSnsRecord } from '../local/sns-record';
import type { BilledSummary, Billing, ReceiptResult } from './billed';
import { billingOf } from './billed';
import type { MoneySummary } from './money-summary';
import { moneySummary } from './money-summary';
import type { Placement } from './state-folder';
import { dataUntilMs, isStateFolder, placeReplay } from './state-folder';
import type { TraceEvent } from './trace';

/** The 2017 service paid this for every SMS it processed. */
export const COST_2017_MICROS_PER_SMS = 160_000;

export interface SimulationOptions {
  readonly events: readonly TraceEvent[];
  readonly config: ConfigInput;
  /** Simulated time of `t = 0`. */
  readonly startMs: number;
  readonly stateDir?: string;
  /** Where `config` was read from (kept in the state folder, for the CLI). */
  readonly configFile?: string;
  /** Simulated Lambda containers working at once (default: the config's reserved concurrency). */
  readonly concurrency?: number;
  /** 0: as fast as possible; N: N simulated seconds per real second. */
  readonly speed?: number;
  readonly onProgress?: (done: number, total: number) => void;
  /** Run this on the environment before the replay (tests, `--chat`). */
  readonly prepare?: (env: LocalEnvironment) => Promise<void>;
  /** Seed of the random safety delays (a `replyDelay` range). */
  readonly seed?: number;
  /**
   * A `stateDir` that holds data from before `startMs`'s replay: false (default) moves the
   * replay after it; true replays at its own dates over it (see `state-folder.ts`).
   */
  readonly force?: boolean;
  /**
   * What the replay's AWS bills for each SMS, in its receipts (with `receipts` in the settings:
   * the shipped config's `sendVia: "sms-voice"`). Default: the configured prices, no fee.
   */
  readonly billing?: BillingOptions;
}

/** What happened to one trace event. */
export interface EventResult {
  readonly t: number;
  readonly from: string | undefined;
  readonly legit: boolean | undefined;
  /** `undefined` when the handler threw (counted in `errors`). */
  readonly outcome: Outcome | undefined;
  /** What the handler threw. */
  readonly error?: string;
  /** Safety delay: what became of the scheduled reply, and when (simulated seconds). */
  readonly delivery?: {
    readonly t: number;
    /** `undefined` when the dispatcher threw (counted in `errors`). */
    readonly outcome: SendOutcome | undefined;
    readonly error?: string;
  };
}

/** The summary of a replay; its money sections (`per_day`, `budget_plan`…) in `money-summary.ts`. */
export interface Summary extends MoneySummary, BilledSummary {
  scenario?: string;
  seed?: number;
  inbound: number;
  replies: number;
  help_replies: number;
  /** Safety delay: replies decided and paid for, then held for their delay. */
  scheduled_replies: number;
  /**
   * Messages whose sender waited for money (the waiting list), and how each wait ended: served,
   * `expired` (its maximum wait, or the month's money), or cancelled (STOP, flag, block, pause).
   */
  waiting_list: { joined: number; served: number; expired: number; cancelled: number };
  /** Scheduled replies not sent, by reason (STOP, block, flag or pause in between, refusal). */
  cancelled_replies: Record<string, number>;
  /** The delay the run used, seconds (`0`: replies at once). */
  reply_delay_seconds: { min: number; max: number };
  spent_micros: number;
  /** Of `spent_micros`, what paid for replies to real senders (`legit: true`). */
  legit_spent_micros: number;
  /** Messages kept as evidence (the `Flagged` metric): abusive content only. */
  evidence_kept: number;
  currency: string;
  budget_micros: { hour: number; day: number; month: number };
  peak_spent_micros: { hour: number; day: number; month: number };
  dropped: Record<string, number>;
  errors: number;
  /** The first few handler errors, for diagnosis. */
  error_samples: string[];
  opted_out: number;
  legit_inbound: number;
  legit_replied: number;
  legit_senders: number;
  legit_senders_served: number;
  /** Real senders with no reply, by the reason of their last drop. */
  legit_senders_unserved: Record<string, number>;
  abusive_inbound: number;
  abusive_replied: number;
  max_replies_per_sender: number;
  replies_after_stop: number;
  cost_2017_micros: number;
  simulated_seconds: number;
  wall_ms: number;
  concurrency: number;
  config: ConfigInput;
  /** With `--state`: where this replay landed in the folder's simulated time. */
  state_folder?: {
    mode: Placement['mode'];
    start: string;
    shifted_days: number;
    previous_until?: string;
  };
}

export interface SimulationResult {
  readonly summary: Summary;
  readonly results: readonly EventResult[];
  readonly sends: readonly SentSms[];
  /** The replay's `t = 0` (moved after a state folder's data, see `placement`). */
  readonly startMs: number;
  /** The metrics the responder emitted, per minute (what CloudWatch would hold). */
  readonly metrics: LocalMetrics;
  readonly placement: Placement;
  /** The receipts' side: billed money, and when the learned price caught up. */
  readonly billing: Billing;
}

/** `count` random lowercase letters. */
function randomLetters(count: number): string {
  return Array.from(randomBytes(count), (byte) => String.fromCharCode(97 + (byte % 26))).join('');
}

/**
 * The inbound id of a trace line: its own, or one unique to this line of this run (a replay on
 * a kept `--state` must not look like SNS redelivering the last run's messages). Ids tie a
 * scheduled reply back to its line.
 */
function lineId(event: TraceEvent, index: number, runId: string): string | undefined {
  if ('raw' in event) {
    // A raw line may still be a valid message: its own id, if it has one.
    try {
      const id = (JSON.parse(event.raw) as { inboundMessageId?: unknown }).inboundMessageId;
      return typeof id === 'string' ? id : undefined;
    } catch {
      return undefined;
    }
  }
  return event.id ?? `trace-${runId}-${index}`;
}

function recordFor(
  event: TraceEvent,
  index: number,
  runId: string,
  ourNumber: string,
  nowMs: number,
): SNSEventRecord {
  const message =
    'raw' in event
      ? event.raw
      : inboundJson({
          from: event.from,
          to: event.to ?? ourNumber,
          body: event.body,
          id: lineId(event, index, runId)!,
          keyword: event.keyword,
        });
  return localSnsRecord(message, nowMs);
}

/** How far apart in simulated time two messages handled at once may be. */
const MAX_SKEW_SECONDS = 60;
/** After the trace, waiting replies are handed over a simulated minute at a time. */
const FLUSH_BATCH_MS = 60_000;

/** What became of the senders put on the waiting list. */
function waitingListOf(waited: ReadonlySet<EventResult>): Summary['waiting_list'] {
  let served = 0;
  let expired = 0;
  let cancelled = 0;
  for (const result of waited) {
    const outcome = result.delivery?.outcome;
    if (outcome?.kind === 'sent' || outcome?.kind === 'send_unknown') served += 1;
    else if (outcome?.kind === 'cancelled' && outcome.reason === 'expired') expired += 1;
    else cancelled += 1;
  }
  return { joined: waited.size, served, expired, cancelled };
}

/** Drops that only say another message of the same sender was being handled. */
const TRANSIENT_REASONS = new Set(['window', 'duplicate', 'contention']);

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Replays the events and summarises what the responder did. */
export async function simulate(options: SimulationOptions): Promise<SimulationResult> {
  const wallStart = Date.now();
  // Only a folder that existed before holds data (a new one's table is still being created).
  const existing = isStateFolder(options.stateDir) ? options.stateDir : undefined;
  const env = await startLocalEnvironment({
    config: options.config,
    stateDir: options.stateDir,
    ...(options.configFile === undefined ? {} : { configFile: options.configFile }),
  });
  try {
    const placement = placeReplay(
      existing === undefined ? undefined : await dataUntilMs(existing, env),
      options.startMs,
      options.force === true,
    );
    const startMs = placement.startMs;
    await options.prepare?.(env);
    const events = [...options.events].sort((a, b) => a.t - b.t);
    const concurrency = Math.max(
      1,
      options.concurrency ?? env.config.responder.reservedConcurrency,
    );
    // The containers share this thread; the emulator has its own (measured: spreading the
    // containers over worker threads too is slower on two cores).
    const recorder = new MetricsRecorder();
    const host = new ContainerHost(
      { ...env.hostDescriptor(concurrency), seed: options.seed, billing: options.billing ?? {} },
      (clock) => recorder.telemetryFor(clock),
    );
    const results: EventResult[] = new Array(events.length);
    const sends: SentSms[] = [];
    const speed = options.speed ?? 0;
    let done = 0;

    // Safety delay: which line each scheduled reply answers (the first line with that id).
    // Letters only: an inbound id with eight digits in a row could carry a phone number, and the
    // responder drops it (lambda/domain/inbound.ts).
    const runId = randomLetters(8);
    const lineOfId = new Map<string, number>();
    events.forEach((event, index) => {
      const id = lineId(event, index, runId);
      if (id !== undefined && !lineOfId.has(id)) lineOfId.set(id, index);
    });
    const deliveries = new Map<number, NonNullable<EventResult['delivery']>>();
    const receiptResults: ReceiptResult[] = [];
    const receiptErrors: string[] = [];

    const handle = async (index: number, container: number): Promise<void> => {
      const event = events[index]!;
      const nowMs = startMs + Math.round(event.t * 1000);
      recorder.reach(nowMs);
      const handled = await host.handle(
        container,
        recordFor(event, index, runId, env.settings.originationNumber, nowMs),
        nowMs,
      );
      sends.push(...handled.sent);
      results[index] = {
        t: event.t,
        from: 'from' in event ? event.from : undefined,
        legit: event.legit,
        outcome: handled.outcome,
        ...(handled.error === undefined ? {} : { error: handled.error }),
      };
      done += 1;
      options.onProgress?.(done, events.length);
    };

    /**
     * The scheduler's part: the dispatcher runs each reply due before every message still
     * being handled (a reply due after a STOP must not overtake it), at the reply's own time.
     */
    const deliverDue = async (container: number): Promise<void> => {
      let earliestMs = Number.POSITIVE_INFINITY;
      for (const other of inFlight) {
        earliestMs = Math.min(earliestMs, startMs + Math.round(events[other]!.t * 1000));
      }
      await runDue(container, earliestMs - 1);
    };
    /** Scheduled replies and receipts due by `limitMs`, in simulated time order. */
    const runDue = async (container: number, limitMs: number): Promise<void> => {
      for (;;) {
        const replyMs = host.scheduler.nextDueMs() ?? Number.POSITIVE_INFINITY;
        const receiptMs = host.receipts?.nextDueMs() ?? Number.POSITIVE_INFINITY;
        if (Math.min(replyMs, receiptMs) > limitMs) return;
        if (receiptMs < replyMs) {
          for (const receipt of host.receipts!.takeDue(receiptMs)) await receive(receipt);
        } else {
          for (const reply of host.scheduler.takeDue(replyMs)) await deliver(container, reply);
        }
      }
    };
    const receive = async (receipt: PlannedReceipt): Promise<void> => {
      const received = await host.receive(receipt);
      receiptResults.push({ receipt, outcome: received.outcome });
      if (received.error !== undefined) receiptErrors.push(received.error);
    };
    const deliver = async (container: number, reply: ScheduledReply): Promise<void> => {
      recorder.reach(reply.sendAtMs);
      const delivered = await host.deliver(container, reply, reply.sendAtMs);
      sends.push(...delivered.sent);
      const line = lineOfId.get(reply.inboundId);
      if (line === undefined) return;
      // A waiting reply's later try may finish first (it was scheduled during this one): the
      // latest try is its outcome.
      const t = (reply.sendAtMs - startMs) / 1000;
      if ((deliveries.get(line)?.t ?? Number.NEGATIVE_INFINITY) > t) return;
      deliveries.set(line, {
        t: (reply.sendAtMs - startMs) / 1000,
        outcome: delivered.outcome,
        ...(delivered.error === undefined ? {} : { error: delivered.error }),
      });
    };

    // Messages go to the containers in turn, each container handling one at a time. In AWS a
    // quiet period would reuse one warm container; spreading the messages keeps the caches
    // colder than in AWS (more round trips, never fewer) and lets the replay use both cores.
    // In AWS every container reads the same clock; here a container must not run far ahead of
    // the others in simulated time (in quiet hours five messages in flight can span an hour),
    // or the budget item's hours would be pruned under a container still in them.
    let next = 0;
    const inFlight = new Set<number>();
    let completed: () => void = () => undefined;
    let completion = new Promise<void>((resolve) => (completed = resolve));
    const worker = async (container: number): Promise<void> => {
      for (let index = next++; index < events.length; index = next++) {
        const t = events[index]!.t;
        // Taken, not yet done: earlier messages waiting their turn count too.
        inFlight.add(index);
        while ([...inFlight].some((other) => events[other]!.t < t - MAX_SKEW_SECONDS))
          await completion;
        if (speed > 0) {
          const due = wallStart + (t * 1000) / speed;
          if (due > Date.now()) await sleep(due - Date.now());
        }
        await deliverDue(container);
        await handle(index, container);
        inFlight.delete(index);
        completed();
        completion = new Promise<void>((resolve) => (completed = resolve));
      }
    };
    try {
      await Promise.all(Array.from({ length: concurrency }, (_, container) => worker(container)));
      // The trace is over; the replies still waiting go out when their time comes, a minute of
      // them at a time (a waiting reply without money yet is scheduled again, later): the replay
      // goes on in simulated time until no reply waits.
      for (let due = host.scheduler.nextDueMs(); due !== undefined;) {
        await runDue(0, due - 1); // the receipts due before this minute's replies
        const rest = host.scheduler.takeDue(due + FLUSH_BATCH_MS);
        let taken = 0;
        await Promise.all(
          Array.from({ length: concurrency }, async (_, container) => {
            for (let i = taken++; i < rest.length; i = taken++) await deliver(container, rest[i]!);
          }),
        );
        due = host.scheduler.nextDueMs();
      }
      // The last receipts with a price; an UNKNOWN final 72 h later is past the replay's end.
      if (host.receipts) await runDue(0, host.receipts.lastPricedMs);
    } finally {
      host.stop();
    }
    sends.sort((a, b) => a.atMs - b.atMs);
    receiptResults.sort((a, b) => a.receipt.atMs - b.receipt.atMs);
    const billing = billingOf(
      sends,
      receiptResults,
      (tag) => host.openTag(tag),
      env.settings.budget.timeZone,
    );
    for (const [line, delivery] of deliveries) results[line] = { ...results[line]!, delivery };

    if (options.stateDir !== undefined) saveMetrics(options.stateDir, recorder.metrics);
    const summary = summarise(events, results, sends, env, options.config, {
      startMs,
      wallMs: Date.now() - wallStart,
      concurrency,
    });
    Object.assign(summary, billing.summary);
    summary.errors += receiptErrors.length;
    summary.error_samples = [...summary.error_samples, ...receiptErrors].slice(0, 5);
    summary.evidence_kept = Object.values(recorder.metrics.minutes).reduce(
      (sum, minute) => sum + (minute.flagged ?? 0),
      0,
    );
    if (options.stateDir !== undefined) summary.state_folder = stateFolderField(placement);
    return { summary, results, sends, startMs, metrics: recorder.metrics, placement, billing };
  } finally {
    await env.stop();
  }
}

function stateFolderField(placement: Placement): NonNullable<Summary['state_folder']> {
  const iso = (ms: number): string => new Date(ms).toISOString();
  return {
    mode: placement.mode,
    start: iso(placement.startMs),
    shifted_days: placement.shiftedDays,
    ...(placement.previousUntilMs === undefined
      ? {}
      : { previous_until: iso(placement.previousUntilMs) }),
  };
}

function summarise(
  events: readonly TraceEvent[],
  results: readonly EventResult[],
  sends: readonly SentSms[],
  env: LocalEnvironment,
  config: ConfigInput,
  run: { startMs: number; wallMs: number; concurrency: number },
): Summary {
  const { settings } = env;
  const dropped: Record<string, number> = {};
  let replies = 0;
  let helpReplies = 0;
  let errors = 0;
  let optedOut = 0;
  let legitInbound = 0;
  let legitReplied = 0;
  let abusiveInbound = 0;
  let abusiveReplied = 0;
  const legitSenders = new Map<string, { served: boolean; lastDrop?: string }>();
  const stopped = new Set<string>();
  let repliesAfterStop = 0;
  const replyTimes = new Map<string, number[]>();

  // Time order, so that STOP/START and replies are judged in the order they happened.
  let scheduled = 0;
  /** Lines whose sender was put on the waiting list. */
  const waited = new Set<EventResult>();
  const cancelled: Record<string, number> = {};

  /** A reply that went out (or may have), at `t`, to the sender of `result`. */
  const replied = (result: EventResult, t: number, help: boolean): void => {
    const { from, legit } = result;
    replies += 1;
    if (help) helpReplies += 1;
    if (legit === true) legitReplied += 1;
    if (legit === false) abusiveReplied += 1;
    if (from === undefined) return;
    if (stopped.has(from)) repliesAfterStop += 1;
    const sender = legitSenders.get(from);
    if (sender) sender.served = true;
    const times = replyTimes.get(from) ?? [];
    times.push(t);
    replyTimes.set(from, times);
  };
  const droppedFor = (result: EventResult, reason: string): void => {
    const sender = result.from === undefined ? undefined : legitSenders.get(result.from);
    // Keep the most telling reason: a budget or policy drop over a race with oneself.
    if (sender && (sender.lastDrop === undefined || !TRANSIENT_REASONS.has(reason))) {
      sender.lastDrop = reason;
    }
  };

  const onInbound = (result: EventResult): void => {
    const { outcome, from, legit } = result;
    if (legit === true) legitInbound += 1;
    if (legit === false) abusiveInbound += 1;
    if (legit === true && from !== undefined && !legitSenders.has(from)) {
      legitSenders.set(from, { served: false });
    }
    if (outcome === undefined) {
      errors += 1;
      return;
    }
    switch (outcome.kind) {
      case 'replied':
        replied(result, result.t, outcome.text === 'help');
        break;
      case 'send_unknown':
        replied(result, result.t, false);
        break;
      case 'scheduled':
        scheduled += 1;
        break;
      case 'waiting':
        waited.add(result);
        break;
      case 'opted_out':
        optedOut += 1;
        if (from !== undefined) stopped.add(from);
        break;
      case 'opted_in':
        if (from !== undefined) stopped.delete(from);
        break;
      case 'dropped':
        dropped[outcome.reason] = (dropped[outcome.reason] ?? 0) + 1;
        droppedFor(result, outcome.reason);
        break;
    }
  };

  const onDelivery = (result: EventResult): void => {
    const delivery = result.delivery!;
    const { outcome } = delivery;
    if (outcome === undefined) {
      errors += 1;
      return;
    }
    switch (outcome.kind) {
      case 'sent':
        replied(result, delivery.t, outcome.text === 'help');
        break;
      case 'send_unknown':
        replied(result, delivery.t, false);
        break;
      case 'cancelled':
        cancelled[outcome.reason] = (cancelled[outcome.reason] ?? 0) + 1;
        droppedFor(result, outcome.reason);
        break;
      case 'repeat':
      case 'waiting':
        break;
    }
  };

  // Time order, so that STOP/START and replies are judged in the order they happened: a
  // scheduled reply counts when it went out, after the messages of that same instant (the
  // simulator runs a reply only once every earlier message has been handled).
  const timeline: { t: number; delivery: boolean; result: EventResult }[] = [];
  for (const result of results) {
    timeline.push({ t: result.t, delivery: false, result });
    if (result.delivery) timeline.push({ t: result.delivery.t, delivery: true, result });
  }
  timeline.sort((x, y) => x.t - y.t || Number(x.delivery) - Number(y.delivery));
  for (const entry of timeline) {
    if (entry.delivery) onDelivery(entry.result);
    else onInbound(entry.result);
  }

  // Most replies any sender got within one window.
  let maxRepliesPerSender = 0;
  for (const times of replyTimes.values()) {
    let first = 0;
    for (let last = 0; last < times.length; last += 1) {
      while (times[last]! - times[first]! >= settings.senderWindowSeconds) first += 1;
      maxRepliesPerSender = Math.max(maxRepliesPerSender, last - first + 1);
    }
  }

  // Spend per calendar hour, day and month, from what the sink recorded.
  const perPeriod = {
    hour: new Map<string, number>(),
    day: new Map<string, number>(),
    month: new Map<string, number>(),
  };
  let spentMicros = 0;
  let legitSpentMicros = 0;
  const legitNumbers = new Set(results.filter((r) => r.legit === true).map((r) => r.from));
  for (const sms of sends) {
    spentMicros += sms.costMicros;
    if (legitNumbers.has(sms.to)) legitSpentMicros += sms.costMicros;
    // A delayed reply's money belongs to the period it was reserved in, as in the budget.
    const keys = periodKeys(sms.reservedAtMs ?? sms.atMs, settings.budget.timeZone);
    for (const period of ['hour', 'day', 'month'] as const) {
      const map = perPeriod[period];
      map.set(keys[period], (map.get(keys[period]) ?? 0) + sms.costMicros);
    }
  }
  const peak = (map: Map<string, number>): number => Math.max(0, ...map.values());

  const unserved: Record<string, number> = {};
  let served = 0;
  for (const sender of legitSenders.values()) {
    if (sender.served) served += 1;
    else {
      const reason = sender.lastDrop ?? 'none';
      unserved[reason] = (unserved[reason] ?? 0) + 1;
    }
  }
  const lastT = events.length > 0 ? events[events.length - 1]!.t : 0;

  return {
    inbound: events.length,
    replies,
    help_replies: helpReplies,
    scheduled_replies: scheduled,
    waiting_list: waitingListOf(waited),
    cancelled_replies: Object.fromEntries(Object.entries(cancelled).sort(([, a], [, b]) => b - a)),
    reply_delay_seconds: {
      min: settings.replyDelay?.minSeconds ?? 0,
      max: settings.replyDelay?.maxSeconds ?? 0,
    },
    spent_micros: spentMicros,
    legit_spent_micros: legitSpentMicros,
    evidence_kept: 0,
    currency: settings.budget.currency,
    budget_micros: {
      hour: settings.budget.hourMicros,
      day: settings.budget.dayMicros,
      month: settings.budget.monthMicros,
    },
    peak_spent_micros: {
      hour: peak(perPeriod.hour),
      day: peak(perPeriod.day),
      month: peak(perPeriod.month),
    },
    dropped: Object.fromEntries(Object.entries(dropped).sort(([, a], [, b]) => b - a)),
    errors,
    error_samples: results
      .flatMap((r) => [r.error, r.delivery?.error].filter((e): e is string => e !== undefined))
      .slice(0, 5),
    opted_out: optedOut,
    legit_inbound: legitInbound,
    legit_replied: legitReplied,
    legit_senders: legitSenders.size,
    legit_senders_served: served,
    legit_senders_unserved: unserved,
    abusive_inbound: abusiveInbound,
    abusive_replied: abusiveReplied,
    max_replies_per_sender: maxRepliesPerSender,
    replies_after_stop: repliesAfterStop,
    cost_2017_micros: events.length * COST_2017_MICROS_PER_SMS,
    billed_micros: 0,
    estimated_micros: 0,
    peak_billed_micros: { hour: 0, day: 0, month: 0 },
    simulated_seconds: Math.round(lastT),
    wall_ms: run.wallMs,
    concurrency: run.concurrency,
    config,
    ...moneySummary(
      { results, sends, startMs: run.startMs, legitSenders: legitSenders.size },
      settings,
      config,
    ),
  };
}
