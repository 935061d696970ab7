/**
 * The dispatcher's entry point (safety delay): EventBridge Scheduler invokes it, once a
 * reply's delay is over, with the scheduled reply as its event. Wires `dispatcher.ts` to AWS
 * and does nothing else.
 *
 * Environment (set by the stack, names in `./env.ts`): `ANTIRELOU_SETTINGS`, `TABLE_NAME`, `SENDER_KEY_SECRET_ARN`
 * (the deployment's secret, from which the seal of scheduled replies is derived: the function
 * acts only on replies the responder sealed); with the waiting list (`settings.waitingList`),
 * `REPLY_SCHEDULE_GROUP`, `REPLY_SCHEDULER_ROLE_ARN`, `REPLY_SCHEDULE_DLQ_ARN`, to schedule a
 * waiting reply again.
 */
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
import type { SendOutcome } from './domain/scheduled-reply';
import type { Dispatcher } from './dispatcher';
import { DispatcherEnvironment as Env } from './env';
import { composeDispatcher } from './compose/dispatcher';
import type { ReplyScheduler } from './adapters/reply-scheduler';
import type { Context } from 'aws-lambda';

const settings = readSettings();
const tableName = requireEnv(Env.TableName);
const secretArn = requireEnv(Env.SenderKeySecretArn);

/**
 * With the waiting list, a reply still without money is scheduled again, at this same function:
 * its ARN is the one the scheduler invoked, `context.invokedFunctionArn` ("The Amazon Resource
 * Name (ARN) that's used to invoke the function",
 * https://docs.aws.amazon.com/lambda/latest/dg/nodejs-context.html, read 2026-11-29); the
 * schedules name the unqualified ARN, so the ARN read is that one.
 */
function waitingScheduler(selfArn: string): ReplyScheduler | undefined {
  if (!settings.waitingList) return undefined;
  return createReplyScheduler({
    groupName: requireEnv(Env.ReplyScheduleGroup),
    roleArn: requireEnv(Env.ReplySchedulerRoleArn),
    targetArn: selfArn,
    deadLetterArn: requireEnv(Env.ReplyScheduleDeadLetterQueueArn),
  });
}

let selfArn = '';
const sendScheduled = lazily(async (): Promise<Dispatcher> => {
  const scheduler = waitingScheduler(selfArn);
  return composeDispatcher({
    settings,
    dynamo: createDocumentClient(),
    tableName,
    gateway: createSmsGateway(settings),
    secret: await readDeploymentSecret(secretArn),
    clock: Date.now,
    scheduler,
    telemetry: createTelemetry(),
  });
});

/**
 * Invoked asynchronously: a thrown error (the table unreachable) makes Lambda retry the event,
 * then its on-failure destination; a reply that must not be sent returns normally.
 */
export async function handler(
  event: unknown,
  context?: Pick<Context, 'invokedFunctionArn'>,
): Promise<SendOutcome> {
  selfArn ||= context?.invokedFunctionArn ?? '';
  return (await sendScheduled())(event);
}
