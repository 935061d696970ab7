/**
 * Alarms and the dashboard: metric names and dimensions come from `lambda/metric-names.ts`, the
 * list the responder emits with, so a rename cannot leave an alarm watching nothing.
 */
import { Duration } from 'aws-cdk-lib';
import type * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { AntirelouStack } from '../../lib/antirelou-stack';
import { Match, Template } from 'aws-cdk-lib/assertions';
import type { Template as TemplateType } from 'aws-cdk-lib/assertions';
import { BUDGET_ALARM_PERCENTS } from '../../lib/constructs/monitoring';
import { responderMetric } from '../../lib/constructs/monitoring-metrics';
import type { Monitoring } from '../../lib/constructs/monitoring';
import { PERIODS } from '../../lambda/domain/types';
import {
  Dimension,
  METRICS_NAMESPACE,
  METRICS_SERVICE,
  MetricName,
} from '../../lambda/metric-names';
import {
  buildStack,
  expectProperties,
  logicalId,
  responderFunction,
  dispatcherFunction,
  synth,
  testApp,
} from './synth';
import type { CfnJson } from './synth';

const service = { Name: Dimension.Service, Value: METRICS_SERVICE };

let stack: AntirelouStack;
let template: TemplateType;
let alarmTopicId: string;

beforeAll(() => {
  stack = buildStack({ alarmEmail: 'oncall@example.org' });
  template = Template.fromStack(stack);
  alarmTopicId = logicalId(template, 'AWS::SNS::Topic', { DisplayName: 'antirelou alarms' });
});

/** The properties of the alarm with this construct id in Monitoring (logical ids are hashed). */
function alarm(id: string): CfnJson {
  const construct = stack.node.findChild('Monitoring').node.findChild(id);
  const cfn = construct.node.defaultChild as cloudwatch.CfnAlarm;
  return template.toJSON().Resources[stack.resolve(cfn.logicalId)].Properties;
}

describe('alarms', () => {
  test('every alarm notifies the alarm topic, which e-mails the configured address', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    expect(alarms.length).toBeGreaterThan(0);
    for (const a of alarms as CfnJson[]) {
      expect(a.Properties.AlarmActions).toEqual([{ Ref: alarmTopicId }]);
      expect(a.Properties.AlarmDescription).toEqual(expect.any(String));
    }
    expectProperties(template, 'AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@example.org',
      TopicArn: { Ref: alarmTopicId },
    });
  });

  test('the alarm topic is encrypted, and CloudWatch may use its key', () => {
    expectProperties(template, 'AWS::SNS::Topic', {
      DisplayName: 'antirelou alarms',
      KmsMasterKeyId: Match.anyValue(),
    });
    expectProperties(template, 'AWS::KMS::Key', {
      Description: Match.stringLikeRegexp('alarm'),
      KeyPolicy: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
          }),
        ]),
      },
    });
  });

  test.each(PERIODS.flatMap((period) => [50, 80].map((percent) => [period, percent] as const)))(
    'budget %s at %i %%: BudgetUsedPercent (Maximum) from the responder',
    (period, percent) => {
      const title = period[0]?.toUpperCase() + period.slice(1);
      expect(alarm(`Budget${title}${percent}`)).toMatchObject({
        Namespace: METRICS_NAMESPACE,
        MetricName: MetricName.BudgetUsedPercent,
        Dimensions: expect.arrayContaining([service, { Name: Dimension.Period, Value: period }]),
        Statistic: 'Maximum',
        Threshold: percent,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'ignore',
      });
    },
  );

  test.each(PERIODS)('budget %s at 100 %%: used share, or any budget drop', (period) => {
    const title = period[0]?.toUpperCase() + period.slice(1);
    const props = alarm(`Budget${title}100`);
    expect(props).toMatchObject({
      Threshold: 100,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    expect(props.Metrics).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ Expression: 'IF(FILL(drops, 0) > 0, 100, FILL(used, 0))' }),
        expect.objectContaining({
          Id: 'used',
          MetricStat: expect.objectContaining({
            Metric: {
              Namespace: METRICS_NAMESPACE,
              MetricName: MetricName.BudgetUsedPercent,
              Dimensions: expect.arrayContaining([
                service,
                { Name: Dimension.Period, Value: period },
              ]),
            },
            Stat: 'Maximum',
          }),
        }),
        expect.objectContaining({
          Id: 'drops',
          MetricStat: expect.objectContaining({
            Metric: {
              Namespace: METRICS_NAMESPACE,
              MetricName: MetricName.Dropped,
              Dimensions: expect.arrayContaining([
                service,
                { Name: Dimension.Reason, Value: `budget_${period}` },
              ]),
            },
            Stat: 'Sum',
          }),
        }),
      ]),
    );
  });

  test('budget alarms cover the issue’s 50/80/100 % for each period', () => {
    expect(BUDGET_ALARM_PERCENTS).toEqual([50, 80, 100]);
  });

  test('raid mode: RaidModeActive (Maximum per minute) at 1, to the alarm topic', () => {
    expect(alarm('RaidMode')).toMatchObject({
      Namespace: METRICS_NAMESPACE,
      MetricName: MetricName.RaidModeActive,
      Dimensions: [service],
      Statistic: 'Maximum',
      Period: 60,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
    });
    expect(alarm('RaidMode').AlarmDescription).toContain('When a raid comes');
  });

  test('canned texts: Dropped with Reason canned_text, summed over 5 minutes, at 1', () => {
    expect(alarm('CannedText')).toMatchObject({
      Namespace: METRICS_NAMESPACE,
      MetricName: MetricName.Dropped,
      Dimensions: expect.arrayContaining([service, { Name: 'Reason', Value: 'canned_text' }]),
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    expect(alarm('CannedText').AlarmDescription).toContain('raid.cannedText');
  });

  test('flood: Inbound per minute above the configured threshold, 3 minutes out of 5', () => {
    expect(alarm('Flood')).toMatchObject({
      Namespace: METRICS_NAMESPACE,
      MetricName: MetricName.Inbound,
      Dimensions: [service],
      Statistic: 'Sum',
      Period: 60,
      Threshold: 60,
      ComparisonOperator: 'GreaterThanThreshold',
      EvaluationPeriods: 5,
      DatapointsToAlarm: 3,
    });
    const custom = synth({ alarms: { floodInboundPerMinute: 25 } });
    expectProperties(custom, 'AWS::CloudWatch::Alarm', {
      MetricName: MetricName.Inbound,
      Threshold: 25,
    });
  });

  test('handler errors: the responder function’s Errors', () => {
    const functionId = responderFunction(template).id;
    expect(alarm('HandlerErrors')).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId } }],
      Statistic: 'Sum',
      Threshold: 1,
    });
  });

  test.each(['Inbound', 'Responder', 'Schedule', 'Dispatcher'])(
    'dead letters in the %s queue',
    (name) => {
      expect(alarm(`DeadLetters${name}`)).toMatchObject({
        Namespace: 'AWS/SQS',
        MetricName: 'ApproximateNumberOfMessagesVisible',
        Statistic: 'Maximum',
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
    },
  );

  test.each([
    ['Schedule', 'the scheduler could not hand to the dispatcher; their money stays reserved'],
    ['Dispatcher', 'the dispatcher failed on after retries; their money stays reserved'],
  ])('dead letters in %s: the description says the money stays reserved', (name, meaning) => {
    expect(alarm(`DeadLetters${name}`).AlarmDescription).toContain(meaning);
  });

  test('sender errors: the dispatcher’s Errors, apart from the responder’s', () => {
    const senderId = dispatcherFunction(template).id;
    expect(alarm('DispatcherErrors')).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: senderId } }],
      Statistic: 'Sum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    expect(alarm('DispatcherErrors').AlarmDescription).toContain('Dispatcher dead-letter queue');
    expect(stack.node.findChild('Monitoring').node.tryFindChild('DispatcherErrors')).toBeDefined();
    const immediate = buildStack({ replyDelay: 0 });
    expect(
      immediate.node.findChild('Monitoring').node.tryFindChild('DispatcherErrors'),
    ).toBeUndefined();
  });

  test('account SMS spend, sendVia sns: AWS/SNS SMSMonthToDateSpentUSD (Maximum) against the month budget', () => {
    expect(alarm('SmsMonthToDateSpend')).toMatchObject({
      Namespace: 'AWS/SNS',
      MetricName: 'SMSMonthToDateSpentUSD',
      Statistic: 'Maximum',
      Threshold: 300,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
    expectProperties(synth({ alarms: { smsSpendUsd: 170 } }), 'AWS::CloudWatch::Alarm', {
      MetricName: 'SMSMonthToDateSpentUSD',
      Threshold: 170,
    });
  });

  test('no e-mail configured: no subscription, alarms still go to the topic', () => {
    const quiet = synth();
    expect(
      quiet.findResources('AWS::SNS::Subscription', { Properties: { Protocol: 'email' } }),
    ).toEqual({});
  });

  test('one more alarm is one call', () => {
    const app = testApp();
    const stack = buildStack({}, app);
    const monitoring = stack.node.findChild('Monitoring') as Monitoring;
    const added = monitoring.addAlarm('Extra', {
      metric: responderMetric('Extra', 'Maximum', Duration.minutes(1)),
      threshold: 1,
      description: 'An extra alarm.',
    });
    expect(monitoring.alarms).toContain(added);
    expectProperties(Template.fromStack(stack), 'AWS::CloudWatch::Alarm', {
      MetricName: 'Extra',
      AlarmDescription: 'An extra alarm.',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('MonitoringAlarmTopic') }],
    });
  });
});

describe('dashboard', () => {
  test('inbound, replies, drops by reason, spend, budgets, errors, dead letters, alarms', () => {
    const body = JSON.stringify(
      Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0],
    );
    for (const text of [
      'Inbound and replies',
      MetricName.Inbound,
      MetricName.Replies,
      'Drops by reason',
      `SEARCH('{${METRICS_NAMESPACE},${Dimension.Reason},${Dimension.Service}} MetricName=`,
      MetricName.Dropped,
      MetricName.SpentMicros,
      'SMSMonthToDateSpentUSD',
      MetricName.BudgetUsedPercent,
      'Dead letters',
      // The alarm status widget lists the alarms.
      logicalId(template, 'AWS::CloudWatch::Alarm', { MetricName: MetricName.Inbound }),
    ]) {
      expect(body).toContain(text);
    }
  });
});
