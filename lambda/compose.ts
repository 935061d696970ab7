/**
 * The composition root: the one place where the responder and the dispatcher are built from
 * their parts (clients, settings, table name, clock, telemetry). The Lambda handlers, the
 * tests' harness, the local host (simulator, bench) all call these, so each runs the same
 * wiring with its own clients and clock.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EvidenceStore } from './adapters/evidence-store';
import type { ReplyScheduler } from './adapters/reply-scheduler';
import type { SmsGateway } from './adapters/sms-gateway';
import type { Dispatcher, SendTelemetry } from './dispatcher';
import { createDispatcher } from './dispatcher';
import { assessBody } from './domain/abuse/matcher';
import type { ResponderSettings } from './domain/types';
import type { Items } from './items';
import { tableItems } from './items';
import { ReplySeal } from './reply-seal';
import type { Responder } from './responder';
import { createResponder } from './responder';
import { senderKeyFunction } from './sender-key';
import type { Telemetry } from './telemetry';

/** What both functions are built from. */
export interface Parts {
  readonly settings: ResponderSettings;
  /** The document client of the table. */
  readonly dynamo: DynamoDBDocumentClient;
  readonly tableName: string;
  readonly gateway: SmsGateway;
  /** The deployment's secret: the HMAC of phone numbers and the seal of scheduled replies. */
  readonly secret: string;
  /** Epoch milliseconds. */
  readonly clock: () => number;
  /** Schedules replies (safety delay, waiting list); absent when neither is configured. */
  readonly scheduler?: ReplyScheduler;
  /** The table's items; default: those of `tableName` through `dynamo` (a test swaps one). */
  readonly items?: Items;
}

/** The responder's parts. */
export interface ResponderParts extends Parts {
  readonly telemetry: Telemetry;
  /** Draws the safety delays (default `Math.random`). */
  readonly random?: () => number;
}

/** The dispatcher's parts. */
export interface DispatcherParts extends Parts {
  readonly telemetry: SendTelemetry;
}

/** The responder, wired: its items and evidence on the table, the abuse matcher, the seal. */
export function composeResponder(parts: ResponderParts): Responder {
  return createResponder({
    settings: parts.settings,
    items: parts.items ?? tableItems(parts.dynamo, parts.tableName),
    evidence: new EvidenceStore(parts.dynamo, parts.tableName),
    assessBody,
    gateway: parts.gateway,
    senderKey: senderKeyFunction(parts.secret),
    seal: new ReplySeal(parts.secret),
    telemetry: parts.telemetry,
    clock: parts.clock,
    scheduler: parts.scheduler,
    random: parts.random,
  });
}

/** The dispatcher, wired: its items on the table and the seal it checks. */
export function composeDispatcher(parts: DispatcherParts): Dispatcher {
  return createDispatcher({
    settings: parts.settings,
    items: parts.items ?? tableItems(parts.dynamo, parts.tableName),
    gateway: parts.gateway,
    telemetry: parts.telemetry,
    clock: parts.clock,
    seal: new ReplySeal(parts.secret),
    scheduler: parts.scheduler,
  });
}
