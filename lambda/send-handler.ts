/**
 * The sender function's entry point (safety delay): EventBridge Scheduler invokes it, once a
 * reply's delay is over, with the scheduled reply as its event. Wires `delayed-sender.ts` to AWS
 * and does nothing else.
 *
 * Environment (set by the stack): `ANTIRELOU_SETTINGS`, `TABLE_NAME`. It needs no HMAC key: the
 * scheduled reply carries the sender's key and number.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoResponderStore } from './adapters/dynamo-store';
import { createSmsSender, readSettings, requireEnv } from './aws-wiring';
import type { SendOutcome } from './domain/scheduled-reply';
import { createDelayedSender } from './delayed-sender';
import { METRICS_NAMESPACE, METRICS_SERVICE } from './metric-names';
import { PowertoolsTelemetry } from './telemetry';

const settings = readSettings();
const tableName = requireEnv('TABLE_NAME');

const logger = new Logger({ serviceName: METRICS_SERVICE });
const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: METRICS_SERVICE });

const sendScheduled = createDelayedSender({
  settings,
  store: new DynamoResponderStore(
    DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts: 3 })),
    tableName,
  ),
  sender: createSmsSender(settings),
  telemetry: new PowertoolsTelemetry(logger, metrics),
  clock: Date.now,
});

/**
 * Invoked asynchronously: a thrown error (the table unreachable) makes Lambda retry the event,
 * then its on-failure destination; a reply that must not be sent returns normally.
 */
export async function handler(event: unknown): Promise<SendOutcome> {
  return sendScheduled(event);
}
