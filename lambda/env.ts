/**
 * The names of the environment variables the stack sets and the Lambda handlers read: one list,
 * imported by the constructs (`lib/constructs/responder.ts`, `dispatcher.ts`) that set them,
 * the handlers (`handler.ts`, `dispatch-handler.ts`, through `aws-wiring.ts`) that read them, and
 * the admin CLI that reads the deployed responder's settings. No other import: the handlers'
 * bundles take it as it is.
 */

/** Variables both functions read. */
const Shared = {
  /** The resolved settings (`lib/config`), as JSON. */
  Settings: 'ANTIRELOU_SETTINGS',
  /** The DynamoDB table. */
  TableName: 'TABLE_NAME',
  /**
   * The Secrets Manager secret holding the HMAC key of phone numbers, from which the seal of
   * scheduled replies is derived too (only its ARN is in the environment).
   */
  SenderKeySecretArn: 'SENDER_KEY_SECRET_ARN',
} as const;

/** Environment variable names read by `lambda/handler.ts` (the responder). */
export const ResponderEnvironment = {
  ...Shared,
  /** With a safety delay only: the schedule group replies are scheduled in. */
  ReplyScheduleGroup: 'REPLY_SCHEDULE_GROUP',
  /** With a safety delay only: the execution role the scheduler assumes. */
  ReplySchedulerRoleArn: 'REPLY_SCHEDULER_ROLE_ARN',
  /** With a safety delay only: the dispatcher, the schedules' target. */
  DispatcherArn: 'DISPATCHER_ARN',
  /** With a safety delay only: the schedules' dead-letter queue. */
  ReplyScheduleDeadLetterQueueArn: 'REPLY_SCHEDULE_DLQ_ARN',
} as const;

/** Environment variable names read by `lambda/dispatch-handler.ts` (the dispatcher). */
export const DispatcherEnvironment = {
  ...Shared,
  /** The waiting list only: where a waiting reply without money yet is scheduled again. */
  ReplyScheduleGroup: 'REPLY_SCHEDULE_GROUP',
  ReplySchedulerRoleArn: 'REPLY_SCHEDULER_ROLE_ARN',
  ReplyScheduleDeadLetterQueueArn: 'REPLY_SCHEDULE_DLQ_ARN',
} as const;

/** Environment variable names read by `lambda/receipts-handler.ts` (the receipts function). */
export const ReceiptsEnvironment = { ...Shared } as const;

/** The name of one of the variables above. */
export type EnvironmentName = (typeof ResponderEnvironment)[keyof typeof ResponderEnvironment];
