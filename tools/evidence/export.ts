/**
 * Evidence exports for a complaint: JSON Lines or CSV, in time order, each record with its
 * SHA-256 digest; the manifest digest (see `manifestDigest`) covers the whole export.
 *
 * CSV and formula injection (OWASP, "CSV Injection", https://owasp.org/www-community/attacks/CSV_Injection;
 * CWE-1236): a spreadsheet reads a cell as a formula when it starts with `=`, `+`, `-`, `@`, tab,
 * CR or LF, and OWASP warns that a field separator (`,` or `;`, the list separator of French
 * spreadsheets) or a line break inside a value can start a new cell mid-value. Spreadsheets also
 * accept the fullwidth and small forms (`＝＋－＠`, `﹦﹢﹣﹫`) and trim leading whitespace on import.
 * So the export, which must also stay exactly reversible (a row is checked against its digest):
 * - every data cell is quoted (RFC 4180, `"` doubled), as OWASP advises;
 * - a *segment* of a cell is its text from its start, or from just after a `,` `;` tab CR or LF,
 *   to the next of those. One `'` goes in front of a segment that starts with `'`, or that could
 *   be read as a formula: at the cell's start, a formula character, whitespace or a control
 *   character; after a separator, a formula character, possibly after whitespace;
 * - to undo it ({@link unescapeCell}), remove one `'` at the start of the cell and one right after
 *   each `,` `;` tab CR or LF, where there is one. Segments that started with `'` got a second
 *   one, so no two values export alike, and a phone number `+33612345678` reads `'+33612345678`.
 */
import type { EvidenceRecord } from '../../lambda/domain/evidence';

export type ExportFormat = 'jsonl' | 'csv';

/** The CSV header, in column order. `reasons` is a JSON array of strings. */
export const CSV_COLUMNS = [
  'receivedAt',
  'inboundMessageId',
  'from',
  'to',
  'body',
  'reasons',
  'digest',
] as const;

/** The file mode of exports: they hold raw numbers and bodies, for their owner's eyes only. */
export const EXPORT_FILE_MODE = 0o600;

/** The ASCII and fullwidth/small forms of `=`, `+`, `-`, `@`. */
const FORMULA = '=+\\-@\\uFF1D\\uFF0B\\uFF0D\\uFF20\\uFE66\\uFE62\\uFE63\\uFE6B';
/** Whitespace (Unicode, NBSP included) and control characters (NUL, tab, CR, LF…). */
const BLANK = '\\s\\u0000-\\u001F\\u007F';
/** Where a cell may be split by a reader that guesses another separator or breaks lines. */
const SEPARATOR = ',;\\t\\r\\n';
const DANGEROUS_START = new RegExp(`^(?:'|[${FORMULA}${BLANK}])`);
const DANGEROUS_AFTER_SEPARATOR = new RegExp(`([${SEPARATOR}])(?='|[${BLANK}]*[${FORMULA}])`, 'g');
const ESCAPE_MARK = new RegExp(`(^|[${SEPARATOR}])'`, 'g');

/** A cell safe to open in a spreadsheet, which {@link unescapeCell} turns back into `value`. */
export function escapeCell(value: string): string {
  const inner = value.replace(DANGEROUS_AFTER_SEPARATOR, "$1'");
  return DANGEROUS_START.test(value) ? `'${inner}` : inner;
}

/** The value an escaped cell stood for: one `'` less at the start and after each separator. */
export function unescapeCell(cell: string): string {
  return cell.replace(ESCAPE_MARK, '$1');
}

/** RFC 4180 quoting, for every cell (OWASP: a quoted cell is not split on `,` or `;`). */
function quote(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}

/** The cells of a record, in {@link CSV_COLUMNS} order, before escaping. */
function cellsOf(record: EvidenceRecord): string[] {
  return [
    record.receivedAt,
    record.inboundMessageId,
    record.from,
    record.to,
    record.body,
    JSON.stringify(record.reasons),
    record.digest,
  ];
}

/** The records in export order: by time received, then by inbound message id. */
export function inExportOrder(records: readonly EvidenceRecord[]): EvidenceRecord[] {
  return [...records].sort((a, b) =>
    a.receivedAt === b.receivedAt
      ? a.inboundMessageId.localeCompare(b.inboundMessageId)
      : a.receivedAt.localeCompare(b.receivedAt),
  );
}

/** The records sorted by time, as JSON Lines or CSV (see the file's comment for the CSV). */
export function writeEvidenceExport(
  records: readonly EvidenceRecord[],
  format: ExportFormat,
): string {
  const sorted = inExportOrder(records);
  if (format === 'jsonl') {
    return sorted.map((record) => JSON.stringify(record)).join('\n') + (sorted.length ? '\n' : '');
  }
  const rows = sorted.map((record) =>
    cellsOf(record)
      .map((cell) => quote(escapeCell(cell)))
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

/** RFC 4180 records (rows of cells); line breaks inside quoted cells are kept. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i]!;
    if (quoted) {
      if (char !== '"') cell += char;
      else if (text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else quoted = false;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(cell);
      cell = '';
    } else if (char === '\r' || char === '\n') {
      if (char === '\r' && text[i + 1] === '\n') i += 1;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += char;
  }
  if (cell !== '' || row.length > 0) rows.push([...row, cell]);
  return rows;
}

/**
 * Reads a CSV export back: each row unescaped into the record it was written from, so that its
 * digest can be recomputed (`verifyEvidence`). Throws when the header is not the export's.
 */
export function readCsvExport(text: string): EvidenceRecord[] {
  const [header, ...rows] = parseCsv(text);
  if (header?.join(',') !== CSV_COLUMNS.join(',')) {
    throw new Error(`not an evidence CSV export: the header is not ${CSV_COLUMNS.join(',')}`);
  }
  return rows.map((row, index) => {
    if (row.length !== CSV_COLUMNS.length) {
      throw new Error(`row ${index + 2} has ${row.length} cells, not ${CSV_COLUMNS.length}`);
    }
    const [receivedAt, inboundMessageId, from, to, body, reasons, digest] = row.map(unescapeCell);
    return {
      receivedAt: receivedAt!,
      inboundMessageId: inboundMessageId!,
      from: from!,
      to: to!,
      body: body!,
      reasons: JSON.parse(reasons!) as string[],
      digest: digest!,
    };
  });
}
