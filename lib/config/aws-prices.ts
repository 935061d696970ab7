/**
 * The AWS unit prices behind `npx antirelou cost`, the cost lines of `cdk synth` and the money
 * per 1,000 messages of `npm run bench`: each with its source and the date it was read. One
 * file, so that a price change is one edit here.
 *
 * AWS renders its pricing tables in JavaScript; the stored copies we could read on 2026-11-29
 * hold the prose only. Figures AWS states in prose are `aws`; the others are `secondary`: the
 * AWS Price List Bulk API as transcribed by a third party, or a third-party page (see
 * docs/aws-facts.md §7 for the quotes). All are **us-east-1** list prices: no eu-west-3 (Paris)
 * figure was found, and "Pricing varies by Region" (CloudWatch pricing page).
 */

/** The day these prices were read. */
export const PRICES_CHECKED = '2026-11-29';

/** One unit price in USD. */
export interface UnitPrice {
  readonly usd: number;
  /** What one unit is, e.g. `key-month`. */
  readonly unit: string;
  /** Where the figure comes from (a URL). */
  readonly source: string;
  /** `aws`: quoted from AWS; `secondary`: a transcription or third-party page. */
  readonly status: 'aws' | 'secondary';
  /** How a secondary figure reached us, when `source` is AWS's page but not the figure's origin. */
  readonly via?: string;
  /** Units per month that AWS's always-free tier covers, account-wide (shared with other stacks). */
  readonly freePerMonth?: number;
  readonly checked: string;
}

const CLOUDWATCH_PRICING = 'https://aws.amazon.com/cloudwatch/pricing/';
/**
 * Where the secondary CloudWatch figures come from: AWS's page shows the free tier in prose but
 * its paid table could not be read; the figures are us-east-1 offers of the AWS Price List, as
 * transcribed by a public research note ("AWS infrastructure pricing and quotas", 2026-08-16).
 */
const VIA_PRICE_LIST =
  'AWS Price List (us-east-1) as transcribed by the research note "AWS infrastructure pricing and quotas" (2026-08-16)';

const LAMBDA_PRICING = 'https://aws.amazon.com/lambda/pricing/';
const DYNAMODB_ON_DEMAND_PRICING = 'https://aws.amazon.com/dynamodb/pricing/on-demand/';

/** Every price the monthly estimate and the bench use. */
export const AWS_PRICES = {
  /** "Each AWS KMS key that you create in AWS KMS costs $1/month (prorated hourly)." */
  kmsKey: {
    usd: 1,
    unit: 'key-month',
    source: 'https://aws.amazon.com/kms/pricing/',
    status: 'aws',
    checked: PRICES_CHECKED,
  },
  /**
   * Standard-resolution alarm, per alarm metric. Free tier: "10 Alarm metrics (only applicable
   * to Standard resolution alarms that list metrics directly […])" (AWS, confirmed).
   */
  alarmMetric: {
    usd: 0.1,
    unit: 'alarm metric-month (standard resolution)',
    source: CLOUDWATCH_PRICING,
    via: VIA_PRICE_LIST,
    status: 'secondary',
    freePerMonth: 10,
    checked: PRICES_CHECKED,
  },
  /** Free tier: "3 Custom Dashboards referencing up to 50 metrics each per month" (AWS). */
  dashboard: {
    usd: 3,
    unit: 'dashboard-month',
    source:
      'https://www.factualminds.com/blog/amazon-cloudwatch-pricing-metrics-logs-alarms-dashboards/',
    status: 'secondary',
    freePerMonth: 3,
    checked: PRICES_CHECKED,
  },
  /**
   * Custom metrics (the functions' EMF metrics), first 10,000; free tier "10 Metrics (of Custom
   * Metrics and Detailed Monitoring Metrics)" (AWS).
   */
  customMetric: {
    usd: 0.3,
    unit: 'metric-month',
    source: CLOUDWATCH_PRICING,
    via: VIA_PRICE_LIST,
    status: 'secondary',
    freePerMonth: 10,
    checked: PRICES_CHECKED,
  },
  /** Logs ingestion; free tier "5 GB Data (ingestion, archive storage, […])" (AWS). */
  logsIngestedGb: {
    usd: 0.5,
    unit: 'GB ingested',
    source: CLOUDWATCH_PRICING,
    via: VIA_PRICE_LIST,
    status: 'secondary',
    freePerMonth: 5,
    checked: PRICES_CHECKED,
  },
  /** Secrets Manager: "$0.40 per secret/month" in AWS's pricing examples, as harvested. */
  secret: {
    usd: 0.4,
    unit: 'secret-month',
    source:
      'https://raw.githubusercontent.com/api-evangelist/amazon-secrets-manager/refs/heads/main/plans/amazon-secrets-manager-plans-pricing.yml',
    status: 'secondary',
    checked: PRICES_CHECKED,
  },
  /** "$0.20 per 1 million requests thereafter, or $0.0000002 per request." */
  lambdaRequest: {
    usd: 0.2 / 1e6,
    unit: 'request',
    source: 'https://docs.aws.amazon.com/whitepapers/latest/how-aws-pricing-works/lambda.html',
    status: 'aws',
    checked: PRICES_CHECKED,
  },
  /** Arm (Graviton), first 7.5 billion GB-s a month (the whitepaper quotes x86's only). */
  lambdaArmGbSecond: {
    usd: 0.0000133334,
    unit: 'GB-second (arm64)',
    source: LAMBDA_PRICING,
    via: "artillery's transcription of that page (lib/platform/aws-lambda/prices.js, artillery 2.0.28: arm64 1333340 per 1e11)",
    status: 'secondary',
    checked: PRICES_CHECKED,
  },
  /** On-demand write request unit, USD 0.625 per million (since the 1 Nov 2024 cut). */
  dynamoWrite: {
    usd: 0.625 / 1e6,
    unit: 'write request unit (on-demand)',
    source: DYNAMODB_ON_DEMAND_PRICING,
    via: VIA_PRICE_LIST,
    status: 'secondary',
    checked: PRICES_CHECKED,
  },
  /** On-demand read request unit, USD 0.125 per million. */
  dynamoRead: {
    usd: 0.125 / 1e6,
    unit: 'read request unit (on-demand)',
    source: DYNAMODB_ON_DEMAND_PRICING,
    via: VIA_PRICE_LIST,
    status: 'secondary',
    checked: PRICES_CHECKED,
  },
  /**
   * Standard topic publish, USD 0.50 per million: End User Messaging publishes each inbound SMS
   * to the inbound topic (delivery to Lambda is free; replies are billed as SMS).
   */
  snsPublish: {
    usd: 0.5 / 1e6,
    unit: 'publish (standard topic)',
    source: 'https://aws.amazon.com/sns/pricing/',
    status: 'secondary',
    checked: PRICES_CHECKED,
  },
  /** EventBridge Scheduler, USD 1.00 per million invocations (one per delayed reply). */
  schedulerInvocation: {
    usd: 1 / 1e6,
    unit: 'schedule invocation',
    source: 'https://aws.amazon.com/eventbridge/pricing/',
    via: VIA_PRICE_LIST,
    status: 'secondary',
    freePerMonth: 14_000_000,
    checked: PRICES_CHECKED,
  },
} as const satisfies Record<string, UnitPrice>;

/** The AWS pages the estimate points to for the rest. */
export const PRICE_PAGES = {
  cloudWatch: CLOUDWATCH_PRICING,
  /**
   * Number leases are on this page, whose tables we could not read: the lease of a number in
   * the account is `MonthlyLeasingPrice` in `DescribePhoneNumbers` ("The price, in US dollars,
   * to lease the phone number"), which `npx antirelou preflight` prints.
   */
  endUserMessaging: 'https://aws.amazon.com/end-user-messaging/pricing/',
} as const;
