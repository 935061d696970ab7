/**
 * The raid period the control item remembers: flood detection writes `raid.sinceMs` when it
 * enters raid mode and `raid.endedMs` when it leaves (`lambda/items/control-item.ts`, `enterRaid`/`leaveRaid`);
 * the maintainers' `raidOverride` sits beside it. Read as stored, for the dossier.
 */
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { CONTROL_KEY } from '../../lambda/adapters/table-keys';
import type { RecordedRaid } from '../evidence/raid-periods';
import type { Target } from './target';

const num = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

/** The control item's raid state; undefined when there is no control item. */
export async function readRecordedRaid(target: Target): Promise<RecordedRaid | undefined> {
  const { Item: item } = await target.documentClient.send(
    new GetCommand({ TableName: target.tableName, Key: CONTROL_KEY, ConsistentRead: true }),
  );
  if (item === undefined) return undefined;
  const raid = (item.raid ?? {}) as Record<string, unknown>;
  const override =
    item.raidOverride === 'on' || item.raidOverride === 'off' ? item.raidOverride : undefined;
  const fields = {
    sinceMs: num(raid.sinceMs),
    endedMs: num(raid.endedMs),
    baselinePerMinute: num(raid.baselinePerMinute),
    override,
  };
  return {
    active: raid.active === true,
    ...(Object.fromEntries(
      Object.entries(fields).filter(([, value]) => value !== undefined),
    ) as Omit<RecordedRaid, 'active'>),
  };
}
