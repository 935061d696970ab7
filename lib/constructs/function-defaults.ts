/**
 * What the project's Lambda functions share, in one place: how they are bundled and run, their
 * dead-letter queues, their table grants and their permission to send SMS. The responder and
 * the dispatcher (safety delay) are both built from these, so that a default changed here
 * changes for both.
 */
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { ResponderSettings } from '../../lambda/domain/types';
import { acknowledgeNag } from './nag';
import { LAMBDA_MAX_EVENT_AGE_SECONDS } from '../../lambda/domain/scheduled-reply';

/** What DynamoDB needs on a customer-managed key for reads and writes (as `Table.grantReadWriteData`). */
const TABLE_KEY_ACTIONS = [
  'kms:Decrypt',
  'kms:DescribeKey',
  'kms:Encrypt',
  'kms:GenerateDataKey*',
  'kms:ReEncrypt*',
] as const;

/** Lambda's default of 2 retries: only an unreachable table (or secret) makes a handler throw. */
const ASYNC_RETRY_ATTEMPTS = 2;
/**
 * How long an event may wait for a free slot (reserved concurrency) before it goes to the
 * dead-letter queue. Lambda's maximum: a late reply still beats a lost one. The config's check of
 * `replyDelay` counts on it (`MAX_SEND_LATENESS_SECONDS`).
 */
const MAX_EVENT_AGE = Duration.seconds(LAMBDA_MAX_EVENT_AGE_SECONDS);
/** Logs hold masked numbers only; a month covers an incident review. */
const LOG_RETENTION = logs.RetentionDays.ONE_MONTH;
/**
 * How long a dead letter is kept. Dead letters hold whole phone numbers and message bodies, so
 * as short as operations allow: every dead-letter queue has an alarm that fires on its first
 * message (`Monitoring`: ApproximateNumberOfMessagesVisible ≥ 1 over a 5-minute period), so
 * on-call knows within minutes; 4 days still covers a page on a Friday evening of a long weekend
 * (inspect and redrive on Tuesday). SQS accepts 60 seconds to 14 days, 4 days being its default
 * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html,
 * `MessageRetentionPeriod`, read 2026-11-29).
 */
export const DEAD_LETTER_RETENTION = Duration.days(4);
/**
 * What a producer needs on the customer-managed key of an encrypted queue, besides
 * `sqs:SendMessage`: "the producer must have the kms:GenerateDataKey and kms:Decrypt permissions
 * for the KMS key" (Amazon SQS Developer Guide, "Amazon SQS key management", Configure KMS
 * permissions for producers,
 * https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html,
 * read 2026-11-29). The same two for an AWS service producer, in the key policy (SNS).
 */
export const QUEUE_PRODUCER_KEY_ACTIONS = ['kms:GenerateDataKey', 'kms:Decrypt'] as const;

/** Properties of {@link createBundledFunction}. */
export interface BundledFunctionProps {
  /** The function's description. */
  readonly description: string;
  /** The role's description: what the function may do. */
  readonly roleDescription: string;
  /** The TypeScript handler file (export `handler`). */
  readonly entry: string;
  /** The environment, read once by the handler at cold start. */
  readonly environment: Record<string, string>;
  /** Lambda reserved concurrency: the cost circuit breaker. */
  readonly reservedConcurrency: number;
  readonly timeoutSeconds: number;
  /** Memory size, MB: each function's own tuning (the bench prices the responder's). */
  readonly memorySizeMb: number;
  /** Why its dead letters are dead letters, for the cdk-nag acknowledgement. */
  readonly deadLetterQueueOf: string;
  /**
   * The customer-managed key its dead-letter queue is encrypted with: the letters hold whole
   * phone numbers and message bodies.
   */
  readonly deadLetterKey: kms.IKey;
}

/** What {@link createBundledFunction} made. */
export interface BundledFunction {
  readonly function: nodejs.NodejsFunction;
  /** Its own role, with no AWS-managed policy: grant it exactly what it calls. */
  readonly role: iam.Role;
  /** Asynchronous invocations that failed after their retries or waited too long. */
  readonly deadLetterQueue: sqs.Queue;
  readonly logGroup: logs.LogGroup;
}

/**
 * A dead-letter queue: encrypted with `key` (a customer-managed key, so that the key policy and
 * CloudTrail say who may read the phone numbers in it), TLS only, kept
 * {@link DEAD_LETTER_RETENTION}. `whose` says whose dead letters it holds, for the cdk-nag
 * acknowledgement (a DLQ has no DLQ of its own). Each producer still needs `sqs:SendMessage` and
 * {@link QUEUE_PRODUCER_KEY_ACTIONS} on `key`.
 */
export function createDeadLetterQueue(
  scope: Construct,
  id: string,
  whose: string,
  key: kms.IKey,
): sqs.Queue {
  const queue = new sqs.Queue(scope, id, {
    encryption: sqs.QueueEncryption.KMS,
    encryptionMasterKey: key,
    enforceSSL: true,
    retentionPeriod: DEAD_LETTER_RETENTION,
  });
  acknowledgeNag(
    queue,
    'AwsSolutions-SQS3',
    `It is the dead-letter queue (${whose}); a DLQ of a DLQ would only hide failures.`,
  );
  return queue;
}

/**
 * A Lambda on-failure destination on a dead-letter queue encrypted with a customer-managed key,
 * granting the function's role exactly what AWS documents, and no more (aws-cdk's
 * `SqsDestination` would add kms:Encrypt and kms:ReEncrypt*). AWS Lambda Developer Guide,
 * asynchronous invocation (read 2026-11-29 in its source, awsdocs/aws-lambda-developer-guide
 * `invocation-async.md`; now https://docs.aws.amazon.com/lambda/latest/dg/invocation-async-retain-records.html):
 * "To send events to a destination, your function needs additional permissions [...] Amazon
 * SQS – sqs:SendMessage", and "If the target queue or topic is encrypted with a customer managed
 * key, the execution role must also be a user in the key's resource-based policy": the CDK's key
 * policy trusts the account, which "enables IAM policies in the account to allow access to the
 * KMS key" (https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html, read
 * 2026-11-29), so the grant goes on the role: {@link QUEUE_PRODUCER_KEY_ACTIONS}.
 */
class EncryptedDeadLetterDestination implements lambda.IDestination {
  constructor(
    private readonly queue: sqs.IQueue,
    private readonly key: kms.IKey,
  ) {}

  bind(_scope: Construct, fn: lambda.IFunction): lambda.DestinationConfig {
    this.queue.grant(fn, 'sqs:SendMessage');
    this.key.grant(fn, ...QUEUE_PRODUCER_KEY_ACTIONS);
    return { destination: this.queue.queueArn };
  }
}

/**
 * A Node.js 22 arm64 function bundled with the local esbuild (minified, source maps, the AWS SDK
 * left to the runtime), invoked asynchronously: 2 retries, then its on-failure dead-letter queue.
 * It gets its own log group and a role that may only write those logs (and its encrypted dead
 * letters); the caller grants the rest. The children are created in `scope` with fixed ids
 * (`Function`, `Role`, `Logs`, `DeadLetterQueue`), so their logical ids do not depend on this
 * helper.
 */
export function createBundledFunction(
  scope: Construct,
  props: BundledFunctionProps,
): BundledFunction {
  const deadLetterQueue = createDeadLetterQueue(
    scope,
    'DeadLetterQueue',
    `the function's on-failure destination: ${props.deadLetterQueueOf}`,
    props.deadLetterKey,
  );
  const logGroup = new logs.LogGroup(scope, 'Logs', {
    retention: LOG_RETENTION,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const role = new iam.Role(scope, 'Role', {
    description: props.roleDescription,
    assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
  });
  logGroup.grantWrite(role);

  const fn = new nodejs.NodejsFunction(scope, 'Function', {
    description: props.description,
    entry: props.entry,
    handler: 'handler',
    runtime: lambda.Runtime.NODEJS_22_X,
    architecture: lambda.Architecture.ARM_64,
    memorySize: props.memorySizeMb,
    timeout: Duration.seconds(props.timeoutSeconds),
    reservedConcurrentExecutions: props.reservedConcurrency,
    role,
    logGroup,
    environment: {
      ...props.environment,
      // Stack traces point at the TypeScript sources, through the bundled source map.
      NODE_OPTIONS: '--enable-source-maps',
    },
    bundling: {
      minify: true,
      sourceMap: true,
      target: 'node22',
      // The Node.js 22 runtime provides AWS SDK v3.
      externalModules: ['@aws-sdk/*'],
    },
    retryAttempts: ASYNC_RETRY_ATTEMPTS,
    maxEventAge: MAX_EVENT_AGE,
    onFailure: new EncryptedDeadLetterDestination(deadLetterQueue, props.deadLetterKey),
  });
  acknowledgeNag(
    fn,
    'AwsSolutions-L1',
    'Pinned to Node.js 22 on purpose: the runtime the handlers and their tests target; move to a ' +
      'newer runtime deliberately, with the tests.',
  );
  return { function: fn, role, deadLetterQueue, logGroup };
}

/**
 * Lets `role` make exactly these calls on the table, and use the table's customer-managed key
 * as DynamoDB needs it to read and write.
 */
export function grantTableCalls(
  role: iam.Role,
  table: dynamodb.ITable,
  tableKey: kms.IKey,
  actions: readonly string[],
): void {
  table.grant(role, ...actions);
  tableKey.grant(role, ...TABLE_KEY_ACTIONS);
  for (const action of ['kms:GenerateDataKey*', 'kms:ReEncrypt*']) {
    acknowledgeNag(
      role,
      `AwsSolutions-IAM5[Action::${action}]`,
      "The KMS actions aws-cdk-lib's Table.grantReadWriteData gives for a customer-managed " +
        "table key; the resource is only the table's key.",
    );
  }
}

/** How a function sends SMS: the config's `sendVia`, and what `SendTextMessage` may name. */
export interface SmsSending {
  /** @default 'sns' */
  readonly sendVia: ResponderSettings['sendVia'];
  /**
   * The ARNs `sms-voice:SendTextMessage` is allowed on (the number or pool, the protect
   * configuration, the configuration set). Required when `sendVia` is `sms-voice`.
   * @default none
   */
  readonly sendTextResources?: readonly string[];
}

/** How a function with these settings sends, scoped to `sendTextResources`. */
export function smsSendingOf(
  settings: ResponderSettings,
  sendTextResources: readonly string[] | undefined,
): SmsSending {
  return {
    sendVia: settings.sendVia ?? 'sns',
    ...(sendTextResources === undefined ? {} : { sendTextResources }),
  };
}

/**
 * Throws at synth time when `sms-voice` sending has nothing to scope `SendTextMessage` to;
 * `owner` names the construct in the message.
 */
export function assertSmsSendingScoped(owner: string, sending: SmsSending): void {
  if (sending.sendVia === 'sms-voice' && (sending.sendTextResources ?? []).length === 0) {
    throw new Error(`${owner}: sendVia "sms-voice" needs sendTextResources (the number ARN)`);
  }
}

/**
 * Lets `role` text people, and nothing else: `sms-voice:SendTextMessage` from our number only,
 * or SNS `Publish` to phone numbers only (an explicit Deny on every SNS ARN).
 */
export function grantSmsSending(role: iam.Role, sending: SmsSending): void {
  if (sending.sendVia === 'sms-voice') {
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'SendRepliesFromOurNumber',
        actions: ['sms-voice:SendTextMessage'],
        resources: [...(sending.sendTextResources ?? [])],
      }),
    );
    return;
  }
  // SNS Publish to a phone number has no resource ARN, so it needs "*" (as the CDK's own
  // Cognito SMS role). The Deny keeps that "*" from reaching any topic or endpoint: the function
  // can text people and nothing else, not even the inbound topic.
  role.addToPolicy(
    new iam.PolicyStatement({
      sid: 'SendSmsToPhoneNumbers',
      actions: ['sns:Publish'],
      resources: ['*'],
    }),
  );
  acknowledgeNag(
    role,
    'AwsSolutions-IAM5[Resource::*]',
    'SNS Publish to a phone number has no resource ARN, so it can only be granted on "*"; ' +
      'an explicit Deny on every SNS ARN (topics, endpoints) leaves phone numbers only.',
  );
  role.addToPolicy(
    new iam.PolicyStatement({
      sid: 'NeverPublishToTopics',
      effect: iam.Effect.DENY,
      actions: ['sns:Publish'],
      resources: [`arn:${Stack.of(role).partition}:sns:*:*:*`],
    }),
  );
}
