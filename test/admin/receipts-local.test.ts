/**
 * Receipts in the maintainers' view (issue 16, "See it"), on a simulator's state folder: after a
 * small replay of the real responder, one more reply is reserved and trued up and a price is
 * learned through the responder's own item modules (BudgetLedger.reserve, TrueUps.apply,
 * ControlItem.learnPrice); then `status` shows estimated, billed, their difference, the price
 * reservations count and the USD rate, and `cost --local` prices the SMS at the learned price.
 * Without receipts, `status` says they are off and `cost` stays as the config says.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { periodKeys } from '../../lambda/domain/calendar';
import type { ConfigInput } from '../../lib/config';
import type { CostWithLearned } from '../../tools/admin/cost';
import type { StatusReport } from '../../tools/admin/status';
import { runAdmin } from './io';
import { MS_PER_DAY, newSenders, simulateOn, withEnv } from './state';

const shipped = JSON.parse(readFileSync('config/antirelou.json', 'utf8')) as ConfigInput;
/** The shipped config (sms-voice: receipts on), with a USD rate. */
const config = {
  ...shipped,
  waitingList: { enabled: false },
  receipts: { usdRate: { perUsd: 0.95, date: '2026-10-30' } },
} as ConfigInput;
/** The same through SNS: no receipts. */
const snsConfig = { ...shipped, sendVia: 'sns', waitingList: { enabled: false } } as ConfigInput;

/** Monday 2 November 2026, 08:00 in Paris (the config's budget time zone). */
const BASE = Date.UTC(2026, 10, 2, 7, 0, 0);
/** The state's clock: the third sender's reply (2 min, + the 20 min safety delay). */
const END_MS = BASE + 120_000 + 1_200_000;
/** A two-segment reply at the configured EUR 0.075 a segment. */
const REPLY_MICROS = 150_000;
const BILLED_MICROS = 180_000;
const LEARNED_MICROS = 90_000;

let work: string;
let dir: string;
/** What the replay's own receipts applied (the local SMS sink emits them, billed as configured). */
let replay: { billed: number; estimated: number };
let snsDir: string;
let configPath: string;
let snsConfigPath: string;

const json = async <T>(args: string[]): Promise<T> => {
  const result = await runAdmin(args);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as T;
};

/** Sets FR's learned price, learned at `atMs`, through the responder's control item. */
async function learn(stateDir: string, atMs: number): Promise<void> {
  await withEnv(stateDir, (env) =>
    env.items.control.learnPrice('FR', { micros: LEARNED_MICROS, atMs }),
  );
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'antirelou-receipts-'));
  dir = join(work, 'state');
  snsDir = join(work, 'sns');
  configPath = join(work, 'config.json');
  snsConfigPath = join(work, 'sns.json');
  writeFileSync(configPath, JSON.stringify(config));
  writeFileSync(snsConfigPath, JSON.stringify(snsConfig));
  const replayed = await simulateOn(dir, config, BASE, newSenders('40', 3));
  replay = { billed: replayed.billed_micros ?? 0, estimated: replayed.estimated_micros ?? 0 };
  await simulateOn(snsDir, snsConfig, BASE, newSenders('41', 1));
  // One more reply of the day, reserved at the configured price, then its final receipt.
  const periods = periodKeys(END_MS, 'Europe/Paris');
  await withEnv(dir, async (env) => {
    const reserved = await env.items.ledger.reserve({
      reservation: { id: 'receipted-reply', periods, costMicros: REPLY_MICROS },
      caps: { hourMicros: 5_000_000, dayMicros: 40_000_000, monthMicros: 300_000_000 },
      prunedDays: [],
      expiresAtSeconds: Math.floor(END_MS / 1000) + 400 * 86_400,
    });
    if (!reserved.ok) throw new Error('the receipted reply could not be reserved');
    const trueUp = await env.items.trueUps.apply({
      periods,
      messageId: 'receipted-reply-message',
      country: 'FR',
      estimatedMicros: REPLY_MICROS,
      billedMicros: BILLED_MICROS,
      final: true,
    });
    if (!trueUp.applied || trueUp.addedMicros !== BILLED_MICROS - REPLY_MICROS) {
      throw new Error(`the receipt was not applied as expected: ${JSON.stringify(trueUp)}`);
    }
  });
}, 60_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('status with receipts', () => {
  test('--json: billed, estimated, difference, the learned price in force, the rate', async () => {
    await learn(dir, BASE - MS_PER_DAY);
    const report = await json<StatusReport>(['--local', dir, 'status', '--json']);

    expect(report.asOf.iso).toBe(new Date(END_MS).toISOString());
    expect(report.receipts).toBe(true);
    // The three replayed replies' receipts, and the one written here.
    expect(replay.estimated).toBe(3 * REPLY_MICROS);
    const billed = BILLED_MICROS + replay.billed;
    const difference = 30_000 + replay.billed - replay.estimated;
    expect(report.billed).toEqual({ day: billed, month: billed });
    expect(report.estimated).toEqual({ day: 4 * REPLY_MICROS, month: 4 * REPLY_MICROS });
    expect(report.difference).toEqual({ day: difference, month: difference });
    // Spent: the four replies, and their differences.
    expect(report.budget.day.spentMicros).toBe(4 * REPLY_MICROS + difference);
    expect(report.prices).toEqual([
      {
        country: 'FR',
        configured_micros: 75_000,
        learned_micros: LEARNED_MICROS,
        learned_at: new Date(BASE - MS_PER_DAY).toISOString(),
        in_force_micros: LEARNED_MICROS,
      },
    ]);
    expect(report.usd_rate).toEqual({ per_usd: 0.95, date: '2026-10-30' });
    // The texts are priced as a reservation counts them now: two segments at the learned price.
    expect(report.texts.find((t) => t.text === 'reply')?.costMicros).toBe(2 * LEARNED_MICROS);
  });

  test('text: estimated, billed, difference and spent per period; the price and the rate', async () => {
    await learn(dir, BASE - MS_PER_DAY);
    const { stdout, code } = await runAdmin(['--local', dir, 'status']);

    expect(code).toBe(0);
    expect(stdout).toMatch(/^ +estimated +billed +difference +spent$/m);
    // Four replies estimated at EUR 0.15; billed: three as configured, one at EUR 0.18.
    expect(stdout).toMatch(/^ {2}day +2026-11-02 +EUR 0\.60 +EUR 0\.63 +EUR \+0\.03 +EUR 0\.63$/m);
    expect(stdout).toMatch(/^ {2}month +2026-11 +EUR 0\.60 +EUR 0\.63 +EUR \+0\.03 +EUR 0\.63$/m);
    expect(stdout).toContain(
      'Price       FR: EUR 0.09 a segment counted now (learned EUR 0.09 on 2026-11-01 08:00, ' +
        'in force: fresher than 7 days and above the configured EUR 0.075)',
    );
    expect(stdout).toContain('USD rate    1 USD = 0.95 EUR (rate of 2026-10-30');
    expect(stdout).toMatch(/^Text {8}reply \(FR, from config\): GSM-7, 2 segment\(s\), EUR 0\.18/m);
  });

  test('--at an earlier day: the month counts the receipts up to the end of that day', async () => {
    // All the receipts are of 2 November: on the 1st, neither the day nor the month has any.
    const before = await json<StatusReport>([
      ...['--local', dir, '--at', '2026-11-01T12:00:00+01:00', 'status', '--json'],
    ]);
    expect(before.billed).toEqual({ day: 0, month: 0 });
    expect(before.difference).toEqual({ day: 0, month: 0 });
    const on = await json<StatusReport>([
      ...['--local', dir, '--at', '2026-11-02T08:20:00+01:00', 'status', '--json'],
    ]);
    expect(on.billed).toEqual({
      day: BILLED_MICROS + replay.billed,
      month: BILLED_MICROS + replay.billed,
    });
  });

  test('a learned price older than 7 days is shown, not in force', async () => {
    await learn(dir, END_MS - 8 * MS_PER_DAY);
    const report = await json<StatusReport>(['--local', dir, 'status', '--json']);
    const text = (await runAdmin(['--local', dir, 'status'])).stdout;

    expect(report.prices?.[0]).toMatchObject({
      learned_micros: LEARNED_MICROS,
      in_force_micros: 75_000,
    });
    expect(text).toContain(
      'Price       FR: EUR 0.075 a segment counted now (configured; learned EUR 0.09 on ' +
        '2026-10-25 08:22, not in force: older than 7 days)',
    );
  });
});

describe('cost with a table', () => {
  test('--local: the SMS part at the learned price in force, and it says so', async () => {
    await learn(dir, BASE - MS_PER_DAY);
    const offline = await json<CostWithLearned>(['cost', '--config', configPath, '--json']);
    const learned = await json<CostWithLearned>([
      '--local',
      dir,
      'cost',
      '--config',
      configPath,
      '--json',
    ]);

    expect(offline.learned_prices).toBeUndefined();
    expect(offline.sms.cheapest_reply).toEqual({ country: 'FR', cost: 0.15 });
    expect(learned.learned_prices).toEqual([
      {
        country: 'FR',
        segment_price: 0.09,
        configured_segment_price: 0.075,
        learned_at: new Date(BASE - MS_PER_DAY).toISOString(),
      },
    ]);
    expect(learned.sms.cheapest_reply).toEqual({ country: 'FR', cost: 0.18 });
    // EUR 300 a month at EUR 0.18 a reply, against 2,000 at EUR 0.15.
    expect(learned.replies_per_month_max).toBe(1666);
    expect(offline.replies_per_month_max).toBe(2000);
    const text = (await runAdmin(['--local', dir, 'cost', '--config', configPath])).stdout;
    expect(text).toContain(
      'SMS priced at the learned price for FR: EUR 0.09 a segment, learned 2026-11-01 ' +
        '(configured EUR 0.075;',
    );
  });

  test('--local with a stale learned price: the config’s price, nothing said', async () => {
    await learn(dir, END_MS - 8 * MS_PER_DAY);
    const report = await json<CostWithLearned>([
      '--local',
      dir,
      'cost',
      '--config',
      configPath,
      '--json',
    ]);

    expect(report.learned_prices).toBeUndefined();
    expect(report.sms.cheapest_reply.cost).toBe(0.15);
  });
});

describe('without receipts', () => {
  test('status says they are off; cost ignores a learned price', async () => {
    await learn(snsDir, BASE);
    const report = await json<StatusReport>(['--local', snsDir, 'status', '--json']);
    const text = (await runAdmin(['--local', snsDir, 'status'])).stdout;
    const costReport = await json<CostWithLearned>([
      '--local',
      snsDir,
      'cost',
      '--config',
      snsConfigPath,
      '--json',
    ]);

    expect(report.receipts).toBe(false);
    expect(report.receipts_off).toMatch(/sendVia "sms-voice"/);
    expect(report).not.toHaveProperty('billed');
    expect(report).not.toHaveProperty('prices');
    expect(report.texts.find((t) => t.text === 'reply')?.costMicros).toBe(REPLY_MICROS);
    expect(text).toMatch(/^Receipts {4}off: they need sendVia "sms-voice"/m);
    expect(text).not.toContain('USD rate');
    expect(costReport.learned_prices).toBeUndefined();
    expect(costReport.sms.cheapest_reply.cost).toBe(0.15);
  });
});
