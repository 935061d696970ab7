/**
 * The dossier page's stylesheet, inline (the page is one self-contained file). The print rules
 * make it a clean PDF from any browser: A4, table headers repeated on each page, rows never cut,
 * colours kept in the chart, long bodies wrapped instead of cut off, and one line per message where
 * the body allows (digests abridged on paper: they are whole in the files and on screen).
 */
export const DOSSIER_CSS = `
:root { --ink: #1b1b1b; --muted: #5b5b5b; --line: #d6d6d6; --abusive: #b3261e; --inbound: #1f5fa8; --raid: #f4dfb8; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; color: var(--ink); margin: 0 auto; max-width: 1100px; padding: 24px; }
h1 { font-size: 24px; margin: 0 0 8px; }
h2 { font-size: 18px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--ink); }
p.lead { margin: 0 0 12px; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0; color: var(--muted); }
dl.meta dt { font-weight: 600; }
dl.meta dd { margin: 0; }
dl.facts { display: grid; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); gap: 10px; margin: 0; }
dl.facts .fact { border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; }
dl.facts dt { color: var(--muted); font-size: 12px; }
dl.facts dd { margin: 2px 0 0; font-size: 16px; font-weight: 600; }
ul.raid { margin: 8px 0; }
.note { color: var(--muted); font-size: 12px; }
.mono, td.digest { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
svg#chart { width: 100%; height: auto; display: block; }
svg .grid { stroke: var(--line); stroke-width: 1; }
svg .axis { stroke: var(--ink); stroke-width: 1; }
svg .tick { font-size: 11px; fill: var(--muted); }
svg .abusive { fill: var(--abusive); }
svg .inbound { fill: none; stroke: var(--inbound); stroke-width: 1.6; }
svg .raid { fill: var(--raid); }
.legend { display: flex; gap: 18px; font-size: 12px; margin: 6px 0; }
.swatch { display: inline-block; width: 12px; height: 12px; vertical-align: -2px; margin-right: 5px; }
table { border-collapse: collapse; width: 100%; font-size: 12px; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 6px; text-align: left; vertical-align: top; }
th { background: #f3f3f3; }
td ul { margin: 0; padding-left: 1.1em; }
td.num { text-align: right; white-space: nowrap; }
td.time, td.number { white-space: nowrap; }
td.body { white-space: pre-wrap; overflow-wrap: anywhere; min-width: 16em; }
td.digest { font-size: 10px; overflow-wrap: anywhere; color: var(--muted); }
td.digest .id { display: block; }
.print-only { display: none; }
bdi { unicode-bidi: isolate; }
section#verify ol { padding-left: 20px; }
footer { margin-top: 28px; color: var(--muted); font-size: 11px; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; }
  h2 { break-after: avoid; }
  dl.facts .fact, tr, svg#chart, .legend { break-inside: avoid; }
  thead { display: table-header-group; }
  th { background: none; border-bottom: 1.5px solid var(--ink); }
  svg, .swatch { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
  section#messages { break-before: page; }
  /* One line per message where the body allows: a raid of 13,000 messages stays printable. */
  table { font-size: 7.5pt; }
  th, td { padding: 1px 3px; }
  td.digest { font-size: 6.5pt; overflow-wrap: normal; white-space: nowrap; }
  td.digest .id { display: inline; }
  td.digest .digest-rest { display: none; }
  td.digest .digest-head::after { content: "…"; }
  td li + li { display: none; }
  .print-only { display: block; }
}
`;
