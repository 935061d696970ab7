/**
 * The responder: parse → keywords → eligibility and idempotency (one conditional write on the
 * sender's item) → budget (one conditional write on the month's budget item) → send.
 * Everything it touches is injected, so the Lambda, the tests and the simulator run this
 * same code with different clients and clocks.
 */
import type { SNSEvent } from 'aws-lambda';
import type { PeriodKeys } from './domain/calendar';
import { periodKeys } from './domain/calendar';
import { parseRecord } from './domain/inbound';
import { classifyIntent } from './domain/keywords';
import { maskNumber } from './domain/phone';
import type { SenderState } from './domain/policy';
import {
  budgetVerdict,
  ineligibleUntilMs,
  planReply,
  senderVerdict,
  usedPercent,
} from './domain/policy';
import type { BudgetCaps, DropReason, Outcome, ResponderSettings } from './domain/types';
import { raidModeOn } from './domain/types';
import type { ResponderStore } from './adapters/dynamo-store';
import { heldDaysToPrune, reservationId } from './adapters/dynamo-store';
import { giveBack } from './give-back';
import type { SmsSender } from './adapters/sms-sender';
import type { RecordContext, Telemetry } from './telemetry';
import type { EvidenceRecord } from './domain/evidence';
import { evidenceRecord } from './domain/evidence';
import { ControlCache } from './control-cache';
import { FloodDetector } from './flood';
import type { ReplyScheduler } from './adapters/reply-scheduler';
import { classifySendError } from './adapters/sms-sender';
import type { ScheduledReply } from './domain/scheduled-reply';
import { drawDelaySeconds } from './domain/scheduled-reply';
import type { ReplySeal } from './reply-seal';

/** What the responder is built from. */
export interface ResponderDeps {
  readonly settings: ResponderSettings;
  readonly store: ResponderStore;
  readonly sender: SmsSender;
  /** HMAC of a phone number: the only form in which a number reaches the table. */
  readonly senderKey: (e164: string) => string;
  readonly telemetry: Telemetry;
  /** Epoch milliseconds; the simulator replays hours in seconds with its own clock. */
  readonly clock: () => number;
  /** Where flagged messages are kept; required when `settings.abuse` is set. */
  readonly evidence?: EvidenceSink;
  /** The abuse content matcher (pure); required when `settings.abuse.contentFlagging`. */
  readonly assessBody?: (body: string) => { abusive: boolean; reasons: readonly string[] };
  /** Holds replies for the safety delay; required when `settings.replyDelay` is set. */
  readonly scheduler?: ReplyScheduler;
  /** Draws random delays within `settings.replyDelay` (default `Math.random`). */
  readonly random?: () => number;
  /** Seals scheduled replies for the sender function; required with `settings.replyDelay`. */
  readonly seal?: ReplySeal;
}

/** Stores evidence records (see `adapters/evidence-store.ts`). */
export interface EvidenceSink {
  put(record: EvidenceRecord, senderKey: string, expiresAtSeconds: number): Promise<void>;
}

/** The result of one invocation, for tests and the simulator (SNS ignores it). */
export interface ResponderResult {
  readonly outcomes: Outcome[];
}

export type Responder = (event: SNSEvent | { Records?: unknown }) => Promise<ResponderResult>;

const MS_PER_SECOND = 1000;
const DAY_SECONDS = 86_400;
/** Opt-outs, blocks and flags must outlive any window: their items keep a TTL this far away. */
export const PERSISTENT_STATE_SECONDS = 10 * 365 * DAY_SECONDS;
/** Budget items are kept a little over a year, for the record. */
const BUDGET_RETENTION_SECONDS = 400 * DAY_SECONDS;
/** How long a container first records (one write) a sender that raid mode refused. */
const RAID_NOT_NEW_HINT_MS = 10 * 60_000;
/** Evidence is kept a year unless the config says otherwise. */
const DEFAULT_EVIDENCE_SECONDS = 365 * DAY_SECONDS;
/** Per-container memory of senders known to get no reply (bounded). */
const MAX_SENDER_HINTS = 50_000;

/**
 * Senders this container has seen get no reply, and until when. A hint only changes which
 * write is tried first (record before claim), saving a round trip for repeat senders; the
 * stored state always decides.
 */
class SenderHints {
  private readonly untilMs = new Map<string, number>();

  isIneligible(key: string, nowMs: number): boolean {
    return (this.untilMs.get(key) ?? 0) > nowMs;
  }

  remember(key: string, untilMs: number): void {
    this.untilMs.delete(key);
    if (untilMs <= 0) return;
    if (this.untilMs.size >= MAX_SENDER_HINTS) {
      const oldest = this.untilMs.keys().next();
      if (!oldest.done) this.untilMs.delete(oldest.value);
    }
    this.untilMs.set(key, untilMs);
  }
}

/** Senders this container knows are flagged (bounded; the oldest are forgotten first). */
class BoundedSet {
  private readonly keys = new Set<string>();

  constructor(private readonly max: number) {}

  has(key: string): boolean {
    return this.keys.has(key);
  }

  add(key: string): void {
    if (this.keys.size >= this.max) {
      const oldest = this.keys.values().next();
      if (!oldest.done) this.keys.delete(oldest.value);
    }
    this.keys.add(key);
  }
}

/**
 * A budget found exhausted. While its period lasts and the caps are unchanged, new senders are
 * refused without touching the budget item (a raid must not cost 4 round trips per message);
 * it is checked again every few minutes in case a failed send gave money back.
 */
interface BudgetBlock {
  /** The periods when the block was found, and when (a clock going back voids it). */
  readonly periods: PeriodKeys & { readonly startMs: number };
  readonly caps: BudgetCaps;
  readonly reason: DropReason;
  readonly untilMs: number;
}

const BUDGET_BLOCK_MAX_AGE_MS = 5 * 60_000;

function blockHolds(
  block: BudgetBlock,
  periods: PeriodKeys,
  caps: BudgetCaps,
  nowMs: number,
): boolean {
  const samePeriod =
    block.reason === 'budget_hour'
      ? block.periods.hour === periods.hour
      : block.reason === 'budget_day'
        ? block.periods.day === periods.day
        : block.periods.month === periods.month;
  return (
    samePeriod &&
    nowMs >= block.periods.startMs &&
    nowMs < block.untilMs &&
    caps.hourMicros === block.caps.hourMicros &&
    caps.dayMicros === block.caps.dayMicros &&
    caps.monthMicros === block.caps.monthMicros
  );
}

/** Builds the responder from its dependencies. */
export function createResponder(deps: ResponderDeps): Responder {
  const { settings, store, sender, telemetry, clock } = deps;
  const windowMs = settings.senderWindowSeconds * MS_PER_SECOND;
  const cacheMs = settings.controlCacheSeconds * MS_PER_SECOND;
  const controls = new ControlCache(store, cacheMs);
  const hints = new SenderHints();
  let budgetBlock: BudgetBlock | undefined;

  const flood = settings.raid ? new FloodDetector(settings.raid, store, telemetry) : undefined;
  const flagged = new BoundedSet(MAX_SENDER_HINTS);
  const evidenceSeconds = settings.evidenceRetentionSeconds ?? DEFAULT_EVIDENCE_SECONDS;
  if (settings.abuse && !deps.evidence) throw new Error('abuse flagging needs an evidence store');
  if (settings.abuse?.contentFlagging && !deps.assessBody) {
    throw new Error('content flagging needs the abuse matcher (assessBody)');
  }
  if (settings.replyDelay && (!deps.scheduler || !deps.seal)) {
    throw new Error('a reply delay needs a scheduler and a seal');
  }
  const random = deps.random ?? Math.random;

  const toSeconds = (ms: number): number => Math.floor(ms / MS_PER_SECOND);
  const remember = (key: string, state: SenderState): void =>
    hints.remember(key, ineligibleUntilMs(state, settings));

  async function handleRecord(record: unknown, log: { context: RecordContext }): Promise<Outcome> {
    const drop = (reason: DropReason): Outcome => ({ kind: 'dropped', reason });
    const parsed = parseRecord(record, settings);
    if (!parsed.ok) {
      log.context = { detail: parsed.detail };
      return drop(parsed.reason);
    }
    const { sms } = parsed;
    const nowMs = clock();
    const key = deps.senderKey(sms.from);
    const id = sms.inboundMessageId;
    log.context = {
      inboundMessageId: id,
      sender: maskNumber(sms.from),
      senderRef: key.slice(0, 12),
    };
    const windowExpiry = toSeconds(nowMs + windowMs) + DAY_SECONDS;

    // Flood detection counts every valid inbound message, whatever happens to it next.
    if (flood) {
      const change = await flood.count(nowMs, await controls.get(nowMs));
      if (change) controls.invalidate();
    }

    const intent = classifyIntent(sms.body, sms.keyword);
    /** Keeps the message as evidence (the one place the raw number is stored). */
    const keepEvidence = async (
      reasons: readonly string[],
      metricReason: string,
    ): Promise<void> => {
      const record = evidenceRecord({
        receivedAt: new Date(sms.receivedAtMs ?? nowMs).toISOString(),
        inboundMessageId: id,
        from: sms.from,
        to: sms.to,
        body: sms.body,
        reasons,
      });
      await deps.evidence?.put(record, key, toSeconds(nowMs) + evidenceSeconds);
      telemetry.flagged(metricReason);
    };

    if (intent === 'stop' || intent === 'start') {
      const optOut = intent === 'stop';
      const expiry = optOut ? toSeconds(nowMs) + PERSISTENT_STATE_SECONDS : windowExpiry;
      const fresh = await store.setOptOut(key, optOut, id, nowMs, expiry);
      hints.remember(key, optOut ? Number.POSITIVE_INFINITY : 0);
      if (!fresh) return drop('duplicate');
      // "stop connard": the opt-out wins, and the insult is still kept (two more writes, for
      // abusive opt-outs only).
      const verdict =
        optOut && settings.abuse?.contentFlagging ? deps.assessBody?.(sms.body) : undefined;
      if (verdict?.abusive) {
        await store.flagSender(
          key,
          nowMs,
          verdict.reasons,
          toSeconds(nowMs) + PERSISTENT_STATE_SECONDS,
        );
        flagged.add(key);
        await keepEvidence(verdict.reasons, 'abusive');
      }
      return { kind: optOut ? 'opted_out' : 'opted_in' };
    }

    // Abusive content: the sender is flagged for good and the message kept, in two writes.
    if (settings.abuse?.contentFlagging && deps.assessBody) {
      const verdict = deps.assessBody(sms.body);
      if (verdict.abusive) {
        // A sender this container already flagged costs one write (the evidence, which is
        // idempotent on its own); otherwise the flag and the evidence, two writes.
        if (!flagged.has(key)) {
          const expiry = toSeconds(nowMs) + PERSISTENT_STATE_SECONDS;
          const result = await store.flagInbound(key, id, nowMs, verdict.reasons, expiry);
          if (result.duplicate) return drop('duplicate');
          hints.remember(key, Number.POSITIVE_INFINITY);
          flagged.add(key);
        }
        await keepEvidence(verdict.reasons, 'abusive');
        return drop('abusive');
      }
    }

    const control = await controls.get(nowMs);
    telemetry.raidActive(raidModeOn(control));
    const plan = planReply(sms, intent === 'help' ? 'help' : 'reply', control, settings, nowMs);
    if (plan.kind === 'drop') return drop(plan.reason);
    const raidNewOnly = raidModeOn(control) && settings.raid?.newSendersOnly === true;

    const periods = periodKeys(nowMs, settings.budget.timeZone);
    const block =
      budgetBlock && blockHolds(budgetBlock, periods, plan.caps, nowMs) ? budgetBlock : undefined;

    // Eligibility and idempotency: one conditional write decides both.
    let recorded = false;
    const recordAndJudge = async (): Promise<DropReason | 'eligible'> => {
      const result = await store.recordInbound(key, id, nowMs, windowExpiry);
      if (result.duplicate) return 'duplicate';
      recorded = true;
      const { state } = result;
      remember(key, state);
      const verdict = senderVerdict(state, plan.windowStartMs, raidNewOnly ? nowMs : undefined);
      if (state.flagged) flagged.add(key);
      // Refused for the raid only: try the one-write path first while the raid may last.
      if (verdict === 'raid_not_new') hints.remember(key, nowMs + RAID_NOT_NEW_HINT_MS);
      // A flagged sender's later messages are kept only when abusive themselves (see above):
      // the evidence is the abuse, and a bot's thousand "lol" would only cost writes.
      if (
        settings.abuse &&
        verdict !== 'flagged' &&
        verdict !== 'blocked' &&
        (state.msgCount ?? 0) > settings.abuse.maxMessagesPerWindow
      ) {
        const reasons = [`repeater:${state.msgCount ?? 0}`];
        await store.flagSender(key, nowMs, reasons, toSeconds(nowMs) + PERSISTENT_STATE_SECONDS);
        hints.remember(key, Number.POSITIVE_INFINITY);
        flagged.add(key);
        await keepEvidence(reasons, 'repeater');
        return 'repeater';
      }
      return verdict;
    };
    if (block || hints.isIneligible(key, nowMs)) {
      const verdict = await recordAndJudge();
      if (verdict !== 'eligible') return drop(verdict);
      if (block) return drop(block.reason);
    }
    const claimRequest = {
      senderKey: key,
      inboundId: id,
      nowMs,
      windowStartMs: plan.windowStartMs,
      expiresAtSeconds: windowExpiry,
      requireNew: raidNewOnly,
    };
    let claim = await store.claimReply({ ...claimRequest, alreadyRecorded: recorded });
    if (!claim.claimed) {
      if (recorded) return drop('contention');
      const verdict = await recordAndJudge();
      if (verdict !== 'eligible') return drop(verdict);
      // The state changed between the two writes (a release, an unblock): try once more.
      claim = await store.claimReply({ ...claimRequest, alreadyRecorded: true });
      if (!claim.claimed) return drop('contention');
    }
    hints.remember(key, nowMs + windowMs);
    const previousReplyAtMs = claim.previousReplyAtMs;

    // Budget: one conditional write reserves the hour, the day and the month.
    const reservation = { id: reservationId(id, nowMs), periods, costMicros: plan.costMicros };
    const claimOf = (forgetInbound: boolean) => ({
      senderKey: key,
      inboundId: id,
      previousReplyAtMs,
      forgetInbound,
    });
    let reserved;
    try {
      reserved = await store.reserve(
        reservation,
        plan.caps,
        // Counters are never pruned (no clock may lower one); only the sets of reservations
        // too old to be given back are (see heldDaysToPrune).
        heldDaysToPrune(periods.day),
        toSeconds(nowMs) + BUDGET_RETENTION_SECONDS,
      );
    } catch (error) {
      // Fail closed, and let the retry start afresh if the claim can still be undone.
      await store.releaseClaim(key, id, previousReplyAtMs, true).catch(() => undefined);
      throw error;
    }
    if (!reserved.ok) {
      const verdict = budgetVerdict(reserved.spent, plan.caps, plan.costMicros);
      const raidCapOnly =
        verdict === 'budget_hour' &&
        raidModeOn(control) &&
        reserved.spent.hour + plan.costMicros <= settings.budget.hourMicros;
      const reason: DropReason =
        verdict === 'ok' ? 'contention' : raidCapOnly ? 'raid_hour' : verdict;
      if (reason !== 'contention') {
        budgetBlock = {
          periods: { ...periods, startMs: nowMs },
          caps: plan.caps,
          reason,
          untilMs: nowMs + Math.max(cacheMs, BUDGET_BLOCK_MAX_AGE_MS),
        };
      }
      await store.releaseClaim(key, id, previousReplyAtMs, false);
      const used = usedPercent(reserved.spent, plan.caps);
      const period = verdict === 'ok' ? undefined : verdict.slice('budget_'.length);
      telemetry.budgetUsed(
        period ? { ...used, [period]: Math.max(100, used[period as 'hour']) } : used,
      );
      return drop(reason);
    }
    telemetry.budgetUsed(usedPercent(reserved.spent, plan.caps));

    // The safety delay: the reply is decided and paid for now, and sent later by the sender
    // function, which checks again that the sender may still be texted.
    if (settings.replyDelay && deps.scheduler && deps.seal) {
      const sendAtMs = nowMs + drawDelaySeconds(settings.replyDelay, random) * MS_PER_SECOND;
      const reply: ScheduledReply = deps.seal.seal({
        v: 2,
        inboundId: id,
        senderKey: key,
        to: sms.from,
        body: plan.sms.body,
        text: plan.text,
        costMicros: plan.costMicros,
        periods,
        ...(previousReplyAtMs === undefined ? {} : { previousReplyAtMs }),
        decidedAtMs: nowMs,
        sendAtMs,
      });
      try {
        await deps.scheduler.schedule(reply);
      } catch (error) {
        if (classifySendError(error).status === 'unknown') {
          // It may exist: keep it paid for and claimed, so that it can go out once and only once.
          telemetry.error(
            'scheduling outcome unknown: the reply stays counted',
            error,
            log.context,
          );
          return { kind: 'send_unknown', costMicros: plan.costMicros };
        }
        // Refused, so surely not scheduled: give everything back; Lambda's retry starts afresh.
        await giveBack(store, reservation, claimOf(true));
        hints.remember(key, 0);
        throw error;
      }
      return { kind: 'scheduled', text: plan.text, costMicros: plan.costMicros, sendAtMs };
    }

    const result = await sender.send({ to: sms.from, body: plan.sms.body });
    if (result.status === 'sent') {
      return { kind: 'replied', text: plan.text, costMicros: plan.costMicros };
    }
    if (result.status === 'unknown') {
      telemetry.error('send outcome unknown: the reply stays counted', result.error, log.context);
      return { kind: 'send_unknown', costMicros: plan.costMicros };
    }
    telemetry.error('send refused: reservation released', result.error, log.context);
    await giveBack(store, reservation, claimOf(false));
    hints.remember(key, 0);
    return drop('send_failed');
  }

  return async (event) => {
    const records: unknown[] = Array.isArray(event?.Records) ? event.Records : [];
    const outcomes: Outcome[] = [];
    let failure: unknown;
    for (const record of records) {
      telemetry.inbound();
      const log: { context: RecordContext } = { context: {} };
      try {
        const outcome = await handleRecord(record, log);
        outcomes.push(outcome);
        telemetry.outcome(outcome, log.context);
      } catch (error) {
        // State could not be read or written: nothing was sent; Lambda retries the record.
        telemetry.error('record failed, will be retried', error, log.context);
        failure ??= error;
      }
    }
    telemetry.flush();
    if (failure !== undefined) throw failure;
    return { outcomes };
  };
}
