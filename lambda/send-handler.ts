/**
 * The sender function's entry point (safety delay): EventBridge Scheduler invokes it, once a
 * reply's delay is over, with the scheduled reply as its event. Wires `delayed-sender.ts` to AWS
 * and does nothing else.
 *
 * Environment (set by the stack): `ANTIRELOU_SETTINGS`, `TABLE_NAME`. It needs no HMAC key: the
 * scheduled reply carries the sender's key and number.
 */
import { DynamoResponderStore } from './adapters/dynamo-store';
import {
  createDocumentClient,
  createSmsSender,
  createTelemetry,
  readSettings,
  requireEnv,
} from './aws-wiring';
import type { SendOutcome } from './domain/scheduled-reply';
import { createDelayedSender } from './delayed-sender';

const settings = readSettings();
const tableName = requireEnv('TABLE_NAME');

const sendScheduled = createDelayedSender({
  settings,
  store: new DynamoResponderStore(createDocumentClient(), tableName),
  sender: createSmsSender(settings),
  telemetry: createTelemetry(),
  clock: Date.now,
});

/**
 * Invoked asynchronously: a thrown error (the table unreachable) makes Lambda retry the event,
 * then its on-failure destination; a reply that must not be sent returns normally.
 */
export async function handler(event: unknown): Promise<SendOutcome> {
  return sendScheduled(event);
}
