/**
 * What a built stack holds that AWS bills by the month, counted from its CloudFormation
 * resources (no synthesis, no network): the same tree `cdk synth` turns into the template, so
 * an alarm added to any construct is counted without anyone updating a list.
 */
import type { Stack } from 'aws-cdk-lib';
import { CfnResource } from 'aws-cdk-lib';
import { CfnAlarm } from 'aws-cdk-lib/aws-cloudwatch';

/** Counts of the stack's billed-by-the-month resources. */
export interface StackInventory {
  /** `AWS::KMS::Key`: customer managed keys. */
  readonly kmsKeys: number;
  /** `AWS::CloudWatch::Alarm`. */
  readonly alarms: number;
  /**
   * The metrics those alarms list: one for a plain alarm, one per `MetricStat` for a
   * metric-math alarm (CloudWatch prices "alarm metrics").
   */
  readonly alarmMetrics: number;
  /** `AWS::CloudWatch::Dashboard`. */
  readonly dashboards: number;
  /** `AWS::SecretsManager::Secret`. */
  readonly secrets: number;
  /** `AWS::Logs::LogGroup`. */
  readonly logGroups: number;
  /** `AWS::SMSVOICE::PhoneNumber`: numbers the stack leases (none for an existing number). */
  readonly phoneNumbers: number;
}

const TYPES = {
  kmsKeys: 'AWS::KMS::Key',
  alarms: 'AWS::CloudWatch::Alarm',
  dashboards: 'AWS::CloudWatch::Dashboard',
  secrets: 'AWS::SecretsManager::Secret',
  logGroups: 'AWS::Logs::LogGroup',
  phoneNumbers: 'AWS::SMSVOICE::PhoneNumber',
} as const;

/** How many metrics one alarm lists (a metric-math alarm lists several). */
function metricsOf(alarm: CfnAlarm): number {
  const queries = alarm.metrics;
  if (!Array.isArray(queries)) return 1;
  const listed = queries.filter(
    (query) => typeof query === 'object' && 'metricStat' in query && query.metricStat,
  ).length;
  return Math.max(1, listed);
}

/** Counts what a built stack will be billed for by the month. */
export function stackInventory(stack: Stack): StackInventory {
  const counts: Record<keyof typeof TYPES, number> = {
    kmsKeys: 0,
    alarms: 0,
    dashboards: 0,
    secrets: 0,
    logGroups: 0,
    phoneNumbers: 0,
  };
  let alarmMetrics = 0;
  for (const construct of stack.node.findAll()) {
    if (!CfnResource.isCfnResource(construct)) continue;
    for (const [name, type] of Object.entries(TYPES) as [keyof typeof TYPES, string][]) {
      if (construct.cfnResourceType === type) counts[name] += 1;
    }
    if (construct instanceof CfnAlarm) alarmMetrics += metricsOf(construct);
  }
  return { ...counts, alarmMetrics };
}
