/**
 * `export-evidence`: the evidence records of a time range (optionally one sender), as JSON
 * Lines or CSV, each with its SHA-256 digest, and the manifest digest of the whole export
 * printed so it can be written down in a complaint. Every record's digest is checked first.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { EvidenceStore } from '../../lambda/adapters/evidence-store';
import { manifestDigest, verifyEvidence } from '../../lambda/domain/evidence';
import { maskNumber } from '../../lambda/domain/phone';
import type { ExportFormat } from '../evidence/export';
import { writeEvidenceExport } from '../evidence/export';
import { parseTime } from './args';
import { writeAudit } from './audit';
import type { CommandContext } from './context';
import { actor, evaluationTime } from './context';
import { AdminError, UsageError } from './errors';
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

/** Refuses to overwrite a file without `--force` (checked before anything is read). */
export function checkOutput(out: string, force: boolean): void {
  if (!force && existsSync(out)) {
    throw new AdminError(`${out} exists: choose another --out, or add --force to overwrite it`);
  }
}

/** Queries, verifies, writes the file, prints the manifest digest, records the export. */
export async function exportEvidence(
  context: CommandContext,
  request: ExportRequest,
): Promise<void> {
  checkOutput(request.out, request.force);
  const { nowMs } = await evaluationTime(context);
  const sinceMs = parseTime(request.since, '--since', nowMs);
  const untilMs =
    request.until === undefined
      ? nowMs + 1
      : parseTime(request.until, '--until', nowMs, { endOfDay: true });
  if (untilMs <= sinceMs) {
    throw new UsageError('--until must be after --since');
  }
  const senderKey =
    request.sender === undefined ? undefined : (await context.target.senderKey())(request.sender);
  const records = await new EvidenceStore(
    context.target.documentClient,
    context.target.tableName,
  ).query({
    sinceMs,
    untilMs,
    ...(senderKey === undefined ? {} : { senderKey }),
  });
  const altered = records.filter((record) => !verifyEvidence(record)).length;
  const manifest = manifestDigest(records);
  // 'wx' refuses a file that appeared since the check; --force overwrites.
  try {
    writeFileSync(request.out, writeEvidenceExport(records, request.format), {
      flag: request.force ? 'w' : 'wx',
    });
  } catch (error) {
    const err = error as NodeJS.ErrnoException;
    if (err.code === 'EEXIST') checkOutput(request.out, false);
    throw new AdminError(`cannot write ${request.out}: ${err.message}`, { cause: error });
  }
  const who = await actor(context);
  await writeAudit(context.target, who, {
    command: 'export-evidence',
    args: {
      since: new Date(sinceMs).toISOString(),
      until: new Date(untilMs).toISOString(),
      ...(request.sender === undefined
        ? {}
        : { sender: maskNumber(request.sender), senderRef: senderKey?.slice(0, 12) }),
      format: request.format,
      out: request.out,
    },
    before: null,
    after: { records: records.length, manifestDigest: manifest },
  });
  const from = request.sender === undefined ? '' : ` from ${maskNumber(request.sender)}`;
  context.print(
    `${context.target.label}: ${count(records.length)} evidence record(s)${from} received in ` +
      `[${new Date(sinceMs).toISOString()}, ${new Date(untilMs).toISOString()}) written to ` +
      `${request.out} (${request.format}).`,
  );
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
