import * as path from 'node:path';
import { Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { ResponderSettings } from '../../lambda/domain/types';
import { ResponderEnvironment } from '../../lambda/env';
import {
  assertSmsSendingScoped,
  createBundledFunction,
  grantSmsSending,
  grantTableCalls,
  smsSendingOf,
} from './function-defaults';
import { FUNCTION_MEMORY_MB } from '../config/stack-defaults';
import type { ReplyScheduling } from './reply-schedule';

/** The Lambda entry point the stack bundles: the real handler. */
export const RESPONDER_ENTRY = path.join(__dirname, '..', '..', 'lambda', 'handler.ts');

/**
 * The table calls the responder makes (GetItem for the control item, UpdateItem for every
 * conditional write) plus PutItem for whole records such as evidence. Nothing that reads in
 * bulk (Query, Scan) or deletes: those are the maintainers' CLI's, with their own credentials.
 */
export const RESPONDER_TABLE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
] as const;

/** Properties of {@link Responder}. */
export interface ResponderProps {
  /** The resolved settings; may hold deploy-time tokens (topic ARN, number, protect configuration). */
  readonly settings: ResponderSettings;
  readonly table: dynamodb.ITable;
  /** The table's customer-managed key. */
  readonly tableKey: kms.IKey;
  /** The HMAC key of phone numbers (`SenderKey`): the responder reads it once per container. */
  readonly senderKeySecret: secretsmanager.ISecret;
  /**
   * The customer-managed key its dead-letter queue is encrypted with (the inbound topic's: the
   * letters are whole inbound SMS).
   */
  readonly deadLetterKey: kms.IKey;
  /** Lambda reserved concurrency: the cost circuit breaker. */
  readonly reservedConcurrency: number;
  readonly timeoutSeconds: number;
  /**
   * The ARNs `sms-voice:SendTextMessage` is allowed on (the number or pool, the protect
   * configuration, the configuration set). Required when `settings.sendVia` is `sms-voice`.
   * @default none
   */
  readonly sendTextResources?: readonly string[];
  /**
   * Where delayed replies are scheduled (`settings.replyDelay`): the responder gets their
   * coordinates in its environment and may create schedules there. Required with a delay,
   * refused without one.
   * @default none: every reply is sent at once
   */
  readonly scheduling?: ReplyScheduling;
  /**
   * The handler file.
   * @default the real handler, `lambda/handler.ts`
   */
  readonly entry?: string;
}

/**
 * The responder: a bundled Node.js 22 arm64 function subscribed to the inbound topic, with
 * reserved concurrency as a cost circuit breaker, an encrypted on-failure dead-letter queue, its
 * own log group, read access to the HMAC key (only its ARN in the environment) and a least-privilege
 * role (no AWS-managed policy). With a safety delay it schedules replies instead of sending them,
 * and may not send SMS at all.
 */
export class Responder extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly role: iam.Role;
  /** Invocations that failed after their retries or waited too long (on-failure destination). */
  readonly deadLetterQueue: sqs.Queue;
  /** The HMAC key phone numbers are hashed with before they reach the table. */
  readonly senderKeySecret: secretsmanager.ISecret;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ResponderProps) {
    super(scope, id);
    const sending = smsSendingOf(props.settings, props.sendTextResources);
    assertSmsSendingScoped('Responder', sending);
    const delayed = props.settings.replyDelay !== undefined;
    if (delayed !== (props.scheduling !== undefined)) {
      throw new Error(
        delayed
          ? 'Responder: settings.replyDelay needs scheduling (where to schedule the replies)'
          : 'Responder: scheduling is only for a reply delay; settings.replyDelay is not set',
      );
    }

    this.senderKeySecret = props.senderKeySecret;

    const scheduling = props.scheduling;
    const bundled = createBundledFunction(this, {
      description: 'antirelou responder: one polite reply per real sender, within budget',
      roleDescription: 'antirelou responder: table, HMAC secret, sending SMS, its own logs',
      entry: props.entry ?? RESPONDER_ENTRY,
      environment: {
        [ResponderEnvironment.Settings]: Stack.of(this).toJsonString(props.settings),
        [ResponderEnvironment.TableName]: props.table.tableName,
        [ResponderEnvironment.SenderKeySecretArn]: this.senderKeySecret.secretArn,
        ...(scheduling === undefined
          ? {}
          : {
              [ResponderEnvironment.ReplyScheduleGroup]: scheduling.groupName,
              [ResponderEnvironment.ReplySchedulerRoleArn]: scheduling.schedulerRoleArn,
              [ResponderEnvironment.DispatcherArn]: scheduling.targetArn,
              [ResponderEnvironment.ReplyScheduleDeadLetterQueueArn]: scheduling.deadLetterQueueArn,
            }),
      },
      reservedConcurrency: props.reservedConcurrency,
      timeoutSeconds: props.timeoutSeconds,
      memorySizeMb: FUNCTION_MEMORY_MB,
      deadLetterQueueOf: 'inbound SMS the responder failed on',
      deadLetterKey: props.deadLetterKey,
    });
    this.function = bundled.function;
    this.role = bundled.role;
    this.deadLetterQueue = bundled.deadLetterQueue;
    this.logGroup = bundled.logGroup;

    grantTableCalls(this.role, props.table, props.tableKey, RESPONDER_TABLE_ACTIONS);
    this.senderKeySecret.grantRead(this.role);
    if (scheduling === undefined) {
      grantSmsSending(this.role, sending);
    } else {
      // With a delay the responder only schedules: every SMS goes out through the dispatcher,
      // which checks the sender and the pause again first. It may not text anyone itself.
      scheduling.grantCreateSchedules(this.role);
    }
  }
}
