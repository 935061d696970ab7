/**
 * The rows of the stack's CloudWatch dashboard, top to bottom: traffic and drops; the delayed
 * replies (safety delay only); spend and budget; the functions' health and the dead letters;
 * raid mode and flagged messages; the alarms.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { PERIODS } from '../../lambda/domain/types';
import { Dimension, MetricName } from '../../lambda/metric-names';
import { MICROS_PER_UNIT } from '../config/money';
import type { MonitoringProps } from './monitoring';
import {
  ALARM_PERIOD,
  perReasonSearch,
  priceDriftMetric,
  responderMetric,
  SMS_SPEND_METRIC,
  smsSpendMetric,
} from './monitoring-metrics';

const MINUTE = Duration.minutes(1);

/** What the dashboard charts: {@link MonitoringProps} without the alarm-only parts. */
export type DashboardProps = Omit<MonitoringProps, 'alarmEmail' | 'dashboardName'>;

/** The functions charted, each with the name its lines get once there are two. */
type NamedFunction = readonly [name: string, fn: lambda.IFunction];

/** The dashboard's rows; the widgets of a row are laid out left to right. */
export function dashboardRows(
  props: DashboardProps,
  alarms: readonly cloudwatch.IAlarm[],
): cloudwatch.IWidget[][] {
  return [
    trafficRow(props),
    ...(props.dispatcher === undefined ? [] : [delayedRepliesRow()]),
    spendRow(props),
    ...(props.receipts === undefined ? [] : [billedRow(props, props.receipts.priceDriftPercent)]),
    healthRow(props),
    raidRow(),
    [new cloudwatch.AlarmStatusWidget({ title: 'Alarms', width: 24, alarms: [...alarms] })],
  ];
}

function trafficRow(props: DashboardProps): cloudwatch.IWidget[] {
  return [
    new cloudwatch.GraphWidget({
      title: 'Inbound and replies (per minute)',
      width: 12,
      left: [
        responderMetric(MetricName.Inbound, 'Sum', MINUTE),
        responderMetric(MetricName.Replies, 'Sum', MINUTE),
        responderMetric(MetricName.SendUnknown, 'Sum', MINUTE),
        responderMetric(MetricName.OptOuts, 'Sum', MINUTE),
      ],
      leftAnnotations: [
        { value: props.floodInboundPerMinute, label: 'flood threshold', color: '#d62728' },
      ],
    }),
    new cloudwatch.GraphWidget({
      title: 'Drops by reason (per 5 minutes)',
      width: 12,
      stacked: true,
      left: [perReasonSearch(MetricName.Dropped, 300, ALARM_PERIOD)],
    }),
  ];
}

function delayedRepliesRow(): cloudwatch.IWidget[] {
  return [
    new cloudwatch.GraphWidget({
      title: 'Replies: scheduled, sent, cancelled (per 5 minutes)',
      width: 24,
      left: [
        responderMetric(MetricName.RepliesScheduled, 'Sum', ALARM_PERIOD),
        responderMetric(MetricName.Replies, 'Sum', ALARM_PERIOD),
        // One line per Reason (opted out, paused, send failed...), as drops by reason.
        perReasonSearch(MetricName.RepliesCancelled, 300, ALARM_PERIOD),
      ],
    }),
  ];
}

/** A micro-units metric of the functions, summed per hour, in currency units. */
function unitsPerHour(id: string, metric: string, label: string): cloudwatch.MathExpression {
  return new cloudwatch.MathExpression({
    expression: `${id} / ${MICROS_PER_UNIT}`,
    label,
    usingMetrics: { [id]: responderMetric(metric, 'Sum', Duration.hours(1)) },
    period: Duration.hours(1),
  });
}

/** With receipts: billed and estimated of the receipted replies, per hour, and their drift. */
function billedRow(props: DashboardProps, priceDriftPercent: number): cloudwatch.IWidget[] {
  return [
    new cloudwatch.GraphWidget({
      title: `Receipted replies: billed and estimated (${props.currency} per hour), drift (%)`,
      width: 24,
      left: [
        unitsPerHour('billed', MetricName.BilledMicros, `billed (${props.currency})`),
        unitsPerHour('estimated', MetricName.EstimatedMicros, `estimated (${props.currency})`),
      ],
      right: [priceDriftMetric(Duration.hours(1))],
      rightAnnotations: [
        { value: priceDriftPercent, label: 'drift alarm (per day)', color: '#d62728' },
      ],
    }),
  ];
}

function spendRow(props: DashboardProps): cloudwatch.IWidget[] {
  const sendVia = props.sendVia ?? 'sns';
  return [
    new cloudwatch.GraphWidget({
      title: `Spend (${props.currency} per hour, responder) and account SMS spend (USD, month to date)`,
      width: 12,
      left: [unitsPerHour('spent', MetricName.SpentMicros, `spent (${props.currency})`)],
      right: [smsSpendMetric(sendVia, ALARM_PERIOD, SMS_SPEND_METRIC[sendVia].metricName)],
      rightAnnotations: [{ value: props.smsSpendUsd, label: 'spend alarm', color: '#d62728' }],
    }),
    new cloudwatch.GraphWidget({
      title: 'Budget used (%)',
      width: 12,
      left: PERIODS.map((period) =>
        responderMetric(MetricName.BudgetUsedPercent, 'Maximum', ALARM_PERIOD, {
          [Dimension.Period]: period,
        }),
      ),
      leftYAxis: { min: 0, max: 100 },
    }),
  ];
}

/** "Responder", "Responder and dispatcher", "Responder, dispatcher and receipts". */
function functionsTitle(functions: readonly NamedFunction[]): string {
  const names = functions.map(([name]) => name);
  const last = names.pop() ?? '';
  const title = names.length === 0 ? last : `${names.join(', ')} and ${last}`;
  return title.charAt(0).toUpperCase() + title.slice(1);
}

function healthRow(props: DashboardProps): cloudwatch.IWidget[] {
  const functions: NamedFunction[] = [['responder', props.responder]];
  if (props.dispatcher !== undefined) functions.push(['dispatcher', props.dispatcher]);
  if (props.receipts !== undefined) functions.push(['receipts', props.receipts.fn]);
  // Lines are named once there are two functions to tell apart.
  const label = (name: string, what: string): string | undefined =>
    functions.length > 1 ? `${name} ${what}` : undefined;
  return [
    new cloudwatch.GraphWidget({
      title: `${functionsTitle(functions)}: errors, throttles (reserved concurrency at work), concurrency`,
      width: 12,
      left: functions.flatMap(([name, fn]) => [
        fn.metricErrors({ period: ALARM_PERIOD, label: label(name, 'errors') }),
        fn.metricThrottles({ period: ALARM_PERIOD, label: label(name, 'throttles') }),
      ]),
      right: functions.map(
        ([name, fn]) =>
          new cloudwatch.Metric({
            namespace: 'AWS/Lambda',
            metricName: 'ConcurrentExecutions',
            dimensionsMap: { FunctionName: fn.functionName },
            statistic: 'Maximum',
            period: ALARM_PERIOD,
            label: label(name, 'concurrency'),
          }),
      ),
    }),
    new cloudwatch.GraphWidget({
      title: 'Dead letters',
      width: 12,
      left: props.deadLetterQueues.map((dlq) =>
        dlq.queue.metricApproximateNumberOfMessagesVisible({
          period: ALARM_PERIOD,
          statistic: 'Maximum',
          label: dlq.name,
        }),
      ),
    }),
  ];
}

function raidRow(): cloudwatch.IWidget[] {
  return [
    new cloudwatch.GraphWidget({
      title: 'Raid mode and flagged messages (per minute)',
      width: 24,
      left: [
        responderMetric(MetricName.RaidModeActive, 'Maximum', MINUTE),
        responderMetric(MetricName.RaidModeEntered, 'Sum', MINUTE),
        responderMetric(MetricName.RaidModeLeft, 'Sum', MINUTE),
      ],
      right: [perReasonSearch(MetricName.Flagged, 60, MINUTE)],
    }),
  ];
}
