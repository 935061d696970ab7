/**
 * Helpers for the complaint-dossier tests (issue 17): a dossier folder built from a few records
 * by the dossier's own builder (no emulator: fast), a test time-stamping authority made with
 * openssl, and byte-level tampering.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EvidenceRecord } from '../../lambda/domain/evidence';
import { evidenceRecord } from '../../lambda/domain/evidence';
import { summariseAttack } from '../../tools/evidence/attack-summary';
import { dossierFiles } from '../../tools/evidence/dossier-files';
import { writeDossierFolder } from '../../tools/evidence/dossier-folder';
import { inExportOrder } from '../../tools/evidence/export';
import { hasOpenssl } from '../../tools/evidence/timestamp-check';
import { randomNonce } from '../../tools/evidence/timestamp-request';

export const OPENSSL = hasOpenssl();
if (!OPENSSL) {
  console.warn(
    'SKIPPED: the time-stamp tests need openssl on PATH (apt-get install openssl); .ci/run installs it.',
  );
}

/** Monday 19 October 2026, 16:00 in Paris (UTC+02:00). */
export const BASE = Date.UTC(2026, 9, 19, 14, 0, 0);

const BODIES: readonly [string, string][] = [
  ['+33612000001', 'Connard de féministe'],
  ['+33612000002', '=HYPERLINK("http://x.example","clique")'],
  ['+33612000001', 'ligne 1\r\nligne 2, "guillemets" ; point-virgule'],
  ['+447400123456', 'stupid bitch'],
  ['+33612000003', 'On sait où tu habites \u202Eexe.tnemucod'],
  ['+33612000002', 'Sale pute 😡'],
];

/** Six records a few seconds apart, from four senders, in export order. */
export function sampleRecords(): EvidenceRecord[] {
  return inExportOrder(
    BODIES.map(([from, body], i) =>
      evidenceRecord({
        receivedAt: new Date(BASE + 60_000 + i * 7_000).toISOString(),
        inboundMessageId: `in-${String(i).padStart(2, '0')}-x`,
        from,
        to: '+33937000000',
        body,
        reasons: i === 2 ? ['insult:connard', 'repeater:2'] : ['insult:test'],
      }),
    ),
  );
}

/** Writes a dossier of `records` to `dir`, as the `dossier` command does (without a table). */
export function writeSampleDossier(dir: string, records = sampleRecords()): void {
  const summary = summariseAttack(records, 'FR');
  const files = dossierFiles(
    {
      lang: 'fr',
      timeZone: 'Europe/Paris',
      ourNumbers: ['+33937000000'],
      source: 'test',
      generator: 'antirelou 0.0.0-test',
      generatedAtMs: BASE + 3_600_000,
      sinceMs: BASE,
      untilMs: BASE + 3_600_000,
      records,
      summary,
      series: undefined,
      inbound: undefined,
      raid: { enabled: true, periods: [] },
    },
    {
      generator: { name: 'antirelou', version: '0.0.0-test', command: 'test' },
      query: { since: '2026-10-19', until: null, sender: null, lang: 'fr' },
      since: new Date(BASE).toISOString(),
      until: new Date(BASE + 3_600_000).toISOString(),
      nonce: randomNonce(),
    },
  );
  writeDossierFolder(dir, files, false);
}

/** Flips the bits of one byte of a file, at the first occurrence of `marker` (or `offset`). */
export function flipByte(file: string, at: string | number): void {
  const bytes = readFileSync(file);
  const offset = typeof at === 'number' ? at : bytes.indexOf(Buffer.from(at, 'utf8'));
  if (offset < 0 || offset >= bytes.length) throw new Error(`no ${String(at)} in ${file}`);
  bytes[offset] = bytes[offset]! ^ 0x01;
  writeFileSync(file, bytes);
}

const openssl = (cwd: string, ...args: string[]): string =>
  execFileSync('openssl', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/**
 * A test time-stamping authority in `dir`: a root CA (`ca.pem`), a TSA certificate signed by it
 * with the critical extended key usage timeStamping (RFC 3161 §2.3), and a minimal `openssl ts`
 * configuration. Returns how to answer a request: `openssl ts -reply`.
 */
export function makeTestTsa(dir: string): {
  caFile: string;
  reply(tsq: string, tsr: string): void;
} {
  const key = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  openssl(
    dir,
    'req',
    '-x509',
    ...key,
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '2',
    '-subj',
    '/CN=antirelou test root',
    '-addext',
    'basicConstraints=critical,CA:true',
    '-addext',
    'keyUsage=critical,keyCertSign',
  );
  openssl(
    dir,
    'req',
    '-new',
    ...key,
    '-keyout',
    'tsa.key',
    '-out',
    'tsa.csr',
    '-subj',
    '/CN=antirelou test TSA',
  );
  writeFileSync(
    join(dir, 'tsa-ext.cnf'),
    'extendedKeyUsage=critical,timeStamping\nkeyUsage=critical,digitalSignature\nbasicConstraints=CA:false\n',
  );
  openssl(
    dir,
    'x509',
    '-req',
    '-in',
    'tsa.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'tsa.pem',
    '-days',
    '2',
    '-extfile',
    'tsa-ext.cnf',
  );
  writeFileSync(join(dir, 'serial'), '01\n');
  writeFileSync(
    join(dir, 'ts.cnf'),
    [
      '[ tsa ]',
      'default_tsa = test_tsa',
      '[ test_tsa ]',
      `serial = ${join(dir, 'serial')}`,
      'signer_digest = sha256',
      'default_policy = 1.2.3.4.1',
      'digests = sha256',
      'accuracy = secs:1',
      'ess_cert_id_alg = sha256',
      '',
    ].join('\n'),
  );
  return {
    caFile: join(dir, 'ca.pem'),
    reply: (tsq, tsr) => {
      openssl(
        dir,
        'ts',
        '-reply',
        '-config',
        'ts.cnf',
        '-queryfile',
        tsq,
        '-inkey',
        'tsa.key',
        '-signer',
        'tsa.pem',
        '-out',
        tsr,
      );
    },
  };
}
