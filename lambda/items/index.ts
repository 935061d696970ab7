/**
 * The table's items for one table: one module per item (its key, its codec, its conditional
 * writes, all through `Table.updateIf`), bundled so that the Lambdas, the admin CLI, the local
 * tools and the tests address the same items the same way. The maintainers' own reads and
 * writes add to these in `maintainer-items.ts`.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { BudgetLedger } from './budget-ledger';
import { ControlItem } from './control-item';
import { FloodCounter } from './flood-counter';
import { SenderItems } from './sender-item';
import { Table } from './table';
import { TextCounter } from './text-counter';
import { TrueUps } from './true-ups';

/** The item modules of one table. */
export interface Items {
  /** The senders' items: claim, record, opt-out, flag, settle. */
  readonly senders: SenderItems;
  /** The budget ledger: reservations, give-backs, the waiting list's count. */
  readonly ledger: BudgetLedger;
  /** The control item: pause, overrides, texts, raid mode. */
  readonly control: ControlItem;
  /** The flood counters (inbound per minute). */
  readonly flood: FloodCounter;
  /** The canned-text counters. */
  readonly texts: TextCounter;
  /** The receipts' true-ups, on the budget items. */
  readonly trueUps: TrueUps;
}

/** The item modules of `tableName`, through `client`. */
export function tableItems(client: DynamoDBDocumentClient, tableName: string): Items {
  return itemsOn(new Table(client, tableName));
}

/** The item modules of one table. */
export function itemsOn(table: Table): Items {
  return {
    senders: new SenderItems(table),
    ledger: new BudgetLedger(table),
    control: new ControlItem(table),
    flood: new FloodCounter(table),
    texts: new TextCounter(table),
    trueUps: new TrueUps(table),
  };
}
