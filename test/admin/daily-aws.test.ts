/**
 * The daily view against the deployed stack, every AWS client mocked (aws-sdk-client-mock):
 * `status` reads the budget ledger and CloudWatch (addressed as the alarms address it), `--at`
 * rebuilds pause and raid mode from the audit trail and the metrics, `history` reads one day at
 * a time, `audit` queries its month partitions and masks numbers; with receipts, `status` shows
 * billed, estimated, the learned price and the rate, and `cost --stack` prices the SMS at the
 * learned price.
 */
import { readFileSync } from 'node:fs';
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import type { MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { CloudWatchClient, GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { GetFunctionConfigurationCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  ScanCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import 'aws-sdk-client-mock-jest';
import { budgetAttribute, budgetItemKey, CONTROL_KEY } from '../../lambda/adapters/table-keys';
import type { ConfigInput } from '../../lib/config';
import { parseConfig, toResponderSettings } from '../../lib/config';
import type { AuditReport } from '../../tools/admin/audit-view';
import type { CostWithLearned } from '../../tools/admin/cost';
import { SETTINGS_VARIABLE } from '../../tools/admin/aws-target';
import type { HistoryReport } from '../../tools/admin/history';
import type { StatusReport } from '../../tools/admin/status';
import { runAdmin } from './io';

const TABLE = 'Antirelou-ResponderTable-1AB2C3';
const FUNCTION = 'Antirelou-ResponderFunction-XYZ';
/** Monday 23 November 2026, 19:30 in Paris. */
const NOW = Date.UTC(2026, 10, 23, 18, 30, 0);
const MIN = 60_000;

const shipped = JSON.parse(readFileSync('config/antirelou.json', 'utf8')) as ConfigInput;
const settings = { ...toResponderSettings(parseConfig(shipped)), sendVia: 'sns' as const };

const cfn = mockClient(CloudFormationClient);
const dynamo = mockClient(DynamoDBDocumentClient);
const lambda = mockClient(LambdaClient);
const cloudWatch = mockClient(CloudWatchClient);
const sts = mockClient(STSClient);

/** Ten replies paid for today: seven at 18:xx, three at 19:xx; EUR 8.50 on the 20th. */
const held = new Set([
  ...Array.from({ length: 7 }, (_, i) => `id18-${i}|18|150000`),
  ...Array.from({ length: 3 }, (_, i) => `id19-${i}|19|150000`),
]);
const BUDGET = {
  ...budgetItemKey('2026-11'),
  m: 10_000_000,
  'd2026-11-20': 8_500_000,
  'h2026-11-20T10': 8_500_000,
  'd2026-11-23': 1_500_000,
  'h2026-11-23T18': 1_050_000,
  'h2026-11-23T19': 450_000,
  'r2026-11-23': held,
};

/** What CloudWatch holds, per query id: raid mode entered at 18:00 Paris, traffic at 18:30. */
const POINTS: Record<string, [number, number][]> = {
  inbound: [[NOW - 60 * MIN, 420]],
  replies: [[Date.UTC(2026, 10, 20, 9), 5]],
  dropped_window: [[NOW - 60 * MIN, 150]],
  dropped_abusive: [[NOW - 60 * MIN, 240]],
  flagged_abusive: [[NOW - 60 * MIN, 240]],
  raid_entered: [[NOW - 90 * MIN, 1]],
  raid: [[NOW - 75 * MIN, 1]],
};
/** Answers like CloudWatch: the points of each query within [StartTime, EndTime). */
function metricData(input: {
  MetricDataQueries?: MetricDataQuery[];
  StartTime?: Date;
  EndTime?: Date;
}) {
  const from = input.StartTime!.getTime();
  const to = input.EndTime!.getTime();
  return {
    MetricDataResults: (input.MetricDataQueries ?? []).map((q) => {
      const points = (POINTS[q.Id!] ?? []).filter(([at]) => at >= from && at < to);
      return {
        Id: q.Id,
        Values: points.map(([, v]) => v),
        Timestamps: points.map(([at]) => new Date(at)),
      };
    }),
  };
}

/** The audit trail: a pause at 19:10 Paris (after the --at time below). */
const PAUSE = {
  pk: 'AUDIT#2026-11',
  sk: '2026-11-23T18:10:00.000Z#abc',
  who: 'alice',
  callerArn: 'arn:aws:sts::123456789012:assumed-role/Maintainer/alice',
  whenMs: NOW - 20 * MIN,
  command: 'pause',
  args: { reason: 'harcèlement du +33612345678' },
  before: { paused: false },
  after: { paused: true, pausedReason: 'harcèlement du +336******78' },
};
function query(input: QueryCommandInput) {
  const pk = String(input.ExpressionAttributeValues?.[':pk']);
  if (input.Select === 'COUNT') return { Count: pk === 'E#2026-11-23' ? 240 : 0 };
  return { Items: pk === 'AUDIT#2026-11' ? [PAUSE] : [] };
}

beforeEach(() => {
  jest.useFakeTimers({
    now: NOW,
    doNotFake: [
      'nextTick',
      'setImmediate',
      'setTimeout',
      'setInterval',
      'clearTimeout',
      'clearInterval',
      'queueMicrotask',
      'hrtime',
      'performance',
    ],
  });
  for (const mock of [cfn, dynamo, lambda, cloudWatch, sts]) mock.reset();
  cfn.on(DescribeStacksCommand).resolves({
    Stacks: [
      {
        StackName: 'Antirelou',
        CreationTime: new Date(),
        StackStatus: 'UPDATE_COMPLETE',
        Outputs: [
          { OutputKey: 'TableName', OutputValue: TABLE },
          { OutputKey: 'ResponderFunctionName', OutputValue: FUNCTION },
          {
            OutputKey: 'SenderKeySecretArn',
            OutputValue: 'arn:aws:secretsmanager:eu-west-3:1:secret:k',
          },
        ],
      },
    ],
  });
  lambda.on(GetFunctionConfigurationCommand).resolves({
    Environment: { Variables: { [SETTINGS_VARIABLE]: JSON.stringify(settings) } },
  });
  sts.on(GetCallerIdentityCommand).resolves({ Arn: PAUSE.callerArn });
  dynamo.on(GetCommand).resolves({});
  dynamo.on(GetCommand, { Key: budgetItemKey('2026-11') }).resolves({ Item: BUDGET });
  dynamo.on(GetCommand, { Key: CONTROL_KEY }).resolves({
    Item: {
      ...CONTROL_KEY,
      paused: true,
      pausedReason: PAUSE.after.pausedReason,
      pausedAtMs: PAUSE.whenMs,
      pausedBy: 'alice',
      raid: { active: true, sinceMs: NOW - 40 * MIN },
    },
  });
  dynamo.on(ScanCommand).resolves({
    Items: [{ lastSeenMs: NOW - MIN }, { optedOut: true, lastSeenMs: NOW - 2 * MIN }],
  });
  dynamo.on(QueryCommand).callsFake(query);
  cloudWatch.on(GetMetricDataCommand).callsFake(metricData);
});

afterEach(() => jest.useRealTimers());

const json = async <T>(...args: string[]): Promise<T> => {
  const result = await runAdmin(args);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as T;
};

test('status: spend and replies from the budget ledger, traffic from CloudWatch as the alarms address it', async () => {
  const report = await json<StatusReport>('status', '--json');
  expect(report.asOf).toMatchObject({
    clock: 'wall',
    iso: new Date(NOW).toISOString(),
    local: '2026-11-23 19:30',
  });
  expect(report.budget.hour).toMatchObject({
    key: '2026-11-23T19',
    spentMicros: 450_000,
    replies: 3,
    repliesSource: 'ledger',
    capSource: 'raid',
    capMicros: 1_000_000,
  });
  expect(report.budget.day).toMatchObject({
    spentMicros: 1_500_000,
    replies: 10,
    inbound: 420,
    droppedTotal: 390,
  });
  // The month: ten from the ledger, five sent before its days (CloudWatch).
  expect(report.budget.month).toMatchObject({
    spentMicros: 10_000_000,
    replies: 15,
    repliesSource: 'ledger+metrics',
  });
  expect(report).toMatchObject({
    paused: true,
    pausedBy: 'alice',
    pauseSource: 'control item',
    raid: { inForce: true, detected: true },
  });
  expect(report.metricsSource).toContain('CloudWatch');

  const queries =
    cloudWatch.commandCalls(GetMetricDataCommand)[0]!.args[0].input.MetricDataQueries!;
  const byId = (id: string) => queries.find((q) => q.Id === id)!.MetricStat!;
  expect(byId('dropped_window').Metric).toEqual({
    Namespace: 'Antirelou',
    MetricName: 'Dropped',
    Dimensions: [
      { Name: 'service', Value: 'antirelou' },
      { Name: 'Reason', Value: 'window' },
    ],
  });
  expect(byId('raid')).toMatchObject({
    Stat: 'Maximum',
    Period: 60,
    Metric: { MetricName: 'RaidModeActive' },
  });
  expect(byId('inbound')).toMatchObject({ Stat: 'Sum', Period: 300 });
  expect(dynamo).toHaveReceivedCommandWith(GetCommand, {
    TableName: TABLE,
    Key: budgetItemKey('2026-11'),
    ConsistentRead: true,
  });

  const text = (await runAdmin(['status'])).stdout;
  expect(text).toMatch(
    /^day +2026-11-23 +EUR 1\.50 +EUR 40\.00 +3\.8% +10 +420 +390 +abusive 240, window 150$/m,
  );
  expect(text).toContain(
    'Replies     PAUSED since 2026-11-23 19:10 by alice: "harcèlement du +336******78" (antirelou resume)',
  );
});

test('status --at an hour ago: the pause the audit trail had then, raid mode from the metrics, that hour in the ledger', async () => {
  const report = await json<StatusReport>('--at', '1h', 'status', '--json');
  expect(report.asOf).toMatchObject({
    clock: 'at',
    local: '2026-11-23 18:30',
    figuresUntil: '2026-11-23T18:00:00.000Z',
  });
  expect(report).toMatchObject({ paused: false, pauseSource: 'audit trail' });
  expect(report.raid).toMatchObject({
    inForce: true,
    override: 'auto',
    source: expect.stringContaining('RaidModeActive'),
  });
  expect(report.budget.hour).toMatchObject({
    key: '2026-11-23T18',
    spentMicros: 1_050_000,
    replies: 7,
  });
  expect(report.budget.day).toMatchObject({ spentMicros: 1_050_000, replies: 7 });
  expect(report.budget.month).toMatchObject({ spentMicros: 9_550_000, replies: 12 });
  expect(report.stopList).toBeNull();
  expect(dynamo).toHaveReceivedCommandWith(QueryCommand, {
    TableName: TABLE,
    ExpressionAttributeValues: expect.objectContaining({ ':pk': 'AUDIT#2026-11' }),
  });
});

test('history: a day per line, from the ledger, the audit trail, CloudWatch and the evidence', async () => {
  const report = await json<HistoryReport>('history', '--days', '2', '--json');
  expect(report.days.map((d) => d.date)).toEqual(['2026-11-22', '2026-11-23']);
  expect(report.days[1]).toMatchObject({
    replies: 10,
    repliesSource: 'ledger',
    spentMicros: 1_500_000,
    capMicros: 40_000_000,
    inbound: 420,
    flagged: 240,
  });
  expect(report.days[1]!.raidMinutes).toBe(90);
  expect(cloudWatch.commandCalls(GetMetricDataCommand)).toHaveLength(2);
  expect(dynamo).toHaveReceivedCommandWith(QueryCommand, {
    Select: 'COUNT',
    ExpressionAttributeValues: expect.objectContaining({ ':pk': 'E#2026-11-23' }),
  });
});

test('audit: the month partitions queried, newest first, numbers masked', async () => {
  const report = await json<AuditReport>('audit', '--since', '7d', '--json');
  expect(report.records).toEqual([
    expect.objectContaining({
      command: 'pause',
      who: 'alice',
      callerArn: PAUSE.callerArn,
      args: { reason: 'harcèlement du +336******78' },
    }),
  ]);
  const partitions = dynamo
    .commandCalls(QueryCommand)
    .map((call) => call.args[0].input.ExpressionAttributeValues?.[':pk']);
  expect(partitions).toEqual(['AUDIT#2026-11']);
  const text = (await runAdmin(['audit'])).stdout;
  expect(text).toContain('1 record(s) since 2026-10-24 20:30 Europe/Paris, newest first');
  expect(text).not.toContain('612345678');
});

describe('receipts on the stack', () => {
  const receiptSettings = {
    ...settings,
    sendVia: 'sms-voice' as const,
    receipts: { perUsd: 0.92, rateDate: '2026-11-20', maxPriceFactor: 2 },
  };
  const learnedAtMs = NOW - 2 * 86_400_000;

  beforeEach(() => {
    lambda.on(GetFunctionConfigurationCommand).resolves({
      Environment: { Variables: { [SETTINGS_VARIABLE]: JSON.stringify(receiptSettings) } },
    });
    dynamo.on(GetCommand, { Key: budgetItemKey('2026-11') }).resolves({
      Item: {
        ...BUDGET,
        [budgetAttribute.billedMonth]: 1_100_000,
        [budgetAttribute.billedDay('2026-11-23')]: 600_000,
        [budgetAttribute.trueUpMonth]: 100_000,
        [budgetAttribute.trueUpDay('2026-11-23')]: 60_000,
      },
    });
    dynamo.on(GetCommand, { Key: CONTROL_KEY }).resolves({
      Item: { ...CONTROL_KEY, 'price#FR': { micros: 82_000, atMs: learnedAtMs } },
    });
  });

  test('status: billed and estimated from the budget item, the learned price, the rate', async () => {
    const report = await json<StatusReport>('status', '--json');
    const text = (await runAdmin(['status'])).stdout;

    expect(report).toMatchObject({
      receipts: true,
      billed: { day: 600_000, month: 1_100_000 },
      estimated: { day: 540_000, month: 1_000_000 },
      difference: { day: 60_000, month: 100_000 },
      prices: [
        {
          country: 'FR',
          configured_micros: 75_000,
          learned_micros: 82_000,
          learned_at: new Date(learnedAtMs).toISOString(),
          in_force_micros: 82_000,
        },
      ],
      usd_rate: { per_usd: 0.92, date: '2026-11-20' },
    });
    expect(text).toMatch(/^ {2}day +2026-11-23 +EUR 0\.54 +EUR 0\.60 +EUR \+0\.06 +EUR 1\.50$/m);
    expect(text).toMatch(/^ {2}month +2026-11 +EUR 1\.00 +EUR 1\.10 +EUR \+0\.10 +EUR 10\.00$/m);
    expect(text).toContain('Price       FR: EUR 0.082 a segment counted now (learned EUR 0.082');
    expect(text).toContain('USD rate    1 USD = 0.92 EUR (rate of 2026-11-20');
  });

  test('status through SNS: one line, receipts off and why', async () => {
    // The stack sets receipts only with sendVia "sms-voice".
    const { receipts: _receipts, ...throughSns } = settings;
    lambda.on(GetFunctionConfigurationCommand).resolves({
      Environment: { Variables: { [SETTINGS_VARIABLE]: JSON.stringify(throughSns) } },
    });
    const report = await json<StatusReport>('status', '--json');
    const text = (await runAdmin(['status'])).stdout;

    expect(report).toMatchObject({ receipts: false });
    expect(report).not.toHaveProperty('billed');
    expect(text).toContain(
      'Receipts    off: replies go through SNS (sendVia "sns"), which sends no receipts',
    );
  });

  test('cost --stack: the SMS part at the learned price the control item holds', async () => {
    const report = await json<CostWithLearned>(
      '--stack',
      'Antirelou',
      'cost',
      '--config',
      'config/antirelou.json',
      '--json',
    );

    expect(report.learned_prices).toEqual([
      {
        country: 'FR',
        segment_price: 0.082,
        configured_segment_price: 0.075,
        learned_at: new Date(learnedAtMs).toISOString(),
      },
    ]);
    expect(report.sms.cheapest_reply).toEqual({ country: 'FR', cost: 0.164 });
    expect(dynamo).toHaveReceivedCommandWith(GetCommand, { TableName: TABLE, Key: CONTROL_KEY });
  }, 60_000);

  test('cost without --stack reads no table', async () => {
    const report = await json<CostWithLearned>(
      'cost',
      '--config',
      'config/antirelou.json',
      '--json',
    );

    expect(report.learned_prices).toBeUndefined();
    expect(report.sms.cheapest_reply.cost).toBe(0.15);
    expect(dynamo).not.toHaveReceivedCommand(GetCommand);
  }, 60_000);
});
