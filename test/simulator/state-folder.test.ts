/**
 * A replay into a state folder that already holds data never lands silently on it: it continues
 * after the folder's last simulated time (moved by whole days), or, with --force, replays at its
 * own dates over it; the run says which.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConfigInput } from '../../lib/config';
import { main } from '../../tools/simulator/cli';
import { simulate } from '../../tools/simulator/run';
import { placementMessage, placeReplay } from '../../tools/simulator/state-folder';
import type { TraceEvent } from '../../tools/simulator/trace';

const DAY = 86_400_000;
const START = Date.UTC(2026, 9, 16, 6, 0, 0);
const shipped = JSON.parse(readFileSync('config/antirelou.json', 'utf8')) as ConfigInput;
/** A day's money for exactly four replies: a replay on top of another would be refused some. */
const config = { ...shipped, budget: { ...shipped.budget, hour: 0.6, day: 0.6 } } as ConfigInput;

const senders = (prefix: string): TraceEvent[] =>
  Array.from({ length: 4 }, (_, i) => ({
    t: i * 60,
    from: `+336${prefix}00000${i}`,
    body: 'Salut',
  }));

let work: string;
beforeEach(() => (work = mkdtempSync(join(tmpdir(), 'antirelou-folder-'))));
afterEach(() => rmSync(work, { recursive: true, force: true }));

test.each([
  [undefined, START, false, { mode: 'fresh', startMs: START, shiftedDays: 0 }],
  [START - 1, START, false, { mode: 'after', startMs: START, shiftedDays: 0 }],
  [
    START + 2 * DAY + 5,
    START,
    false,
    { mode: 'continued', startMs: START + 3 * DAY, shiftedDays: 3 },
  ],
  [START, START, false, { mode: 'continued', startMs: START + DAY, shiftedDays: 1 }],
  [START + 2 * DAY, START, true, { mode: 'overlap', startMs: START, shiftedDays: 0 }],
])('data until %s, a replay from %s (force %s): %j', (until, start, force, expected) => {
  expect(placeReplay(until, start, force)).toMatchObject(expected);
});

test('a second replay continues after the first: its own budgets, nothing refused', async () => {
  const state = join(work, 'state');
  const first = await simulate({ events: senders('10'), config, startMs: START, stateDir: state });
  const second = await simulate({ events: senders('20'), config, startMs: START, stateDir: state });
  expect(first.summary.state_folder).toMatchObject({ mode: 'fresh' });
  expect(second.placement).toMatchObject({
    mode: 'continued',
    shiftedDays: 1,
    startMs: START + DAY,
  });
  expect(second.summary.state_folder).toMatchObject({
    mode: 'continued',
    shifted_days: 1,
    start: new Date(START + DAY).toISOString(),
  });
  expect(second.summary.replies).toBe(4);
  expect(second.summary.dropped).toEqual({});
  const message = placementMessage(second.placement, state, (ms) => new Date(ms).toISOString());
  expect(message).toContain('this replay continues after it: moved 1 day(s) later');
});

test('--force replays at its own dates over the data, and the overlap shows', async () => {
  const state = join(work, 'state');
  await simulate({ events: senders('10'), config, startMs: START, stateDir: state });
  const forced = await simulate({
    events: senders('20'),
    config,
    startMs: START,
    stateDir: state,
    force: true,
  });
  expect(forced.placement.mode).toBe('overlap');
  // The day's money is the first replay's: the second one's senders are refused for it, and
  // wait for the next day (the waiting list).
  expect(forced.summary.dropped).toEqual({});
  expect(forced.summary.money_refusals.budget_day).toMatchObject({ senders: 4, waiting: 4 });
  expect(placementMessage(forced.placement, state, String)).toContain(
    '--force: this replay runs at its own dates',
  );
});

test('the simulator says where the replay went, on stderr (stdout stays one JSON object)', async () => {
  const state = join(work, 'state');
  const trace = join(work, 'trace.jsonl');
  writeFileSync(
    trace,
    senders('30')
      .map((e) => JSON.stringify(e))
      .join('\n'),
  );
  const configFile = join(work, 'config.json');
  writeFileSync(configFile, JSON.stringify(config));
  const run = async (): Promise<{ code: number; stdout: string; stderr: string }> => {
    let stdout = '';
    let stderr = '';
    const io = {
      stdout: { write: (text: string) => (stdout += text), isTTY: false },
      stderr: { write: (text: string) => (stderr += text) },
    } as unknown as Parameters<typeof main>[1];
    const args = [
      '--trace',
      trace,
      '--config',
      configFile,
      '--state',
      state,
      '--json',
      '--no-html',
    ];
    const code = await main(args, io);
    return { code, stdout, stderr };
  };
  expect((await run()).stderr).toBe('');
  const again = await run();
  expect(again.code).toBe(0);
  expect(again.stderr).toMatch(
    /already holds simulated data up to .*; this replay continues after it/,
  );
  // The same four senders, a day later: within their window, nothing for the budget to refuse.
  expect(JSON.parse(again.stdout)).toMatchObject({
    dropped: { window: 4 },
    state_folder: { mode: 'continued', shifted_days: 1 },
  });
});
