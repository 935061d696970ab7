/**
 * The safety delay's unit of work: a reply already decided and paid for, waiting for its time.
 * The responder creates it, a scheduler holds it (EventBridge Scheduler in AWS, simulated time
 * locally), the dispatcher receives it as its event. Pure: no I/O.
 */
import { createHash } from 'node:crypto';
import type { PeriodKeys } from './calendar';
import type { ReplyDelaySettings } from './types';

/**
 * The payload of one scheduled reply (the scheduler's `Input`, the dispatcher's event),
 * sealed by the responder (`reply-seal.ts`): the dispatcher trusts none of it otherwise.
 */
export interface ScheduledReply extends UnsealedReply {
  /** HMAC of every other field, made by the responder (`ReplySeal`). */
  readonly seal: string;
}

/** A scheduled reply before its seal. */
export interface UnsealedReply {
  /** Payload version, so that a deployment can tell an older schedule from its own. */
  readonly v: 2;
  /** The inbound message answered: the send is idempotent on it. */
  readonly inboundId: string;
  /** HMAC of the sender's number: the sender item to re-check and mark. */
  readonly senderKey: string;
  /** The sender's number, E.164 (the schedule is deleted once it has run). */
  readonly to: string;
  /** Exactly the text that was priced, so the money reserved is the money spent. */
  readonly body: string;
  readonly text: 'reply' | 'help';
  /** The reservation, to give it back if the reply is not sent. */
  readonly costMicros: number;
  readonly periods: PeriodKeys;
  /** The sender's previous reply time, restored if this claim is given back. */
  readonly previousReplyAtMs?: number;
  readonly decidedAtMs: number;
  readonly sendAtMs: number;
  /**
   * A waiting reply (`domain/waiting.ts`): nothing is reserved yet (`costMicros` is the price to
   * reserve, `periods` those of the refusal); the dispatcher reserves the money when it
   * runs, or tries again at the next period until this time, then gives up (`expired`).
   */
  readonly waitUntilMs?: number;
  /** A waiting reply's tries so far (absent: the responder's first schedule). */
  readonly round?: number;
}

/**
 * How long the scheduler keeps trying to hand a due reply to the dispatcher (throttled,
 * unavailable) before its dead-letter queue: a late reply still beats none.
 */
export const SCHEDULE_MAX_EVENT_AGE_SECONDS = 6 * 3600;

/**
 * How long an asynchronous invocation may wait in Lambda's queue (a free slot of reserved
 * concurrency, retries) before the function's dead-letter queue: Lambda's maximum, set by the
 * stack on both functions.
 */
export const LAMBDA_MAX_EVENT_AGE_SECONDS = 6 * 3600;

/**
 * How late a reply may go out after its delay: the scheduler's retries, then Lambda's queue of
 * the dispatcher's invocations. The config keeps `replyDelay` plus this inside the sender
 * window, so a late reply never meets a newer claim of the same sender.
 */
export const MAX_SEND_LATENESS_SECONDS =
  SCHEDULE_MAX_EVENT_AGE_SECONDS + LAMBDA_MAX_EVENT_AGE_SECONDS;

/** Why a scheduled reply was not sent. Metric dimensions use these exact strings. */
export const CANCEL_REASONS = [
  'opted_out',
  'blocked',
  'flagged',
  'paused',
  'send_failed',
  /** The sender's claim is no longer this message's (given back after a failed scheduling). */
  'stale',
  'bad_payload',
  /** The seal does not hold, or the reply is not due yet: not the responder's schedule. */
  'forged',
  /** A waiting reply whose maximum wait ended, or whose month's budget is spent. */
  'expired',
  /** A waiting reply that joined the list in the minutes before raid mode began. */
  'raid',
] as const;

export type CancelReason = (typeof CANCEL_REASONS)[number];

/** What the dispatcher did with one scheduled reply. */
export type SendOutcome =
  | { readonly kind: 'sent'; readonly text: 'reply' | 'help'; readonly costMicros: number }
  | { readonly kind: 'send_unknown'; readonly costMicros: number }
  /** Not sent; `released`: its reservation was given back. */
  | { readonly kind: 'cancelled'; readonly reason: CancelReason; readonly released: boolean }
  /** The schedule fired again for a reply already sent or cancelled: nothing done. */
  | { readonly kind: 'repeat' }
  /** A waiting reply still without money: scheduled again for `sendAtMs`. */
  | { readonly kind: 'waiting'; readonly sendAtMs: number };

/** Seconds of delay for one reply: uniform in `[min, max]`, whole seconds. */
export function drawDelaySeconds(delay: ReplyDelaySettings, random: () => number): number {
  const span = delay.maxSeconds - delay.minSeconds;
  if (span <= 0) return delay.minSeconds;
  return delay.minSeconds + Math.min(span, Math.floor(random() * (span + 1)));
}

/**
 * The schedule's name: one per inbound message, so that creating it again (a retried
 * invocation) finds the first one instead of adding a second. Scheduler names allow
 * `[0-9a-zA-Z-_.]`, up to 64 characters; inbound ids are hashed to fit.
 */
export function scheduleName(inboundId: string, round?: number): string {
  const named = round ? `${inboundId}#${round}` : inboundId;
  return `reply-${createHash('sha256').update(named).digest('hex').slice(0, 48)}`;
}

/** The schedule's name of a reply: a waiting reply's later tries each have their own. */
export const scheduleNameOf = (reply: UnsealedReply): string =>
  scheduleName(reply.inboundId, reply.round);

const MAX_INPUT_CHARS = 8192;

/** What is wrong with a scheduled reply's payload, if anything (`parseScheduledReply`). */
function payloadProblem(e: Record<string, unknown>): string | undefined {
  if (e.v !== 2) return `unknown payload version ${JSON.stringify(e.v)}`;
  const strings = ['inboundId', 'senderKey', 'to', 'body', 'seal'] as const;
  for (const name of strings) {
    if (typeof e[name] !== 'string' || (e[name] as string).length === 0) {
      return `${name} is missing or not a string`;
    }
  }
  if (!/^\+[1-9]\d{4,14}$/.test(e.to as string)) return 'to is not an E.164 number';
  if ((e.body as string).length > MAX_INPUT_CHARS) return 'body is too long';
  if (e.text !== 'reply' && e.text !== 'help') return 'text is neither "reply" nor "help"';
  const wholeNumber = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
  for (const name of ['costMicros', 'decidedAtMs', 'sendAtMs'] as const) {
    if (!wholeNumber(e[name])) return `${name} is not a whole number`;
  }
  for (const name of ['previousReplyAtMs', 'waitUntilMs', 'round'] as const) {
    if (e[name] !== undefined && !wholeNumber(e[name])) return `${name} is not a whole number`;
  }
  const periods = e.periods as Record<string, unknown> | undefined;
  if (
    typeof periods !== 'object' ||
    periods === null ||
    !/^\d{4}-\d{2}$/.test(String(periods.month)) ||
    !/^\d{4}-\d{2}-\d{2}$/.test(String(periods.day)) ||
    !/^\d{4}-\d{2}-\d{2}T\d{2}$/.test(String(periods.hour))
  ) {
    return 'periods is not {month, day, hour}';
  }
  return undefined;
}

/** Reads a scheduled reply from an event; the reason when it is not one. */
export function parseScheduledReply(
  event: unknown,
): { ok: true; reply: ScheduledReply } | { ok: false; detail: string } {
  if (typeof event !== 'object' || event === null || Array.isArray(event)) {
    return { ok: false, detail: 'the event is not an object' };
  }
  const e = event as Record<string, unknown>;
  const problem = payloadProblem(e);
  if (problem !== undefined) return { ok: false, detail: problem };
  const periods = e.periods as Record<string, unknown>;
  return {
    ok: true,
    reply: {
      v: 2,
      inboundId: e.inboundId as string,
      senderKey: e.senderKey as string,
      to: e.to as string,
      body: e.body as string,
      text: e.text as ScheduledReply['text'],
      costMicros: e.costMicros as number,
      periods: {
        month: periods.month as string,
        day: periods.day as string,
        hour: periods.hour as string,
      },
      ...(e.previousReplyAtMs === undefined
        ? {}
        : { previousReplyAtMs: e.previousReplyAtMs as number }),
      decidedAtMs: e.decidedAtMs as number,
      sendAtMs: e.sendAtMs as number,
      ...(e.waitUntilMs === undefined ? {} : { waitUntilMs: e.waitUntilMs as number }),
      ...(e.round === undefined ? {} : { round: e.round as number }),
      seal: e.seal as string,
    },
  };
}
