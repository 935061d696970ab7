/**
 * The simulator's HTML report: one self-contained file (no network, no external script) that
 * any browser opens. The data is embedded as JSON and drawn as SVG by a small inline script:
 * inbound vs replies over time, spend against the budgets, drops by reason.
 */
import type { Summary } from './run';
import type { Timeline } from './timeline';
import type { ReportMeta } from './text-report';
import { textReport } from './text-report';

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** JSON safe inside a <script> element. */
const embed = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');

const STYLE = `
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 1100px; padding: 0 1rem; color: #1b1b1f; }
h1 { font-size: 1.5rem; margin-bottom: .2rem; }
.lead { color: #555; margin-top: 0; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(170px, 1fr)); gap: .8rem; margin: 1.2rem 0; }
.card { border: 1px solid #ddd; border-radius: 8px; padding: .7rem .9rem; }
.card b { display: block; font-size: 1.35rem; }
.card span { color: #666; font-size: .85rem; }
figure { margin: 1.8rem 0; }
figcaption { font-weight: 600; margin-bottom: .4rem; }
svg { width: 100%; height: auto; background: #fcfcfd; border: 1px solid #eee; border-radius: 6px; }
svg text { font-size: 11px; fill: #555; }
.legend { font-size: .85rem; color: #444; }
.legend i { display: inline-block; width: 12px; height: 12px; margin: 0 .3rem 0 .9rem; vertical-align: -1px; border-radius: 2px; }
pre { background: #f6f6f8; padding: 1rem; overflow-x: auto; font-size: 12.5px; border-radius: 6px; }
`;

/** Draws the charts from the embedded data; each series path says how many points it has. */
const SCRIPT = `
(function () {
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var NS = 'http://www.w3.org/2000/svg';
  var W = 1000, H = 320, L = 84, R = 56, T = 16, B = 36;
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
    var d = new Date(ms);
    return d.toLocaleString('en-GB', { weekday: 'short', hour: '2-digit', minute: '2-digit', hour12: false, timeZone: data.timeZone });
  }
  function money(micros) { return data.currency + ' ' + (micros / 1e6).toFixed(micros >= 1e7 ? 0 : 2); }
  function axes(svg, maxY, fmt, right) {
    for (var i = 0; i <= 4; i++) {
      var y = T + (H - T - B) * (1 - i / 4);
      el('line', { x1: L, x2: W - R, y1: y, y2: y, stroke: '#eee' }, svg);
      text(svg, right ? W - R + 6 : L - 6, y + 4, fmt(maxY * i / 4), right ? 'start' : 'end');
    }
    var times = data.timeline.times, n = times.length;
    var step = Math.max(1, Math.ceil(n / 8));
    for (var j = 0; j < n; j += step) {
      var x = L + (W - L - R) * j / Math.max(1, n - 1);
      text(svg, x, H - B + 16, fmtTime(times[j]), 'middle');
    }
  }
  function series(svg, values, maxY, color, name, opts) {
    opts = opts || {};
    var n = values.length, d = '';
    for (var i = 0; i < n; i++) {
      var x = L + (W - L - R) * i / Math.max(1, n - 1);
      var y = T + (H - T - B) * (1 - (maxY ? values[i] / maxY : 0));
      d += (i ? 'L' : 'M') + x.toFixed(1) + ',' + y.toFixed(1);
    }
    if (opts.area) d += 'L' + (W - R) + ',' + (H - B) + 'L' + L + ',' + (H - B) + 'Z';
    return el('path', {
      d: d, fill: opts.area ? color : 'none', 'fill-opacity': opts.area ? 0.35 : 1,
      stroke: color, 'stroke-width': opts.width || 1.6, 'stroke-dasharray': opts.dash || '',
      'data-series': name, 'data-points': String(n)
    }, svg);
  }
  function max(values) { return values.reduce(function (a, b) { return Math.max(a, b); }, 0); }
  function nice(v) { if (v <= 0) return 1; var p = Math.pow(10, Math.floor(Math.log10(v))); return Math.ceil(v / p) * p; }

  // 1. Inbound vs replies.
  var tl = data.timeline;
  var traffic = document.getElementById('chart-traffic');
  var legit = tl.inbound.map(function (v, i) { return v - tl.inboundAbusive[i]; });
  var maxIn = nice(max(tl.inbound));
  var maxRe = nice(max(tl.replies));
  axes(traffic, maxIn, function (v) { return Math.round(v); });
  for (var i = 0; i <= 4; i++) text(traffic, W - R + 6, T + (H - T - B) * (1 - i / 4) + 4, Math.round(maxRe * i / 4), 'start');
  series(traffic, tl.inbound, maxIn, '#d1495b', 'inbound', { area: true, width: 1 });
  series(traffic, legit, maxIn, '#00798c', 'inbound-legit', { area: true, width: 1 });
  series(traffic, tl.replies, maxRe, '#1b1b1f', 'replies', { width: 2 });

  // 2. Spend against the budgets.
  var spend = document.getElementById('chart-spend');
  var maxSp = nice(Math.max(data.budget.month, max(tl.spentMonth)) * 1.05);
  axes(spend, maxSp, money);
  [['month', '#edae49'], ['day', '#00798c']].forEach(function (c) {
    var cap = data.budget[c[0]];
    series(spend, tl.times.map(function () { return cap; }), maxSp, c[1], 'cap-' + c[0], { dash: '6 4', width: 1.2 });
  });
  series(spend, tl.spentMonth, maxSp, '#edae49', 'spent-month', { width: 2.2 });
  series(spend, tl.spentDay, maxSp, '#00798c', 'spent-day', { width: 2.2 });

  // 3. Drops by reason.
  var drops = document.getElementById('chart-drops');
  var entries = Object.keys(data.dropped).map(function (k) { return [k, data.dropped[k]]; });
  var rowH = 26, height = Math.max(60, entries.length * rowH + 20);
  drops.setAttribute('viewBox', '0 0 ' + W + ' ' + height);
  var maxD = max(entries.map(function (e) { return e[1]; })) || 1;
  entries.forEach(function (e, i) {
    var y = 10 + i * rowH, w = (W - 260) * e[1] / maxD;
    text(drops, 170, y + 16, e[0], 'end');
    el('rect', { x: 180, y: y + 3, width: Math.max(1, w), height: rowH - 8, fill: '#30638e', 'data-reason': e[0], 'data-count': String(e[1]) }, drops);
    text(drops, 186 + w, y + 16, e[1].toLocaleString());
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
<figcaption>Inbound SMS and replies, per ${timeline.bucketSeconds / 60} minutes</figcaption>
<svg id="chart-traffic" data-chart="traffic" viewBox="0 0 1000 320" role="img" aria-label="inbound and replies over time"></svg>
<div class="legend"><i style="background:#00798c80"></i>inbound, real senders <i style="background:#d1495b80"></i>inbound, abusive <i style="background:#1b1b1f"></i>replies (right axis)</div>
</figure>
<figure>
<figcaption>Spend against the budgets</figcaption>
<svg id="chart-spend" data-chart="spend" viewBox="0 0 1000 320" role="img" aria-label="spend against the budgets"></svg>
<div class="legend"><i style="background:#edae49"></i>spent this month (dashed: month cap) <i style="background:#00798c"></i>spent today (dashed: day cap)</div>
</figure>
<figure>
<figcaption>Inbound SMS that got no reply, by reason</figcaption>
<svg id="chart-drops" data-chart="drops" viewBox="0 0 1000 100" role="img" aria-label="drops by reason"></svg>
</figure>
<details><summary>Text report</summary><pre>${escapeHtml(textReport(summary, meta))}</pre></details>
<script type="application/json" id="report-data">${embed(data)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
