/**
 * The real responder wired to a real DynamoDB API (an emulator on loopback), with SNS mocked by
 * aws-sdk-client-mock and a clock the test moves.
 */
import {
  ConflictException,
  CreateScheduleCommand,
  SchedulerClient,
} from '@aws-sdk/client-scheduler';
import type { CreateScheduleCommandInput } from '@aws-sdk/client-scheduler';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { EvidenceStore } from '../../lambda/adapters/evidence-store';
import { SnsSmsGateway } from '../../lambda/adapters/sns-gateway';
import { EventBridgeReplyScheduler } from '../../lambda/adapters/reply-scheduler';
import { composeDispatcher, composeResponder } from '../../lambda/compose';
import type { Dispatcher } from '../../lambda/dispatcher';
import type { ScheduledReply, SendOutcome } from '../../lambda/domain/scheduled-reply';
import type { Outcome, ResponderSettings } from '../../lambda/domain/types';
import type { Items } from '../../lambda/items';
import { tableItems } from '../../lambda/items';
import type { Responder } from '../../lambda/responder';
import { senderKeyFunction } from '../../lambda/sender-key';
import type { RecordContext, Telemetry } from '../../lambda/telemetry';
import { countCommands, createTable, documentClient } from './dynamo';

export const TEST_SECRET = 'test-secret-for-sender-hmac-0123456789';

/** Telemetry that keeps what it is told, for assertions. */
export class RecordingTelemetry implements Telemetry {
  inboundCount = 0;
  readonly outcomes: Outcome[] = [];
  readonly contexts: RecordContext[] = [];
  readonly errors: { message: string; error: unknown }[] = [];
  inbound(): void {
    this.inboundCount += 1;
  }
  outcome(outcome: Outcome, context: RecordContext): void {
    this.outcomes.push(outcome);
    this.contexts.push(context);
  }
  budgetUsed(): void {}
  error(message: string, error: unknown): void {
    this.errors.push({ message, error });
  }
  readonly raidChanges: string[] = [];
  raid(change: 'entered' | 'left'): void {
    this.raidChanges.push(change);
  }
  raidActive(): void {}
  readonly flaggedReasons: string[] = [];
  flagged(reason: string): void {
    this.flaggedReasons.push(reason);
  }
  readonly sendOutcomes: SendOutcome[] = [];
  sendOutcome(outcome: SendOutcome): void {
    this.sendOutcomes.push(outcome);
  }
  flush(): void {}
}

/** Where the test schedules go (what the stack would set). */
export const TEST_SCHEDULE_TARGET = {
  groupName: 'antirelou-replies',
  targetArn: 'arn:aws:lambda:eu-west-3:123456789012:function:antirelou-dispatcher',
  roleArn: 'arn:aws:iam::123456789012:role/antirelou-scheduler',
  deadLetterArn: 'arn:aws:sqs:eu-west-3:123456789012:antirelou-schedule-dlq',
};

export interface Harness {
  readonly tableName: string;
  readonly client: DynamoDBDocumentClient;
  /** The table's items, as the functions use them. */
  readonly items: Items;
  readonly evidence: EvidenceStore;
  readonly sns: ReturnType<typeof mockClient>;
  readonly telemetry: RecordingTelemetry;
  readonly calls: ReturnType<typeof countCommands>;
  readonly senderKey: (e164: string) => string;
  /** A new responder (a new Lambda container) on the same table and mocks. */
  newResponder(): Responder;
  /** The default responder of this harness. */
  readonly handler: Responder;
  now: number;
  /** Numbers SNS was asked to send to, in order. */
  sentTo(): string[];
  /** EventBridge Scheduler, mocked: it keeps schedule names and refuses a second of a name. */
  readonly scheduler: ReturnType<typeof mockClient>;
  /** The CreateSchedule requests made, in order. */
  scheduleRequests(): CreateScheduleCommandInput[];
  /** A new dispatcher container (safety delay) on the same table and mocks. */
  newDispatcher(): Dispatcher;
  /** The default dispatcher container. */
  readonly dispatcher: Dispatcher;
  /**
   * What the scheduler does when time passes: invokes the dispatcher with every schedule
   * due by `now` that has not run yet (then deletes it), in time order.
   */
  fireDue(): Promise<SendOutcome[]>;
}

export async function createHarness(
  endpoint: string,
  settings: ResponderSettings,
  startMs = Date.UTC(2026, 10, 23, 9, 0, 0),
): Promise<Harness> {
  const tableName = await createTable(endpoint);
  const client = documentClient(endpoint);
  const calls = countCommands(client);
  const items = tableItems(client, tableName);
  const evidence = new EvidenceStore(client, tableName);
  const snsClient = new SNSClient({ region: 'eu-west-3' });
  const sns = mockClient(snsClient);
  let seq = 0;
  sns.on(PublishCommand).callsFake(async () => ({ MessageId: `msg-${(seq += 1)}` }));
  const schedulerClient = new SchedulerClient({ region: 'eu-west-3' });
  const scheduler = mockClient(schedulerClient);
  const scheduleNames = new Set<string>();
  scheduler.on(CreateScheduleCommand).callsFake(async (input: CreateScheduleCommandInput) => {
    if (scheduleNames.has(input.Name ?? '')) {
      throw new ConflictException({
        Message: 'schedule exists',
        message: 'schedule exists',
        $metadata: {},
      });
    }
    scheduleNames.add(input.Name ?? '');
    return { ScheduleArn: `arn:aws:scheduler:eu-west-3:123456789012:schedule/x/${input.Name}` };
  });
  const fired = new Set<string>();
  const telemetry = new RecordingTelemetry();
  const senderKey = senderKeyFunction(TEST_SECRET);
  const parts = {
    settings,
    dynamo: client,
    tableName,
    items,
    gateway: new SnsSmsGateway(snsClient, {
      originationNumber: settings.originationNumber,
      maxPriceUsd: settings.maxPriceUsd,
    }),
    secret: TEST_SECRET,
    clock: () => harness.now,
    scheduler: new EventBridgeReplyScheduler(schedulerClient, TEST_SCHEDULE_TARGET),
    telemetry,
  };
  const harness: Harness = {
    tableName,
    client,
    items,
    evidence,
    sns,
    telemetry,
    calls,
    senderKey,
    now: startMs,
    newResponder: () => composeResponder(parts),
    handler: undefined as unknown as Responder,
    sentTo: () =>
      sns.commandCalls(PublishCommand).map((call) => call.args[0].input.PhoneNumber ?? ''),
    scheduler,
    scheduleRequests: () =>
      scheduler.commandCalls(CreateScheduleCommand).map((call) => call.args[0].input),
    newDispatcher: () => composeDispatcher(parts),
    dispatcher: undefined as unknown as Dispatcher,
    fireDue: async () => {
      const due = harness
        .scheduleRequests()
        .filter((request) => !fired.has(request.Name ?? ''))
        .map((request) => ({
          name: request.Name ?? '',
          reply: JSON.parse(request.Target?.Input ?? '{}') as ScheduledReply,
        }))
        .filter(({ reply }) => reply.sendAtMs <= harness.now)
        .sort((a, b) => a.reply.sendAtMs - b.reply.sendAtMs);
      const outcomes: SendOutcome[] = [];
      for (const { name, reply } of due) {
        fired.add(name);
        scheduleNames.delete(name); // ActionAfterCompletion DELETE
        outcomes.push(await harness.dispatcher(reply));
      }
      return outcomes;
    },
  };
  (harness as { handler: Responder }).handler = harness.newResponder();
  (harness as { dispatcher: Dispatcher }).dispatcher = harness.newDispatcher();
  return harness;
}
