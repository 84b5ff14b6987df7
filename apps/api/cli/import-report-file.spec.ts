import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeReport } from './import-report-file';

/** Where `npm run import` puts a file's report: beside it, or in the data folder when its folder is read-only. */
describe('writeReport', () => {
  const root = mkdtempSync(join(tmpdir(), 'licita-report-'));
  const dataDir = join(root, '.licita');

  it('writes <file>.report.csv beside a file in a writable folder', () => {
    mkdirSync(join(root, 'mine'));
    const file = join(root, 'mine', 'contratos.csv');
    writeFileSync(file, 'x');
    expect(writeReport(file, dataDir, 'row\r\n')).toBe(`${file}.report.csv`);
    expect(readFileSync(`${file}.report.csv`, 'utf8')).toBe('row\r\n');
  });

  it('writes it in <data dir>/imports/ when the file’s folder is read-only (as ../shared is), even for root', () => {
    const shared = join(root, 'shared');
    mkdirSync(shared);
    const file = join(shared, 'contratos-2013-sample.csv');
    writeFileSync(file, 'x');
    chmodSync(shared, 0o555);
    expect(writeReport(file, dataDir, 'row\r\n')).toBe(
      join(dataDir, 'imports', 'contratos-2013-sample.csv.report.csv'),
    );
    expect(existsSync(`${file}.report.csv`)).toBe(false);
    expect(readFileSync(join(dataDir, 'imports', 'contratos-2013-sample.csv.report.csv'), 'utf8')).toBe('row\r\n');
    chmodSync(shared, 0o755);
  });
});
