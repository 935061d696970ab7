/**
 * The HTML report drawn by a real browser: headless Chromium (Debian's package; `.ci/run`
 * installs it) driven by playwright-core, no download. The charts are drawn by the page's own
 * script, so the DOM is checked after it ran: inbound and replies on comparable scales, raid
 * mode shaded, nothing cut off at 1,280 px wide.
 */
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';
import type { ConfigInput } from '../../lib/config';
import { htmlReport } from '../../tools/simulator/html-report';
import type { Summary } from '../../tools/simulator/run';
import { simulate } from '../../tools/simulator/run';
import { LAUNCH_MS } from '../../tools/simulator/scenarios';
import type { Timeline } from '../../tools/simulator/timeline';
import { buildTimeline } from '../../tools/simulator/timeline';
import type { TraceEvent } from '../../tools/simulator/trace';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(
    `SKIPPED: the HTML report test needs Chromium at ${CHROMIUM} (apt-get install chromium); .ci/run installs it.`,
  );
}
// Skipped only where the browser is absent (never in CI).
const browserTest = hasChromium ? test : test.skip;
const WIDTH = 1280;

/** Two quiet hours of real senders around a 10-minute raid of 20 SMS a minute from 20 bots. */
function smallRaid(): TraceEvent[] {
  const events: TraceEvent[] = [];
  for (let i = 0; i < 90; i += 1) {
    const t = i < 45 ? i * 80 : 4800 + (i - 45) * 80;
    events.push({ t, from: `+3361${String(i).padStart(7, '0')}`, body: 'Bonjour', legit: true });
  }
  for (let i = 0; i < 200; i += 1) {
    events.push({
      t: 3600 + i * 3,
      from: `+3375${String(i % 20).padStart(7, '0')}`,
      body: 'Connard',
      legit: false,
    });
  }
  return events.sort((a, b) => a.t - b.t);
}

let browser: Browser;
let page: Page;
let summary: Summary;
let timeline: Timeline;
let dir: string;
const errors: string[] = [];

beforeAll(async () => {
  if (!hasChromium) return;
  // A small replay with a burst above the (lowered) flood floor: raid mode starts and ends.
  const shipped = JSON.parse(readFileSync('config/antirelou.json', 'utf8')) as ConfigInput;
  const config = { ...shipped, raid: { floodFloorPerMinute: 5 } } as ConfigInput;
  const result = await simulate({ events: smallRaid(), config, startMs: LAUNCH_MS });
  summary = { ...result.summary, scenario: 'small raid' };
  timeline = buildTimeline({ ...result, summary }, 'Europe/Paris');
  dir = mkdtempSync(join(tmpdir(), 'antirelou-html-'));
  const file = join(dir, 'report.html');
  writeFileSync(
    file,
    htmlReport(summary, timeline, { description: 'A test replay', timeZone: 'Europe/Paris' }),
  );
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
  page = await browser.newPage({ viewport: { width: WIDTH, height: 900 } });
  page.on('pageerror', (error) => errors.push(error.message));
  // The file must need nothing from the network.
  await page.route('**/*', (route) =>
    route.request().url().startsWith('file:') ? route.continue() : route.abort(),
  );
  await page.goto(`file://${file}`);
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

const attribute = async (selector: string, name: string): Promise<string> =>
  (await page.getAttribute(selector, name)) ?? '';

browserTest('the page draws every chart from its data, with no error', async () => {
  expect(await page.getAttribute('body', 'data-charts-drawn')).toBe('true');
  expect(errors).toEqual([]);
  for (const series of [
    'inbound',
    'inbound-legit',
    'replies-inbound-scale',
    'replies',
    'spent-month',
    'spent-day',
    'cap-day',
    'cap-month',
  ]) {
    expect(Number(await attribute(`path[data-series="${series}"]`, 'data-points'))).toBe(
      timeline.times.length,
    );
  }
  const bars = await page.$$eval('#chart-drops rect', (rects) =>
    rects.map((r) => [r.getAttribute('data-reason'), Number(r.getAttribute('data-count'))]),
  );
  expect(Object.fromEntries(bars)).toEqual(summary.dropped);
  // The safety delay's figures (the default config has a 20-minute delay).
  const cancelled = Object.values(summary.cancelled_replies).reduce((a, b) => a + b, 0);
  expect(await page.textContent('.cards')).toContain(
    `${summary.scheduled_replies.toLocaleString('en-US')} / ${cancelled}scheduled / cancelled (delay 20 min)`,
  );
});

browserTest(
  'inbound and replies on comparable scales: one shared panel, one zoomed from zero',
  async () => {
    // Shared panel: replies drawn with the inbound's own maximum, inside the same chart.
    const inboundMax = Number(
      await attribute('#chart-inbound path[data-series="inbound"]', 'data-max'),
    );
    expect(
      Number(
        await attribute('#chart-inbound path[data-series="replies-inbound-scale"]', 'data-max'),
      ),
    ).toBe(inboundMax);
    expect(inboundMax).toBeGreaterThanOrEqual(Math.max(...timeline.inbound));
    // Zoomed panel: its own scale, from zero to at least the most replies of a bucket, labelled.
    const zoomMax = Number(
      await attribute('#chart-replies path[data-series="replies"]', 'data-max'),
    );
    expect(zoomMax).toBeGreaterThanOrEqual(Math.max(...timeline.replies));
    const labels = await page.$$eval('#chart-replies text', (texts) =>
      texts.map((t) => t.textContent),
    );
    expect(labels).toEqual(expect.arrayContaining(['0', zoomMax.toLocaleString('en-US')]));
    expect(await page.textContent('figure:has(#chart-replies) figcaption')).toContain('zoomed');
  },
);

browserTest('raid-mode periods are shaded on every time chart', async () => {
  expect(timeline.raidPeriods.length).toBeGreaterThan(0);
  for (const chart of ['chart-inbound', 'chart-replies', 'chart-spend']) {
    const bands = await page.$$eval(`#${chart} rect.raid-band`, (rects) =>
      rects.map((r) => [Number(r.getAttribute('data-start')), Number(r.getAttribute('data-end'))]),
    );
    expect(bands).toEqual(timeline.raidPeriods.map((p) => [p.startMs, p.endMs]));
  }
  expect(await page.textContent('figure:has(#chart-inbound) figcaption')).toMatch(
    /shaded: raid mode \(\d+ min in all\)/,
  );
});

browserTest('nothing is cut off at 1,280 px, the text report expanded', async () => {
  await page.click('details summary');
  // Run in the page (a string: this project's TypeScript has no DOM types).
  const overflow = await page.evaluate(`(() => {
    const root = document.documentElement;
    const pre = document.querySelector('pre');
    const outside = [...document.querySelectorAll('body *')].filter(
      (node) => node.getBoundingClientRect().right > root.clientWidth + 0.5,
    ).length;
    // Chart labels must stay inside their drawing.
    const clipped = [...document.querySelectorAll('svg')].flatMap((svg) => {
      const box = svg.viewBox.baseVal;
      return [...svg.querySelectorAll('text')]
        .map((t) => t.getBBox())
        .filter((b) => b.x < box.x - 0.5 || b.x + b.width > box.x + box.width + 0.5)
        .map((b) => svg.id + ':' + b.x);
    });
    return {
      page: root.scrollWidth - root.clientWidth,
      pre: pre.scrollWidth - pre.clientWidth,
      outside,
      clipped,
    };
  })()`);
  expect(overflow).toEqual({ page: 0, pre: 0, outside: 0, clipped: [] });
  const screenshot = join(dir, 'report.png');
  await page.screenshot({ path: screenshot, fullPage: true });
  expect(statSync(screenshot).size).toBeGreaterThan(20_000);
});
