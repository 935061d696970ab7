/**
 * A host of simulated Lambda containers: the real responder, each container with its own clock
 * and its own SMS sink, on a DynamoDB endpoint. With `settings.receipts`, replies are tagged as
 * in AWS, and (with `billing`) each SMS sent gets its receipts, which the real receipts function
 * handles in containers of its own (`receive`).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { SNSEventRecord } from 'aws-lambda';
import { randomBytes } from 'node:crypto';
import { composeDispatcher, composeResponder } from '../../lambda/compose';
import { composeReceipts } from '../../lambda/compose/receipts';
import type { Outcome } from '../../lambda/domain/types';
import type { Dispatcher } from '../../lambda/dispatcher';
import type { ScheduledReply, SendOutcome } from '../../lambda/domain/scheduled-reply';
import type { Items } from '../../lambda/items';
import { tableItems } from '../../lambda/items';
import type { ReceiptTag } from '../../lambda/receipt-tag';
import { ReceiptTagger } from '../../lambda/receipt-tag';
import type { ReceiptOutcome, ReceiptsHandler } from '../../lambda/receipts';
import type { Responder } from '../../lambda/responder';
import type { Telemetry } from '../../lambda/telemetry';
import type { SendTelemetry } from '../../lambda/dispatcher';
import type { ConfigInput } from '../../lib/config';
import { parseConfig, toResponderSettings } from '../../lib/config';
import { LOCAL_CREDENTIALS, LOCAL_REGION } from './emulator';
import type { SentSms } from './sms-sink';
import { Random } from '../simulator/random';
import type { BillingOptions, PlannedReceipt } from './receipt-events';
import { LocalReceipts } from './receipt-events';
import { LocalReplyScheduler } from './scheduler';
import { LocalSmsSink } from './sms-sink';

/** Everything a host needs, as plain data (it crosses to worker threads). */
export interface HostDescriptor {
  readonly endpoint: string;
  readonly tableName: string;
  readonly senderKeySecret: string;
  readonly config: ConfigInput;
  readonly containers: number;
  /** Seed of the random safety delays (`replyDelay` ranges), so a replay can be repeated. */
  readonly seed?: number;
  /** With `settings.receipts`: each SMS sent gets its receipts, billed so (`receipts`). */
  readonly billing?: BillingOptions;
}

/** What the receipts function did with one receipt. */
export interface Received {
  /** `undefined` when it threw (SNS would retry it). */
  readonly outcome: ReceiptOutcome | undefined;
  readonly error?: string;
}

/** A receipts container: the real receipts function, with its clock. */
interface ReceiptsContainer {
  readonly handler: ReceiptsHandler;
  nowMs: number;
}

/** What the dispatcher did with one scheduled reply. */
export interface Delivered {
  /** `undefined` when it threw (Lambda would retry it). */
  readonly outcome: SendOutcome | undefined;
  readonly error?: string;
  readonly sent: SentSms[];
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
export const silentTelemetry: Telemetry & SendTelemetry = {
  inbound: () => undefined,
  outcome: () => undefined,
  budgetUsed: () => undefined,
  error: () => undefined,
  raid: () => undefined,
  raidActive: () => undefined,
  flagged: () => undefined,
  sendOutcome: () => undefined,
  flush: () => undefined,
};

/** A telemetry per container, given that container's clock (the simulator's metrics). */
export type TelemetryFactory = (clock: () => number) => Telemetry & SendTelemetry;

interface Container {
  readonly responder: Responder;
  /** The dispatcher (safety delay), in the same simulated container. */
  readonly dispatcher: Dispatcher;
  readonly sink: LocalSmsSink;
  nowMs: number;
}

export class ContainerHost {
  private readonly client: DynamoDBClient;
  private readonly containers: Container[];
  /** The replies waiting for their safety delay, shared by the containers as in AWS. */
  readonly scheduler = new LocalReplyScheduler();
  /** The receipts of the SMS sent, due in simulated time (with `billing` and receipts on). */
  readonly receipts: LocalReceipts | undefined;
  private readonly tagger: ReceiptTagger | undefined;
  /** Idle receipts containers; a receipt finding none starts one, as Lambda scales out. */
  private readonly idleReceipts: ReceiptsContainer[] = [];
  private readonly newReceiptsContainer: (() => ReceiptsContainer) | undefined;

  constructor(
    descriptor: HostDescriptor,
    telemetries: (Telemetry & SendTelemetry) | TelemetryFactory = silentTelemetry,
  ) {
    const settings = toResponderSettings(parseConfig(descriptor.config, 'local config'));
    this.client = new DynamoDBClient({
      endpoint: descriptor.endpoint,
      region: LOCAL_REGION,
      credentials: LOCAL_CREDENTIALS,
      maxAttempts: 2,
    });
    const documentClient = DynamoDBDocumentClient.from(this.client);
    const shared = {
      settings,
      dynamo: documentClient,
      tableName: descriptor.tableName,
      items: tableItems(documentClient, descriptor.tableName),
      secret: descriptor.senderKeySecret,
      scheduler: this.scheduler,
    };
    const delays = new Random(descriptor.seed ?? 1);
    const random = (): number => delays.float();
    // As the composition root does: tagged with the deployment's secret (to read the tags back).
    const tagger =
      settings.receipts === undefined ? undefined : new ReceiptTagger(descriptor.senderKeySecret);
    this.tagger = tagger;
    const receipts =
      settings.receipts === undefined || descriptor.billing === undefined
        ? undefined
        : new LocalReceipts(settings.receipts.perUsd, descriptor.seed ?? 1, descriptor.billing);
    this.receipts = receipts;
    this.newReceiptsContainer =
      tagger === undefined || receipts === undefined
        ? undefined
        : () => receiptsContainer({ ...shared, telemetry: SILENT_RECEIPTS });
    // Message ids unique to the run: a replay on a kept `--state` is not the last run's receipts.
    const runId = randomBytes(6).toString('base64url');
    this.containers = Array.from({ length: descriptor.containers }, (_, index) => {
      const sink = new LocalSmsSink(settings, {
        idPrefix: `local-${runId}-${index}`,
        onSent: (sent) => planReceipts(receipts, sent),
      });
      const container: {
        responder?: Responder;
        dispatcher?: Dispatcher;
        sink: LocalSmsSink;
        nowMs: number;
      } = { sink, nowMs: 0 };
      const telemetry =
        typeof telemetries === 'function' ? telemetries(() => container.nowMs) : telemetries;
      container.dispatcher = composeDispatcher({
        ...shared,
        gateway: sink.gatewayFor(() => container.nowMs),
        telemetry,
        clock: () => container.nowMs,
      });
      container.responder = composeResponder({
        ...shared,
        gateway: sink.gatewayFor(() => container.nowMs),
        telemetry,
        clock: () => container.nowMs,
        random,
      });
      return container as Container;
    });
  }

  /** Delivers one SNS record to one container, at a simulated time. */
  async handle(container: number, record: SNSEventRecord, nowMs: number): Promise<Handled> {
    return this.invoke(container, nowMs, async (target) => {
      return (await target.responder({ Records: [record] })).outcomes[0];
    });
  }

  /** Runs the dispatcher on one scheduled reply, in one container, at a simulated time. */
  async deliver(container: number, reply: ScheduledReply, nowMs: number): Promise<Delivered> {
    const delivered = await this.invoke(container, nowMs, (target) => target.dispatcher(reply));
    // Spend belongs to the budget period it was reserved in, not the one it went out in.
    // A waiting reply's money is reserved when it is served (now); any other's when decided.
    const reservedAtMs = reply.waitUntilMs === undefined ? reply.decidedAtMs : nowMs;
    const sent = delivered.sent.map((sms) => ({ ...sms, reservedAtMs }));
    return { ...delivered, sent };
  }

  /** One invocation in one container at a simulated time: its outcome or error, and its SMS. */
  private async invoke<T>(
    container: number,
    nowMs: number,
    run: (target: Container) => Promise<T | undefined>,
  ): Promise<{ outcome: T | undefined; error?: string; sent: SentSms[] }> {
    const target = this.containers[container];
    if (!target) throw new Error(`no container ${container}`);
    target.nowMs = nowMs;
    const before = target.sink.sent.length;
    let outcome: T | undefined;
    let error: string | undefined;
    try {
      outcome = await run(target);
    } catch (caught) {
      error = caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught);
    }
    const sent = target.sink.sent.splice(before);
    return error === undefined ? { outcome, sent } : { outcome, error, sent };
  }

  /** Hands one receipt to the receipts function, in an idle receipts container, at its time. */
  async receive(receipt: PlannedReceipt): Promise<Received> {
    if (this.newReceiptsContainer === undefined) throw new Error('receipts are off');
    const container = this.idleReceipts.pop() ?? this.newReceiptsContainer();
    container.nowMs = receipt.atMs;
    try {
      const record = { Sns: { Message: receipt.message } };
      return { outcome: (await container.handler({ Records: [record] })).outcomes[0] };
    } catch (caught) {
      const error = caught instanceof Error ? `${caught.name}: ${caught.message}` : String(caught);
      return { outcome: undefined, error };
    } finally {
      this.idleReceipts.push(container);
    }
  }

  /** What a reply's receipt tag says (its reservation's hour and estimate). */
  openTag(tag: string | undefined): ReceiptTag | undefined {
    return this.tagger?.open(tag);
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

/** The receipts of one SMS sent, when it is tagged and its country has a price. */
function planReceipts(receipts: LocalReceipts | undefined, sent: SentSms): void {
  if (receipts === undefined || sent.tag === undefined || sent.segments === 0) return;
  // The sink's cost is the configured price: what AWS's price list says, before any factor.
  receipts.plan({ ...sent, tag: sent.tag, segmentPriceMicros: sent.costMicros / sent.segments });
}

/** The receipts function's telemetry in local mode: the replay counts outcomes itself. */
const SILENT_RECEIPTS = {
  receipt: () => undefined,
  error: () => undefined,
  flush: () => undefined,
};

/** A simulated receipts container, built by the composition root. */
function receiptsContainer(
  parts: Omit<Parameters<typeof composeReceipts>[0], 'clock'> & { items: Items },
): ReceiptsContainer {
  const container: { handler?: ReceiptsHandler; nowMs: number } = { nowMs: 0 };
  container.handler = composeReceipts({ ...parts, clock: () => container.nowMs });
  return container as ReceiptsContainer;
}
