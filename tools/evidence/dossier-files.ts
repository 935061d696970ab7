/**
 * The files of a complaint dossier, built in the order each depends on the ones before: the
 * records (JSON Lines and CSV, by the export's own code) and the page, then VERIFY.md (which
 * quotes their digests), then manifest.json (which holds the digest of all four and the hash
 * chain), then manifest.tsq (the time-stamp request for the manifest's digest).
 */
import { createHash } from 'node:crypto';
import type { EvidenceRecord } from '../../lambda/domain/evidence';
import { manifestDigest } from '../../lambda/domain/evidence';
import { chainHead, chainOf, GENESIS_LINK } from './chain';
import { dossierHtml } from './dossier-html';
import type { DossierPage } from './dossier-page';
import { writeEvidenceExport } from './export';
import type { Manifest } from './manifest';
import {
  CHAIN_ORDER,
  CHAIN_RULE,
  DOSSIER_FILES,
  MANIFEST_FORMAT,
  serializeManifest,
} from './manifest';
import { timeStampRequest } from './timestamp-request';
import { verifyMarkdown } from './verify-md';

/** What the manifest says about how the dossier was made. */
export interface DossierOrigin {
  readonly generator: Manifest['generator'];
  readonly query: Manifest['query'];
  /** The range searched, ISO 8601 UTC. */
  readonly since: string;
  readonly until: string;
  /** The time-stamp request's nonce (hex, see `randomNonce`). */
  readonly nonce: string;
}

/** File name → bytes, in the order they are written. */
export type DossierFiles = ReadonlyArray<readonly [string, Buffer]>;

/** SHA-256 of bytes, lowercase hex. */
export function sha256OfBytes(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function manifestOf(
  page: DossierPage,
  origin: DossierOrigin,
  records: readonly EvidenceRecord[],
  files: DossierFiles,
): Manifest {
  const links = chainOf(records);
  return {
    format: MANIFEST_FORMAT,
    generator: origin.generator,
    generatedAt: new Date(page.generatedAtMs).toISOString(),
    source: page.source,
    query: origin.query,
    timeRange: {
      since: origin.since,
      until: origin.until,
      timeZone: page.timeZone,
      firstRecord: records[0]?.receivedAt ?? null,
      lastRecord: records.at(-1)?.receivedAt ?? null,
    },
    records: records.length,
    recordsDigest: manifestDigest(records),
    files: Object.fromEntries(
      files.map(([name, bytes]) => [name, { sha256: sha256OfBytes(bytes), bytes: bytes.length }]),
    ),
    chain: {
      order: CHAIN_ORDER,
      rule: CHAIN_RULE,
      genesis: GENESIS_LINK,
      head: chainHead(links),
      links,
    },
    timeStampRequest: {
      file: DOSSIER_FILES.request,
      hashAlgorithm: 'SHA-256',
      nonce: origin.nonce,
      certReq: true,
    },
  };
}

/**
 * Every file of the dossier. `page.records` must be in export order (`inExportOrder`): the
 * chain follows the files' order.
 */
export function dossierFiles(
  page: Omit<DossierPage, 'chainHead'>,
  origin: DossierOrigin,
): DossierFiles {
  const { records } = page;
  const head = chainHead(chainOf(records));
  const data: [string, Buffer][] = [
    [DOSSIER_FILES.jsonl, Buffer.from(writeEvidenceExport(records, 'jsonl'), 'utf8')],
    [DOSSIER_FILES.csv, Buffer.from(writeEvidenceExport(records, 'csv'), 'utf8')],
    [DOSSIER_FILES.html, Buffer.from(dossierHtml({ ...page, chainHead: head }), 'utf8')],
  ];
  const verify = verifyMarkdown(page.lang, {
    records: records.length,
    chainHead: head,
    generator: `${origin.generator.name} ${origin.generator.version}`,
    sha256: Object.fromEntries(data.map(([name, bytes]) => [name, sha256OfBytes(bytes)])),
  });
  const covered: [string, Buffer][] = [
    ...data,
    [DOSSIER_FILES.verify, Buffer.from(verify, 'utf8')],
  ];
  const manifest = Buffer.from(
    serializeManifest(manifestOf({ ...page, chainHead: head }, origin, records, covered)),
    'utf8',
  );
  return [
    ...covered,
    [DOSSIER_FILES.manifest, manifest],
    [DOSSIER_FILES.request, timeStampRequest(sha256OfBytes(manifest), origin.nonce)],
  ];
}
