/**
 * The real responder on the benchmark's emulator, wired as `lambda/handler.ts` wires it but with
 * SNS mocked (aws-sdk-client-mock), a clock the benchmark sets, and SDK middleware counting
 * every DynamoDB command. A `Lab` is one table; each `container()` is one Lambda container.
 */
import { randomUUID } from 'node:crypto';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SNSEventRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoResponderStore } from '../../lambda/adapters/dynamo-store';
import { EvidenceStore } from '../../lambda/adapters/evidence-store';
import { SnsSmsSender } from '../../lambda/adapters/sns-sender';
import { CONTROL_KEY } from '../../lambda/adapters/table-keys';
import { assessBody } from '../../lambda/domain/abuse/matcher';
import type { Outcome, ResponderSettings } from '../../lambda/domain/types';
import type { Responder } from '../../lambda/responder';
import { createResponder } from '../../lambda/responder';
import { senderKeyFunction } from '../../lambda/sender-key';
import type { Telemetry } from '../../lambda/telemetry';
import type { ConfigInput } from '../../lib/config';
import { parseConfig, toResponderSettings } from '../../lib/config';
import { silentTelemetry } from '../local/host';
import type { CommandCounter, CommandCounts } from './counter';
import { countCommands } from './counter';
import type { BenchEmulator } from './emulator';
import { benchClient } from './emulator';

export const BENCH_TOPIC_ARN = 'arn:aws:sns:eu-west-3:123456789012:antirelou-inbound';
/** Only the benchmark's tables are keyed with it. */
const BENCH_SECRET = 'bench-only-hmac-secret-0123456789abcdef';

/**
 * The responder's settings for a config, with the inbound topic the benchmark's events carry.
 * The responder is measured sending at once: with the safety delay it makes the same calls,
 * CreateSchedule in place of Publish, and the sender function's calls are counted on their own.
 */
export function benchSettings(config: ConfigInput): ResponderSettings {
  return toResponderSettings(
    parseConfig({ ...config, replyDelay: 0 }, 'bench config'),
    BENCH_TOPIC_ARN,
  );
}

/** One inbound SMS as the SMS service publishes it, in the SNS record Lambda receives. */
export interface Sms {
  readonly from: string;
  readonly body: string;
  readonly id?: string;
  /** The exact SNS message instead (malformed input). */
  readonly raw?: string;
}

export function smsRecord(sms: Sms, ourNumber: string): SNSEventRecord {
  const message =
    sms.raw ??
    JSON.stringify({
      originationNumber: sms.from,
      destinationNumber: ourNumber,
      messageKeyword: '',
      messageBody: sms.body,
      inboundMessageId: sms.id ?? randomUUID(),
      previousPublishedMessageId: randomUUID(),
    });
  return {
    EventSource: 'aws:sns',
    EventVersion: '1.0',
    EventSubscriptionArn: `${BENCH_TOPIC_ARN}:bench`,
    Sns: {
      Type: 'Notification',
      MessageId: randomUUID(),
      TopicArn: BENCH_TOPIC_ARN,
      Subject: '',
      Message: message,
      Timestamp: new Date(0).toISOString(),
      SignatureVersion: '1',
      Signature: '',
      SigningCertUrl: '',
      UnsubscribeUrl: '',
      MessageAttributes: {},
    },
  };
}

/** The `i`-th of a series of distinct French mobile numbers (`+3361…`, `+3362…`). */
export function mobile(i: number, series = 1): string {
  return `+336${series}${String(i).padStart(7, '0')}`;
}

export interface Handled {
  readonly outcome: Outcome | undefined;
  readonly counts: CommandCounts;
}

export class Lab {
  readonly client: DynamoDBDocumentClient;
  readonly counter: CommandCounter;
  readonly sns: ReturnType<typeof mockClient>;
  private readonly snsClient = new SNSClient({ region: 'eu-west-3' });
  private readonly store: DynamoResponderStore;
  private readonly evidence: EvidenceStore;
  private readonly senderKey = senderKeyFunction(BENCH_SECRET);
  /** The time every container of this lab reads (epoch ms). */
  now: number;

  private constructor(
    readonly settings: ResponderSettings,
    readonly tableName: string,
    endpoint: string,
    startMs: number,
  ) {
    this.client = benchClient(endpoint);
    this.counter = countCommands(this.client);
    this.store = new DynamoResponderStore(this.client, tableName);
    this.evidence = new EvidenceStore(this.client, tableName);
    this.sns = mockClient(this.snsClient);
    let seq = 0;
    this.sns.on(PublishCommand).callsFake(async () => ({ MessageId: `bench-${(seq += 1)}` }));
    this.now = startMs;
  }

  /** A lab on a fresh table of the emulator. */
  static async open(
    emulator: BenchEmulator,
    settings: ResponderSettings,
    startMs: number,
  ): Promise<Lab> {
    return new Lab(settings, await emulator.createTable(), emulator.endpoint, startMs);
  }

  /** A new Lambda container: empty caches, the real responder. */
  container(options: { telemetry?: Telemetry; clock?: () => number } = {}): Responder {
    return createResponder({
      settings: this.settings,
      store: this.store,
      evidence: this.evidence,
      assessBody,
      sender: new SnsSmsSender(this.snsClient, {
        originationNumber: this.settings.originationNumber,
        maxPriceUsd: this.settings.maxPriceUsd,
      }),
      senderKey: this.senderKey,
      telemetry: options.telemetry ?? silentTelemetry,
      clock: options.clock ?? (() => this.now),
    });
  }

  record(sms: Sms): SNSEventRecord {
    return smsRecord(sms, this.settings.originationNumber);
  }

  /** Delivers one record to a container and counts the commands it sent. */
  async deliver(container: Responder, record: SNSEventRecord): Promise<Handled> {
    this.counter.reset();
    const result = await container({ Records: [record] });
    return { outcome: result.outcomes[0], counts: this.counter.snapshot() };
  }

  /** Writes the control item as the maintainers' CLI would (not counted). */
  async setControl(control: Record<string, unknown>): Promise<void> {
    await this.client.send(
      new PutCommand({ TableName: this.tableName, Item: { ...CONTROL_KEY, ...control } }),
    );
    this.counter.reset();
  }

  /** SMS publishes SNS was asked for. */
  publishes(): number {
    return this.sns.commandCalls(PublishCommand).length;
  }

  close(): void {
    this.sns.restore();
    this.client.destroy();
    this.snsClient.destroy();
  }
}
