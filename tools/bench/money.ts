/**
 * Money per 1,000 inbound messages, per built-in scenario: the SMS spend is the simulator's own
 * (`npm run simulate`, at the config's prices); the AWS infrastructure is priced from the
 * DynamoDB calls counted while the simulator replayed it and from the handler's measured CPU and
 * log bytes, with the prices of lib/config/aws-prices.ts and the assumptions below.
 */
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { AWS_PRICES } from '../../lib/config/aws-prices';
import { formatCents, formatMicros } from '../../lib/config/money';
import { FUNCTION_MEMORY_MB } from '../../lib/config/stack-defaults';
import type { ConfigInput } from '../../lib/config';
import { COST_2017_MICROS_PER_SMS, simulate } from '../simulator/run';
import { SCENARIOS } from '../simulator/scenarios';

/**
 * Item reads and writes sent, with the request units the emulator reports: DynamoDB bills a
 * write by the size of the item it changes, 1 unit per KB.
 */
type CommandCounts = Readonly<Record<'calls' | 'writeUnits' | 'readUnits', number>>;

const [WRITE, READ] = [/^(Put|Update|Delete)Item$/, /^(Get|BatchGet)Item$|^Query$|^Scan$/];

type Capacity = { CapacityUnits?: number };
/** Units of one response (a batch answers with one entry per table). */
const unitsOf = (consumed: Capacity | Capacity[] | undefined): number =>
  [consumed ?? []].flat().reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);

/**
 * Runs `create` while every `DynamoDBDocumentClient.from` gets a counting middleware: the calls
 * of the clients the simulator builds out of reach are measured, not assumed.
 */
async function countClientsCreatedDuring<T>(create: () => T | Promise<T>) {
  const counts = { calls: 0, writeUnits: 0, readUnits: 0 };
  const original = Object.getOwnPropertyDescriptor(DynamoDBDocumentClient, 'from');
  if (!original) throw new Error('DynamoDBDocumentClient.from not found: the SDK changed');
  const from = DynamoDBDocumentClient.from.bind(DynamoDBDocumentClient);
  const counting: typeof DynamoDBDocumentClient.from = (client, translateConfig) => {
    const documentClient = from(client, translateConfig);
    documentClient.middlewareStack.add(
      (next, context) => async (args) => {
        const command = (context.commandName ?? '').replace(/Command$/, '');
        const write = WRITE.test(command);
        if (!write && !READ.test(command)) return next(args);
        (args.input as { ReturnConsumedCapacity?: string }).ReturnConsumedCapacity ??= 'TOTAL';
        const result = await next(args);
        const units = unitsOf((result.output as { ConsumedCapacity?: Capacity }).ConsumedCapacity);
        counts.calls += 1;
        counts[write ? 'writeUnits' : 'readUnits'] += units;
        return result;
      },
      { step: 'initialize', name: 'antirelouBenchCounter', override: true },
    );
    return documentClient;
  };
  Object.defineProperty(DynamoDBDocumentClient, 'from', { ...original, value: counting });
  try {
    const result = await create();
    return { result, counts: (): CommandCounts => ({ ...counts }) };
  } finally {
    Object.defineProperty(DynamoDBDocumentClient, 'from', original);
  }
}

/** What a local run cannot measure about Lambda, stated and printed with the figures. */
export const ASSUMPTIONS = {
  /** Both functions' memory, as the stack sets it. */
  memoryMb: FUNCTION_MEMORY_MB,
  /** One full vCPU at 1,769 MB (Lambda's configuration-memory guide): CPU here is scaled by it. */
  fullVcpuMemoryMb: 1769,
  /** An in-region DynamoDB request as the SDK sees it. */
  dynamoRoundTripMs: 5,
  /** Sending one SMS (or creating one schedule) as the SDK sees it. */
  sendMs: 30,
  /** Lambda's own START, END and REPORT lines per invocation, bytes, and their count. */
  platformLogBytes: 420,
  platformLogEvents: 3,
  /** CloudWatch bills 26 bytes more per log event. */
  logEventOverheadBytes: 26,
} as const;

/** What the handler bench measured, per message. */
export type MeasuredHandler = Readonly<Record<'cpuMs' | 'replyLogBytes' | 'dropLogBytes', number>>;

/** USD by line, and their total. */
export type InfraUsd = Record<
  'lambda' | 'dynamodb' | 'sns' | 'scheduler' | 'logs' | 'total',
  number
>;

type Run = Readonly<Record<'inbound' | 'replies' | 'scheduled', number> & { ddb: CommandCounts }>;

/** What a run's invocations cost in AWS infrastructure (USD, us-east-1, no free tier). */
export function infraUsd(measured: MeasuredHandler, run: Run): InfraUsd {
  const [p, a] = [AWS_PRICES, ASSUMPTIONS];
  // The dispatcher runs once per delayed reply; both functions are priced alike.
  const invocations = run.inbound + run.scheduled;
  if (invocations === 0) return { lambda: 0, dynamodb: 0, sns: 0, scheduler: 0, logs: 0, total: 0 };
  const billedMs = Math.ceil(
    measured.cpuMs * (a.fullVcpuMemoryMb / a.memoryMb) +
      (run.ddb.calls / invocations) * a.dynamoRoundTripMs +
      ((run.replies + run.scheduled) / invocations) * a.sendMs,
  );
  const gbSeconds = invocations * (billedMs / 1000) * (a.memoryMb / 1024);
  const logBytes =
    run.replies * measured.replyLogBytes +
    (run.inbound - run.replies) * measured.dropLogBytes +
    invocations * (a.platformLogBytes + a.platformLogEvents * a.logEventOverheadBytes);
  const lines = {
    lambda: invocations * p.lambdaRequest.usd + gbSeconds * p.lambdaArmGbSecond.usd,
    dynamodb: run.ddb.writeUnits * p.dynamoWrite.usd + run.ddb.readUnits * p.dynamoRead.usd,
    sns: run.inbound * p.snsPublish.usd,
    scheduler: run.scheduled * p.schedulerInvocation.usd,
    logs: (logBytes / 1024 ** 3) * p.logsIngestedGb.usd,
  };
  return { ...lines, total: Object.values(lines).reduce((x, y) => x + y, 0) };
}

export type ScenarioMoney = Awaited<ReturnType<typeof scenarioMoney>>;

/** Replays one built-in scenario with every DynamoDB command counted. */
export async function scenarioMoney(
  name: string,
  options: { scale: number; seed: number; config: ConfigInput; measured: MeasuredHandler },
) {
  const make = SCENARIOS[name];
  if (!make) throw new Error(`no scenario ${name}`);
  const scenario = make({ seed: options.seed, scale: options.scale });
  const { result, counts } = await countClientsCreatedDuring(() =>
    simulate({ events: scenario.events, config: options.config, startMs: scenario.startMs }),
  );
  const { summary: s } = result;
  if (s.errors > 0) throw new Error(`${name}: ${s.errors} handler errors`);
  const ddb = counts();
  const run = { inbound: s.inbound, replies: s.replies, scheduled: s.scheduled_replies, ddb };
  const per = s.inbound > 0 ? 1000 / s.inbound : 0;
  const infra = Object.entries(infraUsd(options.measured, run));
  return {
    scenario: name,
    scale: options.scale,
    inbound: s.inbound,
    replies: s.replies,
    currency: s.currency,
    spentMicros: s.spent_micros,
    ddbCallsPerInbound: s.inbound > 0 ? ddb.calls / s.inbound : 0,
    /** Per 1,000 inbound messages; 2017: what the 2017 service paid (EUR 0.16 each). */
    per1000: {
      // To the cent: a per-1,000 figure has no more precision than that.
      sms: formatCents(s.spent_micros * per, s.currency),
      infraUsd: Object.fromEntries(infra.map(([line, usd]) => [line, usd * per])) as InfraUsd,
      cost2017: formatMicros(1000 * COST_2017_MICROS_PER_SMS, 'EUR'),
    },
  };
}

/**
 * One rejected raid message (a repeat, or a new number over budget: one write; abuse: two), its
 * writes on small items (the sender's, the evidence): one unit each.
 */
export function rejectedMessageUsd(measured: MeasuredHandler, writes: number): number {
  const ddb = { calls: writes, writeUnits: writes, readUnits: 0 };
  return infraUsd(measured, { inbound: 1, replies: 0, scheduled: 0, ddb }).total;
}
