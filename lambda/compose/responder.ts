/** The composition root's responder (the dispatcher's is apart: its bundle stays small). */
import { EvidenceStore } from '../adapters/evidence-store';
import { assessBody } from '../domain/abuse/matcher';
import { ReplySeal } from '../reply-seal';
import type { Responder } from '../responder';
import { createResponder } from '../responder';
import { senderKeyFunction } from '../sender-key';
import type { Telemetry } from '../telemetry';
import type { Parts } from './parts';
import { itemsOf, taggerOf } from './parts';

/** The responder's parts. */
export interface ResponderParts extends Parts {
  readonly telemetry: Telemetry;
  /** Draws the safety delays (default `Math.random`). */
  readonly random?: () => number;
}

/** The responder, wired: its items and evidence on the table, the abuse matcher, the seal. */
export function composeResponder(parts: ResponderParts): Responder {
  return createResponder({
    settings: parts.settings,
    items: itemsOf(parts),
    evidence: new EvidenceStore(parts.dynamo, parts.tableName),
    assessBody,
    gateway: parts.gateway,
    senderKey: senderKeyFunction(parts.secret),
    seal: new ReplySeal(parts.secret),
    tagger: taggerOf(parts),
    telemetry: parts.telemetry,
    clock: parts.clock,
    scheduler: parts.scheduler,
    random: parts.random,
  });
}
