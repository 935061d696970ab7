/**
 * The tools' one table renderer (bench, simulator, abuse evaluation, admin CLI): columns padded
 * to their widest cell, two spaces between columns, no trailing spaces; or the same table in
 * Markdown for the docs the bench writes. Cells are plain strings (no colours), so a table reads
 * the same in a terminal, a log and a test.
 */

/** How a column is aligned: `left` for words, `right` for amounts and counts. */
export type Align = 'left' | 'right';

/** A table to render: a header row (optional) and its rows. */
export interface TextTable {
  readonly header?: readonly string[];
  readonly rows: readonly (readonly string[])[];
  /** Per column; missing columns are left-aligned. */
  readonly align?: readonly Align[];
  /** Spaces before each line (default 0). */
  readonly indent?: number;
}

const length = (cell: string): number => [...cell].length;

function widths(rows: readonly (readonly string[])[]): number[] {
  const columns = Math.max(0, ...rows.map((row) => row.length));
  return Array.from({ length: columns }, (_, c) =>
    Math.max(0, ...rows.map((row) => length(row[c] ?? ''))),
  );
}

function pad(cell: string, width: number, align: Align | undefined): string {
  const fill = ' '.repeat(Math.max(0, width - length(cell)));
  return align === 'right' ? fill + cell : cell + fill;
}

/** The table's lines, each without a trailing newline. */
export function renderTable(table: TextTable): string[] {
  const all = table.header === undefined ? table.rows : [table.header, ...table.rows];
  const width = widths(all);
  const prefix = ' '.repeat(table.indent ?? 0);
  return all.map((row) =>
    `${prefix}${width.map((w, c) => pad(row[c] ?? '', w, table.align?.[c])).join('  ')}`.trimEnd(),
  );
}

/** The same table in Markdown (a header is required there: the first row stands in for it). */
export function markdownTable(table: TextTable): string {
  const [header = [], ...rows] =
    table.header === undefined ? table.rows : [table.header, ...table.rows];
  const width = widths([header, ...rows]).map((w) => Math.max(3, w));
  const line = (cells: readonly string[]): string =>
    `| ${width.map((w, c) => pad((cells[c] ?? '').replace(/\|/g, '\\|'), w, table.align?.[c])).join(' | ')} |`;
  const rule = width.map((w, c) =>
    table.align?.[c] === 'right' ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w),
  );
  return [line(header), `| ${rule.join(' | ')} |`, ...rows.map(line)].join('\n');
}
