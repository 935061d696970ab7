/**
 * Evidence records in the table, one partition per UTC day so that an export by time range is a
 * few queries: pk `E#<yyyy-mm-dd>`, sk `<receivedAt>#<inboundMessageId>`. The sender's HMAC is
 * stored too (`senderKey`), to filter by sender without scanning numbers.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { EvidenceRecord } from '../domain/evidence';
import { Table } from '../items/table';
import { TTL_ATTRIBUTE } from './table-keys';

const DAY_MS = 86_400_000;
const MS_PER_SECOND = 1000;
/** The longest `evidenceRetentionDays` the config accepts (ten years, `lib/config/schema.ts`). */
export const MAX_RETENTION_DAYS = 3650;
/**
 * How long a record may outlive its retention: DynamoDB deletes expired items "typically within
 * two days" and reads see them until then (UpdateTimeToLive, DynamoDB API reference), and the
 * TTL counts from when the responder handled the message, at most hours after it was received.
 */
export const TTL_GRACE_DAYS = 7;
/** Clocks disagree (a laptop's, the Lambda's): records up to a day past "now" are still looked for. */
export const CLOCK_SKEW_DAYS = 1;
/**
 * One query per UTC day: a range is at most the longest retention and its margins. Callers clamp
 * what they were asked for with {@link retainedRange} first; a wider range is a programming error.
 */
export const MAX_QUERY_DAYS = MAX_RETENTION_DAYS + TTL_GRACE_DAYS + CLOCK_SKEW_DAYS + 1;

export const evidencePartition = (receivedAt: string): string => `E#${receivedAt.slice(0, 10)}`;

export interface EvidenceQuery {
  readonly sinceMs: number;
  readonly untilMs: number;
  /** Only this sender's records (by HMAC). */
  readonly senderKey?: string;
}

/**
 * The part of [sinceMs, untilMs) where records can still be, `nowMs` being the store's present:
 * none was received before the retention (plus {@link TTL_GRACE_DAYS}), none after `nowMs` (plus
 * {@link CLOCK_SKEW_DAYS}). `--since 2020-01-01` thus reads what the table may hold, not six
 * years of empty day partitions. The result may be empty (`untilMs <= sinceMs`): nothing can
 * exist there. `retentionSeconds` is the retention in force (undefined: the longest the config
 * accepts); records kept under a longer one before a config change are outside the range.
 */
export function retainedRange(
  query: EvidenceQuery,
  nowMs: number,
  retentionSeconds: number | undefined,
): EvidenceQuery {
  const retentionMs =
    retentionSeconds === undefined ? MAX_RETENTION_DAYS * DAY_MS : retentionSeconds * MS_PER_SECOND;
  const oldestMs = nowMs - retentionMs - TTL_GRACE_DAYS * DAY_MS;
  const newestMs = nowMs + CLOCK_SKEW_DAYS * DAY_MS;
  return {
    ...query,
    sinceMs: Math.max(query.sinceMs, oldestMs),
    untilMs: Math.min(query.untilMs, newestMs),
  };
}

export class EvidenceStore {
  private readonly table: Table;

  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {
    this.table = new Table(client, tableName);
  }

  /** Stores a record once (a redelivered message does not make a second one). */
  async put(record: EvidenceRecord, senderKey: string, expiresAtSeconds: number): Promise<void> {
    await this.table.putIfAbsent({
      pk: evidencePartition(record.receivedAt),
      sk: `${record.receivedAt}#${record.inboundMessageId}`,
      ...record,
      reasons: [...record.reasons],
      senderKey,
      [TTL_ATTRIBUTE]: expiresAtSeconds,
    });
  }

  /** Records received in [sinceMs, untilMs), in time order (one query per UTC day). */
  async query(query: EvidenceQuery): Promise<EvidenceRecord[]> {
    if (query.untilMs <= query.sinceMs) return [];
    if (query.untilMs - query.sinceMs > MAX_QUERY_DAYS * DAY_MS) {
      throw new RangeError(
        `an evidence query covers at most ${MAX_QUERY_DAYS} days: clamp it with retainedRange()`,
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

/**
 * How many records were received in [sinceMs, untilMs): a counting Query per UTC day, which
 * reads the keys only, never a body or a number. A function, not a method: only the admin CLI
 * counts, and the Lambdas' bundles leave it out.
 */
export async function countEvidence(
  client: DynamoDBDocumentClient,
  tableName: string,
  sinceMs: number,
  untilMs: number,
): Promise<number> {
  if (untilMs <= sinceMs) return 0;
  const since = new Date(sinceMs).toISOString();
  const until = `${new Date(untilMs).toISOString()}#`;
  let total = 0;
  for (let day = Date.UTC(...ymd(sinceMs)); day < untilMs; day += DAY_MS) {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await client.send(
        new QueryCommand({
          TableName: tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :since AND :until',
          ExpressionAttributeValues: {
            ':pk': evidencePartition(new Date(day).toISOString()),
            ':since': since,
            // `#` sorts before any id character: records at exactly `untilMs` are left out.
            ':until': until,
          },
          Select: 'COUNT',
          ExclusiveStartKey: startKey,
        }),
      );
      total += page.Count ?? 0;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }
  return total;
}
