import { Aws, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { QUEUE_PRODUCER_KEY_ACTIONS, createDeadLetterQueue } from './function-defaults';
import { acknowledgeNag } from './nag';

/** The service that assumes the execution role and may be passed it. */
const SCHEDULER_SERVICE = 'scheduler.amazonaws.com';

/** Where the responder schedules delayed replies, and the permission to do it. */
export interface ReplyScheduling {
  /** The schedule group every reply schedule is created in. */
  readonly groupName: string;
  /** The execution role each schedule names: the scheduler assumes it to invoke the target. */
  readonly schedulerRoleArn: string;
  /** The schedules' target: the dispatcher. */
  readonly targetArn: string;
  /** The schedules' dead-letter queue. */
  readonly deadLetterQueueArn: string;
  /** Lets `role` create schedules in the group, naming the execution role, and nothing more. */
  grantCreateSchedules(role: iam.Role): void;
}

/** Properties of {@link ReplySchedule}. */
export interface ReplyScheduleProps {
  /** The function the schedules invoke when a reply is due (the dispatcher). */
  readonly target: lambda.IFunction;
  /**
   * The customer-managed key the dead-letter queue is encrypted with: a dead letter carries the
   * scheduled reply, phone number included.
   */
  readonly deadLetterKey: kms.IKey;
}

/**
 * The safety delay's scheduler side: a schedule group of its own for the one-time reply
 * schedules (created by the responder at run time, deleted by EventBridge Scheduler once run),
 * the execution role the scheduler assumes (invoke the dispatcher, dead-letter to its queue,
 * nothing else, only for this account's group), and the encrypted dead-letter queue of replies
 * the scheduler could not hand over.
 */
export class ReplySchedule extends Construct implements ReplyScheduling {
  readonly group: scheduler.ScheduleGroup;
  /** The execution role of every reply schedule. */
  readonly role: iam.Role;
  /** Replies the scheduler could not hand to the dispatcher (their money stays reserved). */
  readonly deadLetterQueue: sqs.Queue;
  private readonly target: lambda.IFunction;

  constructor(scope: Construct, id: string, props: ReplyScheduleProps) {
    super(scope, id);
    this.target = props.target;

    this.group = new scheduler.ScheduleGroup(this, 'Group', {
      // Its schedules target this stack's dispatcher: they cannot outlive the stack.
      removalPolicy: RemovalPolicy.DESTROY,
    });

    this.deadLetterQueue = createDeadLetterQueue(
      this,
      'DeadLetterQueue',
      'of the reply schedules: replies the scheduler could not hand to the dispatcher',
      props.deadLetterKey,
    );

    // Confused-deputy protection as EventBridge Scheduler documents it: the scheduler may assume
    // the role only for schedules of this account, in this group (aws:SourceArn is the group's
    // ARN, never a schedule's).
    // https://docs.aws.amazon.com/scheduler/latest/UserGuide/cross-service-confused-deputy-prevention.html
    this.role = new iam.Role(this, 'SchedulerRole', {
      description: 'antirelou reply schedules: invoke the dispatcher, dead-letter to its queue',
      assumedBy: new iam.ServicePrincipal(SCHEDULER_SERVICE).withConditions({
        StringEquals: {
          'aws:SourceAccount': Stack.of(this).account,
          'aws:SourceArn': this.group.scheduleGroupArn,
        },
      }),
    });
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'InvokeTheDispatcher',
        actions: ['lambda:InvokeFunction'],
        // The unqualified ARN the schedules name: no version, no alias.
        resources: [props.target.functionArn],
      }),
    );
    // The scheduler delivers dead letters with the execution role.
    // https://docs.aws.amazon.com/scheduler/latest/UserGuide/configuring-schedule-dlq.html
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'DeadLetterUndeliveredReplies',
        actions: ['sqs:SendMessage'],
        resources: [this.deadLetterQueue.queueArn],
      }),
    );
    // The queue is encrypted with a customer-managed key, and the execution role is its producer:
    // the dead-letter event the guide above shows was sent by the role's session (its SenderId is
    // the role's AROA… id). Producers of an encrypted queue "must have the kms:GenerateDataKey
    // and kms:Decrypt permissions for the KMS key"
    // (https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/sqs-key-management.html,
    // read 2026-11-29); the scheduler's guide says nothing more of KMS for a DLQ.
    this.role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'EncryptUndeliveredReplies',
        actions: [...QUEUE_PRODUCER_KEY_ACTIONS],
        resources: [props.deadLetterKey.keyArn],
      }),
    );
  }

  get groupName(): string {
    return this.group.scheduleGroupName;
  }

  get schedulerRoleArn(): string {
    return this.role.roleArn;
  }

  get targetArn(): string {
    return this.target.functionArn;
  }

  get deadLetterQueueArn(): string {
    return this.deadLetterQueue.queueArn;
  }

  /**
   * `scheduler:CreateSchedule` on this group's schedules only (no update, no delete: a schedule
   * deletes itself once run), and `iam:PassRole` on the execution role, to the scheduler only.
   */
  grantCreateSchedules(role: iam.Role): void {
    // Pseudo parameters rather than the stack's region and account, so that the ARN, and the
    // cdk-nag finding acknowledged below, read the same in every environment.
    const schedules = `arn:${Aws.PARTITION}:scheduler:${Aws.REGION}:${Aws.ACCOUNT_ID}:schedule/${this.groupName}/*`;
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'ScheduleDelayedReplies',
        actions: ['scheduler:CreateSchedule'],
        resources: [schedules],
      }),
    );
    acknowledgeNag(
      role,
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:<AWS::Region>:<AWS::AccountId>:schedule/${this.groupName}/*]`,
      'One schedule per reply, named at run time from the inbound message: the wildcard is the ' +
        "schedule name only, inside antirelou's own schedule group, and the action is CreateSchedule alone.",
    );
    role.addToPolicy(
      new iam.PolicyStatement({
        sid: 'PassTheSchedulerRole',
        actions: ['iam:PassRole'],
        resources: [this.role.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': SCHEDULER_SERVICE } },
      }),
    );
  }
}
