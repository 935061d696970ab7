/**
 * The dispatcher's core: sends a reply whose safety delay is over, if it still may be sent.
 *
 * At send time, in this order:
 * 0. the seal: a reply the responder did not seal, or that is not due yet, is dropped as
 *    `forged` (nothing sent, nothing given back, nothing marked);
 * 1. paused (the control item) → cancelled, money and claim given back (the sender may get a
 *    reply once the service resumes);
 * 2. one conditional write marks the reply settled, if the sender has not opted out, been
 *    blocked or flagged meanwhile, and if it was not settled already (the scheduler delivers at
 *    least once): the mark is never undone, so a reply goes out at most once;
 * 3. the SMS; a definite refusal gives the money and the claim back.
 * A sender that may no longer be texted gets nothing, and its reservation is given back.
 * A waiting reply (`waiting-reply.ts`) first reserves its money, then takes the same path.
 */
import type { Items } from './items';
import type { Reservation } from './items/budget-ledger';
import { reservationId } from './items/budget-ledger';
import type { ReplyScheduler } from './adapters/reply-scheduler';
import { giveBack } from './give-back';
import type { SmsGateway } from './adapters/sms-gateway';
import { ControlCache } from './control-cache';
import { maskNumber } from './domain/phone';
import type { CancelReason, ScheduledReply, SendOutcome } from './domain/scheduled-reply';
import { parseScheduledReply } from './domain/scheduled-reply';
import type { ResponderSettings } from './domain/types';
import type { ReplySeal } from './reply-seal';
import type { RecordContext, Telemetry } from './telemetry';
import { serveWaiting } from './waiting-reply';
import type { ReceiptTagger } from './receipt-tag';
import { tagFor } from './receipt-tag';
import { countryOf } from './domain/phone';

/** What the dispatcher reports (a part of the responder's telemetry). */
export interface SendTelemetry extends Pick<Telemetry, 'error' | 'flush'> {
  sendOutcome(outcome: SendOutcome, context: RecordContext): void;
}

/** Settled outcomes whose money was given back. */
const GIVES_BACK = new Set<string>(['opted_out', 'blocked', 'flagged', 'paused', 'send_failed']);
/** …and whose sender may still get a reply (the claim is given back too). */
const CLAIM_GIVEN_BACK = new Set<string>(['paused', 'send_failed']);

export interface DispatcherDeps {
  readonly settings: ResponderSettings;
  /** The table's items (sender, budget ledger, control). */
  readonly items: Items;
  readonly gateway: SmsGateway;
  readonly telemetry: SendTelemetry;
  readonly clock: () => number;
  /** Checks that the responder wrote the reply (the same secret as the responder's). */
  readonly seal: ReplySeal;
  /** Schedules a waiting reply again when its money is not there yet (`waiting-reply.ts`). */
  readonly scheduler?: ReplyScheduler;
  /** Tags replies for their receipts (`settings.receipts`); absent: untagged. */
  readonly tagger?: ReceiptTagger;
}

/**
 * How early a reply may be handed over: EventBridge Scheduler runs a one-time schedule at or
 * after its time; a minute covers clock differences between services.
 */
const EARLY_TOLERANCE_MS = 60_000;

/** Handles one scheduler invocation (its event is the scheduled reply). */
export type Dispatcher = (event: unknown) => Promise<SendOutcome>;

/** A reply's money as the responder reserved it (a waiting reply's is reserved later). */
const reservationOf = (reply: ScheduledReply): Reservation => ({
  id: reservationId(reply.inboundId, reply.decidedAtMs),
  periods: reply.periods,
  costMicros: reply.costMicros,
});

/** The reply being settled, with its money; `fresh`: reserved by this very run. */
interface Paid {
  readonly reply: ScheduledReply;
  readonly reservation: Reservation;
  readonly fresh: boolean;
}

export function createDispatcher(deps: DispatcherDeps): Dispatcher {
  const core = new DispatcherCore(deps);
  return (event) => core.run(event);
}

/** The dispatcher's steps, each one screen at most. */
class DispatcherCore {
  private readonly controls: ControlCache;

  constructor(private readonly deps: DispatcherDeps) {
    this.controls = new ControlCache(deps.items.control, deps.settings.controlCacheSeconds * 1000);
  }

  /** One invocation: the seal, then the reply; an unreadable or forged event is dropped. */
  async run(event: unknown): Promise<SendOutcome> {
    const { telemetry, clock } = this.deps;
    const parsed = parseScheduledReply(event);
    if (!parsed.ok) return this.refuse('bad_payload', parsed.detail);
    const { reply } = parsed;
    if (!this.deps.seal.verify(reply)) return this.refuse('forged', 'the seal does not hold');
    // A genuine reply handed over before its time would skip the safety delay: the scheduler
    // will hand it over again when it is due.
    if (clock() < reply.sendAtMs - EARLY_TOLERANCE_MS) return this.refuse('forged', 'not due yet');
    const context: RecordContext = {
      inboundMessageId: reply.inboundId,
      sender: maskNumber(reply.to),
      senderRef: reply.senderKey.slice(0, 12),
    };
    try {
      const outcome = await this.handle(reply, context);
      telemetry.sendOutcome(outcome, context);
      return outcome;
    } catch (error) {
      // The table could not be read or written: nothing was sent; Lambda retries the event.
      telemetry.error('scheduled reply failed, will be retried', error, context);
      throw error;
    } finally {
      telemetry.flush();
    }
  }

  /** Counted, logged, dropped: retrying would not mend it (its money, if any, stays counted). */
  private refuse(reason: 'bad_payload' | 'forged', detail: string): SendOutcome {
    const outcome: SendOutcome = { kind: 'cancelled', reason, released: false };
    this.deps.telemetry.sendOutcome(outcome, { detail });
    this.deps.telemetry.flush();
    return outcome;
  }

  private async handle(reply: ScheduledReply, context: RecordContext): Promise<SendOutcome> {
    const { deps } = this;
    if (reply.waitUntilMs !== undefined) {
      return serveWaiting(
        {
          settings: deps.settings,
          items: deps.items,
          controls: this.controls,
          clock: deps.clock,
          seal: deps.seal,
          scheduler: deps.scheduler,
          sendReserved: (reservation, fresh) =>
            this.settleAndSend({ reply, reservation, fresh }, context),
          error: (message, error) => deps.telemetry.error(message, error, context),
        },
        { ...reply, waitUntilMs: reply.waitUntilMs },
      );
    }
    const paid: Paid = { reply, reservation: reservationOf(reply), fresh: false };
    const nowMs = deps.clock();
    if ((await this.controls.get(nowMs)).paused) return this.cancel(paid, 'paused', nowMs);
    return this.settleAndSend(paid, context);
  }

  /** Settles a paid reply as sent (if the sender may still be texted) and sends it. */
  private async settleAndSend(paid: Paid, context: RecordContext): Promise<SendOutcome> {
    const { reply } = paid;
    const nowMs = this.deps.clock();
    const mark = await this.deps.items.senders.settle({
      senderKey: reply.senderKey,
      inboundId: reply.inboundId,
      nowMs,
      as: 'sent',
      waited: reply.waitUntilMs !== undefined,
    });
    if (mark.settled) return this.send(paid, context);
    switch (mark.why) {
      case 'repeat':
        return this.repeat(paid, mark.as);
      case 'stale':
        // The responder gave this claim back (its scheduling was refused) or a maintainer
        // cleared it: whoever did also gave the money back. Nothing to send, nothing to undo.
        return this.stale(paid);
      default:
        return this.cancel(paid, mark.why, nowMs);
    }
  }

  private async send(paid: Paid, context: RecordContext): Promise<SendOutcome> {
    const { reply } = paid;
    const { telemetry } = this.deps;
    const tag = tagFor(this.deps.tagger, paid.reservation, countryOf(reply.to));
    const result = await this.deps.gateway.send({
      to: reply.to,
      body: reply.body,
      ...(tag === undefined ? {} : { tag }),
    });
    if (result.status === 'sent') {
      return { kind: 'sent', text: reply.text, costMicros: reply.costMicros };
    }
    if (result.status === 'unknown') {
      telemetry.error('send outcome unknown: the reply stays counted', result.error, context);
      return { kind: 'send_unknown', costMicros: reply.costMicros };
    }
    telemetry.error('send refused: reservation released', result.error, context);
    await this.deps.items.senders.markSendFailed({
      senderKey: reply.senderKey,
      inboundId: reply.inboundId,
    });
    const released = await this.giveBack(paid, true);
    return { kind: 'cancelled', reason: 'send_failed', released };
  }

  /** Marks the reply cancelled (once) and gives its money back. */
  private async cancel(paid: Paid, reason: CancelReason, nowMs: number): Promise<SendOutcome> {
    const mark = await this.deps.items.senders.settle({
      senderKey: paid.reply.senderKey,
      inboundId: paid.reply.inboundId,
      nowMs,
      as: reason,
    });
    if (!mark.settled) {
      if (mark.why === 'repeat') return this.repeat(paid, mark.as);
      // The claim is no longer this message's (opt-outs etc. don't stop a cancel).
      return this.stale(paid);
    }
    const released = await this.giveBack(paid, CLAIM_GIVEN_BACK.has(reason));
    return { kind: 'cancelled', reason, released };
  }

  /** The claim is no longer this message's: only money this very run reserved goes back. */
  private async stale(paid: Paid): Promise<SendOutcome> {
    if (paid.fresh) await this.deps.items.ledger.release(paid.reservation);
    return { kind: 'cancelled', reason: 'stale', released: paid.fresh };
  }

  /**
   * A repeat of a reply settled already. If it was cancelled (or refused), the give-back runs
   * again: a crash may have cut it short, and it does nothing a second time. Money this very run
   * reserved (a waiting reply) is given back whatever happened before.
   */
  private async repeat(paid: Paid, as: string | undefined): Promise<SendOutcome> {
    if (paid.fresh) await this.deps.items.ledger.release(paid.reservation);
    else if (as !== undefined && GIVES_BACK.has(as)) {
      await this.giveBack(paid, CLAIM_GIVEN_BACK.has(as));
    }
    return { kind: 'repeat' };
  }

  /** Gives a reply's money back, and its claim too when the sender may still get a reply. */
  private giveBack({ reply, reservation }: Paid, claimToo: boolean): Promise<boolean> {
    return giveBack(
      this.deps.items,
      reservation,
      claimToo
        ? {
            senderKey: reply.senderKey,
            inboundId: reply.inboundId,
            previousReplyAtMs: reply.previousReplyAtMs,
            forgetInbound: false,
          }
        : undefined,
    );
  }
}
