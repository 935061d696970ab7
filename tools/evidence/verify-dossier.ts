/**
 * Verifying a dossier folder, in the order trust flows: the manifest first (its time stamp
 * `manifest.tsr` when there is one, its time-stamp request `manifest.tsq`, its own chain), then
 * each file against the digest the manifest gives, then every record of `evidence.jsonl` and
 * `evidence.csv` against its digest and the chain. It stops at the first thing altered and names
 * it: the file, the record, the link.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { manifestDigest } from '../../lambda/domain/evidence';
import { GENESIS_LINK, nextLink } from './chain';
import { sha256OfBytes } from './dossier-files';
import type { Manifest } from './manifest';
import { DOSSIER_FILES, parseManifest } from './manifest';
import type { ReadRecords } from './read-records';
import { readCsv, readJsonLines } from './read-records';
import { firstRecordDifference } from './record-diff';
import type { TimeStampCheck } from './timestamp-check';
import { checkTimeStamp } from './timestamp-check';
import { readTimeStampRequest, timeStampRequest } from './timestamp-request';

/** How to check the time stamp. */
export interface VerifyOptions {
  /** The authority's root certificate (PEM); default: openssl's trust store. */
  readonly caFile?: string;
  /** The openssl binary (tests). */
  readonly openssl?: string;
}

/** The outcome: a summary, or the first thing altered. */
export type DossierVerdict =
  | { readonly ok: true; readonly manifest: Manifest; readonly lines: readonly string[] }
  | { readonly ok: false; readonly problem: string };

const count = (n: number): string => n.toLocaleString('en-US');

/** Thrown inside, caught by {@link verifyDossier}: the first thing altered. */
class Altered extends Error {}

const F = DOSSIER_FILES;

function readManifestBytes(dir: string): Buffer {
  const path = join(dir, F.manifest);
  if (!existsSync(path)) throw new Altered(`${F.manifest} is missing`);
  return readFileSync(path);
}

function parsed(bytes: Buffer): Manifest {
  try {
    return parseManifest(bytes.toString('utf8'));
  } catch (error) {
    throw new Altered(`${F.manifest} was altered: ${(error as Error).message}`);
  }
}

/** The authority's answer, when there is one; a line for the summary. */
function timeStampLine(dir: string, options: VerifyOptions): { line: string; verified: boolean } {
  const tsr = join(dir, F.response);
  if (!existsSync(tsr)) {
    return {
      line: `no ${F.response} yet: send ${F.request} to a time-stamping authority (VERIFY.md, step 3)`,
      verified: false,
    };
  }
  const check: TimeStampCheck = checkTimeStamp(
    join(dir, F.manifest),
    tsr,
    options.caFile,
    options.openssl,
  );
  if (check.status === 'no-openssl') {
    return {
      line: `${F.response} present but NOT checked: openssl is not on PATH`,
      verified: false,
    };
  }
  if (check.status === 'failed') {
    throw new Altered(
      check.imprintMismatch
        ? `${F.manifest} was altered after it was time-stamped: ${F.response} signs another digest`
        : `${F.response} does not verify (openssl ts -verify: ${check.reason})` +
            (options.caFile === undefined
              ? '; give the authority’s root certificate with --ca-file'
              : ''),
    );
  }
  const by = check.tsa === undefined ? '' : ` by ${check.tsa}`;
  return {
    line: `${F.response} verified by openssl: signed ${check.time ?? '(time not shown)'}${by}`,
    verified: true,
  };
}

/** `manifest.tsq` must be exactly the request for the manifest's digest with its nonce. */
function checkRequest(
  dir: string,
  manifestBytes: Buffer,
  manifest: Manifest,
  stamped: boolean,
): string {
  const path = join(dir, F.request);
  if (!existsSync(path)) throw new Altered(`${F.request} is missing`);
  const digest = sha256OfBytes(manifestBytes);
  const request = readFileSync(path);
  if (request.equals(timeStampRequest(digest, manifest.timeStampRequest.nonce))) {
    return `${F.request} is the request for SHA-256(${F.manifest}) = ${digest}`;
  }
  const read = readTimeStampRequest(request);
  const wellFormed =
    read !== undefined && request.equals(timeStampRequest(read.digestHex, read.nonceHex));
  if (wellFormed && read.digestHex !== digest && !stamped) {
    throw new Altered(
      `${F.manifest} was altered after the dossier was made: its SHA-256 is ${digest}, but ` +
        `${F.request} asks a time stamp for ${read.digestHex} (unless ${F.request}'s digest was altered)`,
    );
  }
  throw new Altered(
    `${F.request} was altered: it is not the request for ${F.manifest} (SHA-256 ${digest}) ` +
      `with the nonce ${F.manifest} records`,
  );
}

/** The manifest's own chain: each link follows from the one before, up to the head. */
function checkChain(manifest: Manifest): void {
  const { links } = manifest.chain;
  let previous = manifest.chain.genesis;
  if (previous !== GENESIS_LINK)
    throw new Altered(`${F.manifest} was altered: chain.genesis is not 64 zeros`);
  for (const [index, link] of links.entries()) {
    if (index > 0 && link.receivedAt < links[index - 1]!.receivedAt) {
      throw new Altered(`${F.manifest} was altered: link ${index + 1} is out of time order`);
    }
    if (link.i !== index + 1 || link.link !== nextLink(previous, link.digest)) {
      throw new Altered(
        `${F.manifest} was altered: link ${index + 1} does not follow from link ${index}`,
      );
    }
    previous = link.link;
  }
  if (manifest.chain.head !== previous)
    throw new Altered(`${F.manifest} was altered: the head is not the last link`);
  if (manifest.records !== links.length) {
    throw new Altered(
      `${F.manifest} was altered: it counts ${manifest.records} records but chains ${links.length}`,
    );
  }
}

/** Each file the manifest lists, against its SHA-256; the records files record by record. */
function checkFiles(dir: string, manifest: Manifest): void {
  for (const required of [F.jsonl, F.csv, F.html]) {
    if (manifest.files[required] === undefined)
      throw new Altered(`${F.manifest} was altered: it lists no ${required}`);
  }
  for (const [name, expected] of Object.entries(manifest.files)) {
    const path = join(dir, name);
    if (name.includes('/') || name.includes('\\'))
      throw new Altered(`${F.manifest} was altered: file name ${name}`);
    if (!existsSync(path)) throw new Altered(`${name} is missing (${F.manifest} lists it)`);
    const bytes = readFileSync(path);
    if (name === F.jsonl) checkRecords(name, readJsonLines(bytes.toString('utf8')), manifest);
    if (name === F.csv) checkRecords(name, readCsv(bytes.toString('utf8')), manifest);
    const actual = sha256OfBytes(bytes);
    if (actual !== expected.sha256) {
      throw new Altered(
        `${name} was altered: its SHA-256 is ${actual}, ${F.manifest} gives ${expected.sha256}` +
          (name === F.jsonl || name === F.csv
            ? ' (every record still matches: the change is outside them)'
            : ''),
      );
    }
  }
}

function checkRecords(name: string, read: ReadRecords, manifest: Manifest): void {
  if (!read.ok) throw new Altered(`${name} was altered: ${read.problem}`);
  const difference = firstRecordDifference(read.records, manifest.chain.links);
  if (difference !== undefined) throw new Altered(`${name}: ${difference}`);
  if (manifestDigest(read.records) !== manifest.recordsDigest) {
    throw new Altered(`${F.manifest} was altered: recordsDigest is not the digest of the records`);
  }
}

/** Verifies the dossier in `dir`. */
export function verifyDossier(dir: string, options: VerifyOptions = {}): DossierVerdict {
  try {
    // The time stamp first: it is over the manifest's bytes, whatever they hold.
    const bytes = readManifestBytes(dir);
    const stamp = timeStampLine(dir, options);
    const manifest = parsed(bytes);
    const request = checkRequest(dir, bytes, manifest, stamp.verified);
    checkChain(manifest);
    checkFiles(dir, manifest);
    return { ok: true, manifest, lines: summaryLines(dir, manifest, stamp.line, request) };
  } catch (error) {
    if (error instanceof Altered) return { ok: false, problem: error.message };
    throw error;
  }
}

function summaryLines(dir: string, manifest: Manifest, stamp: string, request: string): string[] {
  const known = new Set<string>([
    ...Object.keys(manifest.files),
    F.manifest,
    F.request,
    F.response,
  ]);
  const others = readdirSync(dir).filter((name) => !known.has(name));
  const range = manifest.timeRange;
  return [
    `manifest     made by ${manifest.generator.name} ${manifest.generator.version} on ${manifest.generatedAt}; ${request}`,
    `time stamp   ${stamp}`,
    `files        ${Object.keys(manifest.files).join(', ')}: each matches its SHA-256`,
    `records      ${count(manifest.records)} in ${F.jsonl} and ${F.csv}, each matching its digest, in time order`,
    `chain        ${count(manifest.chain.links.length)} link(s) from ${GENESIS_LINK.slice(0, 8)}… to head ${manifest.chain.head}`,
    `range        [${range.since}, ${range.until}), shown in ${range.timeZone}`,
    ...(others.length === 0
      ? []
      : [`not covered  ${others.join(', ')} (not in ${F.manifest}: not checked)`]),
  ];
}
