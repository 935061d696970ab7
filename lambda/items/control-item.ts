/**
 * The control item (`CONTROL`): pause, budget overrides and raises, the texts set at run time,
 * raid mode and its override, changed by the admin CLI (each change sets only its own
 * attributes, never the `raid` map) and by flood detection, read by the functions through a
 * short cache. Its codec and its writes, all through `Table.updateIf`.
 */
import type { LearnedPrice } from '../domain/learned-price';
import type { BudgetCaps, ControlState, RaidState } from '../domain/types';
import { DEFAULT_CONTROL } from '../domain/types';
import { CONTROL_KEY } from '../adapters/table-keys';
import type { Item, Table, UpdateResult } from './table';
import type { StoredText, TextChange, TextSlot } from './control-texts';
import { readStoredText, textsOf, writeStoredText } from './control-texts';

/** Amounts of a budget map (`budgetOverride`, `budgetRaise`); `effectiveCaps` bounds them. */
function capsOf(value: unknown): ControlState['budgetOverride'] {
  const map = (value ?? {}) as Record<string, unknown>;
  const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
  return {
    hourMicros: num(map.hourMicros),
    dayMicros: num(map.dayMicros),
    monthMicros: num(map.monthMicros),
  };
}

function raidStateOf(value: unknown): RaidState {
  const raid = (value ?? {}) as Record<string, unknown>;
  const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
  return {
    active: raid.active === true,
    sinceMs: num(raid.sinceMs),
    lastFloodMs: num(raid.lastFloodMs),
    baselinePerMinute: num(raid.baselinePerMinute),
  };
}

/** Attribute of a country's learned price: `price#FR` = `{micros, atMs}`. */
const PRICE_PREFIX = 'price#';

/** The learned prices held by the item (`domain/learned-price.ts`), if any. */
function learnedPricesOf(item: Item): Record<string, LearnedPrice> | undefined {
  const prices: Record<string, LearnedPrice> = {};
  for (const [name, value] of Object.entries(item)) {
    if (!name.startsWith(PRICE_PREFIX)) continue;
    const { micros, atMs } = (value ?? {}) as Record<string, unknown>;
    if (typeof micros === 'number' && typeof atMs === 'number') {
      prices[name.slice(PRICE_PREFIX.length)] = { micros, atMs };
    }
  }
  return Object.keys(prices).length > 0 ? prices : undefined;
}

/** The controls, read from the item (absent: the defaults). */
export function controlOf(item: Item | undefined): ControlState {
  if (!item) return DEFAULT_CONTROL;
  const texts = textsOf(item.texts);
  const learned = learnedPricesOf(item);
  return {
    paused: item.paused === true,
    pausedReason: typeof item.pausedReason === 'string' ? item.pausedReason : undefined,
    budgetOverride: capsOf(item.budgetOverride),
    ...(item.budgetRaise === undefined ? {} : { budgetRaise: capsOf(item.budgetRaise) }),
    ...(texts === undefined ? {} : { texts }),
    raidOverride:
      item.raidOverride === 'on' || item.raidOverride === 'off' ? item.raidOverride : undefined,
    raid: raidStateOf(item.raid),
    ...(learned === undefined ? {} : { learnedPrices: learned }),
  };
}

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
  const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
  const raid = (item.raid ?? {}) as Item;
  return {
    control: controlOf(item),
    pausedAtMs: num(item.pausedAtMs),
    pausedBy: typeof item.pausedBy === 'string' ? item.pausedBy : undefined,
    raidEndedMs: num(raid.endedMs),
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

/** The table's control item. */
export class ControlItem {
  constructor(private readonly table: Table) {}

  /** Runtime controls (pause, overrides, raid state). */
  async read(): Promise<ControlState> {
    return controlOf(await this.table.get(CONTROL_KEY));
  }

  /** The item for the maintainers' reports, read consistently; undefined when there is none. */
  async readRecord(): Promise<ControlRecord | undefined> {
    const item = await this.table.get(CONTROL_KEY, true);
    return item === undefined ? undefined : controlRecordOf(item);
  }

  /** Raid mode on, unless another container did it first; true when this call did it. */
  enterRaid(nowMs: number, baselinePerMinute: number): Promise<boolean> {
    return this.updateIf(
      'SET #raid = :raid',
      'attribute_not_exists(#raid.#active) OR #raid.#active = :false',
      {
        ':raid': { active: true, sinceMs: nowMs, lastFloodMs: nowMs, baselinePerMinute },
        ':false': false,
      },
    );
  }

  /** Notes that the flood goes on (at most once a minute per container). */
  async noteFlood(nowMs: number): Promise<void> {
    await this.updateIf('SET #raid.#lastFloodMs = :now', '#raid.#active = :true', {
      ':now': nowMs,
      ':true': true,
    });
  }

  /** Raid mode off, if the flood was last seen at `lastFloodMs`; true when this call did it. */
  leaveRaid(nowMs: number, lastFloodMs: number): Promise<boolean> {
    return this.updateIf(
      'SET #raid.#active = :false, #raid.#endedMs = :now',
      '#raid.#active = :true AND #raid.#lastFloodMs = :last',
      { ':false': false, ':true': true, ':now': nowMs, ':last': lastFloodMs },
    );
  }

  /** Records the price learned for a country (last writer wins: all learn from one count). */
  async learnPrice(country: string, price: LearnedPrice): Promise<void> {
    await this.table.updateIf({
      key: CONTROL_KEY,
      update: 'SET #p = :price',
      names: { '#p': `${PRICE_PREFIX}${country}` },
      values: { ':price': { micros: price.micros, atMs: price.atMs } },
    });
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

  private async updateIf(
    update: string,
    condition: string,
    values: Record<string, unknown>,
  ): Promise<boolean> {
    return (await this.table.updateIf({ key: CONTROL_KEY, update, condition, values })).written;
  }
}
