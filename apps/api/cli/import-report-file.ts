import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Writes an import's report, `<file>.report.csv`, beside the imported file; when that folder is read-only (no
 * write permission bits, as `../shared` is, even for root; or a refused write), in `<dataDir>/imports/` instead.
 * Returns where it went.
 */
export function writeReport(path: string, dataDir: string, csv: string): string {
  const beside = `${path}.report.csv`;
  if ((statSync(dirname(path)).mode & 0o222) !== 0) {
    try {
      writeFileSync(beside, csv);
      return beside;
    } catch (error) {
      if (!['EACCES', 'EROFS', 'EPERM'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
    }
  }
  const folder = join(dataDir, 'imports');
  mkdirSync(folder, { recursive: true });
  const fallback = join(folder, `${basename(path)}.report.csv`);
  writeFileSync(fallback, csv);
  return fallback;
}
