/**
 * The per-request AWS prices the bench turns measured counts into money with, and what a local
 * run cannot measure about Lambda, stated. USD, us-east-1 list prices (as in
 * lib/config/aws-prices.ts, which holds the fixed monthly prices and the logs' price), free
 * tiers ignored. Checked 2026-11 against the pages named; update the figure and the date together.
 */
import { AWS_PRICES } from '../../lib/config/aws-prices';
import { FUNCTION_MEMORY_MB } from '../../lib/config/stack-defaults';

export const PRICES_CHECKED = '2026-11';

/** USD per unit, with the page it comes from. */
export const REQUEST_PRICES = {
  /** USD 0.20 per million requests. */
  lambdaRequest: { usd: 0.2 / 1e6, source: 'https://aws.amazon.com/lambda/pricing/' },
  /** Arm (Graviton), first 7.5 billion GB-s a month. */
  lambdaArmGbSecond: { usd: 0.0000133334, source: 'https://aws.amazon.com/lambda/pricing/' },
  /** On-demand write request unit, USD 0.625 per million (since the 1 Nov 2024 cut). */
  dynamoWrite: { usd: 0.625 / 1e6, source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/' },
  /** On-demand read request unit, USD 0.125 per million. */
  dynamoRead: { usd: 0.125 / 1e6, source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/' },
  /**
   * Standard topic publish, USD 0.50 per million: End User Messaging publishes each inbound SMS
   * to the inbound topic (delivery to Lambda is free; replies are billed as SMS).
   */
  snsPublish: { usd: 0.5 / 1e6, source: 'https://aws.amazon.com/sns/pricing/' },
  /** EventBridge Scheduler, USD 1.00 per million invocations (one per delayed reply). */
  schedulerInvocation: { usd: 1 / 1e6, source: 'https://aws.amazon.com/eventbridge/pricing/' },
  logsIngestedGb: { usd: AWS_PRICES.logsIngestedGb.usd, source: AWS_PRICES.logsIngestedGb.source },
} as const;

/** The assumptions of the cost model, each used once (money.ts) and printed with the figures. */
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
