/**
 * `export-evidence`: the evidence records of a time range (optionally one sender), as JSON
 * Lines or CSV, each with its SHA-256 digest, and the manifest digest of the whole export
 * printed so it can be written down in a complaint. Every record's digest is checked first.
 * The range is cut to what the table can hold (the retention, `retainedRange`), so any
 * `--since` works; the file is readable by its owner only (mode 0600).
 */
import { existsSync, statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { manifestDigest, verifyEvidence } from '../../lambda/domain/evidence';
import { maskNumber, redactNumbers } from '../../lambda/domain/phone';
import type { ExportFormat } from '../evidence/export';
import { writeEvidenceExport } from '../evidence/export';
import { writePrivateFile } from '../evidence/private-file';
import { writeAudit } from './audit';
import type { CommandContext } from './context';
import { actor, evaluationTime } from './context';
import { AdminError, UsageError } from './errors';
import { queryEvidence } from './evidence-query';
import { count } from './format';

/** `export-evidence`'s options, validated by the command line. */
export interface ExportRequest {
  readonly since: string;
  readonly until?: string;
  /** E.164, already validated. */
  readonly sender?: string;
  readonly format: ExportFormat;
  readonly out: string;
  readonly force: boolean;
}

/**
 * Checks `--out` before anything is read (usage errors, exit 2): a file name, in a folder that
 * exists, not a folder, and not an existing file unless `--force`.
 */
export function checkOutput(out: string, force: boolean): void {
  if (out.trim() === '') {
    throw new UsageError('--out needs a file name, e.g. --out evidence.csv');
  }
  let stats: Stats | undefined;
  try {
    stats = statSync(out);
  } catch {
    stats = undefined; // absent (or unreadable: the write will say why)
  }
  if (stats?.isDirectory()) {
    throw new UsageError(
      `--out ${out} is a folder: give a file name, e.g. --out ${join(out, 'evidence.csv')}`,
    );
  }
  if (stats !== undefined && !force) {
    throw new UsageError(`${out} exists: choose another --out, or add --force to overwrite it`);
  }
  const folder = dirname(resolve(out));
  if (!existsSync(folder)) {
    throw new UsageError(
      `--out ${out}: the folder ${folder} does not exist: create it, or choose another path`,
    );
  }
}

/** Queries, verifies, writes the file, prints the manifest digest, records the export. */
export async function exportEvidence(
  context: CommandContext,
  request: ExportRequest,
): Promise<void> {
  checkOutput(request.out, request.force);
  const { nowMs } = await evaluationTime(context);
  const found = await queryEvidence(context, request, nowMs);
  const { records, searchedSinceMs, searchedUntilMs, senderKey } = found;
  const altered = records.filter((record) => !verifyEvidence(record)).length;
  const manifest = manifestDigest(records);
  // 'wx' refuses a file that appeared since the check; --force overwrites.
  try {
    writePrivateFile(request.out, writeEvidenceExport(records, request.format), request.force);
  } catch (error) {
    const err = error as NodeJS.ErrnoException;
    if (err.code === 'EEXIST') checkOutput(request.out, false);
    throw new AdminError(`cannot write ${request.out}: ${err.message}`, { cause: error });
  }
  const who = await actor(context);
  await writeAudit(context.target, who, {
    command: 'export-evidence',
    args: {
      since: new Date(searchedSinceMs).toISOString(),
      until: new Date(searchedUntilMs).toISOString(),
      ...(request.sender === undefined
        ? {}
        : { sender: maskNumber(request.sender), senderRef: senderKey?.slice(0, 12) }),
      format: request.format,
      out: redactNumbers(request.out),
    },
    before: null,
    after: { records: records.length, manifestDigest: manifest },
  });
  const from = request.sender === undefined ? '' : ` from ${maskNumber(request.sender)}`;
  context.print(
    `${context.target.label}: ${count(records.length)} evidence record(s)${from} received in ` +
      `[${new Date(searchedSinceMs).toISOString()}, ${new Date(searchedUntilMs).toISOString()}) ` +
      `written to ${request.out} (${request.format}, readable by you only).`,
  );
  if (found.retentionNote !== undefined) context.print(found.retentionNote);
  context.print(`Manifest SHA-256: ${manifest}`);
  context.print(
    altered === 0
      ? `Every record matches its digest (SHA-256 of its canonical JSON).`
      : `WARNING: ${altered} record(s) do not match their digest: they were changed after they were stored.`,
  );
  if (altered > 0) {
    throw new AdminError(
      `${altered} evidence record(s) failed verification (exported anyway, see above)`,
    );
  }
}
