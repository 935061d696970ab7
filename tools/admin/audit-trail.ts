/**
 * Reading the audit records back (`audit.ts` writes and decodes them): one Query per month
 * partition (`auditPartition`, UTC months of the record's time), sort keys `<iso time>#<id>`,
 * so a time range is a key condition and nothing else is read.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { auditPartition } from '../../lambda/adapters/table-keys';
import type { StoredAudit } from './audit';
import { auditRecordOf } from './audit';
import type { Target } from './target';

export type { StoredAudit } from './audit';

/** The UTC months (`2026-10`) from `fromMs` to `toMs`, oldest first. */
export function utcMonths(fromMs: number, toMs: number): string[] {
  const months: string[] = [];
  const date = new Date(fromMs);
  let year = date.getUTCFullYear();
  let month = date.getUTCMonth();
  const last = new Date(toMs).toISOString().slice(0, 7);
  for (;;) {
    const key = `${String(year).padStart(4, '0')}-${String(month + 1).padStart(2, '0')}`;
    if (key > last) break;
    months.push(key);
    month += 1;
    if (month === 12) [year, month] = [year + 1, 0];
  }
  return months;
}

/** The audit records of `[fromMs, toMs)`, newest first. */
export async function readAudit(
  target: Target,
  fromMs: number,
  toMs: number,
): Promise<StoredAudit[]> {
  const since = new Date(Math.max(0, fromMs)).toISOString();
  const until = new Date(toMs).toISOString();
  const records: StoredAudit[] = [];
  for (const month of utcMonths(Math.max(0, fromMs), toMs)) {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await target.documentClient.send(
        new QueryCommand({
          TableName: target.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :since AND :until',
          ExpressionAttributeValues: {
            ':pk': auditPartition(month),
            ':since': since,
            ':until': until,
          },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) {
        const record = auditRecordOf(item);
        if (record && record.whenMs >= fromMs && record.whenMs < toMs) records.push(record);
      }
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  }
  return records.sort((a, b) => b.whenMs - a.whenMs || b.sk.localeCompare(a.sk));
}
