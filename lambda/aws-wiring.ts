/**
 * What both Lambda entry points (`handler.ts`, `dispatch-handler.ts`) read from their environment
 * and how they send an SMS. Module state only: no I/O until a client is used.
 *
 * Cold start: every AWS SDK client takes milliseconds to load, and a new container loads what
 * its bundle requires before its first event. Only what every message needs (DynamoDB,
 * Powertools) is loaded at start; the other clients at their first use, through {@link load}:
 * Secrets Manager at the first invocation (the HMAC key), the SMS client at the first send,
 * EventBridge Scheduler at the first delayed reply. esbuild keeps such a `require` of a bundled
 * file lazy, and leaves `@aws-sdk/*` to the runtime (`npm run bench` measures the load).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type * as SmsVoiceSdk from '@aws-sdk/client-pinpoint-sms-voice-v2';
import type * as SchedulerSdk from '@aws-sdk/client-scheduler';
import type * as SecretsManagerSdk from '@aws-sdk/client-secrets-manager';
import type * as SnsSdk from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type * as ReplySchedulerAdapter from './adapters/reply-scheduler';
import type { EventBridgeSchedulerOptions, ReplyScheduler } from './adapters/reply-scheduler';
import type { SmsGateway } from './adapters/sms-gateway';
import type * as SmsVoiceAdapter from './adapters/sms-voice-gateway';
import type * as SnsAdapter from './adapters/sns-gateway';
import type { ResponderSettings } from './domain/types';
import type { EnvironmentName } from './env';
import { ResponderEnvironment } from './env';
import { METRICS_NAMESPACE, METRICS_SERVICE } from './metric-names';
import { PowertoolsTelemetry } from './telemetry';

/* eslint-disable @typescript-eslint/no-require-imports -- loaded at first use (module comment) */
/** The modules the hot path does not need, each loaded when first asked for. */
export const load = {
  secretsManager: () => require('@aws-sdk/client-secrets-manager') as typeof SecretsManagerSdk,
  sns: () => ({
    sdk: require('@aws-sdk/client-sns') as typeof SnsSdk,
    adapter: require('./adapters/sns-gateway') as typeof SnsAdapter,
  }),
  smsVoice: () => ({
    sdk: require('@aws-sdk/client-pinpoint-sms-voice-v2') as typeof SmsVoiceSdk,
    adapter: require('./adapters/sms-voice-gateway') as typeof SmsVoiceAdapter,
  }),
  scheduler: () => ({
    sdk: require('@aws-sdk/client-scheduler') as typeof SchedulerSdk,
    adapter: require('./adapters/reply-scheduler') as typeof ReplySchedulerAdapter,
  }),
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** Builds `create()` at the first call, then keeps it. */
function once<T>(create: () => T): () => T {
  let built: { value: T } | undefined;
  return () => (built ??= { value: create() }).value;
}

/** A variable the stack sets (`./env`); a missing one fails the container at start, naming it. */
export function requireEnv(name: EnvironmentName): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set (the stack sets it)`);
  return value;
}

/**
 * The deployment's secret (`SENDER_KEY_SECRET_ARN`): the HMAC key of phone numbers, from which
 * the seal of scheduled replies is derived too. Read once per container, never logged.
 */
export async function readDeploymentSecret(secretArn: string): Promise<string> {
  const { GetSecretValueCommand, SecretsManagerClient } = load.secretsManager();
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
  return JSON.parse(requireEnv(ResponderEnvironment.Settings)) as ResponderSettings;
}

/**
 * The way of sending chosen in the config (`sendVia`), loaded at the first send. One attempt
 * only: a retried send could go out twice, and an unanswered one is already counted as spent.
 */
export function createSmsGateway(settings: ResponderSettings): SmsGateway {
  const sender = once((): SmsGateway => {
    if (settings.sendVia === 'sms-voice') {
      const { sdk, adapter } = load.smsVoice();
      return new adapter.SmsVoiceGateway(new sdk.PinpointSMSVoiceV2Client({ maxAttempts: 1 }), {
        originationIdentity: settings.originationIdentity ?? settings.originationNumber,
        maxPriceUsd: settings.maxPriceUsd,
        configurationSetName: settings.configurationSetName,
        protectConfigurationId: settings.protectConfigurationId,
      });
    }
    const { sdk, adapter } = load.sns();
    return new adapter.SnsSmsGateway(new sdk.SNSClient({ maxAttempts: 1 }), {
      originationNumber: settings.originationNumber,
      maxPriceUsd: settings.maxPriceUsd,
    });
  });
  return { send: (sms) => sender().send(sms) };
}

/**
 * Replies scheduled for the dispatcher (safety delay), the client loaded at the first
 * schedule. One attempt: a refusal then surely means "not created" (the responder gives the
 * money back and Lambda retries the whole message); a retried request could be refused after
 * an earlier attempt created the schedule.
 */
export function createReplyScheduler(target: EventBridgeSchedulerOptions): ReplyScheduler {
  const scheduler = once((): ReplyScheduler => {
    const { sdk, adapter } = load.scheduler();
    return new adapter.EventBridgeReplyScheduler(
      new sdk.SchedulerClient({ maxAttempts: 1 }),
      target,
    );
  });
  return { schedule: (reply) => scheduler().schedule(reply) };
}
