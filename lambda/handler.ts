/**
 * The Lambda entry point: wires the responder to AWS and does nothing else.
 *
 * Environment (set by the stack, names in `./env.ts`):
 * - `ANTIRELOU_SETTINGS`: the resolved settings (JSON), see `lib/config`;
 * - `TABLE_NAME`: the DynamoDB table;
 * - `SENDER_KEY_SECRET_ARN`: the Secrets Manager secret holding the HMAC key for phone numbers
 *   and the seal of scheduled replies (read once per container, never logged, never in the
 *   environment itself);
 * - with a safety delay (`settings.replyDelay`): `REPLY_SCHEDULE_GROUP`,
 *   `REPLY_SCHEDULER_ROLE_ARN`, `DISPATCHER_ARN`, `REPLY_SCHEDULE_DLQ_ARN` (the schedules'
 *   group, the role the scheduler invokes the dispatcher with, that function, and the
 *   schedules' dead-letter queue).
 */
import { randomInt } from 'node:crypto';
import type { SNSEvent } from 'aws-lambda';
import type { ReplyScheduler } from './adapters/reply-scheduler';
import {
  createDocumentClient,
  createReplyScheduler,
  createSmsGateway,
  createTelemetry,
  lazily,
  readDeploymentSecret,
  readSettings,
  requireEnv,
} from './aws-wiring';
import { composeResponder } from './compose/responder';
import { ResponderEnvironment as Env } from './env';
import type { Responder, ResponderResult } from './responder';

const settings = readSettings();
const tableName = requireEnv(Env.TableName);
const secretArn = requireEnv(Env.SenderKeySecretArn);

const documentClient = createDocumentClient();
const telemetry = createTelemetry();

/**
 * With a safety delay, replies are scheduled for the dispatcher instead of sent. The
 * settings are read now, so that a missing one fails the container at start, naming it; the
 * client is loaded at the first schedule.
 */
function createScheduler(): ReplyScheduler | undefined {
  if (!settings.replyDelay) return undefined;
  return createReplyScheduler({
    groupName: requireEnv(Env.ReplyScheduleGroup),
    roleArn: requireEnv(Env.ReplySchedulerRoleArn),
    targetArn: requireEnv(Env.DispatcherArn),
    deadLetterArn: requireEnv(Env.ReplyScheduleDeadLetterQueueArn),
  });
}

// Built now, so that a missing setting fails the container at start, naming the variable.
const scheduler = createScheduler();

const responder = lazily(async (): Promise<Responder> => {
  const secret = await readDeploymentSecret(secretArn);
  return composeResponder({
    settings,
    dynamo: documentClient,
    tableName,
    gateway: createSmsGateway(settings),
    secret,
    clock: Date.now,
    scheduler,
    random: () => randomInt(0x1_0000_0000) / 0x1_0000_0000,
    telemetry,
  });
});

/**
 * SNS invokes this asynchronously: a thrown error makes Lambda retry the event (then the
 * on-failure destination), which is what we want only when the table could not be reached.
 */
export async function handler(event: SNSEvent): Promise<ResponderResult> {
  return (await responder())(event);
}
