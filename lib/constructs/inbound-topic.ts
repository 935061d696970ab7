import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { IDependable } from 'constructs';
import { Construct, DependencyGroup } from 'constructs';
import { QUEUE_PRODUCER_KEY_ACTIONS, createDeadLetterQueue } from './function-defaults';
import { acknowledgeNag } from './nag';

/** The service principal of AWS End User Messaging SMS. */
export const SMS_VOICE_PRINCIPAL = 'sms-voice.amazonaws.com';
/** The service principal of Amazon SNS, which delivers the subscription's dead letters. */
const SNS_PRINCIPAL = 'sns.amazonaws.com';

/** IAM policy conditions, as `PolicyStatement` takes them. */
type Conditions = Record<string, Record<string, unknown>>;

/**
 * Where AWS End User Messaging SMS publishes inbound SMS: an SNS topic encrypted with a
 * customer-managed key, that only the SMS service (directly, or through the channel role it
 * assumes) may publish to, and whose Lambda subscription redrives to a dead-letter queue
 * encrypted with the same key. The key is the stack's key for inbound SMS in flight: the other
 * dead-letter queues (responder, schedules, dispatcher) use it too, as their letters carry the
 * same phone numbers and bodies.
 *
 * Policies follow AWS's two-way SMS guide:
 * https://docs.aws.amazon.com/sms-voice/latest/userguide/two-way-sms-iam-policy.html and
 * https://docs.aws.amazon.com/sms-voice/latest/userguide/two-way-sms-iam-policy-auto.html
 */
export class InboundTopic extends Construct {
  /** The topic the number publishes inbound SMS to. */
  readonly topic: sns.Topic;
  /**
   * The customer-managed key of inbound SMS in flight: the topic (SNS cannot use an AWS-managed
   * key for a service publisher) and every dead-letter queue of the stack.
   */
  readonly key: kms.Key;
  /** The role End User Messaging SMS assumes to publish (the number's `TwoWay.ChannelRole`). */
  readonly channelRole: iam.Role;
  /** Messages SNS could not deliver to the responder (the subscription's redrive policy). */
  readonly deadLetterQueue: sqs.Queue;
  /**
   * What the SMS service needs to publish beyond the topic and the role (which a number names):
   * the topic's policy and the role's policy (not the subscription, which depends on the
   * responder).
   */
  readonly publishingReady: IDependable;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const stack = Stack.of(this);
    // AWS's documented source ARN for two-way SMS: any End User Messaging resource of this
    // account and region (the publishing resource may be the number, its pool or its opt-out
    // list, so pinning one ARN could silently stop inbound delivery).
    const fromSmsService: Conditions = {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'sms-voice', resource: '*' }) },
    };

    this.key = this.createKey(fromSmsService);
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: 'antirelou inbound SMS',
      masterKey: this.key,
      enforceSSL: true,
    });
    this.channelRole = new iam.Role(this, 'ChannelRole', {
      description: 'antirelou: End User Messaging SMS assumes it to publish inbound SMS',
      assumedBy: new iam.ServicePrincipal(SMS_VOICE_PRINCIPAL, {
        conditions: { StringEquals: { 'aws:SourceAccount': stack.account } },
      }),
    });
    const rolePolicy = this.letChannelRolePublish();
    const topicPolicy = this.letOnlySmsServicePublish(fromSmsService);

    // The policies only: whoever points two-way at the topic names the topic and the role, which
    // orders it after them (and the topic after its key) already; a DependsOn on them too would
    // be redundant (cfn-lint W3005). Not the Topic either: subscriptions are added under it later,
    // and they depend on the responder, which depends on the number.
    const ready = new DependencyGroup();
    if (rolePolicy) ready.add(rolePolicy);
    if (topicPolicy) ready.add(topicPolicy);
    this.publishingReady = ready;

    this.deadLetterQueue = createDeadLetterQueue(
      this,
      'DeadLetterQueue',
      "of the topic's Lambda subscription",
      this.key,
    );
    this.letSnsSendDeadLetters();
    acknowledgeNag(
      this.channelRole,
      'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
      "AWS's documented two-way SMS policy for encrypted topics; the statement is limited to this " +
        "topic's key, to this topic's encryption context and to calls made through SNS.",
    );
  }

  /** The key of inbound SMS in flight, which the SMS service may use to publish. */
  private createKey(fromSmsService: Conditions): kms.Key {
    const key = new kms.Key(this, 'Key', {
      description: 'antirelou: encrypts inbound SMS in flight (their SNS topic, the dead letters)',
      enableKeyRotation: true,
      // Only messages in flight depend on it (the queues go with the stack): nothing to keep.
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowEndUserMessagingSmsToPublishInbound',
        principals: [new iam.ServicePrincipal(SMS_VOICE_PRINCIPAL)],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: fromSmsService,
      }),
    );
    return key;
  }

  /** The channel role may publish to the topic, and use its key through SNS only. */
  private letChannelRolePublish(): IDependable | undefined {
    const rolePolicy = this.channelRole.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'PublishInboundSms',
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: { StringEquals: { 'aws:ResourceAccount': Stack.of(this).account } },
      }),
    );
    this.channelRole.addToPolicy(
      new iam.PolicyStatement({
        sid: 'UseTheTopicKeyThroughSns',
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: [this.key.keyArn],
        conditions: {
          StringEquals: {
            'kms:EncryptionContext:aws:sns:topicArn': this.topic.topicArn,
            'aws:CalledViaLast': 'sns.amazonaws.com',
          },
        },
      }),
    );
    return rolePolicy.policyDependable;
  }

  /** The topic's policy: the SMS service and its channel role may publish, nobody else. */
  private letOnlySmsServicePublish(fromSmsService: Conditions): IDependable | undefined {
    const { policyDependable } = this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'EndUserMessagingSmsMayPublish',
        principals: [new iam.ServicePrincipal(SMS_VOICE_PRINCIPAL)],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: fromSmsService,
      }),
    );
    // Nobody else may publish, not even an administrator or the responder: a forged "inbound
    // SMS" would make the responder text whoever the forger names. A negated condition is true
    // when its key is absent, so the SMS service (no PrincipalArn) and the channel role's
    // sessions (no PrincipalServiceName) each fail one test and are not denied.
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'OnlyTheSmsServiceMayPublish',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          StringNotEquals: { 'aws:PrincipalServiceName': SMS_VOICE_PRINCIPAL },
          ArnNotEquals: { 'aws:PrincipalArn': this.channelRole.roleArn },
        },
      }),
    );
    return policyDependable;
  }

  /**
   * SNS may put the subscription's dead letters in the queue encrypted with this key. "To use an
   * encrypted Amazon SQS queue as a dead-letter queue, you must use a custom KMS with a key
   * policy that grants the Amazon SNS service principal access to AWS KMS API actions"
   * (https://docs.aws.amazon.com/sns/latest/dg/sns-dead-letter-queues.html); the actions are
   * kms:GenerateDataKey and kms:Decrypt, and SNS supports aws:SourceArn for SSE queues
   * (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html,
   * both read 2026-11-29). The source cannot be this topic's ARN: the topic is encrypted with
   * this key, so naming it in the key's own policy would be a circular dependency. Hence any
   * topic of this account and region, as for the SMS service; the queue policy still lets only
   * this topic send.
   */
  private letSnsSendDeadLetters(): void {
    this.key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowSnsToSendDeadLettersOfInbound',
        principals: [new iam.ServicePrincipal(SNS_PRINCIPAL)],
        actions: [...QUEUE_PRODUCER_KEY_ACTIONS],
        resources: ['*'],
        // The account is in the ARN; aws:SourceArn is the key the SQS guide names for SNS.
        conditions: {
          ArnLike: {
            'aws:SourceArn': Stack.of(this).formatArn({ service: 'sns', resource: '*' }),
          },
        },
      }),
    );
  }

  /** Subscribes the responder, with the redrive policy to {@link deadLetterQueue}. */
  subscribe(fn: lambda.IFunction): void {
    this.topic.addSubscription(
      new subscriptions.LambdaSubscription(fn, { deadLetterQueue: this.deadLetterQueue }),
    );
  }
}
