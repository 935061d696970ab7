/**
 * Reading the records back from a dossier's `evidence.jsonl` or `evidence.csv`, saying where a
 * file stops being readable (the line of the JSON Lines file; the CSV's own error) rather than
 * failing with a bare parse error.
 */
import type { EvidenceRecord } from '../../lambda/domain/evidence';
import { readCsvExport } from './export';

/** The records of a file, or why it cannot be read. */
export type ReadRecords =
  | { readonly ok: true; readonly records: EvidenceRecord[] }
  | { readonly ok: false; readonly problem: string };

const FIELDS = ['receivedAt', 'inboundMessageId', 'from', 'to', 'body', 'digest'] as const;

function recordOf(value: unknown): EvidenceRecord | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const fields = value as Record<string, unknown>;
  if (FIELDS.some((field) => typeof fields[field] !== 'string')) return undefined;
  const reasons = fields.reasons;
  if (!Array.isArray(reasons) || reasons.some((reason) => typeof reason !== 'string')) {
    return undefined;
  }
  return value as EvidenceRecord;
}

/** The records of a JSON Lines export, one per line. */
export function readJsonLines(text: string): ReadRecords {
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  const records: EvidenceRecord[] = [];
  for (const [index, line] of lines.entries()) {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      return { ok: false, problem: `line ${index + 1} is not valid JSON` };
    }
    const record = recordOf(value);
    if (record === undefined) {
      return { ok: false, problem: `line ${index + 1} is not an evidence record` };
    }
    records.push(record);
  }
  return { ok: true, records };
}

/** The records of a CSV export (unescaped, as written). */
export function readCsv(text: string): ReadRecords {
  try {
    return { ok: true, records: readCsvExport(text) };
  } catch (error) {
    return { ok: false, problem: (error as Error).message };
  }
}
