/**
 * Every command against a simulator's state folder (`--local DIR`), after a small simulated run
 * of the real responder: the effect in the table, the audit record, and the responder's next
 * decisions on the same state (paused → no reply, blocked → no reply, lower budget → fewer
 * replies). Each step uses its own simulated day so that budgets do not mix.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { EvidenceStore } from '../../lambda/adapters/evidence-store';
import { CONTROL_KEY } from '../../lambda/adapters/table-keys';
import type { EvidenceRecord } from '../../lambda/domain/evidence';
import { evidenceRecord, manifestDigest } from '../../lambda/domain/evidence';
import type { ConfigInput } from '../../lib/config';
import { formatMicros } from '../../lib/config/money';
import type { StatusReport } from '../../tools/admin/status';
import { runAdmin } from './io';
import {
  auditRecords,
  controlItem,
  MS_PER_DAY,
  newSenders,
  senderItem,
  simulateOn,
  withEnv,
} from './state';

/**
 * The shipped config without the waiting list: these tests count who a cap refuses on the day
 * (test/integration/waiting-list.test.ts covers the waiting list).
 */
const config = {
  ...(JSON.parse(readFileSync('config/antirelou.json', 'utf8')) as ConfigInput),
  waitingList: { enabled: false },
} as ConfigInput;
/** Monday 2 November 2026, 08:00 in Paris (the config's budget time zone). */
const BASE = Date.UTC(2026, 10, 2, 7, 0, 0);
const day = (n: number): number => BASE + n * MS_PER_DAY;
const REPLY_MICROS = 150_000;

const ABUSER = '+33699000001';
const OTHER_ABUSER = '+33699000002';
const OUR_NUMBER = '+33700000000';

let work: string;
let dir: string;
let admin: (...args: string[]) => ReturnType<typeof runAdmin>;

function evidence(from: string, minutes: number, body: string, reasons: string[]): EvidenceRecord {
  return evidenceRecord({
    receivedAt: new Date(BASE + minutes * 60_000).toISOString(),
    inboundMessageId: `ev-${from.slice(-2)}-${minutes}`,
    from,
    to: OUR_NUMBER,
    body,
    reasons,
  });
}

const EVIDENCE = [
  evidence(ABUSER, 1, '=HYPERLINK("http://x.example","clique")', ['insult:test']),
  evidence(ABUSER, 2, 'encore', ['repeater:2']),
  evidence(OTHER_ABUSER, 3, 'toi aussi', ['insult:test']),
  evidence(ABUSER, 4, 'et encore', ['repeater:3']),
];

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'antirelou-admin-'));
  dir = join(work, 'state');
  admin = (...args) => runAdmin(['--local', dir, '--who', 'tester', ...args]);
  // Day 0: six new senders get their reply, two others send STOP; evidence from two abusers.
  const summary = await simulateOn(
    dir,
    config,
    BASE,
    [
      ...newSenders('10', 6),
      { t: 400, from: '+33620000001', body: 'STOP' },
      { t: 460, from: '+33620000002', body: 'stop' },
    ],
    async (env) => {
      const store = new EvidenceStore(env.dynamo.documentClient, env.tableName);
      for (const record of EVIDENCE) {
        await store.put(record, env.senderKey(record.from), Math.floor(BASE / 1000) + 86_400 * 365);
      }
    },
  );
  if (summary.replies !== 6 || summary.opted_out !== 2) {
    throw new Error(`unexpected first run: ${JSON.stringify(summary.dropped)}`);
  }
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

test('status --json: one JSON object, as of the state’s simulated clock', async () => {
  // Act
  const result = await admin('status', '--json');

  // Assess
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(result.stdout.trim().split('\n')).toHaveLength(1);
  const report = JSON.parse(result.stdout) as StatusReport;
  // The data's clock: the last reply the replay sent (the 6th sender's, 20 minutes after it).
  const endMs = BASE + 300_000 + 1_200_000;
  expect(report.asOf).toEqual({
    iso: new Date(endMs).toISOString(),
    local: '2026-11-02 08:25',
    timeZone: 'Europe/Paris',
    clock: 'simulated',
    present: new Date(endMs).toISOString(),
    figuresUntil: new Date(endMs + 1).toISOString(),
  });
  expect(report.paused).toBe(false);
  expect(report.raid).toMatchObject({ override: 'auto', inForce: false, detected: false });
  expect(report.budget.day).toMatchObject({
    key: '2026-11-02',
    spentMicros: 6 * REPLY_MICROS,
    capMicros: 40_000_000,
    leftMicros: 40_000_000 - 6 * REPLY_MICROS,
    usedPercent: 2.3,
    capSource: 'config',
  });
  expect(report.budget.month.spentMicros).toBe(6 * REPLY_MICROS);
  expect(report.budget.hour.key).toBe('2026-11-02T08');
  expect(report.budget.day).toMatchObject({ replies: 6, repliesSource: 'ledger', inbound: 8 });
  expect(report.budget.day.dropped).toEqual({});
  expect(report.metricsSource).toContain('metrics.json');
  expect(report.flaggedSenders.records).toBe(4);
  expect(report.flaggedSenders.top).toEqual([
    expect.objectContaining({
      number: '+336******01',
      messages: 3,
      reasons: ['insult', 'repeater'],
      lastAt: '2026-11-02T07:04:00.000Z',
    }),
    expect.objectContaining({ number: '+336******02', messages: 1 }),
  ]);
  expect(result.stdout).not.toContain(ABUSER);
  expect(report.stopList).toEqual({ optedOut: 2, blocked: 0, flagged: 0, senders: 8 });
});

test('status as text: every section, masked numbers', async () => {
  const result = await admin('status');
  expect(result.code).toBe(0);
  const text = result.stdout;
  expect(text).toContain('antirelou status: local state');
  expect(text).toContain('Replies     running (not paused)');
  expect(text).toContain('Raid mode   off (flood detection: not active)');
  expect(text).toMatch(/^day\s+2026-11-02\s+EUR 0\.90\s+EUR 40\.00\s+2\.3%\s+6\s+8\s+0\s+-$/m);
  expect(text).toMatch(/\+336\*{6}01\s+3 msg\s+last 2026-11-02 08:04\s+insult, repeater/);
  expect(text).toContain('Stop list   2 opted out (STOP)');
  expect(text).not.toContain(ABUSER);
});

test('status: replies paid for and waiting for the safety delay', async () => {
  const before = JSON.parse((await admin('status', '--json')).stdout) as StatusReport;
  // The first run's replies all went out (the simulator lets their delay pass).
  expect(before.delay).toEqual({ minSeconds: 1200, maxSeconds: 1200, waiting: 0 });

  // A reply claimed by the responder, as it is while its schedule waits.
  const nowMs = BASE + 460_000;
  await withEnv(dir, async (env) => {
    const claim = await env.items.senders.claim({
      senderKey: env.senderKey('+33630000099'),
      inboundId: 'waiting-1',
      nowMs,
      windowStartMs: nowMs - 30 * MS_PER_DAY,
      expiresAtSeconds: Math.floor(nowMs / 1000) + 31 * 86_400,
      alreadyRecorded: false,
    });
    expect(claim.claimed).toBe(true);
  });
  const after = await admin('status');
  expect(after.stdout).toContain(
    'Waiting     1 reply paid for, waiting for the 20 min safety delay',
  );
  const report = JSON.parse((await admin('status', '--json')).stdout) as StatusReport;
  expect(report.delay?.waiting).toBe(1);
  expect(report.stopList?.senders).toBe(9);
});

test('pause: the control item and an audit record; the responder then replies to no one; resume undoes it', async () => {
  // Act
  const paused = await admin('pause', '--reason', 'raid in progress');

  // Assess: the table
  expect(paused.code).toBe(0);
  expect(await controlItem(dir)).toMatchObject({
    paused: true,
    pausedReason: 'raid in progress',
    pausedBy: 'tester',
  });
  const audit = (await auditRecords(dir)).at(-1);
  expect(audit).toMatchObject({
    who: 'tester',
    command: 'pause',
    args: { reason: 'raid in progress' },
    before: { paused: false },
    after: { paused: true, pausedReason: 'raid in progress' },
  });
  expect(typeof audit?.whenMs).toBe('number');

  // Assess: the next decisions
  const whilePaused = await simulateOn(dir, config, day(1), newSenders('21', 3));
  expect(whilePaused.replies).toBe(0);
  expect(whilePaused.dropped).toEqual({ paused: 3 });

  // Act: resume
  const resumed = await admin('resume', '--reason', 'raid over');
  expect(resumed.code).toBe(0);
  const control = await controlItem(dir);
  expect(control).toMatchObject({ paused: false });
  expect(control).not.toHaveProperty('pausedReason');
  expect((await auditRecords(dir)).at(-1)).toMatchObject({
    command: 'resume',
    args: { reason: 'raid over' },
    before: { paused: true, pausedReason: 'raid in progress' },
    after: { paused: false },
  });
  const afterResume = await simulateOn(dir, config, day(1) + 3_600_000, newSenders('22', 3));
  expect(afterResume.replies).toBe(3);
});

test('block: stored on the HMAC-keyed sender item, the sender gets no reply; unblock lifts it', async () => {
  const number = '+33630000001';

  // Act
  const blocked = await admin('block', number);

  // Assess
  expect(blocked.code).toBe(0);
  expect(blocked.stdout).toContain('+336******01 blocked');
  expect(await senderItem(dir, number)).toMatchObject({ blocked: true, blockedBy: 'tester' });
  const audit = (await auditRecords(dir)).at(-1)!;
  expect(audit).toMatchObject({
    command: 'block',
    args: { number: '+336******01' },
    after: { blocked: true },
  });
  expect(JSON.stringify(audit)).not.toContain(number);

  const whileBlocked = await simulateOn(dir, config, day(2), [
    { t: 0, from: number, body: 'Salut' },
  ]);
  expect(whileBlocked.replies).toBe(0);
  expect(whileBlocked.dropped).toEqual({ blocked: 1 });

  // Act: unblock
  const unblocked = await admin('unblock', number);
  expect(unblocked.code).toBe(0);
  expect(await senderItem(dir, number)).not.toHaveProperty('blocked');
  expect((await auditRecords(dir)).at(-1)).toMatchObject({
    command: 'unblock',
    before: { blocked: true },
  });

  const afterUnblock = await simulateOn(dir, config, day(2) + 3_600_000, [
    { t: 0, from: number, body: 'Salut encore' },
  ]);
  expect(afterUnblock.replies).toBe(1);

  // A second unblock has nothing to do and writes nothing.
  const audits = (await auditRecords(dir)).length;
  const again = await admin('unblock', number);
  expect(again.code).toBe(0);
  expect(again.stdout).toContain('is not blocked; nothing to do');
  expect(await auditRecords(dir)).toHaveLength(audits);
});

test('budget set: a lower daily cap means fewer replies; budget clear restores the config caps', async () => {
  // Prepare: the same traffic with the config's caps.
  const before = await simulateOn(dir, config, day(3), newSenders('40', 5));
  expect(before.replies).toBe(5);

  // Act: EUR 0.30 a day buys two replies of EUR 0.15.
  const set = await admin('budget', 'set', '--day', '0.3');

  // Assess
  expect(set.code).toBe(0);
  expect(set.stdout).toContain('day EUR 0.30 (override; config EUR 40.00)');
  expect((await controlItem(dir))?.budgetOverride).toEqual({ dayMicros: 300_000 });
  expect((await auditRecords(dir)).at(-1)).toMatchObject({
    command: 'budget set',
    args: { day: 300_000 },
    before: { budgetOverride: {} },
    after: { budgetOverride: { dayMicros: 300_000 } },
  });
  const lowered = await simulateOn(dir, config, day(4), newSenders('50', 5));
  expect(lowered.replies).toBe(2);
  expect(lowered.dropped).toEqual({ budget_day: 3 });

  // A second override keeps the first.
  expect((await admin('budget', 'set', '--month', '100')).code).toBe(0);
  expect((await controlItem(dir))?.budgetOverride).toEqual({
    dayMicros: 300_000,
    monthMicros: 100_000_000,
  });
  const report = JSON.parse((await admin('status', '--json')).stdout) as StatusReport;
  expect(report.budget.day).toMatchObject({
    capMicros: 300_000,
    capSource: 'override',
    hardCapMicros: 40_000_000,
  });
  expect(report.budget.month).toMatchObject({ capMicros: 100_000_000, capSource: 'override' });

  // Act: clear one, then all.
  expect((await admin('budget', 'clear', '--month')).code).toBe(0);
  expect((await controlItem(dir))?.budgetOverride).toEqual({ dayMicros: 300_000 });
  expect((await admin('budget', 'clear')).code).toBe(0);
  expect(await controlItem(dir)).not.toHaveProperty('budgetOverride');
  const restored = await simulateOn(dir, config, day(5), newSenders('55', 5));
  expect(restored.replies).toBe(5);
});

test('stop-list: the count of opted-out senders, no numbers', async () => {
  const text = await admin('stop-list');
  expect(text.code).toBe(0);
  expect(text.stdout).toContain('2 sender(s) opted out (STOP)');
  const json = await admin('stop-list', '--json');
  expect(JSON.parse(json.stdout)).toMatchObject({ optedOut: 2, blocked: 0 });
  expect(json.stdout).not.toMatch(/\+33/);
});

describe('send-test', () => {
  /** The budget of the period status shows: the state's simulated clock (its last message). */
  const budget = async (): Promise<StatusReport['budget']> =>
    (JSON.parse((await admin('status', '--json')).stdout) as StatusReport).budget;
  const eur = (micros: number): string => formatMicros(micros, 'EUR');

  test('sends the reply through the local sink and counts it in the current period', async () => {
    const before = await budget();
    const result = await admin('send-test', '+33640000001');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(
      'sent the reply (2 segment(s), GSM-7, EUR 0.15) to +336******01 via the local SMS sink',
    );
    expect((await budget()).day.spentMicros).toBe(before.day.spentMicros + REPLY_MICROS);
    expect((await auditRecords(dir)).at(-1)).toMatchObject({
      command: 'send-test',
      args: { number: '+336******01' },
      after: { status: 'sent', costMicros: REPLY_MICROS },
    });
  });

  test('refused when paused, over budget, or to an opted-out number; nothing spent', async () => {
    const before = await budget();
    expect((await admin('pause', '--reason', 'maintenance')).code).toBe(0);
    const paused = await admin('send-test', '+33640000001');
    expect(paused.code).toBe(1);
    expect(paused.stderr).toBe(
      'error: refused: replies are paused ("maintenance"); run `antirelou resume` first\n',
    );
    expect((await admin('resume')).code).toBe(0);

    // A cap a little above what is spent: one more reply does not fit.
    const cap = before.day.spentMicros + REPLY_MICROS - 50_000;
    expect((await admin('budget', 'set', '--day', String(cap / 1_000_000))).code).toBe(0);
    const over = await admin('send-test', '+33640000001');
    expect(over.code).toBe(1);
    expect(over.stderr).toBe(
      `error: refused: over budget (budget_day: ${eur(before.day.spentMicros)} of ${eur(cap)} ` +
        'spent this day; this reply costs EUR 0.15)\n',
    );
    expect((await admin('budget', 'clear')).code).toBe(0);

    const optedOut = await admin('send-test', '+33620000001');
    expect(optedOut.code).toBe(1);
    expect(optedOut.stderr).toBe(
      'error: refused: +336******01 opted out (STOP): it gets no SMS until it texts START\n',
    );
    expect(await budget()).toEqual(before);
  });
});

describe('export-evidence', () => {
  const read = (file: string): string => readFileSync(file, 'utf8');

  test('JSON Lines of a time range, with the manifest digest printed', async () => {
    const out = join(work, 'evidence.jsonl');
    const result = await admin(
      'export-evidence',
      '--since',
      '2026-11-02',
      '--until',
      '2026-11-02',
      '--out',
      out,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const records = read(out)
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as EvidenceRecord);
    expect(records).toEqual(EVIDENCE);
    expect(result.stdout).toContain(`Manifest SHA-256: ${manifestDigest(EVIDENCE)}`);
    expect(result.stdout).toContain(
      '4 evidence record(s) received in [2026-11-02T00:00:00.000Z, 2026-11-03T00:00:00.000Z)',
    );
    expect((await auditRecords(dir)).at(-1)).toMatchObject({
      command: 'export-evidence',
      args: { format: 'jsonl', since: '2026-11-02T00:00:00.000Z' },
      after: { records: 4, manifestDigest: manifestDigest(EVIDENCE) },
    });
  });

  test("one sender's records as CSV, formulas neutralised; no overwrite without --force", async () => {
    const out = join(work, 'evidence.csv');
    const result = await admin(
      'export-evidence',
      '--since',
      '2026-11-01T00:00:00Z',
      '--until',
      '2026-11-03T00:00:00Z',
      '--sender',
      ABUSER,
      '--format',
      'csv',
      '--out',
      out,
    );
    expect(result.code).toBe(0);
    const mine = EVIDENCE.filter((record) => record.from === ABUSER);
    expect(result.stdout).toContain(`Manifest SHA-256: ${manifestDigest(mine)}`);
    const lines = read(out).trim().split('\r\n');
    expect(lines[0]).toBe('receivedAt,inboundMessageId,from,to,body,reasons,digest');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain(`"'=HYPERLINK(""http://x.example"",""clique"")"`);
    expect((await auditRecords(dir)).at(-1)).toMatchObject({ args: { sender: '+336******01' } });

    // The file exists: refused, untouched.
    writeFileSync(out, 'keep me');
    const refused = await admin(
      'export-evidence',
      '--since',
      '7d',
      '--format',
      'csv',
      '--out',
      out,
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toBe(
      `error: ${out} exists: choose another --out, or add --force to overwrite it\n`,
    );
    expect(read(out)).toBe('keep me');
    const forced = await admin(
      'export-evidence',
      '--since',
      '2026-11-02',
      '--format',
      'csv',
      '--out',
      out,
      '--force',
    );
    expect(forced.code).toBe(0);
    expect(read(out).trim().split('\r\n')).toHaveLength(5);
  });
});

test('raid on|off|auto: only the override changes, never the raid state flood detection keeps', async () => {
  // Prepare: flood detection has raid mode on.
  const raid = {
    active: true,
    sinceMs: day(6),
    lastFloodMs: day(6) + 60_000,
    baselinePerMinute: 2.5,
  };
  await withEnv(dir, (env) =>
    env.dynamo.documentClient.send(
      new UpdateCommand({
        TableName: env.tableName,
        Key: CONTROL_KEY,
        UpdateExpression: 'SET #raid = :raid',
        ExpressionAttributeNames: { '#raid': 'raid' },
        ExpressionAttributeValues: { ':raid': raid },
      }),
    ),
  );

  // Act / Assess
  expect((await admin('raid', 'off')).code).toBe(0);
  expect(await controlItem(dir)).toMatchObject({ raidOverride: 'off', raid });
  let report = JSON.parse((await admin('status', '--json')).stdout) as StatusReport;
  expect(report.raid).toMatchObject({
    override: 'off',
    inForce: false,
    detected: true,
    baselinePerMinute: 2.5,
  });

  expect((await admin('raid', 'on')).code).toBe(0);
  expect(await controlItem(dir)).toMatchObject({ raidOverride: 'on', raid });
  report = JSON.parse((await admin('status', '--json')).stdout) as StatusReport;
  expect(report.raid).toMatchObject({ override: 'on', inForce: true });
  expect((await admin('status')).stdout).toContain('Raid mode   ON (forced on;');

  expect((await admin('raid', 'auto')).code).toBe(0);
  const control = await controlItem(dir);
  expect(control).not.toHaveProperty('raidOverride');
  expect(control).toMatchObject({ raid });
  expect((await auditRecords(dir)).slice(-3).map((record) => record.after)).toEqual([
    { raidOverride: 'off' },
    { raidOverride: 'on' },
    { raidOverride: 'auto' },
  ]);
});
