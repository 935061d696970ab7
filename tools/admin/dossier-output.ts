/**
 * Checks `dossier --out DIR` before anything is read (usage errors, exit 2): a folder that does
 * not exist yet, in a folder that does; an existing one only with `--force`, and never one that
 * holds a time stamp (`manifest.tsr`): replacing the manifest would make that proof worthless.
 */
import { existsSync, statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DOSSIER_FILES } from '../evidence/manifest';
import { UsageError } from './errors';

/** Throws a UsageError saying what to do when `out` cannot receive a dossier. */
export function checkDossierOutput(out: string, force: boolean): void {
  if (out.trim() === '') {
    throw new UsageError('--out needs a folder name, e.g. --out dossier-2026-10-19');
  }
  let stats: Stats | undefined;
  try {
    stats = statSync(out);
  } catch {
    stats = undefined; // absent (or unreadable: the write will say why)
  }
  if (stats !== undefined && !stats.isDirectory()) {
    throw new UsageError(
      `--out ${out} is a file: the dossier is a folder; give the name of a folder that does not exist yet`,
    );
  }
  if (stats !== undefined && !force) {
    throw new UsageError(
      `${out} exists: choose another --out, or add --force to write the dossier into it (its dossier files are replaced)`,
    );
  }
  if (stats !== undefined && existsSync(join(out, DOSSIER_FILES.response))) {
    throw new UsageError(
      `${out} holds a time stamp (${DOSSIER_FILES.response}) of the dossier there: replacing that ` +
        'dossier would make the time stamp worthless; write the new one to another --out',
    );
  }
  const parent = dirname(resolve(out));
  if (!existsSync(parent)) {
    throw new UsageError(
      `--out ${out}: the folder ${parent} does not exist: create it, or choose another path`,
    );
  }
}
