/**
 * `verify-evidence DIR [--ca-file PEM]`: checks a dossier folder (`antirelou dossier --out`)
 * the way VERIFY.md tells a third party to, and says so: exit 0 with a summary when everything
 * holds, 1 naming the first thing altered (file, record, link), 2 on usage errors. It reads the
 * folder only: no stack, no state.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DOSSIER_FILES } from '../evidence/manifest';
import { hasOpenssl } from '../evidence/timestamp-check';
import { verifyDossier } from '../evidence/verify-dossier';
import { checkAtOption } from './context';
import { AdminError, UsageError } from './errors';
import type { GlobalOptions } from './target';

/** Refuses what makes no sense for a folder check: `--local` and `--at`. */
export function checkVerifyOptions(options: GlobalOptions): void {
  if (options.local !== undefined) {
    throw new UsageError(
      '--local does not apply to verify-evidence: it checks a dossier folder, not a state; ' +
        'run `antirelou verify-evidence DIR`',
    );
  }
  checkAtOption('verify-evidence', options);
}

function checkFolder(dir: string, caFile: string | undefined): void {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new UsageError(
      `${dir} is not a folder: give the folder \`antirelou dossier --out\` wrote`,
    );
  }
  const known = Object.values(DOSSIER_FILES).some((name) => existsSync(join(dir, name)));
  if (!known) {
    throw new UsageError(
      `${dir} holds no dossier (no ${DOSSIER_FILES.manifest}, ${DOSSIER_FILES.jsonl}…): give the ` +
        'folder `antirelou dossier --out` wrote',
    );
  }
  if (caFile !== undefined && !existsSync(caFile)) {
    throw new UsageError(
      `--ca-file ${caFile} does not exist: give the authority's root certificate (PEM)`,
    );
  }
}

/** Verifies the folder; prints the summary, or throws an AdminError naming what was altered. */
export function verifyEvidenceFolder(
  dir: string,
  options: { readonly caFile?: string; readonly openssl?: string },
  print: (text: string) => void,
): void {
  checkFolder(dir, options.caFile);
  const verdict = verifyDossier(dir, options);
  if (!verdict.ok) throw new AdminError(`${dir}: ${verdict.problem}`);
  print(`${dir}: the dossier holds: nothing was altered.`);
  for (const line of verdict.lines) print(`  ${line}`);
  if (!existsSync(join(dir, DOSSIER_FILES.response)) && !hasOpenssl(options.openssl ?? 'openssl')) {
    print('  (openssl is not on PATH: a time stamp could not be checked here)');
  }
}
