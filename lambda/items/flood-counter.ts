/**
 * The flood counters (`F#<yyyy-mm-ddTHH>`, UTC): inbound messages per minute (`m00`…`m59`) and
 * the hour's total (`n`), read by flood detection to tell a raid from the baseline.
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
    for (let i = 0; i < utcHours.length; i += BATCH_KEYS) {
      let keys: Record<string, unknown>[] = utcHours
        .slice(i, i + BATCH_KEYS)
        .map((hour) => ({ ...floodItemKey(hour) }));
      for (let round = 0; keys.length > 0 && round < BATCH_ROUNDS; round += 1) {
        keys = await this.readBatch(keys, totals);
      }
    }
    return totals;
  }

  /** One BatchGetItem; adds what it read to `totals`, returns the keys left unprocessed. */
  private async readBatch(
    keys: Record<string, unknown>[],
    totals: Record<string, number>,
  ): Promise<Record<string, unknown>[]> {
    const table = this.table.name;
    const result = await this.table.documentClient.send(
      new BatchGetCommand({
        RequestItems: { [table]: { Keys: keys, ProjectionExpression: 'pk, n' } },
      }),
    );
    for (const item of result.Responses?.[table] ?? []) {
      if (typeof item.n === 'number') totals[String(item.pk).slice(2)] = item.n;
    }
    return (result.UnprocessedKeys?.[table]?.Keys ?? []) as Record<string, unknown>[];
  }
}
