/**
 * `npm run simulate` as a user runs it: a real process, real files, exit codes.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTs } from '../support/cli';

const CLI = 'tools/simulator/cli.ts';
const work = mkdtempSync(join(tmpdir(), 'antirelou-sim-'));

const SUMMARY_KEYS = [
  'inbound',
  'replies',
  'spent_micros',
  'budget_micros',
  'peak_spent_micros',
  'dropped',
  'errors',
  'legit_inbound',
  'legit_replied',
  'max_replies_per_sender',
  'replies_after_stop',
  'config',
  'billed_micros',
  'estimated_micros',
  'peak_billed_micros',
];

test('--json prints exactly one JSON object with the documented summary', async () => {
  const result = await runTs(CLI, ['--scenario', 'quiet', '--scale', '0.1', '--json', '--no-html']);
  expect(result.code).toBe(0);
  const lines = result.stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  const summary = JSON.parse(lines[0]!);
  for (const key of SUMMARY_KEYS) expect(summary).toHaveProperty(key);
  for (const key of ['budget_micros', 'peak_spent_micros', 'peak_billed_micros']) {
    expect(Object.keys(summary[key]).sort()).toEqual(['day', 'hour', 'month']);
  }
  expect(summary.scenario).toBe('quiet');
  expect(summary.config.originationNumber).toBe('+33937000000');
  expect(summary.inbound).toBeGreaterThan(50);
  expect(summary.errors).toBe(0);
});

test('the text report and the HTML file', async () => {
  const html = join(work, 'report.html');
  const result = await runTs(CLI, ['--scenario', 'rotating', '--scale', '0.01', '--html', html]);
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/inbound SMS\s+[\d,]+\s+[\d,]+/);
  expect(result.stdout).toMatch(/Real senders: [\d,]+ people/);
  expect(result.stdout).toContain(`HTML report: ${html}`);
  // Receipts are on with the shipped config: estimated vs billed, and the difference.
  expect(result.stdout).toMatch(/receipted replies\s+estimated\s+billed\s+difference/);
  expect(readFileSync(html, 'utf8')).toMatch(/^<!doctype html>/);
  expect(readFileSync(html, 'utf8')).toContain('<table id="billed">');
});

test('a trace with raw lines: each dropped with a reason, no error; --state keeps the table', async () => {
  const trace = join(work, 'trace.jsonl');
  const state = join(work, 'state');
  writeFileSync(
    trace,
    [
      '{"t": 0, "from": "+33612345678", "body": "salut", "legit": true}',
      '{"t": 1, "raw": "{not json"}',
      '{"t": 2, "raw": "{\\"originationNumber\\": \\"+33612345678\\"}"}',
      '{"t": 3, "raw": "{\\"originationNumber\\":\\"+33612345678\\",\\"destinationNumber\\":\\"+33700000001\\",\\"messageBody\\":\\"x\\",\\"inboundMessageId\\":\\"a\\"}"}',
      '{"t": 4, "raw": ""}',
    ].join('\n'),
  );
  const first = await runTs(CLI, ['--trace', trace, '--state', state, '--json', '--no-html']);
  expect(first.code).toBe(0);
  const summary = JSON.parse(first.stdout);
  expect(summary).toMatchObject({
    inbound: 5,
    replies: 1,
    errors: 0,
    dropped: { bad_json: 2, missing_field: 1, wrong_destination: 1 },
  });
  expect(existsSync(join(state, 'antirelou-local.json'))).toBe(true);

  // The same sender again, on the kept state: the window remembers the first reply.
  writeFileSync(trace, '{"t": 60, "from": "+33612345678", "body": "encore"}\n');
  const second = JSON.parse(
    (await runTs(CLI, ['--trace', trace, '--state', state, '--json', '--no-html'])).stdout,
  );
  expect(second).toMatchObject({ inbound: 1, replies: 0, dropped: { window: 1 } });
});

test('--chat shows the reply, then why there is no second one', async () => {
  const result = await runTs(CLI, ['--chat', '--from', '+33611223344'], {
    input: 'salut\n/wait\nencore moi\nSTOP\n',
  });
  expect(result.code).toBe(0);
  // The safety delay holds the reply until /wait lets its time pass.
  const [before, after] = result.stdout.split('/wait to let the time pass');
  expect(before).toContain('reply paid for (EUR 0.15) and held until');
  expect(before).not.toContain('<<');
  expect(after).toContain('<< Bonjour. Ce numéro est un numéro anti-relou');
  expect(result.stdout).toContain('(2 segment(s), EUR 0.15)');
  expect(result.stdout).toContain(
    'no reply: window (this number already got its reply in the current window; until ',
  );
  expect(result.stdout).toContain('opted out');
});

test('--chat: STOP during the safety delay cancels the waiting reply', async () => {
  const result = await runTs(CLI, ['--chat', '--from', '+33611223345'], {
    input: 'salut\nSTOP\n/wait\n',
  });
  expect(result.code).toBe(0);
  expect(result.stdout).toContain('the waiting reply was cancelled: opted_out');
  expect(result.stdout).not.toContain('<<');
});

test('--reply-delay 0 replies at once; a bad one is refused with the reason', async () => {
  const now = await runTs(CLI, ['--chat', '--from', '+33611223346', '--reply-delay', '0'], {
    input: 'salut\n',
  });
  expect(now.stdout).toContain('<< Bonjour.');
  const bad = await runTs(CLI, ['--scenario', 'quiet', '--reply-delay', '2 days', '--json']);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('replyDelay must be a number of minutes');
});

test.each([
  [
    ['--scenario', 'nope'],
    2,
    /argument 'nope' is invalid. Allowed choices are raid2017, quiet, rotating/,
  ],
  [['--scenario', 'quiet', '--trace', 'x.jsonl'], 2, /use --scenario or --trace, not both/],
  [['--scale', 'lots'], 2, /--scale must be a number/],
  [['--bogus'], 2, /unknown option '--bogus'/],
  [['--billed-factor', '0'], 2, /--billed-factor must be a number above 0 and at most 10/],
  [['--billed-factor', '1,2'], 2, /--billed-factor must be a number above 0/],
  [['--billed-factor', '11'], 2, /--billed-factor must be a number above 0 and at most 10/],
  [['--carrier-fee', '-0.01'], 2, /--carrier-fee must be a number ≥ 0/],
  [['--carrier-fee', '12'], 2, /--carrier-fee must be at most 10 \(USD per SMS\)/],
  [['--trace', 'does-not-exist.jsonl'], 1, /cannot read trace does-not-exist.jsonl/],
])('usage error %j → exit %i', async (args, code, message) => {
  const result = await runTs(CLI, args);
  expect(result.code).toBe(code);
  expect(result.stderr).toMatch(message);
  expect(result.stderr).not.toMatch(/^\s+at /m); // a sentence, never a stack trace
  expect(result.stdout).toBe('');
});

test('--billed-factor needs a config with receipts', async () => {
  const shipped = JSON.parse(readFileSync('config/antirelou.json', 'utf8')) as object;
  const config = join(work, 'no-receipts.json');
  writeFileSync(config, JSON.stringify({ ...shipped, receipts: { enabled: false } }));
  const result = await runTs(CLI, ['--config', config, '--billed-factor', '1.2', '--json']);
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('--billed-factor and --carrier-fee need receipts');
  expect(result.stderr).not.toMatch(/^\s+at /m);
  expect(result.stdout).toBe('');
});

test('a bad config is refused with the field and how to fix it', async () => {
  const config = join(work, 'bad.json');
  writeFileSync(
    config,
    JSON.stringify({
      originationNumber: '+33700000000',
      number: { mode: 'create', isoCountryCode: 'FR' },
      budget: { hour: 50, day: 10 },
    }),
  );
  const result = await runTs(CLI, ['--config', config, '--json']);
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('budget.hour: budget.hour is above budget.day');
  expect(result.stdout).toBe('');
});

test('--help lists the options', async () => {
  const result = await runTs(CLI, ['--help']);
  expect(result.code).toBe(0);
  for (const option of [
    '--scenario',
    '--trace',
    '--config',
    '--state',
    '--json',
    '--seed',
    '--speed',
    '--chat',
    '--billed-factor',
    '--carrier-fee',
  ]) {
    expect(result.stdout).toContain(option);
  }
});
