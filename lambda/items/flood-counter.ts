/**
 * The flood counters (`F#<yyyy-mm-ddTHH>`, UTC): inbound messages per minute (`m00`…`m59`) and
 * the hour's total (`n`), read by flood detection to tell a raid from the baseline, and per
 * minute by the maintainers' dossier.
 */
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { floodItemKey, TTL_ATTRIBUTE } from '../adapters/table-keys';
import type { Item, Table } from './table';

/** BatchGetItem takes at most 100 keys a call. */
const BATCH_KEYS = 100;
/** Rounds of retries of unprocessed keys (BatchGetItem may leave some under load). */
const BATCH_ROUNDS = 5;

/** The hour's counts per minute (`'00'`…`'59'`), read from its item. */
export function minuteCountsOf(item: Item | undefined): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const [name, value] of Object.entries(item ?? {})) {
    if (/^m\d\d$/.test(name) && typeof value === 'number') counts[name.slice(1)] = value;
  }
  return counts;
}

/** The table's flood counters. */
export class FloodCounter {
  constructor(private readonly table: Table) {}

  /** Adds to a minute's inbound count; returns the hour's counts per minute. */
  async add(
    utcHour: string,
    minute: string,
    count: number,
    expiresAtSeconds: number,
  ): Promise<Record<string, number>> {
    const result = await this.table.updateIf({
      key: floodItemKey(utcHour),
      update: 'ADD #minute :count, #n :count SET #ttl = :exp',
      names: { '#minute': `m${minute}`, '#n': 'n', '#ttl': TTL_ATTRIBUTE },
      values: { ':count': count, ':exp': expiresAtSeconds },
      returnValues: 'ALL_NEW',
    });
    return minuteCountsOf(result.item);
  }

  /** Inbound totals of whole UTC hours (absent hours count 0). */
  async readTotals(utcHours: readonly string[]): Promise<Record<string, number>> {
    const totals: Record<string, number> = {};
    for (const hour of utcHours) totals[hour] = 0;
    await this.readHours(utcHours, 'pk, n', (hour, item) => {
      if (typeof item.n === 'number') totals[hour] = item.n;
    });
    return totals;
  }

  /**
   * The counts per minute of whole UTC hours (`hour → {'00': n, …}`), for the hours whose item
   * is still there (counters live two days): the maintainers' dossier charts them.
   */
  async readMinutes(utcHours: readonly string[]): Promise<Map<string, Record<string, number>>> {
    const found = new Map<string, Record<string, number>>();
    await this.readHours(utcHours, undefined, (hour, item) =>
      found.set(hour, minuteCountsOf(item)),
    );
    return found;
  }

  /** Reads the hours' items in batches, retrying unprocessed keys; each found goes to `use`. */
  private async readHours(
    utcHours: readonly string[],
    projection: string | undefined,
    use: (utcHour: string, item: Item) => void,
  ): Promise<void> {
    for (let i = 0; i < utcHours.length; i += BATCH_KEYS) {
      let keys: Record<string, unknown>[] = utcHours
        .slice(i, i + BATCH_KEYS)
        .map((hour) => ({ ...floodItemKey(hour) }));
      for (let round = 0; keys.length > 0 && round < BATCH_ROUNDS; round += 1) {
        keys = await this.readBatch(keys, projection, use);
      }
    }
  }

  /** One BatchGetItem; returns the keys left unprocessed. */
  private async readBatch(
    keys: Record<string, unknown>[],
    projection: string | undefined,
    use: (utcHour: string, item: Item) => void,
  ): Promise<Record<string, unknown>[]> {
    const table = this.table.name;
    const result = await this.table.documentClient.send(
      new BatchGetCommand({
        RequestItems: {
          [table]: {
            Keys: keys,
            ...(projection === undefined ? {} : { ProjectionExpression: projection }),
          },
        },
      }),
    );
    // The key is `F#<hour>`: the hour is what follows the prefix.
    for (const item of result.Responses?.[table] ?? []) use(String(item.pk).slice(2), item);
    return (result.UnprocessedKeys?.[table]?.Keys ?? []) as Record<string, unknown>[];
  }
}
