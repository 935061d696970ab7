/**
 * Evidence records in the table, one partition per UTC day so that an export by time range is a
 * few queries: pk `E#<yyyy-mm-dd>`, sk `<receivedAt>#<inboundMessageId>`. The sender's HMAC is
 * stored too (`senderKey`), to filter by sender without scanning numbers.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { EvidenceRecord } from '../domain/evidence';
import { isConditionalCheckFailed } from './expressions';
import { TTL_ATTRIBUTE } from './table-keys';

const DAY_MS = 86_400_000;
/** Evidence is kept at most ten years; a query spans at most about one year of day partitions. */
export const MAX_QUERY_DAYS = 400;

export const evidencePartition = (receivedAt: string): string => `E#${receivedAt.slice(0, 10)}`;

export interface EvidenceQuery {
  readonly sinceMs: number;
  readonly untilMs: number;
  /** Only this sender's records (by HMAC). */
  readonly senderKey?: string;
}

export class EvidenceStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Stores a record once (a redelivered message does not make a second one). */
  async put(record: EvidenceRecord, senderKey: string, expiresAtSeconds: number): Promise<void> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: evidencePartition(record.receivedAt),
            sk: `${record.receivedAt}#${record.inboundMessageId}`,
            ...record,
            reasons: [...record.reasons],
            senderKey,
            [TTL_ATTRIBUTE]: expiresAtSeconds,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    } catch (error) {
      if (!isConditionalCheckFailed(error)) throw error;
    }
  }

  /** Records received in [sinceMs, untilMs), in time order (one query per UTC day). */
  async query(query: EvidenceQuery): Promise<EvidenceRecord[]> {
    if (query.untilMs - query.sinceMs > MAX_QUERY_DAYS * DAY_MS) {
      throw new RangeError(
        `an evidence query covers at most ${MAX_QUERY_DAYS} days: narrow --since/--until`,
      );
    }
    const records: EvidenceRecord[] = [];
    const since = new Date(query.sinceMs).toISOString();
    const until = new Date(query.untilMs).toISOString();
    const firstDay = Date.UTC(...ymd(query.sinceMs));
    for (let day = firstDay; day < query.untilMs; day += DAY_MS) {
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: 'pk = :pk AND sk BETWEEN :since AND :until',
            ...(query.senderKey === undefined ? {} : { FilterExpression: 'senderKey = :sender' }),
            ExpressionAttributeValues: {
              ':pk': evidencePartition(new Date(day).toISOString()),
              ':since': since,
              // `#` sorts before any id character: records at exactly `until` are excluded.
              ':until': `${until}#`,
              ...(query.senderKey === undefined ? {} : { ':sender': query.senderKey }),
            },
            ExclusiveStartKey: startKey,
          }),
        );
        for (const item of page.Items ?? []) {
          if (String(item.sk) >= `${until}#`) continue;
          records.push({
            receivedAt: String(item.receivedAt),
            inboundMessageId: String(item.inboundMessageId),
            from: String(item.from),
            to: String(item.to),
            body: String(item.body),
            reasons: Array.isArray(item.reasons) ? item.reasons.map(String) : [],
            digest: String(item.digest),
          });
        }
        startKey = page.LastEvaluatedKey;
      } while (startKey);
    }
    return records;
  }
}

function ymd(ms: number): [number, number, number] {
  const date = new Date(ms);
  return [date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()];
}
