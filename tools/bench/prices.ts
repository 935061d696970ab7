/**
 * AWS list prices the benchmark turns counts into money with, and the assumptions that turn a
 * local measurement into a Lambda bill. USD, region us-east-1 (N. Virginia): the region every
 * AWS pricing page shows first; eu-west-3 (Paris), where a French number would run, lists
 * somewhat higher prices (read them from the same pages before relying on a figure). Free tiers
 * are ignored (an account's free tier is shared with everything else in it).
 *
 * Checked 2026-11 against the text of the pages below (the benchmark itself never goes online);
 * update the numbers and the date together.
 */

/** One price, where it comes from and what it is for. */
export interface Price {
  readonly usd: number;
  readonly per: string;
  readonly source: string;
}

export const PRICES_REGION = 'us-east-1';
export const PRICES_CHECKED = '2026-11';

export const PRICES = {
  /** Lambda requests: USD 0.20 per million. */
  lambdaRequest: {
    usd: 0.2 / 1e6,
    per: 'request',
    source: 'https://aws.amazon.com/lambda/pricing/',
  },
  /** Lambda duration, Arm (Graviton), first 7.5 billion GB-s a month. */
  lambdaArmGbSecond: {
    usd: 0.0000133334,
    per: 'GB-second (arm64)',
    source: 'https://aws.amazon.com/lambda/pricing/',
  },
  /** DynamoDB on-demand write request unit: USD 0.625 per million (since the 1 Nov 2024 cut). */
  dynamoWriteRequestUnit: {
    usd: 0.625 / 1e6,
    per: 'write request unit (on-demand)',
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
  },
  /** DynamoDB on-demand read request unit: USD 0.125 per million. */
  dynamoReadRequestUnit: {
    usd: 0.125 / 1e6,
    per: 'read request unit (on-demand)',
    source: 'https://aws.amazon.com/dynamodb/pricing/on-demand/',
  },
  /**
   * SNS standard topic publish: USD 0.50 per million (64 KB chunks). End User Messaging SMS
   * publishes each inbound SMS to the inbound topic; delivery to Lambda is free. A reply sent with
   * SNS Publish to a phone number is billed as an SMS (the SMS spend, from the config's prices),
   * not as a publish.
   */
  snsPublish: {
    usd: 0.5 / 1e6,
    per: 'publish to a standard topic',
    source: 'https://aws.amazon.com/sns/pricing/',
  },
  /** CloudWatch Logs ingestion (standard class): USD 0.50 per GB. */
  logsIngestedGb: {
    usd: 0.5,
    per: 'GB of logs ingested',
    source: 'https://aws.amazon.com/cloudwatch/pricing/',
  },
} as const satisfies Record<string, Price>;

/**
 * What a local run cannot measure about Lambda, stated. Each is used in one place
 * (`money.ts`) and printed with the report.
 */
export const ASSUMPTIONS = {
  /**
   * Lambda gives a function CPU in proportion to its memory: one full vCPU at 1,769 MB
   * (https://docs.aws.amazon.com/lambda/latest/dg/configuration-memory.html). CPU time measured
   * here on one core is scaled by 1,769 / memory MB.
   */
  fullVcpuMemoryMb: 1769,
  /** In-region DynamoDB single-item request, as seen by the SDK (typically a few ms). */
  dynamoRoundTripMs: 5,
  /** SNS Publish of one SMS, as seen by the SDK. */
  smsPublishMs: 30,
  /**
   * Lambda's own log lines per invocation (START, END, REPORT in the text format), bytes. Each
   * log event is also billed 26 bytes of overhead.
   */
  platformLogBytes: 420,
  logEventOverheadBytes: 26,
  /** Events per invocation besides ours: START, END, REPORT. */
  platformLogEvents: 3,
  /**
   * DynamoDB item sizes: every item the handler writes is under 1 KB (sender, budget with 31 day
   * and ≤ 3 hour attributes, flood counter, control), so 1 WRU per write, conditional failures
   * included (a failed conditional write is billed like a write). Evidence items are sized
   * from the PutItem itself. Reads are under 4 KB: 0.5 RRU eventually consistent, 1 strongly.
   */
  writeUnitBytes: 1024,
  /** For the comparison with 2017 only (EUR per USD, approximate). */
  eurPerUsd: 0.92,
} as const;

/** The 2017 service: EUR 0.16 for every inbound SMS. */
export const COST_2017_EUR_PER_SMS = 0.16;
