/**
 * The real responder wired to a real DynamoDB API (an emulator on loopback), with SNS mocked by
 * aws-sdk-client-mock and a clock the test moves.
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoResponderStore } from '../../lambda/adapters/dynamo-store';
import { EvidenceStore } from '../../lambda/adapters/evidence-store';
import { assessBody } from '../../lambda/domain/abuse/matcher';
import { SnsSmsSender } from '../../lambda/adapters/sns-sender';
import type { Outcome, ResponderSettings } from '../../lambda/domain/types';
import type { Responder } from '../../lambda/responder';
import { createResponder } from '../../lambda/responder';
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
  flush(): void {}
}

export interface Harness {
  readonly tableName: string;
  readonly client: DynamoDBDocumentClient;
  readonly store: DynamoResponderStore;
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
}

export async function createHarness(
  endpoint: string,
  settings: ResponderSettings,
  startMs = Date.UTC(2026, 10, 23, 9, 0, 0),
): Promise<Harness> {
  const tableName = await createTable(endpoint);
  const client = documentClient(endpoint);
  const calls = countCommands(client);
  const store = new DynamoResponderStore(client, tableName);
  const evidence = new EvidenceStore(client, tableName);
  const snsClient = new SNSClient({ region: 'eu-west-3' });
  const sns = mockClient(snsClient);
  let seq = 0;
  sns.on(PublishCommand).callsFake(async () => ({ MessageId: `msg-${(seq += 1)}` }));
  const telemetry = new RecordingTelemetry();
  const senderKey = senderKeyFunction(TEST_SECRET);
  const harness: Harness = {
    tableName,
    client,
    store,
    evidence,
    sns,
    telemetry,
    calls,
    senderKey,
    now: startMs,
    newResponder: () =>
      createResponder({
        settings,
        store,
        sender: new SnsSmsSender(snsClient, {
          originationNumber: settings.originationNumber,
          maxPriceUsd: settings.maxPriceUsd,
        }),
        senderKey,
        telemetry,
        clock: () => harness.now,
        evidence,
        assessBody,
      }),
    handler: undefined as unknown as Responder,
    sentTo: () =>
      sns.commandCalls(PublishCommand).map((call) => call.args[0].input.PhoneNumber ?? ''),
  };
  (harness as { handler: Responder }).handler = harness.newResponder();
  return harness;
}
