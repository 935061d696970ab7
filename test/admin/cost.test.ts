/**
 * `npx antirelou cost`: the month's fixed AWS costs counted from the stack the config builds
 * (the same resources as the synthesized template), priced from one file with sources and a
 * date, and the SMS part from the budget. `--json` prints exactly one object with the contract's
 * fields; `cdk synth` prints the same summary, offline.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { AntirelouStack } from '../../lib/antirelou-stack';
import type { ConfigInput } from '../../lib/config';
import { parseConfig } from '../../lib/config';
import { AWS_PRICES, PRICES_CHECKED } from '../../lib/config/aws-prices';
import type { CostReport } from '../../lib/config/monthly-cost';
import { metricSeriesCount, monthlyCost } from '../../lib/config/monthly-cost';
import { smsMonth } from '../../lib/config/sms-month';
import { stackInventory } from '../../lib/stack-inventory';
import { runCommand, runTs } from '../support/cli';
import { testApp } from '../infra/synth';
import { runAdmin } from './io';

/** A config of our own (the CONFIG one changes): an existing French number, EUR budgets. */
const CONFIG: ConfigInput = {
  originationNumber: '+33937123456',
  number: { mode: 'existing', phoneNumberId: 'phone-0a1b2c' },
  budget: { currency: 'EUR', hour: 5, day: 40, month: 300, timeZone: 'Europe/Paris' },
  prices: { FR: 0.075 },
  allowedCountries: ['FR'],
};
const TSX = join(__dirname, '..', '..', 'node_modules', '.bin', 'tsx');

let dir: string;
let file: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'antirelou-cost-'));
  file = configFile(CONFIG, 'config.json');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function configFile(config: ConfigInput, name: string): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(config));
  return file;
}

function built(config: ConfigInput) {
  const app = testApp();
  return new AntirelouStack(app, 'Antirelou', { config: parseConfig(config) });
}

test('cost --json: exactly one JSON object with the contract fields', async () => {
  const result = await runAdmin(['cost', '--config', file, '--json']);

  expect(result.code).toBe(0);
  expect(result.stderr).toBe('');
  const report = JSON.parse(result.stdout) as CostReport;
  expect(report).toMatchObject({
    currency: 'EUR',
    fixed_usd_month: expect.any(Number),
    sms_budget_month: 300,
    replies_per_month_max: 2000,
  });
  expect(report.items.length).toBeGreaterThan(0);
  for (const item of report.items) {
    expect(item).toEqual(
      expect.objectContaining({
        what: expect.any(String),
        usd_month: expect.any(Number),
        source: expect.stringMatching(/^https:\/\//),
      }),
    );
  }
  // The fixed total is the sum of the known fixed lines.
  const fixed = report.items.filter((item) => item.fixed && item.known);
  expect(report.fixed_usd_month).toBeCloseTo(
    fixed.reduce((sum, item) => sum + item.usd_month, 0),
    2,
  );
  expect(report.unknown).toEqual(['phone number lease']);
});

test('cost --json from the command line: stdout is one JSON document, nothing else', async () => {
  const result = await runTs('tools/admin/cli.ts', ['cost', '--json']);
  expect(result.code).toBe(0);
  expect(() => JSON.parse(result.stdout)).not.toThrow();
  expect(result.stdout.trim().startsWith('{')).toBe(true);
});

test('the inventory is what the synthesized template holds', () => {
  const stack = built(CONFIG);
  const inventory = stackInventory(stack);
  const template = Template.fromStack(stack).toJSON() as {
    Resources: Record<
      string,
      { Type: string; Properties?: { Metrics?: { MetricStat?: unknown }[] } }
    >;
  };
  const resources = Object.values(template.Resources);
  const count = (type: string): number => resources.filter((r) => r.Type === type).length;
  const alarms = resources.filter((r) => r.Type === 'AWS::CloudWatch::Alarm');
  expect(inventory).toEqual({
    kmsKeys: count('AWS::KMS::Key'),
    alarms: alarms.length,
    alarmMetrics: alarms.reduce(
      (sum, alarm) =>
        sum + (alarm.Properties?.Metrics?.filter((m) => m.MetricStat !== undefined).length || 1),
      0,
    ),
    dashboards: count('AWS::CloudWatch::Dashboard'),
    secrets: count('AWS::SecretsManager::Secret'),
    logGroups: count('AWS::Logs::LogGroup'),
    phoneNumbers: count('AWS::SMSVOICE::PhoneNumber'),
  });
  expect(inventory.alarmMetrics).toBeGreaterThan(inventory.alarms); // the 100 % alarms are math
});

test('the fixed lines are count × unit price, each with its source', () => {
  const config = parseConfig(CONFIG);
  const inventory = stackInventory(built(CONFIG));
  const report = monthlyCost(config, inventory);
  const byWhat = (start: string) => report.items.find((item) => item.what.startsWith(start))!;
  expect(byWhat('KMS').usd_month).toBe(inventory.kmsKeys * AWS_PRICES.kmsKey.usd);
  expect(byWhat('KMS').source).toBe('https://aws.amazon.com/kms/pricing/');
  expect(byWhat('CloudWatch alarms').usd_month).toBeCloseTo(inventory.alarmMetrics * 0.1, 5);
  expect(byWhat('CloudWatch dashboard').usd_month).toBe(3);
  expect(byWhat('Secrets Manager').usd_month).toBe(0.4);
  expect(byWhat('CloudWatch custom metrics').count).toBe(metricSeriesCount(config));
  expect(byWhat('phone number lease')).toMatchObject({ known: false, usd_month: 0 });
  expect(report.free_tier_fixed_usd_month).toBe(4); // 10 alarm metrics and 3 dashboards
});

test('every price has a source, a status and the date it was read', () => {
  expect(PRICES_CHECKED).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  for (const price of Object.values(AWS_PRICES)) {
    expect(price.source).toMatch(/^https:\/\//);
    expect(['aws', 'secondary']).toContain(price.status);
    expect(price.checked).toBe(PRICES_CHECKED);
    expect(price.usd).toBeGreaterThan(0);
  }
});

test.each([
  // hour, day, month → the day's most, the month's most, the day the month cap runs out
  [5, 40, 300, 40, 300, 8],
  [5, 40, 1200, 40, 1200, 30],
  [5, 40, 1240, 40, 1240, 31],
  [5, 40, 2000, 40, 1240, undefined],
  [1, 40, 300, 24, 300, 13],
  [0.15, 0.15, 0.15, 0.15, 0.15, 1],
])(
  'hour %d, day %d, month %d: the day spends at most %d, the month %d, the cap runs out on day %s',
  (hour, day, month, dayMost, monthMost, runsOut) => {
    const sms = smsMonth(
      parseConfig({ ...CONFIG, budget: { ...CONFIG.budget, hour, day, month } }),
    );
    expect(sms.dayMostMicros).toBe(dayMost * 1_000_000);
    expect(sms.monthMostMicros).toBe(monthMost * 1_000_000);
    expect(sms.monthCapRunsOutOnDay).toBe(runsOut);
  },
);

test('replies a month: the cheapest reply of the allowed countries, within each cap', () => {
  const sms = smsMonth(
    parseConfig({
      ...CONFIG,
      allowedCountries: ['FR', 'BE'],
      prices: { FR: 0.075, BE: 0.05 },
      budget: { ...CONFIG.budget, hour: 5, day: 40, month: 300 },
    }),
  );
  expect(sms.cheapestReply).toEqual({ country: 'BE', costMicros: 100_000 });
  expect(sms.repliesPerDayMax).toBe(400);
  expect(sms.repliesPerMonthMax).toBe(3000);
});

test('the text report: each line with its unit price and source, the SMS month', async () => {
  const result = await runAdmin(['cost', '--config', file]);

  expect(result.code).toBe(0);
  expect(result.stdout).toContain(
    `antirelou cost of ${file}, a month (us-east-1 list prices (Paris: not found), read 2026-11-29):`,
  );
  expect(result.stdout).toMatch(
    /USD 3\.00 {4}KMS customer managed keys: 3 × USD 1 per key-month \(aws\)\n {6}source: https:\/\/aws\.amazon\.com\/kms\/pricing\//,
  );
  expect(result.stdout).toMatch(
    /unknown {5}phone number lease \(phone-0a1b2c, already in the account\)/,
  );
  expect(result.stdout).toContain(
    'SMS: at most EUR 300.00 a month: 2,000 replies at EUR 0.15 (FR), at most 266 a day; if every day spends its cap (EUR 40.00), the month cap runs out on day 8 of the month, and no reply goes out until the 1st.',
  );
});

test('a reply longer than one segment: what one segment would buy, in the text and the JSON', async () => {
  // EUR 300 a month at EUR 0.15 (two segments): 2,000 replies (the day cap allows 31 × 266);
  // at EUR 0.075: 4,000 (31 × 533 = 16,523 would fit).
  const inventory = stackInventory(built(CONFIG));
  const long = monthlyCost(parseConfig(CONFIG), inventory);
  expect(long.shorter_reply).toEqual({
    country: 'FR',
    segments_now: 2,
    replies_per_month_now: 2000,
    replies_per_month_one_segment: 4000,
    people_added: 2000,
  });
  const text = await runAdmin(['cost', '--config', file]);
  expect(text.stdout).toContain(
    '  Shorter reply: the reply to FR takes 2 segments; one segment (up to 160 GSM-7 characters) ' +
      'would buy 4000 replies a month at the caps instead of 2000: 2000 more people answered for the same money.',
  );
  // A one-segment reply: nothing to say.
  const short = monthlyCost(parseConfig({ ...CONFIG, reply: 'Bonjour.' }), inventory);
  expect(short.shorter_reply).toBeUndefined();
});

test('a number the stack creates: its lease is a line to fill in too', async () => {
  const created = configFile(
    {
      ...CONFIG,
      originationNumber: '+14255550100',
      number: { mode: 'create', isoCountryCode: 'US', numberType: 'SIMULATOR' },
      allowedCountries: ['US'],
      prices: { US: 0.01 },
    },
    'simulator.json',
  );
  const result = await runAdmin(['cost', '--config', created, '--json']);
  const report = JSON.parse(result.stdout) as CostReport;
  expect(report.items[0]).toMatchObject({
    what: 'phone number lease (US SIMULATOR, created by the stack)',
    known: false,
    count: 1,
  });
});

test.each([
  [
    'a config that does not exist',
    ['cost', '--config', '/nonexistent.json'],
    /^error: the config \/nonexistent\.json cannot be used: cannot read the file/,
  ],
  ['--at', ['--at', '2h', 'cost'], /^error: --at does not apply to cost/],
  ['an unknown option', ['cost', '--csv'], /^error: unknown option '--csv'/],
])('%s: exit 2, one line', async (_name, args, message) => {
  const result = await runAdmin(args);
  expect(result.code).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr.split('\n')[0]).toMatch(message);
});

test('cdk synth prints the same summary after the cost report, offline', async () => {
  const out = mkdtempSync(join(tmpdir(), 'antirelou-synth-'));
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(AWS_|CDK_)/.test(name)) env[name] = value;
  }
  try {
    const result = await runCommand(TSX, ['bin/antirelou.ts'], {
      env: {
        ...env,
        AWS_REGION: undefined,
        AWS_ACCESS_KEY_ID: undefined,
        AWS_SECRET_ACCESS_KEY: undefined,
        CDK_OUTDIR: out,
        CDK_CONTEXT_JSON: JSON.stringify({ 'aws:cdk:bundling-stacks': [] }),
      },
    });
    expect(result.code).toBe(0);
    const lines = result.stderr.trimEnd().split('\n');
    // The shipped config, as `cost` reports it.
    const report = JSON.parse((await runAdmin(['cost', '--json'])).stdout) as CostReport;
    // The shipped reply takes two segments: a third line says what one would buy.
    expect(lines.at(-3)).toBe(
      `  monthly AWS cost: USD ${report.fixed_usd_month.toFixed(2)} fixed, phone number lease ` +
        'not included (us-east-1 prices of 2026-11-29); details: npx antirelou cost',
    );
    expect(lines.at(-2)).toMatch(
      new RegExp(
        `^ {2}SMS: at most ${report.currency} [\\d.]+ a month \\(${report.replies_per_month_max} replies at `,
      ),
    );
    expect(report.shorter_reply?.segments_now).toBe(2);
    expect(lines.at(-1)).toBe(
      `  shorter reply: the reply to FR takes 2 segments; one segment (up to 160 GSM-7 ` +
        `characters) would buy ${report.shorter_reply!.replies_per_month_one_segment} replies a ` +
        `month at the caps instead of ${report.replies_per_month_max}: ` +
        `${report.shorter_reply!.people_added} more people answered for the same money`,
    );
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
