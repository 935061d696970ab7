/**
 * The canned-text counters (`T#<fingerprint>`, one item per text fingerprint and UTC day): how
 * many fresh senders sent that text in each UTC hour (`h00`…`h23`). One unconditional `ADD` per
 * counted message returns the whole item: this hour's count and the previous hour's, so that
 * every container sees a text that fired in the last hour (1 WCU: at most 24 small numbers and
 * a TTL). The state is bounded: at most 24 attributes an item, each item expires by TTL after
 * its day. Units: a write of an item up to 1 KB is one write unit, an `UpdateItem` billed on the
 * larger of the item before and after ("DynamoDB read and write operations", Amazon DynamoDB
 * Developer Guide, docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html,
 * read 2026-11-29); `test/integration/round-trips.test.ts` measures 1 on a full day's item.
 */
import { textCountItemKey, TTL_ATTRIBUTE } from '../adapters/table-keys';
import type { Table } from './table';

const MS_PER_HOUR = 3_600_000;

/** A text's fresh senders in the current UTC hour and in the one before (same UTC day). */
export interface TextCounts {
  readonly thisHour: number;
  readonly previousHour: number;
}

/** `h<HH>` of an instant's UTC hour, and its UTC day. */
function hourOf(ms: number): { day: string; attribute: string } {
  const iso = new Date(ms).toISOString();
  return { day: iso.slice(0, 10), attribute: `h${iso.slice(11, 13)}` };
}

/** The table's canned-text counters. */
export class TextCounter {
  constructor(private readonly table: Table) {}

  /** Adds one sender to a text's count in `nowMs`'s UTC hour; returns that count and the last. */
  async add(fingerprint: string, nowMs: number, expiresAtSeconds: number): Promise<TextCounts> {
    const now = hourOf(nowMs);
    const result = await this.table.updateIf({
      key: textCountItemKey(fingerprint, now.day),
      update: 'ADD #h :one SET #ttl = :exp',
      names: { '#h': now.attribute, '#ttl': TTL_ATTRIBUTE },
      values: { ':one': 1, ':exp': expiresAtSeconds },
      returnValues: 'ALL_NEW',
    });
    const item = result.item ?? {};
    const before = hourOf(nowMs - MS_PER_HOUR);
    const count = (name: string): number => (typeof item[name] === 'number' ? item[name] : 0);
    return {
      thisHour: count(now.attribute),
      // The first hour of a day: the previous one is on yesterday's item (not read: 0).
      previousHour: before.day === now.day ? count(before.attribute) : 0,
    };
  }
}
