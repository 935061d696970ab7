/**
 * The items as the admin CLI uses them: the Lambdas' (`index.ts`) plus what only maintainers
 * do (blocks, the census's scan, the months read back, the control item's changes). Kept apart
 * so that the Lambdas' bundles leave that code out (test/bench/bundle-options.test.ts).
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { BudgetMonths } from './budget-month';
import { ControlChanges } from './control-changes';
import type { Items } from './index';
import { itemsOn } from './index';
import { SenderBlocks } from './sender-block';
import { SenderScan } from './sender-scan';
import { Table } from './table';

/** The item modules of one table, with the maintainers' own. */
export interface MaintainerItems extends Items {
  /** The maintainers' blocks on the senders' items. */
  readonly blocks: SenderBlocks;
  /** One pass over the senders' items, for the maintainers' counts. */
  readonly senderScan: SenderScan;
  /** The budget items read back, for the reports. */
  readonly months: BudgetMonths;
  /** Pause, caps, raid override and texts set by hand; the record the reports read. */
  readonly controlChanges: ControlChanges;
}

/** The item modules of `tableName` for the admin CLI, through `client`. */
export function maintainerItems(
  client: DynamoDBDocumentClient,
  tableName: string,
): MaintainerItems {
  const table = new Table(client, tableName);
  return {
    ...itemsOn(table),
    blocks: new SenderBlocks(table),
    senderScan: new SenderScan(table),
    months: new BudgetMonths(table),
    controlChanges: new ControlChanges(table),
  };
}
