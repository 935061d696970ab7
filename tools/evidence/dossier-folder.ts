/**
 * Writing a dossier folder: created readable by its owner only (0700), every file 0600 (they
 * hold full numbers and bodies), the manifest and its time-stamp request last, so that a folder
 * left half-written by a crash has no manifest and never verifies.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { DossierFiles } from './dossier-files';
import { writePrivateFile } from './private-file';

/** The folder's mode when it is created. */
export const DOSSIER_FOLDER_MODE = 0o700;

/** Writes the files into `dir`; `overwrite`: the folder may exist and its files are replaced. */
export function writeDossierFolder(dir: string, files: DossierFiles, overwrite: boolean): void {
  if (!overwrite) mkdirSync(dir, { mode: DOSSIER_FOLDER_MODE });
  else mkdirSync(dir, { mode: DOSSIER_FOLDER_MODE, recursive: true });
  for (const [name, bytes] of files) writePrivateFile(join(dir, name), bytes, overwrite);
}
