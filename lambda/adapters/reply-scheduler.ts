/**
 * Holding a reply until its time. In AWS: one EventBridge Scheduler one-time schedule per reply,
 * whose target is the dispatcher (README, "The safety delay", for why this mechanism).
 * Locally: the simulator's clock (`tools/local/scheduler.ts`).
 */
import type { SchedulerClient } from '@aws-sdk/client-scheduler';
import { CreateScheduleCommand } from '@aws-sdk/client-scheduler';
import type { ScheduledReply } from '../domain/scheduled-reply';
import { SCHEDULE_MAX_EVENT_AGE_SECONDS, scheduleNameOf } from '../domain/scheduled-reply';

/** The responder's port to the scheduler. */
export interface ReplyScheduler {
  /**
   * Schedules the reply's send at `reply.sendAtMs`; `exists` when this inbound message already
   * has a schedule (a retried invocation). Throws when it cannot tell.
   */
  schedule(reply: ScheduledReply): Promise<'scheduled' | 'exists'>;
}

/** Where the schedules go, set by the stack. */
export interface EventBridgeSchedulerOptions {
  readonly groupName: string;
  /** The dispatcher's ARN. */
  readonly targetArn: string;
  /** The execution role the scheduler assumes to invoke the dispatcher. */
  readonly roleArn: string;
  /** SQS queue for replies the scheduler could not hand over. */
  readonly deadLetterArn: string;
}

/** EventBridge Scheduler's maximum. */
const SCHEDULE_MAX_RETRIES = 185;

/** `at()` wants local date-time to the second, without zone (the zone is given apart). */
function atExpression(ms: number): string {
  const wholeSeconds = Math.ceil(ms / 1000) * 1000;
  return `at(${new Date(wholeSeconds).toISOString().slice(0, 19)})`;
}

/** One-time schedules, deleted by the scheduler once they have run. */
export class EventBridgeReplyScheduler implements ReplyScheduler {
  constructor(
    private readonly client: SchedulerClient,
    private readonly options: EventBridgeSchedulerOptions,
  ) {}

  async schedule(reply: ScheduledReply): Promise<'scheduled' | 'exists'> {
    const name = scheduleNameOf(reply);
    try {
      await this.client.send(
        new CreateScheduleCommand({
          Name: name,
          GroupName: this.options.groupName,
          // The SDK retries with the same token: a retry after a lost answer is not a conflict.
          ClientToken: name,
          ScheduleExpression: atExpression(reply.sendAtMs),
          ScheduleExpressionTimezone: 'UTC',
          FlexibleTimeWindow: { Mode: 'OFF' },
          ActionAfterCompletion: 'DELETE',
          Target: {
            Arn: this.options.targetArn,
            RoleArn: this.options.roleArn,
            Input: JSON.stringify(reply),
            RetryPolicy: {
              MaximumEventAgeInSeconds: SCHEDULE_MAX_EVENT_AGE_SECONDS,
              MaximumRetryAttempts: SCHEDULE_MAX_RETRIES,
            },
            DeadLetterConfig: { Arn: this.options.deadLetterArn },
          },
        }),
      );
      return 'scheduled';
    } catch (error) {
      // A schedule of that name exists: this inbound message was scheduled by an earlier try.
      if (error instanceof Error && error.name === 'ConflictException') return 'exists';
      throw error;
    }
  }
}
