/**
 * The HTML report drawn by a real browser: headless Chromium (Debian's package; `.ci/run`
 * installs it) driven by playwright-core, no download. The charts are drawn by the page's own
 * script, so the DOM is checked after it ran, and a screenshot is taken.
 */
import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { readFileSync } from 'node:fs';
import type { ConfigInput } from '../../lib/config';
import { htmlReport } from '../../tools/simulator/html-report';
import { simulate } from '../../tools/simulator/run';
import { SCENARIOS } from '../../tools/simulator/scenarios';
import { buildTimeline } from '../../tools/simulator/timeline';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) {
  console.warn(
    `SKIPPED: the HTML report test needs Chromium at ${CHROMIUM} (apt-get install chromium); .ci/run installs it.`,
  );
}
// Skipped only where the browser is absent (never in CI).
const browserTest = hasChromium ? test : test.skip;

browserTest('the report draws its three charts with data', async () => {
  const config = JSON.parse(readFileSync('config/antirelou.json', 'utf8')) as ConfigInput;
  const scenario = SCENARIOS.raid2017!({ seed: 2017, scale: 0.02 });
  const result = await simulate({ events: scenario.events, config, startMs: scenario.startMs });
  const summary = { ...result.summary, scenario: 'raid2017' };
  const timeline = buildTimeline({ ...result, summary }, 'Europe/Paris');
  const dir = mkdtempSync(join(tmpdir(), 'antirelou-html-'));
  const file = join(dir, 'report.html');
  writeFileSync(
    file,
    htmlReport(summary, timeline, { description: scenario.description, timeZone: 'Europe/Paris' }),
  );

  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 1000 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    // The file must need nothing from the network.
    await page.route('**/*', (route) =>
      route.request().url().startsWith('file:') ? route.continue() : route.abort(),
    );
    await page.goto(`file://${file}`);
    expect(await page.getAttribute('body', 'data-charts-drawn')).toBe('true');
    expect(errors).toEqual([]);

    const points = async (series: string): Promise<number> =>
      Number(await page.getAttribute(`path[data-series="${series}"]`, 'data-points'));
    for (const series of [
      'inbound',
      'inbound-legit',
      'replies',
      'spent-month',
      'spent-day',
      'cap-day',
      'cap-month',
    ]) {
      expect(await points(series)).toBe(timeline.times.length);
    }
    // The lines are not flat: the data made it into the drawing.
    const replies = await page.getAttribute('path[data-series="replies"]', 'd');
    expect(
      new Set(
        replies!
          .split(/[ML]/)
          .filter(Boolean)
          .map((p) => p.split(',')[1]),
      ).size,
    ).toBeGreaterThan(2);
    const bars = await page.$$eval('#chart-drops rect', (rects) =>
      rects.map((r) => [r.getAttribute('data-reason'), Number(r.getAttribute('data-count'))]),
    );
    expect(Object.fromEntries(bars)).toEqual(summary.dropped);
    // The safety delay's figures (the default config has a 20-minute delay).
    const cancelled = Object.values(summary.cancelled_replies).reduce((a, b) => a + b, 0);
    expect(await page.textContent('.cards')).toContain(
      `${summary.scheduled_replies.toLocaleString('en-US')} / ${cancelled}scheduled / cancelled (delay 20 min)`,
    );

    const screenshot = join(dir, 'report.png');
    await page.screenshot({ path: screenshot, fullPage: true });
    expect(statSync(screenshot).size).toBeGreaterThan(20_000);
  } finally {
    await browser.close();
  }
});
