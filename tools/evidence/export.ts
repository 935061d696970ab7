/**
 * Evidence exports for a complaint: JSON Lines or CSV, in time order, each record with its
 * SHA-256 digest; the manifest digest (see `manifestDigest`) covers the whole export. CSV cells
 * that a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, tab, CR first) are neutralised
 * with a leading `'` (OWASP's advice), so opening an export cannot run an attacker's formula.
 */
import type { EvidenceRecord } from '../../lambda/domain/evidence';

export type ExportFormat = 'jsonl' | 'csv';

export const CSV_COLUMNS = [
  'receivedAt',
  'inboundMessageId',
  'from',
  'to',
  'body',
  'reasons',
  'digest',
] as const;

/** A cell safe to open in a spreadsheet. */
export function neutraliseCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** RFC 4180 quoting. */
function quote(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function writeEvidenceExport(
  records: readonly EvidenceRecord[],
  format: ExportFormat,
): string {
  const sorted = [...records].sort((a, b) =>
    a.receivedAt === b.receivedAt
      ? a.inboundMessageId.localeCompare(b.inboundMessageId)
      : a.receivedAt.localeCompare(b.receivedAt),
  );
  if (format === 'jsonl') {
    return sorted.map((record) => JSON.stringify(record)).join('\n') + (sorted.length ? '\n' : '');
  }
  const rows = sorted.map((record) =>
    [
      record.receivedAt,
      record.inboundMessageId,
      record.from,
      record.to,
      record.body,
      record.reasons.join(';'),
      record.digest,
    ]
      .map((cell) => quote(neutraliseCell(cell)))
      .join(','),
  );
  return [CSV_COLUMNS.join(','), ...rows].join('\r\n') + '\r\n';
}

/** Reads a JSON Lines export back (for verification). */
export function readJsonLinesExport(text: string): EvidenceRecord[] {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as EvidenceRecord);
}
