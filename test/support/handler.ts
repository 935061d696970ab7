/**
 * The Lambda entry point loaded as a fresh container would load it, with the AWS clients it
 * uses (Secrets Manager, SNS, End User Messaging) mocked. A fresh module registry has its own
 * copies of the SDK classes, so the mocks and the command classes come from that registry too.
 */
import type * as PinpointExports from '@aws-sdk/client-pinpoint-sms-voice-v2';
import type * as SchedulerExports from '@aws-sdk/client-scheduler';
import type * as SecretsManagerExports from '@aws-sdk/client-secrets-manager';
import type * as SnsExports from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import type * as HandlerExports from '../../lambda/handler';
import type * as DispatchHandlerExports from '../../lambda/dispatch-handler';
import type * as ReceiptsHandlerExports from '../../lambda/receipts-handler';
import type { ResponderSettings } from '../../lambda/domain/types';
import { ResponderEnvironment as Env } from '../../lambda/env';
import { createTable } from './dynamo';

function mocks(
  sm: typeof SecretsManagerExports,
  sn: typeof SnsExports,
  eum: typeof PinpointExports,
  sc: typeof SchedulerExports,
) {
  return {
    scheduler: mockClient(sc.SchedulerClient),
    CreateScheduleCommand: sc.CreateScheduleCommand,
    secrets: mockClient(sm.SecretsManagerClient),
    sns: mockClient(sn.SNSClient),
    smsVoice: mockClient(eum.PinpointSMSVoiceV2Client),
    GetSecretValueCommand: sm.GetSecretValueCommand,
    PublishCommand: sn.PublishCommand,
    SendTextMessageCommand: eum.SendTextMessageCommand,
  };
}

export type MockedHandler = ReturnType<typeof mocks> & { handler: typeof HandlerExports.handler };
export type MockedDispatchHandler = ReturnType<typeof mocks> & {
  handler: typeof DispatchHandlerExports.handler;
};

/**
 * Loads an entry point in a fresh module registry, its AWS clients mocked. The registry is
 * reset rather than isolated: the entry points load some clients at their first use
 * (`lambda/aws-wiring.ts`), after loading is over, and must find the mocked classes then. Load,
 * then use, one entry point at a time.
 */
function loadWithMockedAws<Module>(load: () => Module): ReturnType<typeof mocks> & Module {
  jest.resetModules();
  /* eslint-disable @typescript-eslint/no-require-imports */
  const sm = require('@aws-sdk/client-secrets-manager') as typeof SecretsManagerExports;
  const sn = require('@aws-sdk/client-sns') as typeof SnsExports;
  const eum = require('@aws-sdk/client-pinpoint-sms-voice-v2') as typeof PinpointExports;
  const sc = require('@aws-sdk/client-scheduler') as typeof SchedulerExports;
  /* eslint-enable @typescript-eslint/no-require-imports */
  return { ...mocks(sm, sn, eum, sc), ...load() };
}

/** The responder's entry point (`lambda/handler.ts`). */
export function loadHandlerWithMockedAws(): MockedHandler {
  return loadWithMockedAws(() => ({
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    handler: (require('../../lambda/handler') as typeof HandlerExports).handler,
  }));
}

/** The dispatcher's entry point (`lambda/dispatch-handler.ts`, safety delay). */
export function loadDispatchHandlerWithMockedAws(): MockedDispatchHandler {
  return loadWithMockedAws(() => ({
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    handler: (require('../../lambda/dispatch-handler') as typeof DispatchHandlerExports).handler,
  }));
}

/** The receipts function's entry point (`lambda/receipts-handler.ts`). */
export function loadReceiptsHandlerWithMockedAws(): ReturnType<typeof mocks> & {
  handler: typeof ReceiptsHandlerExports.handler;
} {
  return loadWithMockedAws(() => ({
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    handler: (require('../../lambda/receipts-handler') as typeof ReceiptsHandlerExports).handler,
  }));
}

/** The environment the stack gives the function, on a fresh table of the emulator. */
export async function setHandlerEnvironment(
  endpoint: string,
  settings: ResponderSettings,
): Promise<void> {
  process.env[Env.Settings] = JSON.stringify(settings);
  process.env[Env.TableName] = await createTable(endpoint);
  process.env[Env.SenderKeySecretArn] = 'arn:aws:secretsmanager:eu-west-3:123456789012:secret:key';
  process.env.AWS_ENDPOINT_URL_DYNAMODB = endpoint;
}

/** What the stack adds for the safety delay (the schedules' group, role, target and DLQ). */
export function setScheduleEnvironment(target: {
  groupName: string;
  roleArn: string;
  targetArn: string;
  deadLetterArn: string;
}): void {
  process.env[Env.ReplyScheduleGroup] = target.groupName;
  process.env[Env.ReplySchedulerRoleArn] = target.roleArn;
  process.env[Env.DispatcherArn] = target.targetArn;
  process.env[Env.ReplyScheduleDeadLetterQueueArn] = target.deadLetterArn;
}
