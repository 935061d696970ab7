/**
 * The receipts function's entry point: the configuration set's SNS event destination invokes
 * it with the text message events of our replies. Wires `receipts.ts` to AWS (through the
 * composition root) and does nothing else.
 *
 * Environment (set by the stack, names in `./env.ts`): `ANTIRELOU_SETTINGS`, `TABLE_NAME`,
 * `SENDER_KEY_SECRET_ARN` (the deployment's secret, from which the receipt tag key is derived:
 * the function trues up only replies the responder or the dispatcher tagged).
 */
import type { SNSEvent } from 'aws-lambda';
import {
  createDocumentClient,
  createTelemetry,
  lazily,
  readDeploymentSecret,
  readSettings,
  requireEnv,
} from './aws-wiring';
import { composeReceipts } from './compose/receipts';
import { ReceiptsEnvironment as Env } from './env';
import type { ReceiptsHandler } from './receipts';

const settings = readSettings();
const tableName = requireEnv(Env.TableName);
const secretArn = requireEnv(Env.SenderKeySecretArn);

const receipts = lazily(async (): Promise<ReceiptsHandler> =>
  composeReceipts({
    settings,
    dynamo: createDocumentClient(),
    tableName,
    secret: await readDeploymentSecret(secretArn),
    telemetry: createTelemetry(),
    clock: Date.now,
  }),
);

/** SNS invokes this asynchronously: a thrown error (the table unreachable) is retried. */
export async function handler(event: SNSEvent): Promise<unknown> {
  return (await receipts())(event);
}
