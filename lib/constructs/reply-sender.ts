import * as path from 'node:path';
import { Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as logs from 'aws-cdk-lib/aws-logs';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { ResponderSettings } from '../../lambda/domain/types';
import {
  assertSmsSendingScoped,
  createBundledFunction,
  grantSmsSending,
  grantTableCalls,
  smsSendingOf,
} from './function-defaults';
import { FUNCTION_MEMORY_MB } from '../config/stack-defaults';

/** The Lambda entry point of the reply sender: the real handler. */
export const REPLY_SENDER_ENTRY = path.join(__dirname, '..', '..', 'lambda', 'send-handler.ts');

/** Environment variable names read by `lambda/send-handler.ts`. */
export const ReplySenderEnvironment = {
  Settings: 'ANTIRELOU_SETTINGS',
  TableName: 'TABLE_NAME',
} as const;

/**
 * The table calls the reply sender makes: GetItem to re-check the sender's state and the pause,
 * UpdateItem to mark the reply settled (conditional) and to give money back. It writes no whole
 * record and never reads in bulk.
 */
export const REPLY_SENDER_TABLE_ACTIONS = ['dynamodb:GetItem', 'dynamodb:UpdateItem'] as const;

/** Properties of {@link ReplySender}. */
export interface ReplySenderProps {
  /** The same resolved settings as the responder's. */
  readonly settings: ResponderSettings;
  readonly table: dynamodb.ITable;
  /** The table's customer-managed key. */
  readonly tableKey: kms.IKey;
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
   * @default the real handler, `lambda/send-handler.ts`
   */
  readonly entry?: string;
}

/**
 * The reply sender (safety delay): the function EventBridge Scheduler invokes, asynchronously,
 * when a scheduled reply is due. It re-checks the sender and the pause, marks the reply settled,
 * sends it, and gives the money back when it does not. Built like the responder (bundling,
 * reserved concurrency, retries, on-failure dead-letter queue, own log group, no managed policy),
 * with less: no HMAC secret (the schedule carries the sender's key) and two table calls.
 */
export class ReplySender extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly role: iam.Role;
  /** Scheduled replies the function failed on after its retries (their money stays reserved). */
  readonly deadLetterQueue: sqs.Queue;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ReplySenderProps) {
    super(scope, id);
    const sending = smsSendingOf(props.settings, props.sendTextResources);
    assertSmsSendingScoped('ReplySender', sending);
    if (props.settings.replyDelay === undefined) {
      throw new Error('ReplySender: settings.replyDelay is not set; replies are sent at once');
    }

    const bundled = createBundledFunction(this, {
      description: 'antirelou reply sender: sends a scheduled reply when its delay is over',
      roleDescription: 'antirelou reply sender: two table calls, sending SMS, its own logs',
      entry: props.entry ?? REPLY_SENDER_ENTRY,
      environment: {
        [ReplySenderEnvironment.Settings]: Stack.of(this).toJsonString(props.settings),
        [ReplySenderEnvironment.TableName]: props.table.tableName,
      },
      reservedConcurrency: props.reservedConcurrency,
      timeoutSeconds: props.timeoutSeconds,
      memorySizeMb: FUNCTION_MEMORY_MB,
      deadLetterQueueOf: 'scheduled replies the sender failed on',
    });
    this.function = bundled.function;
    this.role = bundled.role;
    this.deadLetterQueue = bundled.deadLetterQueue;
    this.logGroup = bundled.logGroup;

    grantTableCalls(this.role, props.table, props.tableKey, REPLY_SENDER_TABLE_ACTIONS);
    grantSmsSending(this.role, sending);
  }
}
