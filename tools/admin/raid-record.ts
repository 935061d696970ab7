/**
 * The raid period the control item remembers: flood detection writes `raid.sinceMs` when it
 * enters raid mode and `raid.endedMs` when it leaves (`lambda/items/control-item.ts`,
 * `enterRaid`/`leaveRaid`); the maintainers' `raidOverride` sits beside it. Read through
 * `ControlItem.readRecord`, for the dossier.
 */
import type { RecordedRaid } from '../evidence/raid-periods';
import type { Target } from './target';
import { itemsOf } from './target';

/** The control item's raid state; undefined when there is no control item. */
export async function readRecordedRaid(target: Target): Promise<RecordedRaid | undefined> {
  const record = await itemsOf(target).controlChanges.readRecord();
  if (record === undefined) return undefined;
  const { raid, raidOverride } = record.control;
  const fields = {
    sinceMs: raid.sinceMs,
    endedMs: record.raidEndedMs,
    baselinePerMinute: raid.baselinePerMinute,
    override: raidOverride,
  };
  return {
    active: raid.active,
    ...(Object.fromEntries(
      Object.entries(fields).filter(([, value]) => value !== undefined),
    ) as Omit<RecordedRaid, 'active'>),
  };
}
