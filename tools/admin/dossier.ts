/**
 * `dossier --since … [--until …] [--sender …] --out DIR [--force] [--lang fr|en]`: the complaint
 * dossier, in one folder (see `tools/evidence/dossier-files.ts`): the page to read and print,
 * the records as JSON Lines and CSV, VERIFY.md, the manifest with the hash chain, and the
 * time-stamp request to send to an authority. Reads the evidence records, the flood counters
 * and the control item; writes the folder, then one audit record.
 */
import type { EvidenceRecord } from '../../lambda/domain/evidence';
import { verifyEvidence } from '../../lambda/domain/evidence';
import { maskNumber, redactNumbers } from '../../lambda/domain/phone';
import type { ResponderSettings } from '../../lambda/domain/types';
import { messagesPerMinute, summariseAttack } from '../evidence/attack-summary';
import { chartSeries, chartWindow } from '../evidence/chart-series';
import type { DossierFiles } from '../evidence/dossier-files';
import { dossierFiles, sha256OfBytes } from '../evidence/dossier-files';
import { writeDossierFolder } from '../evidence/dossier-folder';
import type { DossierPage } from '../evidence/dossier-page';
import type { DossierLanguage } from '../evidence/local-time';
import { DOSSIER_FILES } from '../evidence/manifest';
import { numberKind } from '../evidence/number-kind';
import { raidPeriods } from '../evidence/raid-periods';
import { randomNonce } from '../evidence/timestamp-request';
import { writeAudit } from './audit';
import type { CommandContext } from './context';
import { actor, evaluationTime } from './context';
import { checkDossierOutput } from './dossier-output';
import { AdminError } from './errors';
import type { EvidenceQueryResult } from './evidence-query';
import { queryEvidence } from './evidence-query';
import { inboundPerMinute } from './flood-counters';
import { count } from './format';
import { readRecordedRaid } from './raid-record';

/** `dossier`'s options, validated by the command line. */
export interface DossierRequest {
  readonly since: string;
  readonly until?: string;
  /** E.164, already validated. */
  readonly sender?: string;
  readonly out: string;
  readonly force: boolean;
  readonly lang: DossierLanguage;
  /** The CLI's version, for the manifest. */
  readonly version: string;
}

type PageData = Omit<DossierPage, 'chainHead'>;

/** The chart, inbound counts and raid periods around the records. */
async function around(
  context: CommandContext,
  records: readonly EvidenceRecord[],
  settings: ResponderSettings,
  summary: ReturnType<typeof summariseAttack>,
): Promise<Pick<PageData, 'series' | 'inbound' | 'raid'>> {
  const recorded = await readRecordedRaid(context.target);
  const raid = {
    enabled: settings.raid !== undefined,
    ...(recorded?.override ? { override: recorded.override } : {}),
  };
  if (summary.startMs === undefined || summary.endMs === undefined) {
    return { series: undefined, inbound: undefined, raid: { ...raid, periods: [] } };
  }
  const window = chartWindow(summary.startMs, summary.endMs);
  const counters = await inboundPerMinute(context.target, window.startMs, window.endMs);
  const inWindow = [...(counters ?? [])].filter(
    ([ms]) => ms >= window.startMs && ms < window.endMs,
  );
  return {
    series: chartSeries(window, messagesPerMinute(records), counters),
    inbound:
      counters === undefined
        ? undefined
        : {
            total: inWindow.reduce((sum, [, n]) => sum + n, 0),
            peakPerMinute: inWindow.reduce((max, [, n]) => Math.max(max, n), 0),
          },
    raid: { ...raid, periods: raidPeriods(window, recorded, counters, settings.raid) },
  };
}

async function pageData(
  context: CommandContext,
  request: DossierRequest,
  found: EvidenceQueryResult,
): Promise<PageData> {
  const settings = await context.target.settings();
  const { records } = found;
  const home = numberKind(settings.originationNumber).country ?? settings.allowedCountries[0];
  const summary = summariseAttack(records, home);
  const ourNumbers = [...new Set(records.map((record) => record.to))].sort();
  return {
    lang: request.lang,
    timeZone: settings.budget.timeZone,
    ourNumbers: ourNumbers.length > 0 ? ourNumbers : [settings.originationNumber],
    source: context.target.label,
    generator: `antirelou ${request.version} (npx antirelou dossier)`,
    generatedAtMs: Date.now(),
    sinceMs: found.searchedSinceMs,
    untilMs: found.searchedUntilMs,
    ...(request.sender === undefined ? {} : { sender: request.sender }),
    records,
    summary,
    ...(await around(context, records, settings, summary)),
  };
}

/** The command line that made the dossier, for the manifest. */
function commandLine(context: CommandContext, request: DossierRequest): string {
  const { local, stack } = context.options;
  return [
    'npx antirelou',
    local === undefined ? `--stack ${stack}` : `--local ${local}`,
    `dossier --since ${request.since}`,
    ...(request.until === undefined ? [] : [`--until ${request.until}`]),
    ...(request.sender === undefined ? [] : [`--sender ${request.sender}`]),
    `--lang ${request.lang} --out ${request.out}`,
  ].join(' ');
}

function build(context: CommandContext, request: DossierRequest, page: PageData): DossierFiles {
  return dossierFiles(page, {
    generator: {
      name: 'antirelou',
      version: request.version,
      command: commandLine(context, request),
    },
    query: {
      since: request.since,
      until: request.until ?? null,
      sender: request.sender ?? null,
      lang: request.lang,
    },
    since: new Date(page.sinceMs).toISOString(),
    until: new Date(page.untilMs).toISOString(),
    nonce: randomNonce(),
  });
}

function write(request: DossierRequest, files: DossierFiles): void {
  try {
    writeDossierFolder(request.out, files, request.force);
  } catch (error) {
    const err = error as NodeJS.ErrnoException;
    if (err.code === 'EEXIST') checkDossierOutput(request.out, false);
    throw new AdminError(`cannot write the dossier to ${request.out}: ${err.message}`, {
      cause: error,
    });
  }
}

/** Queries, builds, writes the folder, records the export in the audit trail, says what next. */
export async function dossier(context: CommandContext, request: DossierRequest): Promise<void> {
  checkDossierOutput(request.out, request.force);
  const { nowMs } = await evaluationTime(context);
  const found = await queryEvidence(context, request, nowMs);
  const page = await pageData(context, request, found);
  const files = build(context, request, page);
  write(request, files);
  const digests = Object.fromEntries(files.map(([name, bytes]) => [name, sha256OfBytes(bytes)]));
  await writeAudit(context.target, await actor(context), {
    command: 'dossier',
    args: {
      since: new Date(found.searchedSinceMs).toISOString(),
      until: new Date(found.searchedUntilMs).toISOString(),
      ...(request.sender === undefined
        ? {}
        : { sender: maskNumber(request.sender), senderRef: found.senderKey?.slice(0, 12) }),
      out: redactNumbers(request.out),
      lang: request.lang,
    },
    before: null,
    after: { records: found.records.length, manifestSha256: digests[DOSSIER_FILES.manifest] },
  });
  report(context, request, found, digests);
}

function report(
  context: CommandContext,
  request: DossierRequest,
  found: EvidenceQueryResult,
  digests: Readonly<Record<string, string>>,
): void {
  const { out } = request;
  const from = request.sender === undefined ? '' : ` from ${maskNumber(request.sender)}`;
  const range = `[${new Date(found.searchedSinceMs).toISOString()}, ${new Date(found.searchedUntilMs).toISOString()})`;
  context.print(
    `${context.target.label}: dossier of ${count(found.records.length)} evidence record(s)${from} ` +
      `received in ${range} written to ${out} (readable by you only):\n` +
      `  ${DOSSIER_FILES.html}    the dossier to read and print (${request.lang === 'fr' ? 'French' : 'English'})\n` +
      `  ${DOSSIER_FILES.jsonl}  the records, one JSON object per line, each with its SHA-256\n` +
      `  ${DOSSIER_FILES.csv}    the same records as formula-safe CSV\n` +
      `  ${DOSSIER_FILES.verify}       how anyone checks the dossier with standard tools\n` +
      `  ${DOSSIER_FILES.manifest}   SHA-256 of each file and the hash chain of the records\n` +
      `  ${DOSSIER_FILES.request}    RFC 3161 time-stamp request for SHA-256(manifest.json) = ${digests[DOSSIER_FILES.manifest]}`,
  );
  if (found.retentionNote !== undefined) context.print(found.retentionNote);
  context.print(
    `Next: send ${DOSSIER_FILES.request} to a time-stamping authority (a qualified eIDAS one for court use) ` +
      `and save its answer as ${DOSSIER_FILES.response} in the folder:\n` +
      `  curl -sS -H "Content-Type: application/timestamp-query" --data-binary @${out}/${DOSSIER_FILES.request} ` +
      `https://<the authority's URL> -o ${out}/${DOSSIER_FILES.response}\n` +
      `Then check it all: npx antirelou verify-evidence ${out}`,
  );
  const altered = found.records.filter((record) => !verifyEvidence(record)).length;
  if (altered > 0) {
    throw new AdminError(
      `${altered} evidence record(s) do not match their digest in the table: they were changed ` +
        'after they were stored (written to the dossier as they are)',
    );
  }
}
