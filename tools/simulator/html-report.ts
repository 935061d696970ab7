/**
 * The simulator's HTML report: one self-contained file (no network, no external script) that
 * any browser opens. The data is embedded as JSON and drawn as SVG by a small inline script:
 * inbound, then replies (two panels on one time axis, each from zero), spend against the
 * budgets, drops by reason; raid-mode periods shaded. It fits 1,280 px: the text report wraps.
 */
import { billedRows, catchUpSentence } from './billed-report';
import { moneyHtml } from './money-report';
import type { Summary } from './run';
import type { Timeline } from './timeline';
import type { ReportMeta } from './text-report';
import { textReport } from './text-report';

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** JSON safe inside a <script> element. */
const embed = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');

const STYLE = `
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; color: #1b1b1f; overflow-wrap: anywhere; }
h1 { font-size: 1.5rem; margin-bottom: .2rem; }
.lead { color: #555; margin-top: 0; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: .8rem; margin: 1.2rem 0; }
.card { border: 1px solid #ddd; border-radius: 8px; padding: .7rem .9rem; }
.card b { display: block; font-size: 1.35rem; }
.card span { color: #666; font-size: .85rem; }
figure { margin: 1.8rem 0; }
figcaption { font-weight: 600; margin-bottom: .4rem; }
svg { display: block; width: 100%; height: auto; background: #fcfcfd; border: 1px solid #eee; border-radius: 6px; box-sizing: border-box; }
svg text { font-size: 11px; fill: #555; }
.legend { font-size: .85rem; color: #444; }
.legend i { display: inline-block; width: 12px; height: 12px; margin: 0 .3rem 0 .9rem; vertical-align: -1px; border-radius: 2px; }
table { border-collapse: collapse; font-size: .9rem; margin: .4rem 0 1rem; }
th, td { padding: .2rem .7rem; border-bottom: 1px solid #e6e6ea; text-align: right; }
th:first-child, td:first-child, td:last-child { text-align: left; }
pre { background: #f6f6f8; padding: 1rem; font-size: 12.5px; border-radius: 6px; white-space: pre-wrap; overflow-wrap: anywhere; }
.legend i.raid { background: #f2a93b; opacity: .45; }
svg text.unit { font-weight: 600; }
`;

/**
 * Draws the charts from the embedded data; each series path says how many points it has, each
 * raid-mode band its period. Inbound and replies are drawn in two panels over the same time
 * axis, each from zero with its own labelled scale (replies are often 100 times fewer).
 */
const SCRIPT = `
(function () {
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var NS = 'http://www.w3.org/2000/svg';
  var W = 1000, L = 84, R = 24, T = 14, B = 30;
  var tl = data.timeline, times = tl.times, n = times.length;
  var t0 = times[0], t1 = times[n - 1] + tl.bucketSeconds * 1000;
  function el(name, attrs, parent) {
    var node = document.createElementNS(NS, name);
    for (var k in attrs) node.setAttribute(k, attrs[k]);
    if (parent) parent.appendChild(node);
    return node;
  }
  function text(parent, x, y, s, anchor) {
    var t = el('text', { x: x, y: y, 'text-anchor': anchor || 'start' }, parent);
    t.textContent = s;
    return t;
  }
  function fmtTime(ms) {
    return new Date(ms).toLocaleString('en-GB', { weekday: 'short', hour: '2-digit', minute: '2-digit', hour12: false, timeZone: data.timeZone });
  }
  function money(micros) { return data.currency + ' ' + (micros / 1e6).toFixed(micros >= 1e7 ? 0 : 2); }
  function xAt(ms) { return L + (W - L - R) * (ms - t0) / Math.max(1, t1 - t0); }
  function xOf(i) { return xAt(times[i] + tl.bucketSeconds * 500); }
  function yOf(H, v, maxY) { return T + (H - T - B) * (1 - (maxY ? Math.min(v, maxY) / maxY : 0)); }
  function grid(svg, H, maxY, fmt, unit) {
    for (var i = 0; i <= 4; i++) {
      var y = yOf(H, maxY * i / 4, maxY);
      el('line', { x1: L, x2: W - R, y1: y, y2: y, stroke: '#e6e6ea' }, svg);
      text(svg, L - 6, y + 4, fmt(maxY * i / 4), 'end');
    }
    if (unit) text(svg, 8, T + 4, unit, 'start').setAttribute('class', 'unit');
    var step = Math.max(1, Math.ceil(n / 8));
    for (var j = 0; j < n; j += step) text(svg, Math.min(W - R - 40, Math.max(L + 40, xOf(j))), H - B + 16, fmtTime(times[j]), 'middle');
  }
  function raidBands(svg, H) {
    (tl.raidPeriods || []).forEach(function (p) {
      var x0 = Math.max(L, xAt(p.startMs)), x1 = Math.min(W - R, xAt(p.endMs));
      el('rect', { x: x0, y: T, width: Math.max(1.5, x1 - x0), height: H - T - B, fill: '#f2a93b', 'fill-opacity': 0.22,
        'class': 'raid-band', 'data-start': String(p.startMs), 'data-end': String(p.endMs) }, svg);
    });
  }
  function series(svg, H, values, maxY, color, name, opts) {
    opts = opts || {};
    var d = '';
    for (var i = 0; i < values.length; i++) d += (i ? 'L' : 'M') + xOf(i).toFixed(1) + ',' + yOf(H, values[i], maxY).toFixed(1);
    if (opts.area) d += 'L' + xOf(values.length - 1).toFixed(1) + ',' + (H - B) + 'L' + xOf(0).toFixed(1) + ',' + (H - B) + 'Z';
    return el('path', {
      d: d, fill: opts.area ? color : 'none', 'fill-opacity': opts.area ? 0.45 : 1,
      stroke: color, 'stroke-width': opts.width || 1.6, 'stroke-dasharray': opts.dash || '',
      'data-series': name, 'data-points': String(values.length), 'data-max': String(maxY)
    }, svg);
  }
  function max(values) { return values.reduce(function (a, b) { return Math.max(a, b); }, 0); }
  // A top for a 4-line grid: 4 × a round step (whole numbers for counts).
  function nice(v, whole) {
    var quarter = Math.max(v / 4, whole ? 1 : 1e-9);
    var p = Math.pow(10, Math.floor(Math.log10(quarter))), m = quarter / p;
    var steps = [1, 2, 2.5, 5, 10];
    for (var i = 0; i < steps.length; i++) {
      var step = steps[i] * p;
      if (m <= steps[i] + 1e-9 && (!whole || step === Math.round(step))) return 4 * step;
    }
    return 40 * p;
  }
  function count(v) { return Math.round(v).toLocaleString('en-US'); }

  // 1. Inbound (stacked: real senders under abusive), then 2. replies, same time axis.
  var inbound = document.getElementById('chart-inbound'), H1 = 240;
  var legit = tl.inbound.map(function (v, i) { return v - tl.inboundAbusive[i]; });
  var maxIn = nice(max(tl.inbound), true);
  raidBands(inbound, H1);
  grid(inbound, H1, maxIn, count, 'SMS');
  series(inbound, H1, tl.inbound, maxIn, '#d1495b', 'inbound', { area: true, width: 1 });
  series(inbound, H1, legit, maxIn, '#00798c', 'inbound-legit', { area: true, width: 1 });
  // The replies at the inbound's scale: their true size beside the traffic.
  series(inbound, H1, tl.replies, maxIn, '#1b1b1f', 'replies-inbound-scale', { width: 1.4 });
  var replies = document.getElementById('chart-replies'), H2 = 200;
  var maxRe = nice(max(tl.replies), true);
  raidBands(replies, H2);
  grid(replies, H2, maxRe, count, 'SMS');
  series(replies, H2, tl.replies, maxRe, '#1b1b1f', 'replies', { width: 1.8 });

  // 3. Spend against the budgets.
  var spend = document.getElementById('chart-spend'), H3 = 280;
  var maxSp = nice(Math.max(data.budget.month, max(tl.spentMonth)) * 1.05);
  raidBands(spend, H3);
  grid(spend, H3, maxSp, money);
  [['month', '#edae49'], ['day', '#00798c']].forEach(function (c) {
    var cap = data.budget[c[0]];
    series(spend, H3, times.map(function () { return cap; }), maxSp, c[1], 'cap-' + c[0], { dash: '6 4', width: 1.2 });
  });
  series(spend, H3, tl.spentMonth, maxSp, '#edae49', 'spent-month', { width: 2.2 });
  series(spend, H3, tl.spentDay, maxSp, '#00798c', 'spent-day', { width: 2.2 });

  // 4. Drops by reason.
  var drops = document.getElementById('chart-drops');
  var entries = Object.keys(data.dropped).map(function (k) { return [k, data.dropped[k]]; });
  var rowH = 26, height = Math.max(60, entries.length * rowH + 20);
  drops.setAttribute('viewBox', '0 0 ' + W + ' ' + height);
  var maxD = max(entries.map(function (e) { return e[1]; })) || 1;
  entries.forEach(function (e, i) {
    var y = 10 + i * rowH, w = (W - 300) * e[1] / maxD;
    text(drops, 170, y + 16, e[0], 'end');
    el('rect', { x: 180, y: y + 3, width: Math.max(1, w), height: rowH - 8, fill: '#30638e', 'data-reason': e[0], 'data-count': String(e[1]) }, drops);
    text(drops, 186 + w, y + 16, e[1].toLocaleString('en-US'));
  });
  document.body.setAttribute('data-charts-drawn', 'true');
})();
`;

/** `20 min`, or `15–45 min` for a random delay. */
export function delayText(delay: { min: number; max: number }): string {
  const minutes = (seconds: number): string => `${+(seconds / 60).toFixed(1)}`;
  return delay.min === delay.max
    ? `${minutes(delay.min)} min`
    : `${minutes(delay.min)}–${minutes(delay.max)} min`;
}

export function htmlReport(
  summary: Summary,
  timeline: Timeline,
  meta: ReportMeta & { timeZone: string },
): string {
  const money = (micros: number, currency = summary.currency): string =>
    `${currency} ${(micros / 1_000_000).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  const served =
    summary.legit_senders === 0 ? 0 : (100 * summary.legit_senders_served) / summary.legit_senders;
  const cards: [string, string][] = [
    [summary.inbound.toLocaleString('en-US'), 'inbound SMS'],
    [summary.replies.toLocaleString('en-US'), 'replies sent'],
    [money(summary.spent_micros), 'spent by antirelou'],
    [money(summary.cost_2017_micros, 'EUR'), 'the 2017 service would have paid'],
    [
      `${summary.legit_senders_served.toLocaleString('en-US')} (${served.toFixed(0)}%)`,
      'real senders served',
    ],
    [String(summary.errors), 'handler errors'],
  ];
  if (summary.scheduled_replies > 0) {
    const cancelled = Object.values(summary.cancelled_replies).reduce((a, b) => a + b, 0);
    cards.splice(2, 0, [
      `${summary.scheduled_replies.toLocaleString('en-US')} / ${cancelled.toLocaleString('en-US')}`,
      `scheduled / cancelled (delay ${delayText(summary.reply_delay_seconds)})`,
    ]);
  }
  const data = {
    timeline,
    budget: summary.budget_micros,
    dropped: summary.dropped,
    currency: summary.currency,
    timeZone: meta.timeZone,
  };
  const title = `antirelou simulation: ${summary.scenario ?? 'trace'}`;
  const bucket = `${timeline.bucketSeconds / 60} minutes`;
  const raidMinutes = timeline.raidPeriods.reduce(
    (sum, p) => sum + (p.endMs - p.startMs) / 60_000,
    0,
  );
  const raidNote =
    timeline.raidPeriods.length === 0
      ? ''
      : `; shaded: raid mode (${Math.round(raidMinutes)} min in all)`;
  const raidLegend =
    timeline.raidPeriods.length === 0 ? '' : ' <i class="raid"></i>raid mode in force';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
<p class="lead">${escapeHtml(meta.description ?? '')}</p>
<div class="cards">${cards.map(([value, label]) => `<div class="card"><b>${escapeHtml(value)}</b><span>${escapeHtml(label)}</span></div>`).join('')}</div>
<figure>
<figcaption>Inbound SMS and replies, per ${bucket}, on one scale${raidNote}</figcaption>
<svg id="chart-inbound" data-chart="inbound" viewBox="0 0 1000 240" role="img" aria-label="inbound SMS over time"></svg>
<div class="legend"><i style="background:#00798c"></i>inbound, real senders <i style="background:#d1495b"></i>inbound, abusive <i style="background:#1b1b1f"></i>replies, same scale${raidLegend}</div>
</figure>
<figure>
<figcaption>Replies alone, per ${bucket}, zoomed: same time axis, its own scale from zero (the left labels)</figcaption>
<svg id="chart-replies" data-chart="replies" viewBox="0 0 1000 200" role="img" aria-label="replies over time"></svg>
<div class="legend"><i style="background:#1b1b1f"></i>replies${raidLegend}</div>
</figure>
<figure>
<figcaption>Spend against the budgets</figcaption>
<svg id="chart-spend" data-chart="spend" viewBox="0 0 1000 280" role="img" aria-label="spend against the budgets"></svg>
<div class="legend"><i style="background:#edae49"></i>spent this month (dashed: month cap) <i style="background:#00798c"></i>spent today (dashed: day cap)${raidLegend}</div>
</figure>
<figure>
<figcaption>Inbound SMS that got no reply, by reason</figcaption>
<svg id="chart-drops" data-chart="drops" viewBox="0 0 1000 100" role="img" aria-label="drops by reason"></svg>
</figure>
${moneyHtml(summary, money, escapeHtml)}
${billedHtml(summary, meta, money)}
<details><summary>Text report</summary><pre>${escapeHtml(textReport(summary, meta))}</pre></details>
<script type="application/json" id="report-data">${embed(data)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

/** Estimated vs billed and the difference, the counters after the true-ups, the catch-up. */
function billedHtml(summary: Summary, meta: ReportMeta, money: (micros: number) => string): string {
  const rows = billedRows(summary, money);
  if (rows.length === 0) return '';
  const cells = (row: string[], tag: string): string =>
    `<tr>${row.map((cell) => `<${tag}>${escapeHtml(cell)}</${tag}>`).join('')}</tr>`;
  const table = (part: string[][], id: string): string =>
    `<table id="${id}"><thead>${cells(part[0]!, 'th')}</thead><tbody>${part
      .slice(1)
      .map((row) => cells(row, 'td'))
      .join('')}</tbody></table>`;
  const precise = (micros: number): string => `${summary.currency} ${(micros / 1e6).toFixed(6)}`;
  const sentence = catchUpSentence(meta.catchUp, precise);
  return (
    '<h2>Billed money</h2>' +
    table(rows.slice(0, 2), 'billed') +
    table(rows.slice(2), 'billed-peaks') +
    (sentence === undefined ? '' : `<p>${escapeHtml(sentence)}</p>`)
  );
}
