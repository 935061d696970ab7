import * as path from 'node:path';
import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as destinations from 'aws-cdk-lib/aws-lambda-destinations';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { ResponderSettings } from '../../lambda/domain/types';
import { acknowledgeNag } from './nag';

/** The Lambda entry point the stack bundles: the real handler. */
export const RESPONDER_ENTRY = path.join(__dirname, '..', '..', 'lambda', 'handler.ts');

/** Environment variable names read by `lambda/handler.ts`. */
export const ResponderEnvironment = {
  Settings: 'ANTIRELOU_SETTINGS',
  TableName: 'TABLE_NAME',
  SenderKeySecretArn: 'SENDER_KEY_SECRET_ARN',
} as const;

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

/** What DynamoDB needs on a customer-managed key for reads and writes (as `Table.grantReadWriteData`). */
const TABLE_KEY_ACTIONS = [
  'kms:Decrypt',
  'kms:DescribeKey',
  'kms:Encrypt',
  'kms:GenerateDataKey*',
  'kms:ReEncrypt*',
] as const;

/** 256 MB: the handler is I/O bound; below that, arm64 cold starts get noticeably slower. */
const MEMORY_MB = 256;
/** Lambda's default of 2 retries: only a table outage makes the handler throw. */
const ASYNC_RETRY_ATTEMPTS = 2;
/**
 * How long an inbound SMS may wait for a free slot (reserved concurrency) before it goes to the
 * dead-letter queue. Lambda's maximum: a late reply still beats a lost one.
 */
const MAX_EVENT_AGE = Duration.hours(6);
/** Logs hold masked numbers only; a month covers an incident review. */
const LOG_RETENTION = logs.RetentionDays.ONE_MONTH;
/** Same as the topic's dead-letter queue: as long as SQS allows. */
const DEAD_LETTER_RETENTION = Duration.days(14);
/** 64 alphanumeric characters: about 380 bits for the HMAC key. */
const SENDER_KEY_LENGTH = 64;

/** Properties of {@link Responder}. */
export interface ResponderProps {
  /** The resolved settings; may hold deploy-time tokens (topic ARN, number, protect configuration). */
  readonly settings: ResponderSettings;
  readonly table: dynamodb.ITable;
  /** The table's customer-managed key. */
  readonly tableKey: kms.IKey;
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
   * The handler file.
   * @default the real handler, `lambda/handler.ts`
   */
  readonly entry?: string;
}

/**
 * The responder: a bundled Node.js 22 arm64 function subscribed to the inbound topic, with
 * reserved concurrency as a cost circuit breaker, an on-failure dead-letter queue, its own log
 * group, the HMAC key in Secrets Manager (only its ARN in the environment) and a least-privilege
 * role (no AWS-managed policy).
 */
export class Responder extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly role: iam.Role;
  /** Invocations that failed after their retries or waited too long (on-failure destination). */
  readonly deadLetterQueue: sqs.Queue;
  /** The HMAC key phone numbers are hashed with before they reach the table. */
  readonly senderKeySecret: secretsmanager.Secret;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ResponderProps) {
    super(scope, id);
    const sendVia = props.settings.sendVia ?? 'sns';
    if (sendVia === 'sms-voice' && (props.sendTextResources ?? []).length === 0) {
      throw new Error('Responder: sendVia "sms-voice" needs sendTextResources (the number ARN)');
    }

    this.senderKeySecret = new secretsmanager.Secret(this, 'SenderKey', {
      description:
        'antirelou: HMAC key of the phone numbers in the table. Never rotate or delete it: ' +
        'opt-outs and windows are keyed by it.',
      generateSecretString: { passwordLength: SENDER_KEY_LENGTH, excludePunctuation: true },
      // Without it the retained table's opt-outs could no longer be matched to anyone.
      removalPolicy: RemovalPolicy.RETAIN,
    });

    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: DEAD_LETTER_RETENTION,
    });

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: LOG_RETENTION,
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.role = new iam.Role(this, 'Role', {
      description: 'antirelou responder: table, HMAC secret, sending SMS, its own logs',
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    this.logGroup.grantWrite(this.role);

    this.function = new nodejs.NodejsFunction(this, 'Function', {
      description: 'antirelou responder: one polite reply per real sender, within budget',
      entry: props.entry ?? RESPONDER_ENTRY,
      handler: 'handler',
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: MEMORY_MB,
      timeout: Duration.seconds(props.timeoutSeconds),
      reservedConcurrentExecutions: props.reservedConcurrency,
      role: this.role,
      logGroup: this.logGroup,
      environment: {
        [ResponderEnvironment.Settings]: Stack.of(this).toJsonString(props.settings),
        [ResponderEnvironment.TableName]: props.table.tableName,
        [ResponderEnvironment.SenderKeySecretArn]: this.senderKeySecret.secretArn,
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
      onFailure: new destinations.SqsDestination(this.deadLetterQueue),
    });

    props.table.grant(this.role, ...RESPONDER_TABLE_ACTIONS);
    props.tableKey.grant(this.role, ...TABLE_KEY_ACTIONS);
    this.senderKeySecret.grantRead(this.role);
    for (const action of ['kms:GenerateDataKey*', 'kms:ReEncrypt*']) {
      acknowledgeNag(
        this.role,
        `AwsSolutions-IAM5[Action::${action}]`,
        "The KMS actions aws-cdk-lib's Table.grantReadWriteData gives for a customer-managed " +
          "table key; the resource is only the table's key.",
      );
    }
    acknowledgeNag(
      this.deadLetterQueue,
      'AwsSolutions-SQS3',
      "It is the dead-letter queue (the function's on-failure destination); a DLQ of a DLQ would only hide failures.",
    );
    acknowledgeNag(
      this.senderKeySecret,
      'AwsSolutions-SMG4',
      'The HMAC key of phone numbers must never change: every opt-out, window and block in the ' +
        'table is keyed by it, and a rotated key would forget them (people who sent STOP would be texted again).',
    );
    acknowledgeNag(
      this.function,
      'AwsSolutions-L1',
      'Pinned to Node.js 22 on purpose: the runtime the handler and its tests target; move to a ' +
        'newer runtime deliberately, with the tests.',
    );

    if (sendVia === 'sms-voice') {
      this.role.addToPolicy(
        new iam.PolicyStatement({
          sid: 'SendRepliesFromOurNumber',
          actions: ['sms-voice:SendTextMessage'],
          resources: [...(props.sendTextResources ?? [])],
        }),
      );
    } else {
      // SNS Publish to a phone number has no resource ARN, so it needs "*" (as the CDK's own
      // Cognito SMS role). The Deny keeps that "*" from reaching any topic or endpoint: the
      // responder can text people and nothing else, not even the inbound topic.
      this.role.addToPolicy(
        new iam.PolicyStatement({
          sid: 'SendSmsToPhoneNumbers',
          actions: ['sns:Publish'],
          resources: ['*'],
        }),
      );
      acknowledgeNag(
        this.role,
        'AwsSolutions-IAM5[Resource::*]',
        'SNS Publish to a phone number has no resource ARN, so it can only be granted on "*"; ' +
          'an explicit Deny on every SNS ARN (topics, endpoints) leaves phone numbers only.',
      );
      this.role.addToPolicy(
        new iam.PolicyStatement({
          sid: 'NeverPublishToTopics',
          effect: iam.Effect.DENY,
          actions: ['sns:Publish'],
          resources: [`arn:${Stack.of(this).partition}:sns:*:*:*`],
        }),
      );
    }
  }
}
