/**
 * How many evidence records (flagged messages) were kept in a time range: a counting Query per
 * UTC day partition (`E#<day>`), which reads the keys only, never a body or a number.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { evidencePartition } from '../../lambda/adapters/evidence-store';
import type { Target } from './target';

const DAY_MS = 86_400_000;

/** Records received in `[fromMs, toMs)`. */
export async function countEvidence(target: Target, fromMs: number, toMs: number): Promise<number> {
  if (toMs <= fromMs) return 0;
  const since = new Date(fromMs).toISOString();
  const until = `${new Date(toMs).toISOString()}#`;
  let total = 0;
  for (let day = fromMs - (fromMs % DAY_MS); day < toMs; day += DAY_MS) {
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await target.documentClient.send(
        new QueryCommand({
          TableName: target.tableName,
          KeyConditionExpression: 'pk = :pk AND sk BETWEEN :since AND :until',
          ExpressionAttributeValues: {
            ':pk': evidencePartition(new Date(day).toISOString()),
            ':since': since,
            // `#` sorts before any id character: records at exactly `toMs` are left out.
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
