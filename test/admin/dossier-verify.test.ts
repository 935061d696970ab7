/**
 * Issue 17: `verify-evidence DIR` on a dossier folder. Intact: exit 0 and a summary. Altered
 * (one byte of each kind of file, a record removed, two records swapped, the manifest edited):
 * exit 1 naming the first thing altered. A real RFC 3161 answer, signed by a test authority made
 * here with openssl, is verified; usage errors exit 2. VERIFY.md's Python check is run as written.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256OfBytes } from '../../tools/evidence/dossier-files';
import { parseManifest, serializeManifest } from '../../tools/evidence/manifest';
import { timeStampRequest } from '../../tools/evidence/timestamp-request';
import { PYTHON_CHAIN_CHECK } from '../../tools/evidence/verify-md';
import {
  flipByte,
  makeTestTsa,
  OPENSSL,
  sampleRecords,
  writeSampleDossier,
} from './dossier-fixture';
import { runAdmin } from './io';

const withOpenssl = OPENSSL ? describe : describe.skip;
const HAS_PYTHON = spawnSync('python3', ['--version']).status === 0;
if (!HAS_PYTHON) console.warn('SKIPPED: the VERIFY.md Python check needs python3 on PATH.');
const withPython = HAS_PYTHON ? describe : describe.skip;

let work: string;
let intact: string;
let copies = 0;

/** A fresh copy of the intact dossier, to alter. */
function copy(): string {
  copies += 1;
  const dir = join(work, `copy-${copies}`);
  cpSync(intact, dir, { recursive: true });
  return dir;
}

/** The `6` of `"records": 6` in manifest.json: flipped, it reads 7. */
const RECORD_COUNT = '6,\n  "recordsDigest"';

const lines = (file: string): string[] => readFileSync(file, 'utf8').split('\n');

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'antirelou-verify-'));
  intact = join(work, 'dossier');
  writeSampleDossier(intact);
});

afterAll(() => rmSync(work, { recursive: true, force: true }));

test('an intact dossier verifies: exit 0, a summary of what was checked', async () => {
  // Act
  const result = await runAdmin(['verify-evidence', intact]);

  // Assess
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  expect(result.stdout).toContain(`${intact}: the dossier holds: nothing was altered.`);
  expect(result.stdout).toContain(
    'records      6 in evidence.jsonl and evidence.csv, each matching its digest',
  );
  expect(result.stdout).toContain(
    'no manifest.tsr yet: send manifest.tsq to a time-stamping authority',
  );
  const manifest = parseManifest(readFileSync(join(intact, 'manifest.json'), 'utf8'));
  expect(result.stdout).toContain(`to head ${manifest.chain.head}`);
});

describe('one byte changed in each kind of file is named', () => {
  const records = sampleRecords();
  test.each([
    [
      'dossier.html',
      'Dossier de preuves',
      /^error: \S+: dossier\.html was altered: its SHA-256 is [0-9a-f]{64}, manifest\.json gives [0-9a-f]{64}\n$/,
    ],
    ['VERIFY.md', 'sha256sum', /^error: \S+: VERIFY\.md was altered: its SHA-256 is /],
    [
      'evidence.jsonl',
      'stupid bitch',
      new RegExp(
        `^error: \\S+: evidence\\.jsonl: record 4 \\(id ${records[3]!.inboundMessageId}, received ${records[3]!.receivedAt}\\) was altered: its content no longer matches its digest; link 4 breaks\\n$`,
      ),
    ],
    [
      'evidence.csv',
      'Sale pute',
      /^error: \S+: evidence\.csv: record 6 \(id in-05-x, received [^)]+\) was altered: its content no longer matches its digest; link 6 breaks\n$/,
    ],
    [
      'manifest.json',
      RECORD_COUNT,
      /^error: \S+: manifest\.json was altered after the dossier was made: its SHA-256 is [0-9a-f]{64}, but manifest\.tsq asks a time stamp for [0-9a-f]{64}/,
    ],
  ])('%s', async (file, marker, expected) => {
    // Prepare
    const dir = copy();
    flipByte(join(dir, file), marker);

    // Act
    const result = await runAdmin(['verify-evidence', dir]);

    // Assess
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(expected);
    expect(result.code).toBe(1);
  });

  test.each([
    ['its structure (the first byte)', 0],
    ['its nonce (the byte before certReq)', -4],
    ['certReq (the last byte)', -1],
  ])('manifest.tsq: %s', async (_what, offset) => {
    const dir = copy();
    const file = join(dir, 'manifest.tsq');
    flipByte(file, offset >= 0 ? offset : readFileSync(file).length + offset);

    const result = await runAdmin(['verify-evidence', dir]);

    expect(result.stderr).toMatch(
      /^error: \S+: manifest\.tsq was altered: it is not the request for manifest\.json \(SHA-256 [0-9a-f]{64}\) with the nonce manifest\.json records\n$/,
    );
    expect(result.code).toBe(1);
  });
});

describe('records removed or reordered are named, with the link that breaks', () => {
  test('a record removed from evidence.jsonl', async () => {
    const dir = copy();
    const file = join(dir, 'evidence.jsonl');
    const all = lines(file);
    const removed = JSON.parse(all[2]!) as { inboundMessageId: string; receivedAt: string };
    writeFileSync(file, all.filter((_line, i) => i !== 2).join('\n'));

    const result = await runAdmin(['verify-evidence', dir]);

    expect(result.stderr).toBe(
      `error: ${dir}: evidence.jsonl: record 3 (id ${removed.inboundMessageId}, received ` +
        `${removed.receivedAt}) was removed; link 3 breaks\n`,
    );
    expect(result.code).toBe(1);
  });

  test('two records swapped in evidence.csv', async () => {
    const dir = copy();
    const file = join(dir, 'evidence.csv');
    const rows = readFileSync(file, 'utf8').split('\r\n');
    // Rows 1 and 2 (header is 0) hold no line break inside a cell.
    [rows[1], rows[2]] = [rows[2]!, rows[1]!];
    writeFileSync(file, rows.join('\r\n'));

    const result = await runAdmin(['verify-evidence', dir]);

    expect(result.stderr).toBe(
      `error: ${dir}: evidence.csv: records 1 and 2 were swapped (ids in-00-x and in-01-x); link 1 breaks\n`,
    );
    expect(result.code).toBe(1);
  });

  test('a manifest rewritten as valid JSON (another date): its time-stamp request no longer matches', async () => {
    // Prepare: a forger who rewrites the manifest consistently still changes its digest.
    const dir = copy();
    const manifest = parseManifest(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    writeFileSync(
      join(dir, 'manifest.json'),
      serializeManifest({ ...manifest, generatedAt: '2026-10-20T00:00:00.000Z' }),
    );

    const result = await runAdmin(['verify-evidence', dir]);

    expect(result.stderr).toMatch(
      /^error: \S+: manifest\.json was altered after the dossier was made/,
    );
    expect(result.code).toBe(1);
  });

  test('an edited manifest that still matches its request (both rewritten) is caught by its own chain', async () => {
    const dir = copy();
    const manifest = parseManifest(readFileSync(join(dir, 'manifest.json'), 'utf8'));
    const links = manifest.chain.links.map((link, i) =>
      i === 1 ? { ...link, digest: manifest.chain.links[2]!.digest } : link,
    );
    const text = serializeManifest({ ...manifest, chain: { ...manifest.chain, links } });
    writeFileSync(join(dir, 'manifest.json'), text);
    writeFileSync(
      join(dir, 'manifest.tsq'),
      timeStampRequest(sha256OfBytes(Buffer.from(text)), manifest.timeStampRequest.nonce),
    );

    const result = await runAdmin(['verify-evidence', dir]);

    expect(result.stderr).toBe(
      `error: ${dir}: manifest.json was altered: link 2 does not follow from link 1\n`,
    );
    expect(result.code).toBe(1);
  });
});

withOpenssl('a real RFC 3161 time stamp, from a test authority made with openssl', () => {
  let tsa: ReturnType<typeof makeTestTsa>;
  let stamped: string;

  beforeAll(() => {
    const authority = join(work, 'tsa');
    cpSync(intact, join(work, 'stamped'), { recursive: true });
    stamped = join(work, 'stamped');
    execFileSync('mkdir', ['-p', authority]);
    tsa = makeTestTsa(authority);
    tsa.reply(join(stamped, 'manifest.tsq'), join(stamped, 'manifest.tsr'));
  });

  test('the request is what openssl reads: SHA-256 of manifest.json, a nonce, certificate required', () => {
    const text = execFileSync(
      'openssl',
      ['ts', '-query', '-in', join(intact, 'manifest.tsq'), '-text'],
      { encoding: 'utf8' },
    );
    const digest = execFileSync('sha256sum', [join(intact, 'manifest.json')], {
      encoding: 'utf8',
    }).slice(0, 64);
    const manifest = parseManifest(readFileSync(join(intact, 'manifest.json'), 'utf8'));

    expect(text).toContain('Hash Algorithm: sha256');
    expect(text.replace(/[^\n]*?- |  +[^\n]*$/gm, '').replace(/[^0-9a-f]/g, '')).toContain(digest);
    expect(text).toMatch(
      new RegExp(`Nonce: 0x${manifest.timeStampRequest.nonce.replace(/^00/, '')}`, 'i'),
    );
    expect(text).toContain('Certificate required: yes');
  });

  test('verify-evidence checks the answer with openssl and shows the signed time', async () => {
    const result = await runAdmin(['verify-evidence', stamped, '--ca-file', tsa.caFile]);

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /time stamp {3}manifest\.tsr verified by openssl: signed \w{3} +\d+ \d\d:\d\d:\d\d \d{4} GMT/,
    );
  });

  test('a manifest edited after its time stamp is named', async () => {
    const dir = join(work, 'stamped-edited');
    cpSync(stamped, dir, { recursive: true });
    flipByte(join(dir, 'manifest.json'), RECORD_COUNT);

    const result = await runAdmin(['verify-evidence', dir, '--ca-file', tsa.caFile]);

    expect(result.stderr).toBe(
      `error: ${dir}: manifest.json was altered after it was time-stamped: manifest.tsr signs another digest\n`,
    );
    expect(result.code).toBe(1);
  });

  test('an altered answer, or an authority not trusted, does not verify', async () => {
    const dir = join(work, 'stamped-tsr');
    cpSync(stamped, dir, { recursive: true });
    const tsr = join(dir, 'manifest.tsr');
    flipByte(tsr, readFileSync(tsr).length - 40);

    const altered = await runAdmin(['verify-evidence', dir, '--ca-file', tsa.caFile]);
    const untrusted = await runAdmin(['verify-evidence', stamped]);

    expect(altered.stderr).toMatch(
      /^error: \S+: manifest\.tsr does not verify \(openssl ts -verify: .+\)\n$/,
    );
    expect(altered.code).toBe(1);
    expect(untrusted.stderr).toMatch(
      /manifest\.tsr does not verify \(openssl ts -verify: .*unable to get local issuer certificate.*\); give the authority’s root certificate with --ca-file\n$/,
    );
    expect(untrusted.code).toBe(1);
  });
});

withPython("VERIFY.md's Python check", () => {
  test('prints the head on an intact dossier and stops on an altered record', () => {
    const run = (dir: string) =>
      spawnSync('python3', ['-c', PYTHON_CHAIN_CHECK], { cwd: dir, encoding: 'utf8' });
    const head = parseManifest(readFileSync(join(intact, 'manifest.json'), 'utf8')).chain.head;
    const dir = copy();
    flipByte(join(dir, 'evidence.jsonl'), 'stupid bitch');

    expect(run(intact).stdout).toBe(`6 records OK, head ${head}\n`);
    expect(readFileSync(join(intact, 'VERIFY.md'), 'utf8')).toContain(PYTHON_CHAIN_CHECK);
    const altered = run(dir);
    expect(altered.status).not.toBe(0);
    expect(altered.stderr).toContain('AssertionError: record 4 (in-03-x) altered');
  });
});

describe('usage errors exit 2', () => {
  test.each([
    ['no folder', ['verify-evidence'], /error: missing required argument 'dir'/],
    [
      'a folder that does not exist',
      ['verify-evidence', '/nonexistent/dossier'],
      /^error: \/nonexistent\/dossier is not a folder: give the folder `antirelou dossier --out` wrote\n$/,
    ],
    [
      'a folder with no dossier',
      ['verify-evidence', tmpdir()],
      /holds no dossier \(no manifest\.json, evidence\.jsonl…\)/,
    ],
    [
      '--local',
      ['--local', '.', 'verify-evidence', '.'],
      /^error: --local does not apply to verify-evidence: it checks a dossier folder, not a state/,
    ],
  ])('%s', async (_name, args, expected) => {
    const result = await runAdmin(args);
    expect(result.stderr).toMatch(expected);
    expect(result.code).toBe(2);
  });
});
