/**
 * Usage errors and bad input: the right exit code (2 for a wrong command line, 1 for a valid
 * one that fails), one line saying what to do, and nothing written to the table or the disk.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConfigInput } from '../../lib/config';
import { runAdmin } from './io';
import { newSenders, simulateOn, tableSnapshot, withEnv } from './state';

const config = JSON.parse(readFileSync('config/antirelou.json', 'utf8')) as ConfigInput;

let work: string;
let dir: string;
let out: string;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'antirelou-usage-'));
  dir = join(work, 'state');
  out = join(work, 'never-written.jsonl');
  await simulateOn(dir, config, Date.UTC(2026, 10, 2, 7), newSenders('10', 2));
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

const cases: [string, string[], RegExp][] = [
  [
    'a number not in E.164',
    ['block', '0612345678'],
    /^error: the number "0612345678" is not a valid phone number in E\.164: write it as \+ country code and number, no spaces, e\.g\. \+33612345678$/,
  ],
  [
    'a number with spaces',
    ['unblock', '+33 6 12 34 56 78'],
    /^error: the number must be written in E\.164, without spaces: \+33612345678 \(not "\+33 6 12 34 56 78"\)$/,
  ],
  [
    'a landline',
    ['send-test', '+33142685300'],
    /^error: the number \+33142685300 is not a mobile number/,
  ],
  ['an impossible number', ['block', '+3361234'], /is not a valid phone number in E\.164/],
  [
    'a missing number',
    ['block'],
    /^error: missing required argument 'number' \(see `antirelou block --help`\)$/,
  ],
  [
    'budget set with nothing to set',
    ['budget', 'set'],
    /^error: budget set needs at least one of --hour, --day, --month \(e\.g\. --day 5\)$/,
  ],
  [
    'an amount that is not one',
    ['budget', 'set', '--day', 'five'],
    /^error: --day takes an amount in the budget's currency, e\.g\. --day 5 or --day 0\.45$/,
  ],
  ['a negative amount', ['budget', 'set', '--hour', '-1'], /^error: --hour takes an amount/],
  [
    'a budget above the hard cap',
    ['budget', 'set', '--day', '5', '--month', '300.000001'],
    /^error: --month EUR 300\.000001 is above the config's hard cap of EUR 300\.00: budget set only lowers caps; to raise it, use antirelou budget raise \(up to budget\.ceiling\.month\), or change budget\.month in the config and deploy$/,
  ],
  [
    'an unknown raid mode',
    ['raid', 'maybe'],
    /^error: command-argument value 'maybe' is invalid for argument 'mode'\. Allowed choices are on, off, auto\. \(see `antirelou raid --help`\)$/,
  ],
  [
    'an unknown command',
    ['frobnicate'],
    /^error: unknown command 'frobnicate' \(see `antirelou --help`\)$/,
  ],
  [
    'an unknown option',
    ['status', '--verbose'],
    /^error: unknown option '--verbose' \(see `antirelou status --help`\)$/,
  ],
  [
    'an unknown option of a subcommand',
    ['budget', 'set', '--dya', '5'],
    /^error: unknown option '--dya' \(see `antirelou budget set --help`\)$/,
  ],
  ['a bad --at', ['--at', 'noon', 'status'], /^error: --at takes a date \(2026-11-01\)/],
  [
    'export without --since',
    ['export-evidence', '--out', 'x.jsonl'],
    /^error: required option '--since <time>' not specified \(see `antirelou export-evidence --help`\)$/,
  ],
  [
    'export with a bad --since',
    ['export-evidence', '--since', 'yesterday', '--out', 'OUT'],
    /^error: --since takes a date/,
  ],
  [
    'export with --until before --since',
    ['export-evidence', '--since', '2026-11-02', '--until', '2026-11-01T00:00:00Z', '--out', 'OUT'],
    /^error: --until must be after --since$/,
  ],
  [
    'export in an unknown format',
    ['export-evidence', '--since', '7d', '--format', 'xml', '--out', 'OUT'],
    /^error: option '--format <format>' argument 'xml' is invalid\. Allowed choices are jsonl, csv\. \(see `antirelou export-evidence --help`\)$/,
  ],
  [
    'send-test --at (a send is charged now)',
    ['--at', '2h', 'send-test', '+33612345678'],
    /^error: --at does not apply to send-test: a test SMS is sent now and charged to the current hour, day and month .*; run it without --at$/,
  ],
  [
    'budget set --at',
    ['--at', '2026-11-01', 'budget', 'set', '--day', '1'],
    /^error: --at does not apply to budget set: budget set acts now\. --at only moves what status and export-evidence show; run it without --at$/,
  ],
  [
    'an amount too large to count',
    ['budget', 'set', '--day', '99999999999999999999'],
    /^error: --day 99999999999999999999 is too large to be a budget$/,
  ],
  [
    'a duration beyond any date',
    ['export-evidence', '--since', '99999999999d', '--out', 'OUT'],
    /^error: --since 99999999999d goes back before the year 0000: give a shorter duration, or a date \(e\.g\. 2020-01-01\)$/,
  ],
  [
    'export from the future',
    ['export-evidence', '--since', '2099-01-01', '--out', 'OUT'],
    // Now, for the state: the end of its simulated time, its last reply (20 minutes after the
    // last message).
    /^error: --since 2099-01-01 is after now \(2026-11-02T07:21:00\.000Z\): give an earlier --since$/,
  ],
  [
    'export to a folder',
    ['export-evidence', '--since', '7d', '--out', 'WORK'],
    /^error: --out .* is a folder: give a file name, e\.g\. --out .*evidence\.csv$/,
  ],
  [
    'export into a folder that does not exist',
    ['export-evidence', '--since', '7d', '--out', 'MISSING'],
    /^error: --out .*: the folder .*no-such-folder does not exist: create it, or choose another path$/,
  ],
  [
    'export to no file',
    ['export-evidence', '--since', '7d', '--out', ''],
    /^error: --out needs a file name/,
  ],
  [
    'export of a bad sender',
    ['export-evidence', '--since', '7d', '--sender', '12', '--out', 'OUT'],
    /^error: --sender "12" is not a valid phone number/,
  ],
];

test.each(cases)('%s: exit 2, one line, nothing written', async (_name, args, message) => {
  // Prepare
  const before = await tableSnapshot(dir);

  // Act
  const placeholders: Record<string, string> = {
    OUT: out,
    WORK: work,
    MISSING: join(work, 'no-such-folder', 'evidence.csv'),
  };
  const result = await runAdmin(['--local', dir, ...args.map((arg) => placeholders[arg] ?? arg)]);

  // Assess
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr.trimEnd().split('\n')[0]).toMatch(message);
  expect(
    result.stderr
      .trimEnd()
      .split('\n')
      .filter((line) => !line.startsWith('(Did you mean')),
  ).toHaveLength(1);
  expect(await tableSnapshot(dir)).toBe(before);
  expect(existsSync(out)).toBe(false);
});

test('not a state folder: exit 1, what to do, and no folder created', async () => {
  const missing = join(work, 'no-such-state');
  const result = await runAdmin(['--local', missing, 'pause']);
  expect(result.code).toBe(1);
  expect(result.stderr).toBe(
    `error: ${missing} is not a local antirelou state folder (no antirelou-local.json): create one with \`npm run simulate -- --state DIR\`\n`,
  );
  expect(existsSync(missing)).toBe(false);
});

test('a state folder in use by another process: exit 1, what to do', async () => {
  // The test holds the folder open, as a running simulator would.
  const result = await withEnv(dir, () => runAdmin(['--local', dir, 'stop-list']));
  expect(result.code).toBe(1);
  expect(result.stderr).toBe(
    `error: the local emulator on ${dir} stopped: another process (a simulator, another antirelou command) is probably using that folder; run again when it is done\n`,
  );
});

const commands = [
  'status',
  'pause',
  'resume',
  'block',
  'unblock',
  'budget',
  'budget set',
  'budget clear',
  'raid',
  'stop-list',
  'export-evidence',
  'send-test',
];

test.each(commands)('%s --help: exit 0, usage on stdout', async (command) => {
  const result = await runAdmin([...command.split(' '), '--help']);
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(new RegExp(`^Usage: antirelou ${command}`));
  expect(result.stderr).toBe('');
});

test('the program’s --help lists every command and the global options', async () => {
  const result = await runAdmin(['--help']);
  expect(result.code).toBe(0);
  for (const command of commands.filter((c) => !c.includes(' '))) {
    expect(result.stdout).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
  }
  for (const option of [
    '--local <dir>',
    '--stack <name>',
    '--region',
    '--profile',
    '--who',
    '--at',
  ]) {
    expect(result.stdout).toContain(option);
  }
});
