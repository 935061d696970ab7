/**
 * The chat through its input stream: lines starting with `/` are commands and never SMS, and
 * every line the chat prints about the next reply is what the responder then does.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import type { ConfigInput } from '../../lib/config';
import { readMetrics } from '../../tools/local/local-metrics';
import { parseChatLine, parseDuration } from '../../tools/simulator/chat-commands';
import { chat } from '../../tools/simulator/chat';

const shipped = JSON.parse(readFileSync('config/antirelou.json', 'utf8')) as ConfigInput;
/** Money for one reply a day: the third sender's next message is refused for the day's budget. */
const config = {
  ...shipped,
  budget: { ...shipped.budget, hour: 0.3, day: 0.3, month: 10 },
} as ConfigInput;
/** A still wall clock: simulated time moves only with /wait. */
const WALL = Date.UTC(2026, 10, 2, 9, 0, 0);

async function chatWith(lines: readonly string[], stateDir?: string): Promise<string[]> {
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk: Buffer) => (text += chunk.toString()));
  await chat({
    from: '+33612345678',
    config,
    input: Readable.from(lines.map((line) => `${line}\n`)),
    output,
    wallClock: () => WALL,
    ...(stateDir === undefined ? {} : { stateDir }),
  });
  return text.split('\n');
}

test('commands are never sent as SMS; /quit ends the chat, what follows is not read', async () => {
  const work = mkdtempSync(join(tmpdir(), 'antirelou-chat-'));
  try {
    const out = await chatWith(['/help', '/status', '/nope', '/wait soon', '/quit', 'STOP'], work);
    const text = out.join('\n');
    expect(text).toContain('/wait [25m|2h|1d]');
    expect(text).toContain('== budget: hour EUR 0.00 / EUR 0.30');
    expect(text).toContain('!! unknown command /nope: /help lists the commands (nothing was sent)');
    expect(text).toContain('!! /wait takes a duration such as 25m');
    expect(out.at(-2)).toBe('bye');
    expect(text).not.toContain('opted out');
    // Nothing reached the responder: the metrics of the folder count no inbound SMS.
    const minutes = Object.values(readMetrics(work)!.minutes);
    expect(minutes.reduce((sum, m) => sum + (m.inbound ?? 0), 0)).toBe(0);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});

test('what the chat says about the next reply is what the responder does', async () => {
  const out = await chatWith([
    'Bonjour', // a reply, held for the safety delay
    'Encore ?', // the window
    'sale pute', // abusive: flagged
    'START', // opting in does not lift the flag
    'Bonjour', // flagged
    '/from +33698765432',
    'Salut', // a reply: the second of the day's money
    '/from +33611112222',
    'Coucou', // the day's budget is spent: the waiting list
    '/wait 25m', // the second sender's reply goes out; the first one's was cancelled (flagged)
  ]);
  const predictions = out.filter((line) => line.startsWith('  ?? next message:'));
  const outcomes = out.filter((line) =>
    /^ {2}-- (no reply|reply paid for|opted|waiting for money)/.test(line),
  );
  // The ordinary messages (not STOP/START/HELP, not abusive) and what was foretold for each.
  const foretold = (index: number): string => predictions[index]!;
  expect(foretold(0)).toContain(
    'a reply (EUR 0.15, 2 segment(s)), sent after the safety delay (20 min)',
  );
  expect(outcomes[0]).toContain('reply paid for (EUR 0.15)');
  expect(foretold(1)).toContain('no reply: window');
  expect(outcomes[1]).toContain('no reply: window');
  expect(outcomes[2]).toContain('no reply: abusive');
  expect(foretold(3)).toContain('no reply: flagged');
  expect(outcomes[3]).toContain('opted in again');
  expect(foretold(4)).toContain('no reply: flagged');
  expect(outcomes[4]).toContain('no reply: flagged');
  expect(foretold(6)).toContain('a reply');
  expect(outcomes[5]).toContain('reply paid for');
  expect(foretold(8)).toContain('refused for money (budget_day), then the waiting list');
  expect(outcomes[6]).toContain('waiting for money (budget_day)');
  const text = out.join('\n');
  expect(text).toContain('-- the waiting reply was cancelled: flagged');
  expect(text).toMatch(/<< .+\n {5}\(2 segment\(s\), EUR 0\.15\)/);
});

test.each([
  ['/quit', { kind: 'quit' }],
  ['/EXIT', { kind: 'quit' }],
  ['/wait', { kind: 'wait' }],
  ['/wait 1h30m', { kind: 'wait', ms: 5_400_000 }],
  ['/from +33612345678', { kind: 'from', number: '+33612345678' }],
  ['//etc', { kind: 'sms', body: '/etc' }],
  ['salut /quit', { kind: 'sms', body: 'salut /quit' }],
])('%s is read as %j', (line, expected) => {
  expect(parseChatLine(line)).toEqual(expected);
});

test.each([
  ['25m', 1_500_000],
  ['2h', 7_200_000],
  ['90s', 90_000],
  ['1d', 86_400_000],
  ['20min', 1_200_000],
  ['soon', undefined],
  ['0m', undefined],
])('duration %s', (text, ms) => {
  expect(parseDuration(text)).toBe(ms);
});
