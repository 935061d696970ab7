/**
 * What both Lambda entry points (`handler.ts`, `send-handler.ts`) read from their environment
 * and how they send an SMS. Module state only: no I/O until a client is used.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PinpointSMSVoiceV2Client } from '@aws-sdk/client-pinpoint-sms-voice-v2';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SmsSender } from './adapters/sms-sender';
import { SmsVoiceSender } from './adapters/sms-voice-sender';
import { SnsSmsSender } from './adapters/sns-sender';
import type { ResponderSettings } from './domain/types';
import { METRICS_NAMESPACE, METRICS_SERVICE } from './metric-names';
import { PowertoolsTelemetry } from './telemetry';

export function requireEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set (the stack sets it)`);
  return value;
}

/**
 * The deployment's secret (`SENDER_KEY_SECRET_ARN`): the HMAC key of phone numbers, from which
 * the seal of scheduled replies is derived too. Read once per container, never logged.
 */
export async function readDeploymentSecret(secretArn: string): Promise<string> {
  const secret = await new SecretsManagerClient({}).send(
    new GetSecretValueCommand({ SecretId: secretArn }),
  );
  if (!secret.SecretString) throw new Error('the sender key secret has no SecretString');
  return secret.SecretString;
}

/**
 * Builds once per container what needs the secret; a failure is retried on the next
 * invocation instead of being kept.
 */
export function lazily<T>(build: () => Promise<T>): () => Promise<T> {
  let built: Promise<T> | undefined;
  return () =>
    (built ??= build().catch((error: unknown) => {
      built = undefined;
      throw error;
    }));
}

/** The table's client: the SDK retries throttled calls (a retried write is still conditional). */
export function createDocumentClient(): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(new DynamoDBClient({ maxAttempts: 3 }));
}

/** Structured logs and EMF metrics, in the namespace the stack's alarms and dashboard read. */
export function createTelemetry(): PowertoolsTelemetry {
  return new PowertoolsTelemetry(
    new Logger({ serviceName: METRICS_SERVICE }),
    new Metrics({ namespace: METRICS_NAMESPACE, serviceName: METRICS_SERVICE }),
  );
}

/** The resolved settings (`lib/config`), JSON in `ANTIRELOU_SETTINGS`. */
export function readSettings(): ResponderSettings {
  return JSON.parse(requireEnv('ANTIRELOU_SETTINGS')) as ResponderSettings;
}

/**
 * The way of sending chosen in the config (`sendVia`). One attempt only: a retried send could go
 * out twice, and an unanswered one is already counted as spent.
 */
export function createSmsSender(settings: ResponderSettings): SmsSender {
  if (settings.sendVia === 'sms-voice') {
    return new SmsVoiceSender(new PinpointSMSVoiceV2Client({ maxAttempts: 1 }), {
      originationIdentity: settings.originationIdentity ?? settings.originationNumber,
      maxPriceUsd: settings.maxPriceUsd,
      configurationSetName: settings.configurationSetName,
      protectConfigurationId: settings.protectConfigurationId,
    });
  }
  return new SnsSmsSender(new SNSClient({ maxAttempts: 1 }), {
    originationNumber: settings.originationNumber,
    maxPriceUsd: settings.maxPriceUsd,
  });
}
