/**
 * The dossier's chart as inline SVG, drawn here rather than by a script: the page must show the
 * same thing in any browser, printed, or archived, with nothing to run and nothing to fetch.
 * Bars: abusive messages kept; line: all messages received; shaded: raid mode. Each mark carries
 * its figures in `data-` attributes, so that tests (and curious readers) can read them back.
 */
import type { ChartSeries } from './chart-series';
import type { DossierText } from './dossier-text';
import { escapeHtml } from './html';
import type { DossierLanguage } from './local-time';
import { localDate, localHourMinute, localParts } from './local-time';
import type { RaidPeriod } from './raid-periods';

const MS_PER_MINUTE = 60_000;
const WIDTH = 960;
const HEIGHT = 300;
const MARGIN = { left: 52, right: 12, top: 14, bottom: 40 } as const;
const PLOT_WIDTH = WIDTH - MARGIN.left - MARGIN.right;
const PLOT_HEIGHT = HEIGHT - MARGIN.top - MARGIN.bottom;
const Y_TICKS = 4;
const X_TICKS = 8;
/** A day and a bit: past this, tick labels carry the date. */
const DATED_TICKS_MS = 20 * 60 * MS_PER_MINUTE;

/** Tick steps, times a power of ten: the y axis ends close above the highest value. */
const STEPS = [1, 1.5, 2, 2.5, 3, 4, 5, 6, 8];

/** The top of the y axis: {@link Y_TICKS} whole-number steps of a round size, at or above `value`. */
function yAxisMax(value: number): number {
  const wanted = value / Y_TICKS;
  for (let scale = 1; ; scale *= 10) {
    for (const step of STEPS) {
      const size = step * scale;
      if (Number.isInteger(size) && size >= wanted) return size * Y_TICKS;
    }
  }
}

const round = (value: number): string => String(Math.round(value * 10) / 10);

interface Frame {
  readonly series: ChartSeries;
  readonly count: number;
  readonly bucketMs: number;
  readonly yMax: number;
  x(ms: number): number;
  y(value: number): number;
}

function frameOf(series: ChartSeries): Frame {
  const count = series.abusive.length;
  const bucketMs = series.bucketMinutes * MS_PER_MINUTE;
  const highest = Math.max(1, ...series.abusive, ...(series.inbound ?? []));
  const yMax = yAxisMax(highest);
  const spanMs = count * bucketMs;
  return {
    series,
    count,
    bucketMs,
    yMax,
    x: (ms) => MARGIN.left + ((ms - series.startMs) / spanMs) * PLOT_WIDTH,
    y: (value) => MARGIN.top + PLOT_HEIGHT - (value / yMax) * PLOT_HEIGHT,
  };
}

/** Tick spacings, minutes: round local times (quarter hours, hours, days). */
const TICK_MINUTES = [1, 2, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080];

/** The instants of the x ticks: multiples of a round spacing in local time, at most X_TICKS. */
function tickTimes(frame: Frame, timeZone: string): number[] {
  const startMs = frame.series.startMs;
  const endMs = startMs + frame.count * frame.bucketMs;
  const minutes = (endMs - startMs) / MS_PER_MINUTE;
  const step =
    (TICK_MINUTES.find((size) => minutes / size <= X_TICKS) ?? Math.ceil(minutes / X_TICKS)) *
    MS_PER_MINUTE;
  // Local midnight-based multiples: the offset at the start (a summer-time change may shift later ticks).
  const offset = localParts(startMs, timeZone).offset;
  const sign = offset[3] === '-' ? -1 : 1;
  const offsetMs =
    sign * (Number(offset.slice(4, 6)) * 60 + Number(offset.slice(7, 9))) * MS_PER_MINUTE;
  const times: number[] = [];
  for (let ms = Math.ceil((startMs + offsetMs) / step) * step - offsetMs; ms < endMs; ms += step) {
    times.push(ms);
  }
  return times;
}

function axes(frame: Frame, timeZone: string, lang: DossierLanguage): string {
  const parts: string[] = [];
  for (let i = 0; i <= Y_TICKS; i += 1) {
    const value = (frame.yMax / Y_TICKS) * i;
    const y = round(frame.y(value));
    parts.push(
      `<line class="grid" x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" y1="${y}" y2="${y}"/>`,
      `<text class="tick" x="${MARGIN.left - 6}" y="${y}" text-anchor="end" dy="0.32em">${value}</text>`,
    );
  }
  const dated = frame.count * frame.bucketMs > DATED_TICKS_MS;
  for (const ms of tickTimes(frame, timeZone)) {
    const x = round(frame.x(ms));
    const date = localDate(localParts(ms, timeZone), lang).slice(0, lang === 'en' ? 10 : 5);
    const label = `${dated ? `${date} ` : ''}${localHourMinute(ms, timeZone)}`;
    parts.push(
      `<line class="axis" x1="${x}" x2="${x}" y1="${MARGIN.top + PLOT_HEIGHT}" y2="${MARGIN.top + PLOT_HEIGHT + 4}"/>`,
      `<text class="tick" x="${x}" y="${MARGIN.top + PLOT_HEIGHT + 18}" text-anchor="middle">${label}</text>`,
    );
  }
  return parts.join('');
}

function raidShading(frame: Frame, periods: readonly RaidPeriod[]): string {
  const endMs = frame.series.startMs + frame.count * frame.bucketMs;
  return periods
    .map((period) => {
      const x1 = frame.x(Math.max(period.startMs, frame.series.startMs));
      const x2 = frame.x(Math.min(period.endMs ?? endMs, endMs));
      if (x2 <= x1) return '';
      return (
        `<rect class="raid" data-series="raid" data-source="${period.source}" x="${round(x1)}" ` +
        `y="${MARGIN.top}" width="${round(x2 - x1)}" height="${PLOT_HEIGHT}"/>`
      );
    })
    .join('');
}

function abusiveBars(frame: Frame): string {
  const width = PLOT_WIDTH / frame.count;
  return frame.series.abusive
    .map((value, i) => {
      if (value === 0) return '';
      const ms = frame.series.startMs + i * frame.bucketMs;
      const top = frame.y(value);
      return (
        `<rect class="abusive" data-series="abusive" data-start="${new Date(ms).toISOString()}" ` +
        `data-count="${value}" x="${round(frame.x(ms) + width * 0.1)}" y="${round(top)}" ` +
        `width="${round(Math.max(width * 0.8, 0.6))}" height="${round(MARGIN.top + PLOT_HEIGHT - top)}"/>`
      );
    })
    .join('');
}

function inboundLine(frame: Frame): string {
  const values = frame.series.inbound;
  if (values === undefined) return '';
  const points = values.map((value, i) => {
    const ms = frame.series.startMs + (i + 0.5) * frame.bucketMs;
    return `${i === 0 ? 'M' : 'L'}${round(frame.x(ms))},${round(frame.y(value))}`;
  });
  const total = values.reduce((sum, value) => sum + value, 0);
  return (
    `<path class="inbound" data-series="inbound" data-points="${values.length}" ` +
    `data-total="${total}" d="${points.join('')}"/>`
  );
}

/** The chart, as an `<svg>` element. */
export function chartSvg(
  series: ChartSeries,
  periods: readonly RaidPeriod[],
  timeZone: string,
  lang: DossierLanguage,
  text: DossierText,
): string {
  const frame = frameOf(series);
  const total = series.abusive.reduce((sum, value) => sum + value, 0);
  const title = escapeHtml(`${text.chart.title(series.bucketMinutes)}: ${text.chart.abusive}`);
  return (
    `<svg id="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${HEIGHT}" ` +
    `role="img" aria-label="${title}" data-bucket-minutes="${series.bucketMinutes}" ` +
    `data-abusive-total="${total}" data-buckets="${frame.count}"><title>${title}</title>` +
    raidShading(frame, periods) +
    axes(frame, timeZone, lang) +
    abusiveBars(frame) +
    inboundLine(frame) +
    `<line class="axis" x1="${MARGIN.left}" x2="${WIDTH - MARGIN.right}" ` +
    `y1="${MARGIN.top + PLOT_HEIGHT}" y2="${MARGIN.top + PLOT_HEIGHT}"/></svg>`
  );
}
