/** The composition root's dispatcher (apart from the responder's: its bundle stays small). */
import type { Dispatcher, SendTelemetry } from '../dispatcher';
import { createDispatcher } from '../dispatcher';
import { ReplySeal } from '../reply-seal';
import type { Parts } from './parts';
import { itemsOf, taggerOf } from './parts';

/** The dispatcher's parts. */
export interface DispatcherParts extends Parts {
  readonly telemetry: SendTelemetry;
}

/** The dispatcher, wired: its items on the table and the seal it checks. */
export function composeDispatcher(parts: DispatcherParts): Dispatcher {
  return createDispatcher({
    settings: parts.settings,
    items: itemsOf(parts),
    gateway: parts.gateway,
    telemetry: parts.telemetry,
    clock: parts.clock,
    seal: new ReplySeal(parts.secret),
    tagger: taggerOf(parts),
    scheduler: parts.scheduler,
  });
}
