/**
 * The sender function's entry point (safety delay): EventBridge Scheduler invokes it, once a
 * reply's delay is over, with the scheduled reply as its event. Wires `delayed-sender.ts` to AWS
 * and does nothing else.
 *
 * Environment (set by the stack, names in `./env.ts`): `ANTIRELOU_SETTINGS`, `TABLE_NAME`, `SENDER_KEY_SECRET_ARN`
 * (the deployment's secret, from which the seal of scheduled replies is derived: the function
 * acts only on replies the responder sealed).
 */
import { DynamoResponderStore } from './adapters/dynamo-store';
import {
  createDocumentClient,
  createSmsSender,
  createTelemetry,
  lazily,
  readDeploymentSecret,
  readSettings,
  requireEnv,
} from './aws-wiring';
import type { SendOutcome } from './domain/scheduled-reply';
import type { DelayedSender } from './delayed-sender';
import { ReplySenderEnvironment as Env } from './env';
import { createDelayedSender } from './delayed-sender';
import { ReplySeal } from './reply-seal';

const settings = readSettings();
const tableName = requireEnv(Env.TableName);
const secretArn = requireEnv(Env.SenderKeySecretArn);

const sendScheduled = lazily(async (): Promise<DelayedSender> =>
  createDelayedSender({
    settings,
    store: new DynamoResponderStore(createDocumentClient(), tableName),
    sender: createSmsSender(settings),
    telemetry: createTelemetry(),
    clock: Date.now,
    seal: new ReplySeal(await readDeploymentSecret(secretArn)),
  }),
);

/**
 * Invoked asynchronously: a thrown error (the table unreachable) makes Lambda retry the event,
 * then its on-failure destination; a reply that must not be sent returns normally.
 */
export async function handler(event: unknown): Promise<SendOutcome> {
  return (await sendScheduled())(event);
}
