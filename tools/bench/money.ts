/**
 * Money per 1,000 inbound messages, per built-in scenario: the SMS spend is the simulator's own
 * (`npm run simulate`, at the config's prices); the AWS infrastructure is priced from what was
 * measured while the simulator replayed it (DynamoDB calls counted) and from the handler's
 * measured CPU and log bytes, with the prices of lib/config/aws-prices.ts and the assumptions
 * below.
 */
import { AWS_PRICES } from '../../lib/config/aws-prices';
import { formatCents, formatMicros } from '../../lib/config/money';
import { FUNCTION_MEMORY_MB } from '../../lib/config/stack-defaults';
import type { ConfigInput } from '../../lib/config';
import { COST_2017_MICROS_PER_SMS, simulate } from '../simulator/run';
import { SCENARIOS } from '../simulator/scenarios';
import type { CommandCounts } from './counter';
import { countClientsCreatedDuring } from './counter';

/** The per-request prices used (USD, us-east-1, free tiers ignored), printed with the figures. */
export const REQUEST_PRICES = {
  lambdaRequest: AWS_PRICES.lambdaRequest,
  lambdaArmGbSecond: AWS_PRICES.lambdaArmGbSecond,
  dynamoWrite: AWS_PRICES.dynamoWrite,
  dynamoRead: AWS_PRICES.dynamoRead,
  snsPublish: AWS_PRICES.snsPublish,
  schedulerInvocation: AWS_PRICES.schedulerInvocation,
  logsIngestedGb: AWS_PRICES.logsIngestedGb,
} as const;

/**
 * What a local run cannot measure about Lambda, stated: the assumptions of the cost model, each
 * used once (below) and printed with the figures.
 */
export const ASSUMPTIONS = {
  /** Both functions' memory, as the stack sets it. */
  memoryMb: FUNCTION_MEMORY_MB,
  /**
   * Lambda gives CPU in proportion to memory, one full vCPU at 1,769 MB
   * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html): CPU time
   * measured here on one core is scaled by 1,769 / memory MB.
   */
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
export interface MeasuredHandler {
  readonly cpuMs: number;
  readonly replyLogBytes: number;
  readonly dropLogBytes: number;
}

/** USD by line, and their total. */
export type InfraUsd = Record<
  'lambda' | 'dynamodb' | 'sns' | 'scheduler' | 'logs' | 'total',
  number
>;

/** What `invocations` invocations that made these calls cost in AWS infrastructure. */
export function infraUsd(
  measured: MeasuredHandler,
  run: {
    readonly inbound: number;
    readonly replies: number;
    readonly scheduled: number;
    readonly ddb: CommandCounts;
  },
): InfraUsd {
  const p = REQUEST_PRICES;
  const a = ASSUMPTIONS;
  // The dispatcher runs once per delayed reply; both functions are priced alike.
  const invocations = run.inbound + run.scheduled;
  if (invocations === 0) return { lambda: 0, dynamodb: 0, sns: 0, scheduler: 0, logs: 0, total: 0 };
  const sends = run.replies + run.scheduled;
  const billedMs = Math.ceil(
    measured.cpuMs * (a.fullVcpuMemoryMb / a.memoryMb) +
      (run.ddb.calls / invocations) * a.dynamoRoundTripMs +
      (sends / invocations) * a.sendMs,
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
  const { result, counter } = await countClientsCreatedDuring(() =>
    simulate({ events: scenario.events, config: options.config, startMs: scenario.startMs }),
  );
  const { summary } = result;
  if (summary.errors > 0) throw new Error(`${name}: ${summary.errors} handler errors`);
  const ddb = counter.snapshot();
  const infra = infraUsd(options.measured, {
    inbound: summary.inbound,
    replies: summary.replies,
    scheduled: summary.scheduled_replies,
    ddb,
  });
  const per = summary.inbound > 0 ? 1000 / summary.inbound : 0;
  const scaled = Object.fromEntries(
    Object.entries(infra).map(([line, usd]) => [line, usd * per]),
  ) as InfraUsd;
  return {
    scenario: name,
    scale: options.scale,
    inbound: summary.inbound,
    replies: summary.replies,
    currency: summary.currency,
    spentMicros: summary.spent_micros,
    ddbCallsPerInbound: summary.inbound > 0 ? ddb.calls / summary.inbound : 0,
    /** Per 1,000 inbound messages; 2017: what the 2017 service paid (EUR 0.16 each). */
    per1000: {
      // To the cent: a per-1,000 figure has no more precision than that.
      sms: formatCents(summary.spent_micros * per, summary.currency),
      infraUsd: scaled,
      cost2017: formatMicros(1000 * COST_2017_MICROS_PER_SMS, 'EUR'),
    },
  };
}

/**
 * One rejected raid message (a repeat, or a new number over budget: one write; abuse: two), its
 * writes on small items (the sender's, the evidence): one unit each.
 */
export function rejectedMessageUsd(measured: MeasuredHandler, writes: number): number {
  return infraUsd(measured, {
    inbound: 1,
    replies: 0,
    scheduled: 0,
    ddb: { calls: writes, writes, writeUnits: writes, readUnits: 0 },
  }).total;
}
