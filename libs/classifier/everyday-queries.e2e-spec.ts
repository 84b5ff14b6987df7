import { QueryBus } from '@nestjs/cqrs';
import { readFileSync } from 'node:fs';
import { useTestApi } from '../../test/support/api-app';
import { classifierDataFile } from './application/classifier-file';
import type { ClassifierPage } from './application/classifier-queries';
import { parseCsv } from './application/csv';
import { SearchClassifier } from './application/queries/classifier.queries';

/**
 * data/consultas-cotidianas.csv: queries as people type them (plurals, no accents, typos, brand names) with the
 * family (start of the code; alternatives separated by `|`) a buyer means. Each goes through the real query
 * handler on a database with the shipped CUCoP and CPV; at least 95 % must show a code of the family in the first
 * five results. The misses are printed.
 */
const QUERIES = parseCsv(readFileSync(classifierDataFile('consultas-cotidianas.csv'), 'utf8')).records.map((row) => ({
  q: row.consulta,
  scheme: row.esquema,
  families: row.familia.split('|'),
}));

const api = useTestApi();

it('has at least 100 everyday queries, for both schemes', () => {
  expect(QUERIES.length).toBeGreaterThanOrEqual(100);
  expect(new Set(QUERIES.map((query) => query.scheme))).toEqual(new Set(['CUCOP', 'CPV']));
});

it('finds the family meant in the first five results for at least 95 % of them', async () => {
  const bus = api().app.get(QueryBus);
  const misses: string[] = [];
  for (const { q, scheme, families } of QUERIES) {
    const page: ClassifierPage = await bus.execute(new SearchClassifier({ q, scheme, limit: 5 }));
    if (page.items.some((item) => families.some((family) => item.code.startsWith(family)))) continue;
    const got = page.items.map((item) => `${item.code} ${item.description.es ?? item.description.en}`).join('; ');
    misses.push(`${scheme} "${q}" (${families.join('|')}): ${got || 'nothing'}`);
  }
  if (misses.length > 0)
    console.log(`${misses.length} of ${QUERIES.length} everyday queries missed:\n${misses.join('\n')}`);
  expect((QUERIES.length - misses.length) / QUERIES.length).toBeGreaterThanOrEqual(0.95);
}, 60_000);
