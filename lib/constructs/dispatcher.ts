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
import type { ReplyScheduling } from './reply-schedule';
import type { ResponderSettings } from '../../lambda/domain/types';
import { DispatcherEnvironment } from '../../lambda/env';
import {
  assertSmsSendingScoped,
  createBundledFunction,
  grantSmsSending,
  grantTableCalls,
  smsSendingOf,
} from './function-defaults';
import { FUNCTION_MEMORY_MB } from '../config/stack-defaults';

/** The Lambda entry point of the dispatcher: the real handler. */
export const DISPATCHER_ENTRY = path.join(__dirname, '..', '..', 'lambda', 'dispatch-handler.ts');

/**
 * The table calls the dispatcher makes: GetItem to re-check the sender's state and the pause,
 * UpdateItem to mark the reply settled (conditional) and to give money back. It writes no whole
 * record and never reads in bulk.
 */
export const REPLY_SENDER_TABLE_ACTIONS = ['dynamodb:GetItem', 'dynamodb:UpdateItem'] as const;

/** Properties of {@link Dispatcher}. */
export interface DispatcherProps {
  /** The same resolved settings as the responder's. */
  readonly settings: ResponderSettings;
  readonly table: dynamodb.ITable;
  /** The table's customer-managed key. */
  readonly tableKey: kms.IKey;
  /**
   * The HMAC secret (`SenderKey`): the function derives from it the key that verifies the
   * signature the responder puts on each scheduled reply. Read only.
   */
  readonly senderKeySecret: secretsmanager.ISecret;
  /**
   * The customer-managed key its dead-letter queue is encrypted with (the inbound topic's: a
   * dead letter is a scheduled reply, phone number included).
   */
  readonly deadLetterKey: kms.IKey;
  /** Lambda reserved concurrency: a cost circuit breaker here too. */
  readonly reservedConcurrency: number;
  readonly timeoutSeconds: number;
  /**
   * The ARNs `sms-voice:SendTextMessage` is allowed on, as for the responder. Required when
   * `settings.sendVia` is `sms-voice`.
   * @default none
   */
  readonly sendTextResources?: readonly string[];
  /**
   * The handler file.
   * @default the real handler, `lambda/dispatch-handler.ts`
   */
  readonly entry?: string;
}

/**
 * The dispatcher (safety delay): the function EventBridge Scheduler invokes, asynchronously,
 * when a scheduled reply is due. It re-checks the sender and the pause, marks the reply settled,
 * sends it, and gives the money back when it does not. Built like the responder (bundling,
 * reserved concurrency, retries, encrypted on-failure dead-letter queue, own log group, no managed
 * policy), with less: two table calls, and read access to the HMAC secret only to check the
 * responder's signature on each scheduled reply (the schedule carries the sender's hashed key;
 * the dispatcher never hashes a number itself).
 */
export class Dispatcher extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly role: iam.Role;
  /** Scheduled replies the function failed on after its retries (their money stays reserved). */
  readonly deadLetterQueue: sqs.Queue;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: DispatcherProps) {
    super(scope, id);
    const sending = smsSendingOf(props.settings, props.sendTextResources);
    assertSmsSendingScoped('Dispatcher', sending);
    if (props.settings.replyDelay === undefined) {
      throw new Error('Dispatcher: settings.replyDelay is not set; replies are sent at once');
    }

    const bundled = createBundledFunction(this, {
      description: 'antirelou dispatcher: sends a scheduled reply when its delay is over',
      roleDescription:
        'antirelou dispatcher: two table calls, the HMAC secret, sending SMS, its own logs',
      entry: props.entry ?? DISPATCHER_ENTRY,
      environment: {
        [DispatcherEnvironment.Settings]: Stack.of(this).toJsonString(props.settings),
        [DispatcherEnvironment.TableName]: props.table.tableName,
        [DispatcherEnvironment.SenderKeySecretArn]: props.senderKeySecret.secretArn,
      },
      reservedConcurrency: props.reservedConcurrency,
      timeoutSeconds: props.timeoutSeconds,
      memorySizeMb: FUNCTION_MEMORY_MB,
      deadLetterQueueOf: 'scheduled replies the dispatcher failed on',
      deadLetterKey: props.deadLetterKey,
    });
    this.function = bundled.function;
    this.role = bundled.role;
    this.deadLetterQueue = bundled.deadLetterQueue;
    this.logGroup = bundled.logGroup;

    grantTableCalls(this.role, props.table, props.tableKey, REPLY_SENDER_TABLE_ACTIONS);
    // GetSecretValue and DescribeSecret on this secret; Secret.grantRead also grants kms:Decrypt
    // (through Secrets Manager) when the secret has a customer-managed key. It has none: it is
    // encrypted with aws/secretsmanager, and "All users and roles in the AWS account
    // automatically have access to use aws/secretsmanager"
    // (https://docs.aws.amazon.com/secretsmanager/latest/apireference/API_UpdateSecret.html,
    // KmsKeyId, read 2026-11-29).
    props.senderKeySecret.grantRead(this.role);
    grantSmsSending(this.role, sending);
  }

  /**
   * The waiting list: a waiting reply whose money is not there yet is scheduled again, in the
   * same group, with the same execution role, at this same function (its own ARN is read at run
   * time from the invocation, which keeps the template free of a cycle).
   */
  scheduleWaitingRepliesWith(scheduling: ReplyScheduling): void {
    this.function.addEnvironment(DispatcherEnvironment.ReplyScheduleGroup, scheduling.groupName);
    this.function.addEnvironment(
      DispatcherEnvironment.ReplySchedulerRoleArn,
      scheduling.schedulerRoleArn,
    );
    this.function.addEnvironment(
      DispatcherEnvironment.ReplyScheduleDeadLetterQueueArn,
      scheduling.deadLetterQueueArn,
    );
    scheduling.grantCreateSchedules(this.role);
  }
}
