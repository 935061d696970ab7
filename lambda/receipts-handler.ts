/**
 * The receipts function's entry point: the configuration set's SNS event destination invokes
 * it with the text message events of our replies. Wires `receipts.ts` to AWS and does nothing
 * else.
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
import { ControlCache } from './control-cache';
import { ReceiptsEnvironment as Env } from './env';
import { ControlItem } from './items/control-item';
import { Table } from './items/table';
import { TrueUps } from './items/true-ups';
import { ReceiptTagger } from './receipt-tag';
import type { ReceiptsHandler } from './receipts';
import { createReceiptsHandler } from './receipts';

const settings = readSettings();
const tableName = requireEnv(Env.TableName);
const secretArn = requireEnv(Env.SenderKeySecretArn);

const receipts = lazily(async (): Promise<ReceiptsHandler> => {
  const { receipts: receiptSettings } = settings;
  if (receiptSettings === undefined) throw new Error('settings.receipts is not set');
  const table = new Table(createDocumentClient(), tableName);
  const control = new ControlItem(table);
  return createReceiptsHandler({
    settings: { ...settings, receipts: receiptSettings },
    trueUps: new TrueUps(table),
    control: new ControlCache(
      { readControl: () => control.read() },
      settings.controlCacheSeconds * 1000,
    ),
    learnPrice: (country, price) => control.learnPrice(country, price),
    tagger: new ReceiptTagger(await readDeploymentSecret(secretArn)),
    telemetry: createTelemetry(),
    clock: Date.now,
  });
});

/** SNS invokes this asynchronously: a thrown error (the table unreachable) is retried. */
export async function handler(event: SNSEvent): Promise<unknown> {
  return (await receipts())(event);
}
