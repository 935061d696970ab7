/**
 * The responder's metrics from CloudWatch (`GetMetricData`), addressed exactly as the alarms
 * address them (namespace, name, the `service` dimension Powertools adds, `Reason`): one query
 * per metric and reason rather than a SEARCH. Resolution follows CloudWatch's retention:
 * 1-minute points for 15 days, 5-minute points for 63 days, hourly points after that.
 */
import type { MetricDataQuery, CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { CANCEL_REASONS } from '../../lambda/domain/scheduled-reply';
import { DROP_REASONS } from '../../lambda/domain/types';
import {
  Dimension,
  METRICS_NAMESPACE,
  METRICS_SERVICE,
  MetricName,
} from '../../lambda/metric-names';
import type { MetricFigures } from './metric-figures';
import { bucketReadings, raidMinutesOf, raidPeriodsOf, sortedCounts } from './metric-figures';

const MS_PER_DAY = 86_400_000;
/** The reasons the responder gives `Flagged` (`telemetry.flagged`). */
const FLAG_REASONS = ['abusive', 'repeater', 'flagged'] as const;

/** A CloudWatch query id for a drop reason (ids are lower-case letters, digits, `_`). */
export const dropQueryId = (reason: string): string => `dropped_${reason}`;
const cancelQueryId = (reason: string): string => `cancelled_${reason}`;
const flagQueryId = (reason: string): string => `flagged_${reason}`;

/** The finest period CloudWatch still keeps for data this old (seconds). */
export function periodFor(ageMs: number, finest: 60 | 300): number {
  if (finest === 60 && ageMs <= 15 * MS_PER_DAY) return 60;
  return ageMs <= 63 * MS_PER_DAY ? 300 : 3600;
}

function metricQuery(
  id: string,
  name: string,
  period: number,
  stat: 'Sum' | 'Maximum',
  reason?: string,
): MetricDataQuery {
  return {
    Id: id,
    ReturnData: true,
    MetricStat: {
      Metric: {
        Namespace: METRICS_NAMESPACE,
        MetricName: name,
        Dimensions: [
          { Name: Dimension.Service, Value: METRICS_SERVICE },
          ...(reason === undefined ? [] : [{ Name: Dimension.Reason, Value: reason }]),
        ],
      },
      Period: period,
      Stat: stat,
    },
  };
}

/** Every query `figures` sends, for a range whose start is `ageMs` old. */
export function figureQueries(ageMs: number): MetricDataQuery[] {
  const sum = periodFor(ageMs, 300);
  const q = (id: string, name: string, reason?: string) =>
    metricQuery(id, name, sum, 'Sum', reason);
  return [
    q('inbound', MetricName.Inbound),
    q('replies', MetricName.Replies),
    q('unknown', MetricName.SendUnknown),
    ...DROP_REASONS.map((r) => q(dropQueryId(r), MetricName.Dropped, r)),
    ...CANCEL_REASONS.map((r) => q(cancelQueryId(r), MetricName.RepliesCancelled, r)),
    ...FLAG_REASONS.map((r) => q(flagQueryId(r), MetricName.Flagged, r)),
    metricQuery('raid_entered', MetricName.RaidModeEntered, periodFor(ageMs, 60), 'Sum'),
    metricQuery('raid_left', MetricName.RaidModeLeft, periodFor(ageMs, 60), 'Sum'),
    metricQuery('raid', MetricName.RaidModeActive, periodFor(ageMs, 60), 'Maximum'),
  ];
}

/** Every point of every query over the range, paged. */
async function fetchPoints(
  cloudWatch: CloudWatchClient,
  queries: MetricDataQuery[],
  fromMs: number,
  toMs: number,
): Promise<Map<string, { atMs: number; value: number }[]>> {
  const points = new Map<string, { atMs: number; value: number }[]>();
  let nextToken: string | undefined;
  do {
    const page = await cloudWatch.send(
      new GetMetricDataCommand({
        MetricDataQueries: queries,
        StartTime: new Date(fromMs),
        EndTime: new Date(toMs),
        NextToken: nextToken,
      }),
    );
    for (const result of page.MetricDataResults ?? []) {
      if (!result.Id) continue;
      const list = points.get(result.Id) ?? [];
      (result.Values ?? []).forEach((value, i) =>
        list.push({ atMs: result.Timestamps?.[i]?.getTime() ?? fromMs, value }),
      );
      points.set(result.Id, list);
    }
    nextToken = page.NextToken;
  } while (nextToken);
  return points;
}

/** The figures of `[fromMs, toMs)` from CloudWatch (`nowMs`: to pick the resolution). */
export async function cloudWatchFigures(
  cloudWatch: CloudWatchClient,
  fromMs: number,
  toMs: number,
  nowMs: number,
): Promise<MetricFigures> {
  const queries = figureQueries(nowMs - fromMs);
  const points = await fetchPoints(cloudWatch, queries, fromMs, toMs);
  const total = (id: string): number =>
    (points.get(id) ?? []).reduce((sum, point) => sum + point.value, 0);
  const byReason = (reasons: readonly string[], id: (r: string) => string) =>
    sortedCounts(Object.fromEntries(reasons.map((r) => [r, total(id(r))])));
  const raidQuery = queries.find((query) => query.Id === 'raid')!;
  const bucketMs = raidQuery.MetricStat!.Period! * 1000;
  const buckets = new Map<number, { entered?: number; active?: number; left?: number }>();
  const note = (id: string, field: 'entered' | 'active' | 'left'): void => {
    for (const point of points.get(id) ?? []) {
      buckets.set(point.atMs, { ...buckets.get(point.atMs), [field]: point.value });
    }
  };
  note('raid_entered', 'entered');
  note('raid', 'active');
  note('raid_left', 'left');
  const readings = [...buckets.entries()].flatMap(([atMs, values]) =>
    bucketReadings(atMs, bucketMs, values),
  );
  const periods = raidPeriodsOf(readings, bucketMs, toMs);
  const last = readings.sort((a, b) => a.atMs - b.atMs)[readings.length - 1];
  return {
    inbound: total('inbound'),
    repliesSent: total('replies') + total('unknown'),
    dropped: byReason(DROP_REASONS, dropQueryId),
    cancelled: byReason(CANCEL_REASONS, cancelQueryId),
    flagged: FLAG_REASONS.reduce((sum, r) => sum + total(flagQueryId(r)), 0),
    raidMinutes: raidMinutesOf(periods),
    raidPeriods: periods,
    ...(last === undefined ? {} : { raidAtEnd: last.active }),
    source: `CloudWatch metrics ${METRICS_NAMESPACE}/* (Inbound, Replies, Dropped by Reason, RaidMode*)`,
  };
}
