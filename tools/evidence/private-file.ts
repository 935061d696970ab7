/**
 * Evidence files hold raw numbers and message bodies: they are written readable by their owner
 * only (mode 0600), and a new file refuses to replace one that appeared in the meantime.
 */
import { closeSync, fchmodSync, openSync, writeFileSync } from 'node:fs';
import { EXPORT_FILE_MODE } from './export';

/** Writes `data` with mode 0600; `overwrite` replaces an existing file (and fixes its mode). */
export function writePrivateFile(path: string, data: string | Buffer, overwrite: boolean): void {
  const fd = openSync(path, overwrite ? 'w' : 'wx', EXPORT_FILE_MODE);
  try {
    // `mode` applies to a new file only: an overwritten one keeps its mode unless changed.
    fchmodSync(fd, EXPORT_FILE_MODE);
    writeFileSync(fd, data);
  } finally {
    closeSync(fd);
  }
}
