/**
 * The single-table layout (partition key `pk`, sort key `sk`, TTL attribute `expiresAt`).
 * The admin CLI and the simulator address the same items through these helpers.
 *
 * | item      | pk                 | sk         | holds                                              |
 * |-----------|--------------------|------------|----------------------------------------------------|
 * | sender    | `S#<hmac>`         | `S`        | window, opt-out, block/flag, last inbound id, count |
 * | budget    | `B#<yyyy-mm>`      | `B`        | month total `m`, `d<yyyy-mm-dd>`, `h<…THH>` amounts, `r<yyyy-mm-dd>` reservations held |
 * | control   | `CONTROL`          | `CONTROL`  | pause, budget overrides, raid state and override   |
 * | flood     | `F#<yyyy-mm-ddTHH>`| `F`        | inbound count per minute `m<MM>` (UTC), total `n`  |
 * | text      | `T#<fingerprint>`  | `<yyyy-mm-dd>` | fresh senders of one text per UTC hour `h<HH>`   |
 * | evidence  | `E#<yyyy-mm-dd>`   | `<iso>#<id>`| flagged messages, raw number, digest (UTC day)    |
 * | audit     | `AUDIT#<yyyy-mm>`  | `<iso>#<id>`| who changed what with the admin CLI, and when     |
 */
export const TTL_ATTRIBUTE = 'expiresAt';

export interface ItemKey {
  readonly pk: string;
  readonly sk: string;
}

export const senderItemKey = (senderKey: string): ItemKey => ({ pk: `S#${senderKey}`, sk: 'S' });

export const budgetItemKey = (month: string): ItemKey => ({ pk: `B#${month}`, sk: 'B' });

export const CONTROL_KEY: ItemKey = { pk: 'CONTROL', sk: 'CONTROL' };

/** Attribute names inside the budget item. */
export const budgetAttribute = {
  month: 'm',
  day: (day: string): string => `d${day}`,
  hour: (hour: string): string => `h${hour}`,
  /** The string set of the reservations made that day and not given back (see `items/budget-ledger.ts`). */
  held: (day: string): string => `r${day}`,
  /** How many senders joined the waiting list that day (it bounds the list). */
  waiting: (day: string): string => `w${day}`,
  /**
   * The true-ups of the replies reserved that day (see `BudgetLedger.trueUp`): a map from a
   * message's key to the billed amount applied, `-billed - 1` while only a non-final receipt
   * was, so that the final one can correct it.
   */
  trueUps: (day: string): string => `u${day}`,
  /** Billed amounts of the receipted replies (month, day). */
  billedMonth: 'bm',
  billedDay: (day: string): string => `bd${day}`,
  /** Billed − estimated of the receipted replies (month, day): what the true-ups added. */
  trueUpMonth: 'xm',
  trueUpDay: (day: string): string => `xd${day}`,
  /** Billed and estimated of one country's receipted replies that day (the learned price). */
  countryBilled: (day: string, country: string): string => `bc${day}#${country}`,
  countryEstimated: (day: string, country: string): string => `ec${day}#${country}`,
};

/** The inbound counter of one UTC hour; minutes are attributes `m00`…`m59`. */
export const floodItemKey = (utcHour: string): ItemKey => ({ pk: `F#${utcHour}`, sk: 'F' });

/**
 * The canned-text counters of one text fingerprint (a keyed hash, never the text) on one UTC day
 * (`yyyy-mm-dd`): fresh senders per UTC hour, attributes `h00`…`h23`; expired by TTL.
 */
export const textCountItemKey = (fingerprint: string, utcDay: string): ItemKey => ({
  pk: `T#${fingerprint}`,
  sk: utcDay,
});

/** The partition of the audit records of one UTC month (`2026-10`). */
export const auditPartition = (month: string): string => `AUDIT#${month}`;

/** An audit record of a change made with the maintainers' CLI. */
export const auditItemKey = (isoTime: string, id: string): ItemKey => ({
  pk: auditPartition(isoTime.slice(0, 7)),
  sk: `${isoTime}#${id}`,
});
