/**
 * `manifest.json`, the dossier's table of contents and the one file that gets time-stamped: who
 * made it and how, the time range and zone, the SHA-256 of every other file, and the hash chain
 * over the records (see `chain.ts`) with its head. Its own SHA-256 is what `manifest.tsq` asks a
 * time-stamping authority to sign, with the nonce recorded here.
 */
import { z } from 'zod';
import type { ChainLink } from './chain';

/** The version of this layout; a verifier refuses any other. */
export const MANIFEST_FORMAT = 'antirelou-dossier/1';

/** The files of a dossier folder. */
export const DOSSIER_FILES = {
  html: 'dossier.html',
  jsonl: 'evidence.jsonl',
  csv: 'evidence.csv',
  verify: 'VERIFY.md',
  manifest: 'manifest.json',
  request: 'manifest.tsq',
  /** Not written by antirelou: the authority's answer, saved by the maintainer. */
  response: 'manifest.tsr',
} as const;

/** How the chain is computed, in words, for whoever reads the manifest without the code. */
export const CHAIN_RULE =
  'link_0 = genesis (64 zeros); link_i = lowercase hex SHA-256 of the 128 ASCII characters ' +
  'link_{i-1} followed by digest_i, for the records in the order of evidence.jsonl; head = link_n';
/** The order of the records (the export's). */
export const CHAIN_ORDER = 'receivedAt ascending, then inboundMessageId (the order of the files)';

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 in lowercase hex');
const link = z.strictObject({
  i: z.number().int().min(1),
  receivedAt: z.string(),
  inboundMessageId: z.string(),
  digest: hex64,
  link: hex64,
});

const manifestSchema = z.strictObject({
  format: z.literal(MANIFEST_FORMAT),
  generator: z.strictObject({ name: z.string(), version: z.string(), command: z.string() }),
  generatedAt: z.string(),
  source: z.string(),
  query: z.strictObject({
    since: z.string(),
    until: z.string().nullable(),
    sender: z.string().nullable(),
    lang: z.enum(['fr', 'en']),
  }),
  timeRange: z.strictObject({
    since: z.string(),
    until: z.string(),
    timeZone: z.string(),
    firstRecord: z.string().nullable(),
    lastRecord: z.string().nullable(),
  }),
  records: z.number().int().min(0),
  recordsDigest: hex64,
  files: z.record(z.string(), z.strictObject({ sha256: hex64, bytes: z.number().int().min(0) })),
  chain: z.strictObject({
    order: z.string(),
    rule: z.string(),
    genesis: hex64,
    head: hex64,
    links: z.array(link),
  }),
  timeStampRequest: z.strictObject({
    file: z.literal(DOSSIER_FILES.request),
    hashAlgorithm: z.literal('SHA-256'),
    nonce: z.string().regex(/^([0-9a-f]{2})+$/, 'hex bytes'),
    certReq: z.literal(true),
  }),
});

/** The manifest, as written and as read back. */
export type Manifest = z.infer<typeof manifestSchema>;

/**
 * The manifest's bytes: indented JSON, one chain link per line (a long chain stays readable and
 * diffs line by line), a final newline. Its SHA-256 is what gets time-stamped.
 */
export function serializeManifest(manifest: Manifest): string {
  const marker = '"@links@"';
  const outline = JSON.stringify(
    { ...manifest, chain: { ...manifest.chain, links: '@links@' } },
    null,
    2,
  );
  const links: readonly ChainLink[] = manifest.chain.links;
  const block =
    links.length === 0
      ? '[]'
      : `[\n${links.map((entry) => `      ${JSON.stringify(entry)}`).join(',\n')}\n    ]`;
  return `${outline.replace(marker, () => block)}\n`;
}

/** Reads a manifest; throws an Error saying which field is wrong. */
export function parseManifest(text: string): Manifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`not valid JSON (${(error as Error).message})`, { cause: error });
  }
  const result = manifestSchema.safeParse(json);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue?.path.length ? issue.path.join('.') : 'the top level';
  throw new Error(`not a dossier manifest (${MANIFEST_FORMAT}): ${where}: ${issue?.message}`);
}
