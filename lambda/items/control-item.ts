/**
 * The control item (`CONTROL`): pause, budget overrides and raises, the texts set at run time,
 * raid mode and its override, changed by the admin CLI (each change sets only its own
 * attributes, never the `raid` map) and by flood detection, read by the functions through a
 * short cache. Its codec and the functions' writes (raid mode, learned prices), all through
 * `Table.updateIf`; the maintainers' changes are in `control-changes.ts`, which the Lambdas'
 * bundles leave out.
 */
import type { LearnedPrice } from '../domain/learned-price';
import type { ControlState, RaidState } from '../domain/types';
import { DEFAULT_CONTROL } from '../domain/types';
import { CONTROL_KEY } from '../adapters/table-keys';
import type { Item, Table } from './table';
import { numberOrUndefined } from './table';
import { textsOf } from './control-texts';

/** Amounts of a budget map (`budgetOverride`, `budgetRaise`); `effectiveCaps` bounds them. */
function capsOf(value: unknown): ControlState['budgetOverride'] {
  const map = (value ?? {}) as Record<string, unknown>;
  return {
    hourMicros: numberOrUndefined(map.hourMicros),
    dayMicros: numberOrUndefined(map.dayMicros),
    monthMicros: numberOrUndefined(map.monthMicros),
  };
}

function raidStateOf(value: unknown): RaidState {
  const raid = (value ?? {}) as Record<string, unknown>;
  return {
    active: raid.active === true,
    sinceMs: numberOrUndefined(raid.sinceMs),
    lastFloodMs: numberOrUndefined(raid.lastFloodMs),
    baselinePerMinute: numberOrUndefined(raid.baselinePerMinute),
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

/** The table's control item. */
export class ControlItem {
  constructor(private readonly table: Table) {}

  /** Runtime controls (pause, overrides, raid state). */
  async read(): Promise<ControlState> {
    return controlOf(await this.table.get(CONTROL_KEY));
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

  private async updateIf(
    update: string,
    condition: string,
    values: Record<string, unknown>,
  ): Promise<boolean> {
    return (await this.table.updateIf({ key: CONTROL_KEY, update, condition, values })).written;
  }
}
