/**
 * What every step of the responder works with: its dependencies, the container's memory, and
 * the inbound message on its way through the steps.
 */
import type { SNSEvent } from 'aws-lambda';
import type { ReplyScheduler } from '../adapters/reply-scheduler';
import type { SmsGateway } from '../adapters/sms-gateway';
import type { ControlCache } from '../control-cache';
import type { EvidenceRecord } from '../domain/evidence';
import { evidenceRecord } from '../domain/evidence';
import type { InboundSms } from '../domain/inbound';
import type { Intent } from '../domain/keywords';
import type { DropReason, Outcome, ResponderSettings } from '../domain/types';
import type { FloodDetector } from '../flood';
import type { Items } from '../items';
import type { ReceiptTagger } from '../receipt-tag';
import type { ReplySeal } from '../reply-seal';
import type { RecordContext, Telemetry } from '../telemetry';
import type { ContainerMemory } from './memory';

/** What the responder is built from. */
export interface ResponderDeps {
  readonly settings: ResponderSettings;
  /** The table's items (sender, budget ledger, control, counters). */
  readonly items: Items;
  readonly gateway: SmsGateway;
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
  /** Seals scheduled replies for the dispatcher; required with `settings.replyDelay`. */
  readonly seal?: ReplySeal;
  /** Tags replies for their receipts (`settings.receipts`); absent: untagged. */
  readonly tagger?: ReceiptTagger;
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

export const MS_PER_SECOND = 1000;
export const DAY_SECONDS = 86_400;
/** Opt-outs, blocks and flags must outlive any window: their items keep a TTL this far away. */
export const PERSISTENT_STATE_SECONDS = 10 * 365 * DAY_SECONDS;
/** Evidence is kept a year unless the config says otherwise. */
const DEFAULT_EVIDENCE_SECONDS = 365 * DAY_SECONDS;

/** The dependencies and the container's state every step reads. */
export interface ResponderContext {
  readonly deps: ResponderDeps;
  readonly settings: ResponderSettings;
  readonly memory: ContainerMemory;
  readonly controls: ControlCache;
  readonly flood: FloodDetector | undefined;
  readonly windowMs: number;
  readonly evidenceSeconds: number;
}

/** One valid inbound message on its way through the steps. */
export interface InboundMessage {
  readonly sms: InboundSms;
  readonly nowMs: number;
  /** The sender's HMAC: their item's key. */
  readonly key: string;
  readonly id: string;
  readonly intent: Intent;
  /** When the sender item may expire if nothing keeps it longer (the window, plus a day). */
  readonly windowExpirySeconds: number;
  /** Safe identifiers for logs. */
  readonly context: RecordContext;
}

/** A step's answer: the message's outcome, or what the next step needs. */
export type StepResult<T> = { readonly outcome: Outcome } | { readonly next: T };

export const dropped = (reason: DropReason): Outcome => ({ kind: 'dropped', reason });
export const stop = (reason: DropReason): { readonly outcome: Outcome } => ({
  outcome: dropped(reason),
});

export const toSeconds = (ms: number): number => Math.floor(ms / MS_PER_SECOND);

/** The evidence retention of this deployment. */
export function evidenceSecondsOf(settings: ResponderSettings): number {
  return settings.evidenceRetentionSeconds ?? DEFAULT_EVIDENCE_SECONDS;
}

/** Keeps the message as evidence (the one place the raw number is stored). */
export async function keepEvidence(
  ctx: ResponderContext,
  msg: InboundMessage,
  reasons: readonly string[],
  metricReason: string,
): Promise<void> {
  const { sms, nowMs } = msg;
  const record = evidenceRecord({
    receivedAt: new Date(sms.receivedAtMs ?? nowMs).toISOString(),
    inboundMessageId: msg.id,
    from: sms.from,
    to: sms.to,
    body: sms.body,
    reasons,
  });
  await ctx.deps.evidence?.put(record, msg.key, toSeconds(nowMs) + ctx.evidenceSeconds);
  ctx.deps.telemetry.flagged(metricReason);
}
