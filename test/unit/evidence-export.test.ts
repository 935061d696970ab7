/**
 * The CSV evidence export: no cell a spreadsheet could run as a formula (OWASP, "CSV
 * Injection"), and an escaping undone exactly, so that every row can be checked against its
 * record's digest. Table-driven for the known triggers, property-based for the rest.
 */
import fc from 'fast-check';
import type { EvidenceRecord } from '../../lambda/domain/evidence';
import {
  canonicalEvidence,
  evidenceRecord,
  manifestDigest,
  sha256Hex,
  verifyEvidence,
} from '../../lambda/domain/evidence';
import {
  CSV_COLUMNS,
  escapeCell,
  parseCsv,
  readCsvExport,
  unescapeCell,
  writeEvidenceExport,
} from '../../tools/evidence/export';

/** Whitespace and control characters (NUL, tab, CR, LF…). */
const BLANK = '\\s\\u0000-\\u001F\\u007F';
/** Starts of a cell that a spreadsheet may read as a formula, after optional blanks. */
const FORMULA_START = new RegExp(`^[${BLANK}]*[=+\\-@＝＋－＠﹦﹢﹣﹫]`);
const BLANK_START = new RegExp(`^[${BLANK}]`);
/** Where a reader guessing another separator (`;` in French spreadsheets) or a line may split. */
const SPLIT = /[,;\t\r\n]/;

/** True when no part of the cell, however a reader splits it, starts like a formula. */
function safe(cell: string): boolean {
  if (BLANK_START.test(cell) || FORMULA_START.test(cell)) return false;
  return cell.split(SPLIT).every((segment) => !FORMULA_START.test(segment));
}

/** The documented procedure, written here independently of `unescapeCell`. */
const documentedUnescape = (cell: string): string => cell.replace(/(^|[,;\t\r\n])'/g, '$1');

const TRIGGERS = [
  ['starts with =', '=1+1'],
  ['starts with +', '+33612345678'],
  ['starts with -', '-2+3'],
  ['starts with @', '@SUM(A1:A9)'],
  ['starts with tab', '\t=1+1'],
  ['starts with CR', '\r=1+1'],
  ['starts with LF', '\n=1+1'],
  ['starts with a space', ' =1+1'],
  ['starts with a space, then words', ' bonjour'],
  ['starts with NBSP', '\u00a0@SUM(1)'],
  ['starts with NUL', '\u0000=1'],
  ['starts with fullwidth =', '＝1+1'],
  ['starts with fullwidth +', '＋33612345678'],
  ['starts with fullwidth -', '－1'],
  ['starts with fullwidth @', '＠SUM(1)'],
  ['starts with small =', '﹦1+1'],
  ['starts with a quote', "'=1+1"],
  ['a formula after ;', 'ok;=HYPERLINK("http://x.example")'],
  ['a formula after , and blanks', 'ok,  -cmd'],
  ['a formula on a new line', 'ligne 1\r\n=1+1'],
] as const;

test.each(TRIGGERS)('%s: neutralised, and read back exactly', (_name, value) => {
  const cell = escapeCell(value);
  expect(safe(cell)).toBe(true);
  expect(unescapeCell(cell)).toBe(value);
  expect(documentedUnescape(cell)).toBe(value);
});

test('different values never export as the same cell (the quote is escaped too)', () => {
  expect(escapeCell('=1+1')).toBe("'=1+1");
  expect(escapeCell("'=1+1")).toBe("''=1+1");
  expect(escapeCell("'bonjour")).toBe("''bonjour");
  expect(escapeCell('bonjour')).toBe('bonjour');
  expect(escapeCell('salut, ça va ? - oui')).toBe('salut, ça va ? - oui');
});

const cellText = fc.string({
  unit: fc.oneof(
    fc.constantFrom(...'=+-@＝＋－＠﹦﹢﹣﹫\'", ;\t\r\n\u00a0\u0000'.split('')),
    fc.constantFrom('a', 'é', '1', '💩'),
  ),
  maxLength: 20,
});

test('property: escaping is undone exactly, is injective, and leaves nothing a spreadsheet runs', () => {
  fc.assert(
    fc.property(cellText, cellText, (a, b) => {
      const cell = escapeCell(a);
      expect(unescapeCell(cell)).toBe(a);
      expect(documentedUnescape(cell)).toBe(a);
      expect(safe(cell)).toBe(true);
      expect(a === b || escapeCell(b) !== cell).toBe(true);
    }),
    { numRuns: 2000 },
  );
});

const record = fc
  .record({
    receivedAt: fc
      .integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 0, 1) })
      .map((ms) => new Date(ms).toISOString()),
    inboundMessageId: fc.uuid(),
    from: fc.stringMatching(/^\+33[67]\d{8}$/),
    to: fc.constant('+33700000000'),
    body: fc.oneof(cellText, fc.string()),
    reasons: fc.array(fc.oneof(cellText, fc.constantFrom('insult:con', 'repeater:3')), {
      maxLength: 3,
    }),
  })
  .map(evidenceRecord);

test('property: a CSV export reads back into the very records, each matching its digest', () => {
  fc.assert(
    fc.property(fc.array(record, { maxLength: 8 }), (records) => {
      const csv = writeEvidenceExport(records, 'csv');
      const back = readCsvExport(csv);
      const sorted = readCsvExport(writeEvidenceExport(back, 'csv'));
      expect(back).toEqual(sorted);
      expect(back).toHaveLength(records.length);
      expect(back.every(verifyEvidence)).toBe(true);
      expect(new Set(back.map((r) => r.digest))).toEqual(new Set(records.map((r) => r.digest)));
      expect(manifestDigest(back)).toBe(manifestDigest(readCsvExport(csv)));
      // Every data cell, as a spreadsheet reads it, is safe.
      for (const row of parseCsv(csv).slice(1))
        for (const cell of row) expect(safe(cell)).toBe(true);
    }),
    { numRuns: 300 },
  );
});

test('a CSV row checked by hand: RFC 4180 cells, the quotes taken off, the canonical JSON hashed', () => {
  // Prepare: the bodies that used to escape protection or to collide.
  const bodies = ['\n=1+1', ' =1+1', '＝1+1', '＋1', "'=1+1", '=1+1', 'a;=1+1', 'ligne\r\n-2'];
  const records: EvidenceRecord[] = bodies.map((body, i) =>
    evidenceRecord({
      receivedAt: new Date(Date.UTC(2026, 10, 2, 7, i)).toISOString(),
      inboundMessageId: `in-${i}`,
      from: '+33612345678',
      to: '+33700000000',
      body,
      reasons: i % 2 ? ['insult:=x', 'repeater:2'] : [],
    }),
  );

  // Act
  const csv = writeEvidenceExport(records, 'csv');

  // Assess: the header, then one row per record, each cell quoted; the procedure of the docs.
  const [header, ...rows] = parseCsv(csv);
  expect(header).toEqual([...CSV_COLUMNS]);
  expect(rows).toHaveLength(records.length);
  expect(new Set(rows.map((row) => row[4])).size).toBe(bodies.length);
  rows.forEach((row, i) => {
    const [receivedAt, inboundMessageId, from, to, body, reasons, digest] =
      row.map(documentedUnescape);
    expect(row[2]).toBe("'+33612345678");
    const canonical = JSON.stringify({
      body,
      from,
      inboundMessageId,
      reasons: JSON.parse(reasons!) as string[],
      receivedAt,
      to,
    });
    expect(canonical).toBe(canonicalEvidence(records[i]!));
    expect(sha256Hex(canonical)).toBe(digest);
  });
});

test('what the raid integration test asserts still holds (header, quoted formulas, no bare trigger)', () => {
  const records = [
    ['+33751234500', '=HYPERLINK("http://evil.example","salope")'],
    ['+33751234501', '@SUM(1+1) connard'],
  ].map(([from, body], i) =>
    evidenceRecord({
      receivedAt: new Date(Date.UTC(2026, 10, 2, 7, i)).toISOString(),
      inboundMessageId: `raid-${i}`,
      from: from!,
      to: '+33700000000',
      body: body!,
      reasons: ['insult:salope'],
    }),
  );
  const lines = writeEvidenceExport(records, 'csv').trim().split('\r\n');
  expect(lines[0]).toBe('receivedAt,inboundMessageId,from,to,body,reasons,digest');
  expect(lines[1]).toContain(`'+33751234500`);
  expect(lines[1]).toContain(`"'=HYPERLINK(""http://evil.example"",""salope"")"`);
  expect(lines[2]).toContain(`'@SUM(1+1) connard`);
  expect(lines.slice(1).some((line) => /,=|,\+|,-|,@/.test(line))).toBe(false);
});
