/**
 * The canned-text counters (`T#<fingerprint>`, one item per text fingerprint and window): how
 * many fresh senders sent that text in the window. One unconditional `ADD` a counted message,
 * which returns the new count (1 WCU: the item holds a number and its TTL). The state is
 * bounded: an item never grows (one number), and each expires by TTL after its window.
 */
import { textCountItemKey, TTL_ATTRIBUTE } from '../adapters/table-keys';
import type { Table } from './table';

/** The table's canned-text counters. */
export class TextCounter {
  constructor(private readonly table: Table) {}

  /** Adds one sender to a text's count in the window; returns the window's count. */
  async add(fingerprint: string, windowStartMs: number, expiresAtSeconds: number): Promise<number> {
    const result = await this.table.updateIf({
      key: textCountItemKey(fingerprint, new Date(windowStartMs).toISOString()),
      update: 'ADD #n :one SET #ttl = :exp',
      names: { '#n': 'n', '#ttl': TTL_ATTRIBUTE },
      values: { ':one': 1, ':exp': expiresAtSeconds },
      returnValues: 'ALL_NEW',
    });
    const count = result.item?.n;
    return typeof count === 'number' ? count : 0;
  }
}
