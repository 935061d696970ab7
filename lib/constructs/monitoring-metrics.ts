/**
 * The metrics the alarms and the dashboard read: the functions' own (Powertools EMF, names in
 * `lambda/metric-names.ts`) and the account's SMS spend, in AWS's namespaces.
 */
import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type { SendVia } from '../config/stack-defaults';
import {
  Dimension,
  METRICS_NAMESPACE,
  METRICS_SERVICE,
  MetricName,
} from '../../lambda/metric-names';

/** The responder's metrics are looked at in 5-minute steps: fine enough for an hourly budget. */
export const ALARM_PERIOD = Duration.minutes(5);

/** An AWS metric of the account's SMS spend this month, in USD: a running total. */
export interface SmsSpendMetric {
  readonly namespace: string;
  readonly metricName: string;
  /** The valid statistic of a running total. */
  readonly statistic: 'Maximum';
  /** What it counts, for the alarm's description. */
  readonly counts: string;
}

/**
 * The account's SMS spend metric of each send path, with no dimension (the account total).
 * - `sms-voice`: "TextMessageMonthlySpend | The amount of money (in US Dollars) that you have
 *   spent sending SMS messages this month. | US Dollars | Maximum"; "The namespace for AWS End
 *   User Messaging SMS is `AWS/SMSVoice`"; the account total is the series with no dimension
 *   ("None | Do not filter", "Account Metrics" in the console). "These metrics don't appear until
 *   you send at least one message", and "You must create a service-linked role for CloudWatch
 *   metrics to be collected."
 *   https://docs.aws.amazon.com/sms-voice/latest/userguide/monitoring-cloudwatch.html
 * - `sns`: `SMSMonthToDateSpentUSD`, "The charges you have accrued since the start of the current
 *   calendar month for sending SMS messages", statistic Maximum.
 *   https://docs.aws.amazon.com/sns/latest/dg/sns-monitoring-using-cloudwatch.html
 * Whether either counts the other path's sends is not documented (docs/aws-facts.md §3, read
 * 2026-11-29): each path watches its own.
 */
export const SMS_SPEND_METRIC: Readonly<Record<SendVia, SmsSpendMetric>> = {
  'sms-voice': {
    namespace: 'AWS/SMSVoice',
    metricName: 'TextMessageMonthlySpend',
    statistic: 'Maximum',
    counts: 'End User Messaging SMS spend (SendTextMessage)',
  },
  sns: {
    namespace: 'AWS/SNS',
    metricName: 'SMSMonthToDateSpentUSD',
    statistic: 'Maximum',
    counts: 'SNS SMS spend (Publish)',
  },
};

/**
 * The account's SMS spend on a send path, as a CloudWatch metric (a label for charts only: a
 * labelled metric makes an alarm a metric-math alarm).
 */
export function smsSpendMetric(
  sendVia: SendVia,
  period: Duration,
  label?: string,
): cloudwatch.Metric {
  const { namespace, metricName, statistic } = SMS_SPEND_METRIC[sendVia];
  return new cloudwatch.Metric({
    namespace,
    metricName,
    statistic,
    period,
    ...(label === undefined ? {} : { label }),
  });
}

/**
 * A metric of the functions' own (the responder, and the dispatcher with a safety delay), with
 * the Powertools `service` dimension every one of them carries.
 */
export function responderMetric(
  metricName: string,
  statistic: string,
  period: Duration,
  dimensions: Record<string, string> = {},
): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName,
    dimensionsMap: { [Dimension.Service]: METRICS_SERVICE, ...dimensions },
    statistic,
    period,
  });
}

/**
 * A `SEARCH` of one of the functions' metrics with one line per `Reason`, including reasons
 * added after this stack was written.
 */
export function perReasonSearch(
  metricName: string,
  periodSeconds: number,
  period: Duration,
): cloudwatch.MathExpression {
  return new cloudwatch.MathExpression({
    expression: `SEARCH('{${METRICS_NAMESPACE},${Dimension.Reason},${Dimension.Service}} MetricName="${metricName}"', 'Sum', ${periodSeconds})`,
    label: '',
    period,
  });
}

/**
 * How far billed is above estimated for the receipted replies, in percent (negative when
 * below): `100 × (billed − estimated) / estimated` over `period`.
 */
export function priceDriftMetric(period: Duration): cloudwatch.MathExpression {
  return new cloudwatch.MathExpression({
    expression: '100 * (billed - estimated) / estimated',
    label: 'billed above estimated (%)',
    usingMetrics: {
      billed: responderMetric(MetricName.BilledMicros, 'Sum', period),
      estimated: responderMetric(MetricName.EstimatedMicros, 'Sum', period),
    },
    period,
  });
}
