/**
 * `dossier.html`: the page a lawyer reads and prints. One file, no script, nothing fetched (its
 * Content-Security-Policy forbids it): a summary of the attack, the chart, the senders with their
 * full numbers, every message kept, and how to check the dossier. Every figure carries a
 * `data-` attribute with its raw value, for tests and for anyone extracting them.
 */
import type { DossierFormat } from './dossier-format';
import { dossierFormat } from './dossier-format';
import type { DossierPage } from './dossier-page';
import { DOSSIER_CSS } from './dossier-style';
import type { DossierText } from './dossier-text';
import { dossierText } from './dossier-text';
import { chartSvg } from './chart-svg';
import { escapeHtml, untrusted } from './html';
import { dossierMessages, dossierSenders } from './dossier-tables';

/** No script, no request: styles inline, images only as data. */
const CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

interface View {
  readonly page: DossierPage;
  readonly t: DossierText;
  readonly f: DossierFormat;
}

/** A `<div class="fact">` of the summary, named by `field`. */
function fact(field: string, label: string, shown: string, value: string | number): string {
  return (
    `<div class="fact" data-field="${field}"><dt>${escapeHtml(label)}</dt>` +
    `<dd data-value="${escapeHtml(String(value))}">${escapeHtml(shown)}</dd></div>`
  );
}

function header({ page, t, f }: View): string {
  const meta: [string, string][] = [
    [t.meta.range, `${t.from} ${f.time(page.sinceMs)} ${t.to} ${f.time(page.untilMs)}`],
    ...(page.sender === undefined ? [] : [[t.meta.sender, page.sender] as [string, string]]),
    [t.meta.timeZone, `${page.timeZone} (${t.meta.timeZoneNote})`],
    [t.meta.generated, f.time(page.generatedAtMs)],
    [t.meta.generator, page.generator],
    [t.meta.source, page.source],
    [t.meta.chainHead, page.chainHead],
  ];
  return (
    `<header><h1>${escapeHtml(t.title)}</h1>` +
    `<p class="lead">${escapeHtml(t.lead(page.ourNumbers.join(', ') || '?'))}</p>` +
    `<dl class="meta">${meta.map(([dt, dd]) => `<dt>${escapeHtml(dt)}</dt><dd>${escapeHtml(dd)}</dd>`).join('')}</dl>` +
    '</header>'
  );
}

function raidList({ page, t, f }: View): string {
  const items = page.raid.periods.map((period) => {
    const end = period.endMs === undefined ? t.raid.ongoing : f.time(period.endMs);
    const source = period.source === 'recorded' ? t.raid.recorded : t.raid.estimated;
    return (
      `<li data-source="${period.source}" data-start="${new Date(period.startMs).toISOString()}">` +
      `${escapeHtml(`${t.from} ${f.time(period.startMs)} ${t.to} ${end} (${source})`)}</li>`
    );
  });
  const override = { on: t.raid.overrideOn, off: t.raid.overrideOff };
  if (page.raid.override !== undefined) {
    items.push(`<li>${escapeHtml(override[page.raid.override])}</li>`);
  }
  if (!page.raid.enabled) items.push(`<li>${escapeHtml(t.raid.off)}</li>`);
  const list =
    items.length === 0 ? escapeHtml(t.summary.none) : `<ul class="raid">${items.join('')}</ul>`;
  return `<h3>${escapeHtml(t.summary.raid)}</h3>${list}<p class="note">${escapeHtml(t.raid.note)}</p>`;
}

function summarySection(view: View): string {
  const { page, t, f } = view;
  const s = page.summary;
  const facts: string[] = [
    fact('messages', t.summary.messages, f.count(s.messages), s.messages),
    fact('numbers', t.summary.numbers, f.count(s.distinctNumbers), s.distinctNumbers),
  ];
  if (s.startMs !== undefined && s.endMs !== undefined) {
    facts.push(
      fact('start', t.summary.start, f.time(s.startMs), new Date(s.startMs).toISOString()),
      fact('end', t.summary.end, f.time(s.endMs), new Date(s.endMs).toISOString()),
      fact('duration', t.summary.duration, f.duration(s.endMs - s.startMs), s.endMs - s.startMs),
    );
  }
  if (s.peak !== undefined) {
    const at = f.time(s.peak.minuteMs);
    facts.push(
      fact(
        'peak',
        t.summary.peak,
        t.summary.peakValue(f.count(s.peak.messages), at),
        s.peak.messages,
      ),
    );
  }
  const home = s.home ?? '?';
  facts.push(
    fact(
      'foreign',
      t.summary.foreign(home),
      f.share(s.foreignNumbers, s.distinctNumbers),
      s.foreignNumbers,
    ),
    fact(
      'premium',
      t.summary.premium,
      f.share(s.premiumNumbers, s.distinctNumbers),
      s.premiumNumbers,
    ),
  );
  if (page.inbound !== undefined) {
    const shown = t.summary.inboundValue(
      f.count(page.inbound.total),
      f.count(page.inbound.peakPerMinute),
    );
    facts.push(fact('inbound', t.summary.inbound, shown, page.inbound.total));
  }
  return (
    `<section id="summary"><h2>${escapeHtml(t.summary.title)}</h2>` +
    `<dl class="facts">${facts.join('')}</dl>${raidList(view)}</section>`
  );
}

function chartSection({ page, t }: View): string {
  if (page.series === undefined) return '';
  const swatch = (css: string, label: string): string =>
    `<span><span class="swatch" style="background:var(${css})"></span>${escapeHtml(label)}</span>`;
  const legend = [
    swatch('--abusive', t.chart.abusive),
    ...(page.series.inbound === undefined ? [] : [swatch('--inbound', t.chart.inbound)]),
    ...(page.raid.periods.length === 0 ? [] : [swatch('--raid', t.chart.raid)]),
  ].join('');
  const note = page.series.inbound === undefined ? t.chart.inboundMissing : t.chart.inboundSource;
  return (
    `<section id="chart-section"><h2>${escapeHtml(t.chart.title(page.series.bucketMinutes))}</h2>` +
    chartSvg(page.series, page.raid.periods, page.timeZone, page.lang, t) +
    `<div class="legend">${legend}</div><p class="note">${escapeHtml(note)}</p></section>`
  );
}

function verifySection({ page, t, f }: View): string {
  const paragraphs = t.verify.paragraphs(f.count(page.records.length), page.chainHead);
  return (
    `<section id="verify"><h2>${escapeHtml(t.verify.title)}</h2>` +
    paragraphs.map((text) => `<p>${escapeHtml(text)}</p>`).join('') +
    '</section>'
  );
}

/** The whole page. */
export function dossierHtml(page: DossierPage): string {
  const t = dossierText(page.lang);
  const view: View = { page, t, f: dossierFormat(t, page.lang, page.timeZone) };
  const body =
    page.records.length === 0
      ? `<p class="empty">${escapeHtml(t.empty)}</p>`
      : summarySection(view) +
        chartSection(view) +
        dossierSenders(page, t, view.f) +
        dossierMessages(page, t, view.f);
  return (
    `<!doctype html>\n<html lang="${page.lang}"><head><meta charset="utf-8">` +
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">` +
    '<meta name="viewport" content="width=device-width, initial-scale=1">' +
    `<title>${escapeHtml(t.title)}</title><style>${DOSSIER_CSS}</style></head>` +
    `<body data-records="${page.records.length}" data-time-zone="${escapeHtml(page.timeZone)}">` +
    header(view) +
    body +
    verifySection(view) +
    `<footer>${untrusted(page.generator)} · ${escapeHtml(page.chainHead)}</footer>` +
    '</body></html>\n'
  );
}
