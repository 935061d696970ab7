/**
 * The Lambda entry point: wires the responder to AWS and does nothing else.
 *
 * Environment (set by the stack):
 * - `ANTIRELOU_SETTINGS`: the resolved settings (JSON), see `lib/config`;
 * - `TABLE_NAME`: the DynamoDB table;
 * - `SENDER_KEY_SECRET_ARN`: the Secrets Manager secret holding the HMAC key for phone numbers
 *   (read once per container, never logged, never in the environment itself).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SNSEvent } from 'aws-lambda';
import { DynamoResponderStore } from './adapters/dynamo-store';
import type { SmsSender } from './adapters/sms-sender';
import { SmsVoiceSender } from './adapters/sms-voice-sender';
import { SnsSmsSender } from './adapters/sns-sender';
import type { ResponderSettings } from './domain/types';
import { METRICS_NAMESPACE, METRICS_SERVICE } from './metric-names';
import type { Responder, ResponderResult } from './responder';
import { createResponder } from './responder';
import { EvidenceStore } from './adapters/evidence-store';
import { assessBody } from './domain/abuse/matcher';
import { senderKeyFunction } from './sender-key';
import { PowertoolsTelemetry } from './telemetry';

function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set (the stack sets it)`);
  return value;
}

const settings = JSON.parse(requireEnv('ANTIRELOU_SETTINGS')) as ResponderSettings;
const tableName = requireEnv('TABLE_NAME');
const secretArn = requireEnv('SENDER_KEY_SECRET_ARN');

const logger = new Logger({ serviceName: METRICS_SERVICE });
const metrics = new Metrics({ namespace: METRICS_NAMESPACE, serviceName: METRICS_SERVICE });
const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts: 3 }));
const snsClient = new SNSClient({ maxAttempts: 1 });
const secretsClient = new SecretsManagerClient({});

/**
 * The way of sending chosen in the config (`sendVia`). One attempt only: a retried send could go
 * out twice, and an unanswered one is already counted as spent.
 */
function createSender(): SmsSender {
  if (settings.sendVia === 'sms-voice') {
    return new SmsVoiceSender(new PinpointSMSVoiceV2Client({ maxAttempts: 1 }), {
      originationIdentity: settings.originationIdentity ?? settings.originationNumber,
      maxPriceUsd: settings.maxPriceUsd,
      configurationSetName: settings.configurationSetName,
      protectConfigurationId: settings.protectConfigurationId,
    });
  }
  return new SnsSmsSender(snsClient, {
    originationNumber: settings.originationNumber,
    maxPriceUsd: settings.maxPriceUsd,
  });
}

let responder: Promise<Responder> | undefined;

async function buildResponder(): Promise<Responder> {
  const secret = await secretsClient.send(new GetSecretValueCommand({ SecretId: secretArn }));
  if (!secret.SecretString) throw new Error('the sender key secret has no SecretString');
  return createResponder({
    settings,
    store: new DynamoResponderStore(documentClient, tableName),
    evidence: new EvidenceStore(documentClient, tableName),
    assessBody,
    sender: createSender(),
    senderKey: senderKeyFunction(secret.SecretString),
    telemetry: new PowertoolsTelemetry(logger, metrics),
    clock: Date.now,
  });
}

/**
 * SNS invokes this asynchronously: a thrown error makes Lambda retry the event (then the
 * on-failure destination), which is what we want only when the table could not be reached.
 */
export async function handler(event: SNSEvent): Promise<ResponderResult> {
  responder ??= buildResponder().catch((error: unknown) => {
    responder = undefined; // try again on the next invocation
    throw error;
  });
  return (await responder)(event);
}
