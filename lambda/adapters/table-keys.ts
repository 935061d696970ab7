/**
 * The single-table layout (partition key `pk`, sort key `sk`, TTL attribute `expiresAt`).
 * The admin CLI and the simulator address the same items through these helpers.
 *
 * | item      | pk                 | sk         | holds                                              |
 * |-----------|--------------------|------------|----------------------------------------------------|
 * | sender    | `S#<hmac>`         | `S`        | window, opt-out, block/flag, last inbound id, count |
 * | budget    | `B#<yyyy-mm>`      | `B`        | month total `m`, `d<yyyy-mm-dd>`, `h<…THH>` amounts |
 * | control   | `CONTROL`          | `CONTROL`  | pause switch, budget overrides                     |
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
};
