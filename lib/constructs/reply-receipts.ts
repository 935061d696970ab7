import * as path from 'node:path';
import { Names, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as smsvoice from 'aws-cdk-lib/aws-smsvoice';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { IDependable } from 'constructs';
import { Construct } from 'constructs';
import type { ResponderSettings } from '../../lambda/domain/types';
import { ReceiptsEnvironment } from '../../lambda/env';
import { FUNCTION_MEMORY_MB } from '../config/stack-defaults';
import { createBundledFunction, createDeadLetterQueue, grantTableCalls } from './function-defaults';
import { SMS_VOICE_PRINCIPAL } from './inbound-topic';

/** The Lambda entry point of the receipts function: the real handler. */
export const RECEIPTS_ENTRY = path.join(__dirname, '..', '..', 'lambda', 'receipts-handler.ts');

/**
 * The table calls the receipts function makes: UpdateItem for the true-up on the budget item
 * (conditional) and for a learned price on the control item; GetItem to read the control item.
 */
export const RECEIPTS_TABLE_ACTIONS = ['dynamodb:GetItem', 'dynamodb:UpdateItem'] as const;

/**
 * Receipts arrive about twice per reply, and a slow one only delays a true-up: two at a time
 * is plenty, and bounds what a flood of events could cost.
 */
const RECEIPTS_CONCURRENCY = 2;

/** The receipts function's properties ({@link ReplyReceipts.addFunction}). */
export interface ReceiptsFunctionProps {
  /** The responder's settings, with `receipts` (they name the configuration set). */
  readonly settings: ResponderSettings;
  readonly table: dynamodb.ITable;
  readonly tableKey: kms.IKey;
  /** The deployment's secret: the receipt tag key is derived from it. Read only. */
  readonly senderKeySecret: secretsmanager.ISecret;
  /** @default the real handler, `lambda/receipts-handler.ts` */
  readonly entry?: string;
}

/**
 * Receipts of replies: a configuration set whose event destination publishes every text
 * message event to an encrypted SNS topic that only End User Messaging SMS, for this
 * configuration set, may publish to; and the receipts function, subscribed to it, which trues
 * up the budget with what AWS billed (`lambda/receipts.ts`). Replies are sent with the
 * configuration set (`configurationSetName`), tagged (`lambda/receipt-tag.ts`).
 *
 * Sources (read 2026-11-29): `AWS::SMSVOICE::ConfigurationSet` and its `EventDestination`
 * (https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-smsvoice-configurationset.html);
 * the topic's access policy for End User Messaging SMS, `sns:Publish` for
 * `sms-voice.amazonaws.com` with `aws:SourceAccount` and `aws:SourceArn` the configuration set
 * (https://docs.aws.amazon.com/sms-voice/latest/userguide/configuration-sets-sns-creating-role.html),
 * which adds "If your Amazon SNS topic has server-side encryption enabled with AWS Key
 * Management Service then also add the policy to the associated symmetric encryption customer
 * managed key".
 */
export class ReplyReceipts extends Construct {
  /** The configuration set replies are sent with. */
  readonly configurationSetName: string;
  readonly configurationSetArn: string;
  readonly topic: sns.Topic;
  /** Receipts SNS could not deliver to the function. */
  readonly topicDeadLetterQueue: sqs.Queue;
  private readonly key: kms.IKey;
  private bundled?: ReturnType<typeof createBundledFunction>;

  /**
   * @param key The key of SMS in flight (the inbound topic's): receipts name the destination
   * number. Its policy already lets End User Messaging SMS use it for any of its resources in
   * this account and region (`InboundTopic`), which covers this configuration set.
   */
  constructor(scope: Construct, id: string, key: kms.IKey) {
    super(scope, id);
    this.key = key;
    this.configurationSetName = Names.uniqueResourceName(this, { maxLength: 64 });
    this.configurationSetArn = Stack.of(this).formatArn({
      service: 'sms-voice',
      resource: 'configuration-set',
      resourceName: this.configurationSetName,
    });
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'antirelou receipts of replies',
      masterKey: key,
      enforceSSL: true,
    });
    const topicPolicy = this.letOnlyThisConfigurationSetPublish();
    const configurationSet = new smsvoice.CfnConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: this.configurationSetName,
      eventDestinations: [
        {
          eventDestinationName: 'receipts',
          enabled: true,
          matchingEventTypes: ['TEXT_ALL'],
          snsDestination: { topicArn: this.topic.topicArn },
        },
      ],
    });
    // The destination is checked when it is made: the topic's policy first.
    if (topicPolicy !== undefined) configurationSet.node.addDependency(topicPolicy);
    this.topicDeadLetterQueue = createDeadLetterQueue(
      this,
      'TopicDeadLetterQueue',
      "of the receipts topic's Lambda subscription",
      key,
    );
  }

  /** The receipts function, subscribed to the topic (once the settings name the set). */
  addFunction(props: ReceiptsFunctionProps): ReturnType<typeof createBundledFunction> {
    if (props.settings.receipts === undefined) {
      throw new Error('ReplyReceipts: settings.receipts is not set');
    }
    if (this.bundled !== undefined) throw new Error('ReplyReceipts: the function exists already');
    const bundled = createBundledFunction(this, {
      description: 'antirelou receipts: trues up the budget with what AWS billed for each reply',
      roleDescription: 'antirelou receipts: two table calls, the HMAC secret, its own logs',
      entry: props.entry ?? RECEIPTS_ENTRY,
      environment: {
        [ReceiptsEnvironment.Settings]: Stack.of(this).toJsonString(props.settings),
        [ReceiptsEnvironment.TableName]: props.table.tableName,
        [ReceiptsEnvironment.SenderKeySecretArn]: props.senderKeySecret.secretArn,
      },
      reservedConcurrency: RECEIPTS_CONCURRENCY,
      timeoutSeconds: 30,
      memorySizeMb: FUNCTION_MEMORY_MB,
      deadLetterQueueOf: 'receipts the receipts function failed on',
      deadLetterKey: this.key,
    });
    grantTableCalls(bundled.role, props.table, props.tableKey, RECEIPTS_TABLE_ACTIONS);
    props.senderKeySecret.grantRead(bundled.role);
    this.topic.addSubscription(
      new subscriptions.LambdaSubscription(bundled.function, {
        deadLetterQueue: this.topicDeadLetterQueue,
      }),
    );
    this.bundled = bundled;
    return bundled;
  }

  /** The receipts function (after {@link addFunction}). */
  get function(): nodejs.NodejsFunction {
    if (this.bundled === undefined) throw new Error('ReplyReceipts: no function yet');
    return this.bundled.function;
  }

  /** Receipts the function failed on after Lambda's retries. */
  get deadLetterQueue(): sqs.Queue {
    if (this.bundled === undefined) throw new Error('ReplyReceipts: no function yet');
    return this.bundled.deadLetterQueue;
  }

  /** Only End User Messaging SMS, for this configuration set, may publish receipts. */
  private letOnlyThisConfigurationSetPublish(): IDependable | undefined {
    const { policyDependable } = this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'EndUserMessagingSmsMayPublishReceipts',
        principals: [new iam.ServicePrincipal(SMS_VOICE_PRINCIPAL)],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
          ArnLike: { 'aws:SourceArn': this.configurationSetArn },
        },
      }),
    );
    // Nobody else: a forged receipt could not move money (the tag is sealed), but it could
    // fill the logs and the dead-letter queue.
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'OnlyTheSmsServiceMayPublishReceipts',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: { StringNotEquals: { 'aws:PrincipalServiceName': SMS_VOICE_PRINCIPAL } },
      }),
    );
    return policyDependable;
  }
}
