/**
 * Money: what the built-in scenarios cost in SMS (the simulator's sink, at the config's prices)
 * and in AWS infrastructure (Lambda, DynamoDB, SNS, CloudWatch Logs), from counts measured while
 * the simulator replays them, at the list prices of `prices.ts`; and what one rejected raid
 * message costs.
 */
import type { ConfigInput } from '../../lib/config';
import { simulate } from '../simulator/run';
import { SCENARIOS } from '../simulator/scenarios';
import type { CommandCounts } from './counter';
import { countClientsCreatedDuring } from './counter';
import type { LogVolume } from './logs';
import { FUNCTION_MEMORY_MB } from '../../lib/config/stack-defaults';
import { ASSUMPTIONS, COST_2017_EUR_PER_SMS, PRICES } from './prices';
import type { RoundTripCase } from './round-trips';

/** The responder's memory size, as the stack sets it. */
export function lambdaMemoryMb(): number {
  return FUNCTION_MEMORY_MB;
}

/** What an invocation is made of, for the cost model. */
export interface CostInputs {
  readonly memoryMb: number;
  /** Main-thread CPU per message measured here (one core). */
  readonly cpuMsPerMessage: number;
  readonly logs: LogVolume;
}

/** USD by line. */
export interface InfraCost {
  readonly lambdaRequests: number;
  readonly lambdaDuration: number;
  readonly dynamoWrites: number;
  readonly dynamoReads: number;
  readonly snsPublishes: number;
  readonly logs: number;
  readonly total: number;
  /** The billed duration the model gives per invocation, ms. */
  readonly billedMsPerInvocation: number;
}

/** Lambda billed ms for one invocation: CPU scaled to the function's share, plus waiting. */
export function billedMs(
  inputs: CostInputs,
  ddbCallsPerInvocation: number,
  smsPerInvocation: number,
): number {
  const cpuScale = ASSUMPTIONS.fullVcpuMemoryMb / inputs.memoryMb;
  return Math.ceil(
    inputs.cpuMsPerMessage * cpuScale +
      ddbCallsPerInvocation * ASSUMPTIONS.dynamoRoundTripMs +
      smsPerInvocation * ASSUMPTIONS.smsPublishMs,
  );
}

/** Infrastructure cost of `invocations` inbound messages that made these calls. */
export function infraCost(
  inputs: CostInputs,
  run: {
    readonly invocations: number;
    readonly replies: number;
    readonly counts: Pick<CommandCounts, 'total' | 'writeUnits' | 'readUnits'>;
  },
): InfraCost {
  const { invocations, replies, counts } = run;
  if (invocations === 0) {
    return {
      lambdaRequests: 0,
      lambdaDuration: 0,
      dynamoWrites: 0,
      dynamoReads: 0,
      snsPublishes: 0,
      logs: 0,
      total: 0,
      billedMsPerInvocation: 0,
    };
  }
  const ms = billedMs(inputs, counts.total / invocations, replies / invocations);
  const gbSeconds = invocations * (ms / 1000) * (inputs.memoryMb / 1024);
  const overhead = ASSUMPTIONS.logEventOverheadBytes;
  const drops = invocations - replies;
  const logBytes =
    replies * (inputs.logs.replyBytes + overhead * inputs.logs.replyEvents) +
    drops * (inputs.logs.dropBytes + overhead * inputs.logs.dropEvents) +
    invocations * (ASSUMPTIONS.platformLogBytes + overhead * ASSUMPTIONS.platformLogEvents);
  const lines = {
    lambdaRequests: invocations * PRICES.lambdaRequest.usd,
    lambdaDuration: gbSeconds * PRICES.lambdaArmGbSecond.usd,
    dynamoWrites: counts.writeUnits * PRICES.dynamoWriteRequestUnit.usd,
    dynamoReads: counts.readUnits * PRICES.dynamoReadRequestUnit.usd,
    // Each inbound SMS is one publish to the inbound topic; replies are billed as SMS.
    snsPublishes: invocations * PRICES.snsPublish.usd,
    logs: (logBytes / 1024 ** 3) * PRICES.logsIngestedGb.usd,
  };
  return {
    ...lines,
    total: Object.values(lines).reduce((a, b) => a + b, 0),
    billedMsPerInvocation: ms,
  };
}

function scaleCost(cost: InfraCost, factor: number): InfraCost {
  return {
    lambdaRequests: cost.lambdaRequests * factor,
    lambdaDuration: cost.lambdaDuration * factor,
    dynamoWrites: cost.dynamoWrites * factor,
    dynamoReads: cost.dynamoReads * factor,
    snsPublishes: cost.snsPublishes * factor,
    logs: cost.logs * factor,
    total: cost.total * factor,
    billedMsPerInvocation: cost.billedMsPerInvocation,
  };
}

export interface ScenarioCost {
  readonly scenario: string;
  readonly scale: number;
  readonly seed: number;
  readonly inbound: number;
  readonly replies: number;
  readonly errors: number;
  readonly currency: string;
  readonly smsSpend: number;
  /** Measured while the simulator ran (its five containers are colder than AWS's). */
  readonly ddb: CommandCounts;
  readonly ddbCallsPerInbound: number;
  readonly infra: InfraCost;
  readonly per1000: {
    /** SMS spend, budget currency. */
    readonly sms: number;
    readonly infraUsd: number;
    readonly infra: InfraCost;
    /** SMS + infrastructure in EUR (infrastructure at `ASSUMPTIONS.eurPerUsd`); null unless EUR. */
    readonly totalEur: number | null;
    readonly cost2017Eur: number;
  };
  readonly wallMs: number;
}

/** Replays one built-in scenario with every DynamoDB command counted. */
export async function scenarioCost(
  name: string,
  options: { scale: number; seed: number; config: ConfigInput; inputs: CostInputs },
): Promise<ScenarioCost> {
  const make = SCENARIOS[name];
  if (!make) throw new Error(`no scenario ${name}`);
  const scenario = make({ seed: options.seed, scale: options.scale });
  const { result, counts } = await countClientsCreatedDuring(() =>
    simulate({ events: scenario.events, config: options.config, startMs: scenario.startMs }),
  );
  const { summary } = result;
  const infra = infraCost(options.inputs, {
    invocations: summary.inbound,
    replies: summary.replies,
    counts,
  });
  const per = summary.inbound > 0 ? 1000 / summary.inbound : 0;
  const smsSpend = summary.spent_micros / 1e6;
  return {
    scenario: name,
    scale: options.scale,
    seed: options.seed,
    inbound: summary.inbound,
    replies: summary.replies,
    errors: summary.errors,
    currency: summary.currency,
    smsSpend,
    ddb: counts,
    ddbCallsPerInbound: summary.inbound > 0 ? counts.total / summary.inbound : 0,
    infra,
    per1000: {
      sms: smsSpend * per,
      infraUsd: infra.total * per,
      infra: scaleCost(infra, per),
      totalEur:
        summary.currency === 'EUR'
          ? smsSpend * per + infra.total * per * ASSUMPTIONS.eurPerUsd
          : null,
      cost2017Eur: 1000 * COST_2017_EUR_PER_SMS,
    },
    wallMs: summary.wall_ms,
  };
}

export interface RejectedRaidMessage {
  /** USD for one message of each way a raid message is turned down. */
  readonly byPath: Record<
    string,
    { readonly usd: number; readonly ddbCalls: number; readonly what: string }
  >;
  /** The most expensive of them. */
  readonly worstUsd: number;
  readonly worstPath: string;
}

/** The raid's ways of being turned down, as measured by the round-trip cases. */
const RAID_PATHS: Record<string, string> = {
  over_budget: 'a fresh number while the (raid) hour budget is spent',
  raid_drop: 'a number seen before, in raid mode (raid_not_new)',
  repeat: 'a number that already had its reply (window)',
  abusive: 'an abusive message (flag + evidence)',
  flagged_repeat: 'any further message of a flagged number',
  malformed: 'malformed input (no DynamoDB call)',
};

/**
 * One rejected raid message: a Lambda invocation, the writes of its path, a share of the flood
 * counter's flushes (one per `flushCount` messages under raid load), the inbound topic publish
 * and the logs of a dropped message.
 */
export function rejectedRaidMessage(
  inputs: CostInputs,
  cases: Readonly<Record<string, RoundTripCase>>,
  flushCount: number | null,
): RejectedRaidMessage {
  const byPath: RejectedRaidMessage['byPath'] = {};
  const flushShare = flushCount ? 1 / flushCount : 0;
  for (const [path, what] of Object.entries(RAID_PATHS)) {
    const measured = cases[path];
    if (!measured) continue;
    // The message's own calls; the periodic ones are shared out (flushShare) instead.
    const cost = infraCost(inputs, {
      invocations: 1,
      replies: 0,
      counts: {
        total: measured.messageCalls + flushShare,
        writeUnits: measured.writeUnits + flushShare,
        readUnits: measured.readUnits,
      },
    });
    byPath[path] = { usd: cost.total, ddbCalls: measured.messageCalls, what };
  }
  let worstPath = '';
  let worstUsd = 0;
  for (const [path, { usd }] of Object.entries(byPath)) {
    if (usd > worstUsd) {
      worstUsd = usd;
      worstPath = path;
    }
  }
  return { byPath, worstUsd, worstPath };
}

/** The INIT phase of a new container (billed since August 2025): loading the bundle. */
export function coldStartUsd(inputs: CostInputs, loadMs: number): number {
  const ms = Math.ceil(loadMs * (ASSUMPTIONS.fullVcpuMemoryMb / inputs.memoryMb));
  return (ms / 1000) * (inputs.memoryMb / 1024) * PRICES.lambdaArmGbSecond.usd;
}
