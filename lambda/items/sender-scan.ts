/**
 * One pass over the sender items (`S#<hmac>`, see `sender-item.ts`) for the maintainers'
 * counts: the stop list, blocks, flags, the last message seen, replies claimed and settled,
 * the waiting list. There is no index on these attributes (the responder never needs one), so
 * this is a Scan projected to eight small attributes: on a table of 100,000 senders, about
 * 5 MB read, a few hundred read units.
 */
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { senderItemKey } from '../adapters/table-keys';
import type { Item, Table } from './table';
import { numberOrUndefined } from './table';

/** What the counts need of one sender item. */
export interface SenderRow {
  readonly optedOut: boolean;
  readonly blocked: boolean;
  readonly flagged: boolean;
  /** Absent: a number blocked before it ever texted. */
  readonly lastSeenMs?: number;
  /** When its last reply was claimed. */
  readonly replyAtMs?: number;
  /** The message the claimed reply answers, and the last one the dispatcher settled. */
  readonly replyInboundId?: string;
  readonly settledInboundId?: unknown;
  /** On the waiting list until then (its claim is apart). */
  readonly waitUntilMs?: number;
}

const FIELDS = [
  'optedOut',
  'blocked',
  'flagged',
  'lastSeenMs',
  'replyAtMs',
  'replyInboundId',
  'settledInboundId',
  'waitUntilMs',
] as const;

/** A sender item as a row of the counts. */
export function senderRowOf(item: Item): SenderRow {
  return {
    optedOut: item.optedOut === true,
    blocked: item.blocked === true,
    flagged: item.flagged === true,
    lastSeenMs: numberOrUndefined(item.lastSeenMs),
    replyAtMs: numberOrUndefined(item.replyAtMs),
    replyInboundId: typeof item.replyInboundId === 'string' ? item.replyInboundId : undefined,
    settledInboundId: item.settledInboundId,
    waitUntilMs: numberOrUndefined(item.waitUntilMs),
  };
}

/** Scans the sender items. */
export class SenderScan {
  constructor(private readonly table: Table) {}

  /** Every sender item, a page at a time, as rows. */
  async forEach(visit: (row: SenderRow) => void): Promise<void> {
    // The key of an empty HMAC: every sender's partition starts with its `pk`, and has its `sk`.
    const { pk, sk } = senderItemKey('');
    const names: Record<string, string> = { '#pk': 'pk', '#sk': 'sk' };
    for (const field of FIELDS) names[`#${field}`] = field;
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.table.documentClient.send(
        new ScanCommand({
          TableName: this.table.name,
          FilterExpression: 'begins_with(#pk, :prefix) AND #sk = :sk',
          ProjectionExpression: FIELDS.map((field) => `#${field}`).join(', '),
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: { ':prefix': pk, ':sk': sk },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) visit(senderRowOf(item));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }
}
