import { Aws, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { DropReason, Period } from '../../lambda/domain/types';
import type { SendVia } from '../config/stack-defaults';
import { PERIODS } from '../../lambda/domain/types';
import { Dimension, MetricName } from '../../lambda/metric-names';
import { dashboardRows } from './dashboard';
import {
  ALARM_PERIOD,
  priceDriftMetric,
  responderMetric,
  SMS_SPEND_METRIC,
  smsSpendMetric,
} from './monitoring-metrics';

/** The budget shares that raise an alarm, per period (the 50 / 80 / 100 %). */
export const BUDGET_ALARM_PERCENTS = [50, 80, 100] as const;

/** `Dropped` reason the responder counts when a period's budget is exhausted. */
const BUDGET_DROP_REASON: Record<Period, string> = {
  hour: 'budget_hour',
  day: 'budget_day',
  month: 'budget_month',
};

/** `Dropped` reason of the canned-text signal (`lambda/responder/canned-text-step.ts`). */
const CANNED_TEXT_DROP_REASON: DropReason = 'canned_text';

/** Alarm ids per period, e.g. `BudgetHour80`. */
const PERIOD_TITLE: Record<Period, string> = { hour: 'Hour', day: 'Day', month: 'Month' };

/** The flood alarm counts inbound SMS per minute... */
const FLOOD_PERIOD = Duration.minutes(1);
/** ...and fires when 3 of the last 5 minutes are above the threshold: a burst of one minute is not a raid. */
const FLOOD_EVALUATION_PERIODS = 5;
const FLOOD_DATAPOINTS_TO_ALARM = 3;

/** A dead-letter queue to alarm on and chart. */
export interface MonitoredQueue {
  /** Short name used in alarm ids and descriptions. */
  readonly name: string;
  readonly queue: sqs.IQueue;
  /** What a message in it means, for the alarm description. */
  readonly meaning: string;
}

/** Properties of {@link Monitoring}. */
export interface MonitoringProps {
  readonly responder: lambda.IFunction;
  /**
   * The dispatcher (safety delay): its errors get an alarm, the dashboard charts scheduled,
   * sent and cancelled replies.
   * @default none: replies are sent at once, by the responder
   */
  readonly dispatcher?: lambda.IFunction;
  /**
   * Receipts: the function's errors get an alarm; billed above estimated by more than
   * `priceDriftPercent` over a day raises `PriceDrift`; both lines are charted.
   * @default none: no receipts
   */
  readonly receipts?: { readonly fn: lambda.IFunction; readonly priceDriftPercent: number };
  readonly deadLetterQueues: readonly MonitoredQueue[];
  /** Budget currency, for labels. */
  readonly currency: string;
  /** Inbound SMS per minute that mean a flood. */
  readonly floodInboundPerMinute: number;
  /** The account's month-to-date SMS spend (USD) that raises the spend alarm. */
  readonly smsSpendUsd: number;
  /**
   * How replies are sent: the spend alarm and chart watch that path's metric
   * ({@link SMS_SPEND_METRIC}).
   * @default 'sns'
   */
  readonly sendVia?: SendVia;
  /**
   * Where alarms are e-mailed.
   * @default no subscription
   */
  readonly alarmEmail?: string;
  /**
   * Dashboard name.
   * @default the stack name
   */
  readonly dashboardName?: string;
}

/** One alarm, as {@link Monitoring.addAlarm} takes it. */
export interface AntirelouAlarmProps {
  readonly metric: cloudwatch.IMetric;
  readonly threshold: number;
  /** What it means and what to do: it is the text of the e-mail. */
  readonly description: string;
  /** @default GREATER_THAN_OR_EQUAL_TO_THRESHOLD */
  readonly comparisonOperator?: cloudwatch.ComparisonOperator;
  /** @default 1 */
  readonly evaluationPeriods?: number;
  /** @default evaluationPeriods */
  readonly datapointsToAlarm?: number;
  /** @default NOT_BREACHING: no data means nothing happened */
  readonly treatMissingData?: cloudwatch.TreatMissingData;
}

/**
 * Alarms and the dashboard. Every alarm goes to one encrypted alarm topic, e-mailed to the
 * configured address. Alarms are added through {@link addAlarm}, so that a new one (raid mode,
 * issue 5) is one call.
 */
export class Monitoring extends Construct {
  readonly alarmTopic: sns.Topic;
  readonly dashboard: cloudwatch.Dashboard;
  /** Every alarm, in the order added. */
  readonly alarms: cloudwatch.Alarm[] = [];
  private readonly action: cloudwatch.IAlarmAction;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.alarmTopic = this.createAlarmTopic(props.alarmEmail);
    this.action = new cloudwatchActions.SnsAction(this.alarmTopic);

    this.addBudgetAlarms();
    this.addRaidAlarms(props.floodInboundPerMinute);
    this.addFailureAlarms(props);
    this.addSpendAlarm(props.sendVia ?? 'sns', props.smsSpendUsd);
    if (props.receipts !== undefined) this.addReceiptAlarms(props.receipts);

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName ?? Stack.of(this).stackName,
      defaultInterval: Duration.hours(24),
    });
    for (const row of dashboardRows(props, this.alarms)) this.dashboard.addWidgets(...row);
  }

  /** Adds an alarm that notifies the alarm topic, and returns it. */
  addAlarm(id: string, props: AntirelouAlarmProps): cloudwatch.Alarm {
    const evaluationPeriods = props.evaluationPeriods ?? 1;
    const alarm = new cloudwatch.Alarm(this, id, {
      alarmDescription: props.description,
      metric: props.metric,
      threshold: props.threshold,
      comparisonOperator:
        props.comparisonOperator ??
        cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods,
      datapointsToAlarm: props.datapointsToAlarm ?? evaluationPeriods,
      treatMissingData: props.treatMissingData ?? cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(this.action);
    this.alarms.push(alarm);
    return alarm;
  }

  /** The console URL of the dashboard. */
  get dashboardUrl(): string {
    return (
      `https://${Aws.REGION}.console.aws.amazon.com/cloudwatch/home?region=${Aws.REGION}` +
      `#dashboards:name=${this.dashboard.dashboardName}`
    );
  }

  /** The encrypted topic every alarm notifies, e-mailed to the address if there is one. */
  private createAlarmTopic(alarmEmail: string | undefined): sns.Topic {
    const key = new kms.Key(this, 'AlarmTopicKey', {
      description: 'antirelou: encrypts alarm notifications',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    // CloudWatch publishes alarms to the encrypted topic: it needs the key, for this account only.
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'AllowCloudWatchAlarmsToPublish',
        principals: [new iam.ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
    );
    const topic = new sns.Topic(this, 'AlarmTopic', {
      displayName: 'antirelou alarms',
      masterKey: key,
      enforceSSL: true,
    });
    if (alarmEmail !== undefined) {
      topic.addSubscription(new subscriptions.EmailSubscription(alarmEmail));
    }
    return topic;
  }

  /** A flood of inbound SMS, and raid mode in force. */
  private addRaidAlarms(floodInboundPerMinute: number): void {
    this.addAlarm('Flood', {
      metric: responderMetric(MetricName.Inbound, 'Sum', FLOOD_PERIOD),
      threshold: floodInboundPerMinute,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: FLOOD_EVALUATION_PERIODS,
      datapointsToAlarm: FLOOD_DATAPOINTS_TO_ALARM,
      description:
        `Flood: more than ${floodInboundPerMinute} inbound SMS a minute for 3 of the last 5 ` +
        'minutes. Likely a raid. Budgets cap the cost; check the dashboard (drops by reason), ' +
        'keep evidence, consider pausing with the CLI.',
    });
    this.addAlarm('RaidMode', {
      // RaidModeActive is 1 in every invocation while raid mode is in force.
      metric: responderMetric(MetricName.RaidModeActive, 'Maximum', FLOOD_PERIOD),
      threshold: 1,
      description:
        "Raid mode: flood detection saw inbound SMS far above the last hour's rate. The responder " +
        'now replies only to numbers never seen before, within the lower raid hourly cap; abusive ' +
        'messages are flagged and kept as evidence. It ends by itself after the quiet time. Check ' +
        'the dashboard, then `npx antirelou status`; export evidence with ' +
        '`npx antirelou export-evidence`; `npx antirelou raid off` overrides it (README, "When a raid comes").',
    });
    this.addAlarm('CannedText', {
      // The canned-text signal: fresh numbers sending one text, below the flood floor.
      metric: responderMetric(MetricName.Dropped, 'Sum', ALARM_PERIOD, {
        [Dimension.Reason]: CANNED_TEXT_DROP_REASON,
      }),
      threshold: 1,
      description:
        'Canned texts: many new numbers sent the same text within an hour (a raid under the ' +
        'flood floor); they get no reply (canned_text) and never reach the budget. Nothing to ' +
        'do; check the dashboard (drops by reason). If they are real people (a launch where ' +
        'everyone copies one sentence), raise raid.cannedText.threshold or sharePercent in the ' +
        'config and deploy (docs/design.md, "When a raid comes").',
    });
  }

  /** Function errors and dead letters: messages that got no answer or replies not sent. */
  private addFailureAlarms(props: MonitoringProps): void {
    this.addAlarm('HandlerErrors', {
      metric: props.responder.metricErrors({ period: ALARM_PERIOD, statistic: 'Sum' }),
      threshold: 1,
      description:
        'Responder errors: invocations failed (usually the table or the secret could not be ' +
        'reached). Lambda retries, then the dead-letter queue. Check the function logs.',
    });
    if (props.dispatcher !== undefined) {
      this.addAlarm('DispatcherErrors', {
        metric: props.dispatcher.metricErrors({ period: ALARM_PERIOD, statistic: 'Sum' }),
        threshold: 1,
        description:
          'Dispatcher errors: scheduled replies failed (usually the table could not be ' +
          'reached). Lambda retries, then the Dispatcher dead-letter queue, where their money stays ' +
          'reserved. Check the dispatcher logs.',
      });
    }
    for (const dlq of props.deadLetterQueues) {
      this.addAlarm(`DeadLetters${dlq.name}`, {
        metric: dlq.queue.metricApproximateNumberOfMessagesVisible({
          period: ALARM_PERIOD,
          statistic: 'Maximum',
        }),
        threshold: 1,
        description: `Dead letters in ${dlq.name}: ${dlq.meaning} Inspect, fix, then redrive or delete them.`,
      });
    }
  }

  /** The account's SMS spend this month, on the send path's own metric. */
  /**
   * Receipts: the function's errors, and billed drifting above estimated over a day. A day is
   * one period: "Period multiplied by EvaluationPeriods can't be more than 604,800 seconds. For
   * alarms with a period of less than one hour (3,600 seconds), the total evaluation period
   * can't be longer than one day" (CloudWatch API, `PutMetricAlarm`, `Period`, read 2026-11-29).
   */
  private addReceiptAlarms(receipts: NonNullable<MonitoringProps['receipts']>): void {
    this.addAlarm('ReceiptsErrors', {
      metric: receipts.fn.metricErrors({ period: ALARM_PERIOD, statistic: 'Sum' }),
      threshold: 1,
      description:
        'Receipts errors: receipts of replies could not be applied (usually the table could ' +
        'not be reached). Lambda retries, then the Receipts dead-letter queue; those replies ' +
        'keep their estimate. Check the receipts function logs.',
    });
    const percent = receipts.priceDriftPercent;
    this.addAlarm('PriceDrift', {
      metric: priceDriftMetric(Duration.days(1)),
      threshold: percent,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      description:
        `Price drift: over the last day AWS billed more than ${percent}% above what the ` +
        'budget estimated for the same replies (carrier fees, a new price, a longer split, or ' +
        'the exchange rate). The caps already count the billed amount, and reservations use ' +
        'the learned price (`npx antirelou status`); update `prices` in the config (and ' +
        '`receipts.usdRate`), then deploy.',
    });
  }

  private addSpendAlarm(sendVia: SendVia, smsSpendUsd: number): void {
    const spend = SMS_SPEND_METRIC[sendVia];
    // Same id on both paths: changing sendVia changes the metric of one alarm, not the alarm.
    this.addAlarm('SmsMonthToDateSpend', {
      metric: smsSpendMetric(sendVia, ALARM_PERIOD),
      threshold: smsSpendUsd,
      // Keep the last state between the service's data points (none before the first send).
      treatMissingData: cloudwatch.TreatMissingData.IGNORE,
      description:
        `Account SMS spend this month (${spend.namespace} ${spend.metricName}: ${spend.counts}) ` +
        `reached ${smsSpendUsd} USD (the month budget). The responder's budget should ` +
        'have stopped replies before: check for other senders in the account and the SMS spend ' +
        'in Billing.',
    });
  }

  /**
   * 50 and 80 %: the responder's `BudgetUsedPercent` after a reservation. 100 %: a reservation
   * can stop short of 100 % (the next reply would not fit), so "exhausted" also counts the
   * `budget_<period>` drops. The share is only emitted when a reply is reserved, so the 50/80
   * alarms keep their state between replies instead of flapping back to OK.
   */
  private addBudgetAlarms(): void {
    for (const period of PERIODS) {
      const used = responderMetric(MetricName.BudgetUsedPercent, 'Maximum', ALARM_PERIOD, {
        [Dimension.Period]: period,
      });
      const title = PERIOD_TITLE[period];
      for (const percent of BUDGET_ALARM_PERCENTS) {
        if (percent < 100) {
          this.addAlarm(`Budget${title}${percent}`, {
            metric: used,
            threshold: percent,
            treatMissingData: cloudwatch.TreatMissingData.IGNORE,
            description:
              `Budget: ${percent} % of this ${period}'s budget is spent. Nothing to do if traffic ` +
              'is real; otherwise look at the dashboard for a flood.',
          });
          continue;
        }
        const exhausted = new cloudwatch.MathExpression({
          label: `${period} budget used (%) or exhausted`,
          expression: 'IF(FILL(drops, 0) > 0, 100, FILL(used, 0))',
          usingMetrics: {
            used,
            drops: responderMetric(MetricName.Dropped, 'Sum', ALARM_PERIOD, {
              [Dimension.Reason]: BUDGET_DROP_REASON[period],
            }),
          },
          period: ALARM_PERIOD,
        });
        this.addAlarm(`Budget${title}${percent}`, {
          metric: exhausted,
          threshold: percent,
          description:
            `Budget: this ${period}'s budget is exhausted; replies are dropped ` +
            `(${BUDGET_DROP_REASON[period]}) until the next ${period}. This is the budget doing ` +
            'its job. If real people are being dropped, raise the budget in the config and deploy.',
        });
      }
    }
  }
}
