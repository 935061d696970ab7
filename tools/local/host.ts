/**
 * A host of simulated Lambda containers: the real responder, each container with its own clock
 * and its own SMS sink, on a DynamoDB endpoint. A host runs in the main thread or in a worker
 * thread (`host-worker.ts`), so that a replay can use every core.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SNSEventRecord } from 'aws-lambda';
import { DynamoResponderStore } from '../../lambda/adapters/dynamo-store';
import { EvidenceStore } from '../../lambda/adapters/evidence-store';
import { assessBody } from '../../lambda/domain/abuse/matcher';
import type { Outcome } from '../../lambda/domain/types';
import type { Responder } from '../../lambda/responder';
import { createResponder } from '../../lambda/responder';
import { senderKeyFunction } from '../../lambda/sender-key';
import type { Telemetry } from '../../lambda/telemetry';
import type { ConfigInput } from '../../lib/config';
import { parseConfig, toResponderSettings } from '../../lib/config';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './emulator';
import type { SentSms } from './sms-sink';
import { LocalSmsSink } from './sms-sink';

/** Everything a host needs, as plain data (it crosses to worker threads). */
export interface HostDescriptor {
  readonly endpoint: string;
  readonly tableName: string;
  readonly senderKeySecret: string;
  readonly config: ConfigInput;
  readonly containers: number;
}

/** What one invocation did. */
export interface Handled {
  /** `undefined` when the handler threw (it would be retried by Lambda). */
  readonly outcome: Outcome | undefined;
  readonly error?: string;
  /** The SMS the invocation sent. */
  readonly sent: SentSms[];
}

/** A telemetry that says nothing (the simulator reports from outcomes instead). */
export const silentTelemetry: Telemetry = {
  inbound: () => undefined,
  outcome: () => undefined,
  budgetUsed: () => undefined,
  error: () => undefined,
  raid: () => undefined,
  raidActive: () => undefined,
  flagged: () => undefined,
  flush: () => undefined,
};

interface Container {
  readonly responder: Responder;
  readonly sink: LocalSmsSink;
  nowMs: number;
}

export class ContainerHost {
  private readonly client: DynamoDBClient;
  private readonly containers: Container[];

  constructor(descriptor: HostDescriptor, telemetry: Telemetry = silentTelemetry) {
    const settings = toResponderSettings(parseConfig(descriptor.config, 'local config'));
    this.client = new DynamoDBClient({
      endpoint: descriptor.endpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
      maxAttempts: 2,
    });
    const documentClient = DynamoDBDocumentClient.from(this.client);
    const store = new DynamoResponderStore(documentClient, descriptor.tableName);
    const evidence = new EvidenceStore(documentClient, descriptor.tableName);
    const senderKey = senderKeyFunction(descriptor.senderKeySecret);
    this.containers = Array.from({ length: descriptor.containers }, () => {
      const sink = new LocalSmsSink(settings);
      const container: { responder?: Responder; sink: LocalSmsSink; nowMs: number } = {
        sink,
        nowMs: 0,
      };
      container.responder = createResponder({
        settings,
        store,
        sender: sink.senderFor(() => container.nowMs),
        senderKey,
        telemetry,
        clock: () => container.nowMs,
        evidence,
        assessBody,
      });
      return container as Container;
    });
  }

  /** Delivers one SNS record to one container, at a simulated time. */
  async handle(container: number, record: SNSEventRecord, nowMs: number): Promise<Handled> {
    const target = this.containers[container];
    if (!target) throw new Error(`no container ${container}`);
    target.nowMs = nowMs;
    const before = target.sink.sent.length;
    let outcome: Outcome | undefined;
    let error: string | undefined;
    try {
      outcome = (await target.responder({ Records: [record] })).outcomes[0];
    } catch (caught) {
      error = caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught);
    }
    const sent = target.sink.sent.splice(before);
    return error === undefined ? { outcome, sent } : { outcome, error, sent };
  }

  /** Makes the next sends of a container fail (rehearsing a refused destination). */
  failNextSends(container: number, count: number): void {
    const target = this.containers[container];
    if (target) target.sink.failNext = count;
  }

  stop(): void {
    this.client.destroy();
  }
}
