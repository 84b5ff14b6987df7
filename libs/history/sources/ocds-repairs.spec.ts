import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OCDS_REPAIRS, repairCode } from './ocds-repairs';

/** The codes the reader writes: the start of each `code: words` template, and the codes it passes to `skip`. */
const written = ['ocds-source.ts', 'ocds-values.ts'].flatMap((file) => {
  const text = readFileSync(join(__dirname, file), 'utf8');
  return [...text.matchAll(/[`']([a-z][a-z0-9_]*\.[a-z][a-z0-9_]*): |skip\(\s*'([a-z0-9_.]+)'/g)].map(
    (match) => match[1] ?? match[2],
  );
});

describe('the OCDS repair codes', () => {
  it('explains, in Spanish and English, every code the reader writes, and no other', () => {
    expect(written.length).toBeGreaterThan(20);
    expect([...new Set(written)].sort()).toEqual(Object.keys(OCDS_REPAIRS).sort());
    for (const { es, en } of Object.values(OCDS_REPAIRS))
      expect([es.trim() !== '', en.trim() !== '']).toEqual([true, true]);
  });

  it('reads the code of a repair', () =>
    expect(repairCode('currency.missing: contract "1" has no currency')).toBe('currency.missing'));
});
