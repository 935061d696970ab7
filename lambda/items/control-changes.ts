/**
 * The maintainers' side of the control item (`control-item.ts`): their changes (pause, caps,
 * raid override, texts), each a request object through `Table.updateIf` returning the controls
 * as they were, and the record their reports read. Only the admin CLI uses it, so the Lambdas'
 * bundles leave it out (test/bench/bundle-options.test.ts bounds their size).
 */
import { CONTROL_KEY } from '../adapters/table-keys';
import type { BudgetCaps, ControlState } from '../domain/types';
import type { StoredText, TextChange, TextSlot } from './control-texts';
import { readStoredText, writeStoredText } from './control-texts';
import { controlOf } from './control-item';
import type { Item, Table, UpdateResult } from './table';
import { numberOrUndefined } from './table';

/** The control item as the maintainers' reports read it: the controls, and more. */
export interface ControlRecord {
  readonly control: ControlState;
  /** When replies were paused, and by whom (absent: not paused, or paused by hand). */
  readonly pausedAtMs?: number;
  readonly pausedBy?: string;
  /** When flood detection last left raid mode. */
  readonly raidEndedMs?: number;
}

/** The control item for the maintainers' reports. */
export function controlRecordOf(item: Item): ControlRecord {
  const raid = (item.raid ?? {}) as Item;
  return {
    control: controlOf(item),
    pausedAtMs: numberOrUndefined(item.pausedAtMs),
    pausedBy: typeof item.pausedBy === 'string' ? item.pausedBy : undefined,
    raidEndedMs: numberOrUndefined(raid.endedMs),
  };
}

/** A maintainer's pause: who, on the target's clock, and why (numbers already masked). */
export interface PauseRequest {
  readonly by: string;
  readonly nowMs: number;
  readonly reason?: string;
}

/** Some fields of a caps map (`budgetOverride` lowers, `budgetRaise` raises); others kept. */
export interface CapsRequest {
  readonly map: 'budgetOverride' | 'budgetRaise';
  readonly caps: Partial<BudgetCaps>;
}

/** Override fields to remove; absent: the whole override. */
export interface ClearRequest {
  readonly fields?: readonly (keyof BudgetCaps)[];
}

/** Raid mode forced on or off, or left to flood detection (`auto`). */
export interface RaidOverrideRequest {
  readonly mode: 'on' | 'off' | 'auto';
}

/** The control item kept changing under a change, which was not applied: run it again. */
export class ControlContentionError extends Error {
  constructor(readonly what: 'caps' | 'texts') {
    super(`the control item's ${what} kept changing`);
    this.name = 'ControlContentionError';
  }
}

const CAP_FIELDS: readonly (keyof BudgetCaps)[] = ['hourMicros', 'dayMicros', 'monthMicros'];
/** Conditional changes are tried this many times before a {@link ControlContentionError}. */
const CHANGE_ATTEMPTS = 3;

/** The maintainers' changes to the control item, and the record their reports read. */
export class ControlChanges {
  constructor(private readonly table: Table) {}

  /** The item for the maintainers' reports, read consistently; undefined when there is none. */
  async readRecord(): Promise<ControlRecord | undefined> {
    const item = await this.table.get(CONTROL_KEY, true);
    return item === undefined ? undefined : controlRecordOf(item);
  }

  /** Pauses replies (keeping the first pause time); the controls as they were before. */
  async pause(request: PauseRequest): Promise<ControlState> {
    const { reason } = request;
    const update =
      'SET #paused = :true, #pausedAtMs = if_not_exists(#pausedAtMs, :now), #pausedBy = :who' +
      (reason === undefined ? ' REMOVE #pausedReason' : ', #pausedReason = :reason');
    const values = { ':true': true, ':now': request.nowMs, ':who': request.by };
    return this.changed(
      await this.change(update, reason === undefined ? values : { ...values, ':reason': reason }),
    );
  }

  /** Replies again; the controls as they were before. */
  async resume(): Promise<ControlState> {
    const update = 'SET #paused = :false REMOVE #pausedReason, #pausedAtMs, #pausedBy';
    return this.changed(await this.change(update, { ':false': false }));
  }

  /**
   * Sets some fields of a caps map, keeping the others; the controls as they were before. A
   * nested SET needs the map to exist, and creating the map must not erase a concurrent change:
   * each attempt is conditional, and the loop ends when one of them holds.
   */
  async setCaps(request: CapsRequest): Promise<ControlState> {
    const { map, caps } = request;
    const values: Item = {};
    const sets: string[] = [];
    const whole: Item = {};
    for (const field of CAP_FIELDS) {
      const micros = caps[field];
      if (micros === undefined) continue;
      values[`:${field}`] = micros;
      sets.push(`#${map}.#${field} = :${field}`);
      whole[field] = micros;
    }
    for (let attempt = 0; attempt < CHANGE_ATTEMPTS; attempt += 1) {
      const nested = await this.change(
        `SET ${sets.join(', ')}`,
        values,
        `attribute_exists(#${map})`,
      );
      if (nested.written) return this.changed(nested);
      const created = await this.change(
        `SET #${map} = :map`,
        { ':map': whole },
        `attribute_not_exists(#${map})`,
      );
      if (created.written) return this.changed(created);
    }
    throw new ControlContentionError('caps');
  }

  /** Removes override fields; the controls as they were before, undefined when none was set. */
  async clearOverride(request: ClearRequest): Promise<ControlState | undefined> {
    const update =
      request.fields === undefined
        ? 'REMOVE #budgetOverride'
        : `REMOVE ${request.fields.map((field) => `#budgetOverride.#${field}`).join(', ')}`;
    const result = await this.change(update, undefined, 'attribute_exists(#budgetOverride)');
    return result.written ? this.changed(result) : undefined;
  }

  /** Forces raid mode on or off, or leaves it to flood detection; the controls before. */
  async setRaidOverride(request: RaidOverrideRequest): Promise<ControlState> {
    const { mode } = request;
    return this.changed(
      mode === 'auto'
        ? await this.change('REMOVE #raidOverride')
        : await this.change('SET #raidOverride = :mode', { ':mode': mode }),
    );
  }

  /** The text a slot holds at run time (undefined: the config's applies), read consistently. */
  readText(slot: TextSlot): Promise<StoredText | undefined> {
    return readStoredText(this.table, slot);
  }

  /** Sets or removes one slot's text (see {@link writeStoredText}); the entry it replaced. */
  async changeText(change: TextChange): Promise<StoredText | undefined> {
    for (let attempt = 0; attempt < CHANGE_ATTEMPTS; attempt += 1) {
      const result = await writeStoredText(this.table, change);
      if (result.written) return result.previous;
    }
    throw new ControlContentionError('texts');
  }

  /** One change by a maintainer, returning the item as it was. */
  private change(update: string, values?: Item, condition?: string): Promise<UpdateResult> {
    return this.table.updateIf({
      key: CONTROL_KEY,
      update,
      condition,
      values,
      returnValues: 'ALL_OLD',
    });
  }

  private changed(result: UpdateResult): ControlState {
    return controlOf(result.item ?? {});
  }
}
