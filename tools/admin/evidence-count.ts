/**
 * How many evidence records (flagged messages) were kept in a time range, through the evidence
 * store (`countEvidence`: counting queries that read the keys only).
 */
import { countEvidence as countStored } from '../../lambda/adapters/evidence-store';
import type { Target } from './target';

/** Records received in `[fromMs, toMs)`. */
export async function countEvidence(target: Target, fromMs: number, toMs: number): Promise<number> {
  return countStored(target.documentClient, target.tableName, fromMs, toMs);
}
