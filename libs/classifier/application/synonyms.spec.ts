import { readFileSync } from 'node:fs';
import { classifierDataFile } from './classifier-file';
import { parseCsv } from './csv';
import { expandQuery, likeSearchTerms, normalizeQuery, parseSynonyms, shippedSynonyms } from './synonyms';

const SMALL = parseSynonyms(
  [
    'termino,sinonimos,fuente',
    'laptop,computadora portátil|microcomputadora portatil,CUCoP 51500062',
    'llanta,neumático,CUCoP 29600132',
    'cubrebocas,cubre boca|mascarilla,CUCoP 25400149',
  ].join('\n'),
);

describe('normalizing a query', () => {
  it('drops accents and case but keeps ñ, a letter of its own', () => {
    expect(normalizeQuery('Computadora  PORTÁTIL')).toBe('computadora portatil');
    expect(normalizeQuery('Ordeñadora')).toBe('ordeñadora');
    expect(normalizeQuery('ORDEÑADORA')).toBe('ordeñadora');
  });

  it('turns punctuation into spaces, keeping codes whole', () => {
    expect(normalizeQuery('tóner (hp), "negro"')).toBe('toner hp negro');
    expect(normalizeQuery('45210000-2')).toBe('45210000-2');
    expect(normalizeQuery('- papel.')).toBe('papel');
  });
});

describe('expanding a query with synonyms', () => {
  it('gives a phrase of the file every phrase of its row as an alternative', () => {
    expect(expandQuery('Laptop', SMALL)).toEqual([
      {
        text: 'laptop',
        expanded: true,
        alternatives: [['laptop'], ['computadora', 'portatil'], ['microcomputadora', 'portatil']],
      },
    ]);
  });

  it('matches the longest phrase first, plurals and accents included, and works both ways', () => {
    const [concept] = expandQuery('computadoras portátiles', SMALL);
    expect(concept.text).toBe('computadoras portatiles');
    expect(concept.alternatives).toContainEqual(['laptop']);
    expect(expandQuery('llantas', SMALL)[0].alternatives).toEqual([['llanta'], ['neumatico']]);
    expect(expandQuery('cubre bocas', SMALL)[0].alternatives).toContainEqual(['cubrebocas']);
  });

  it('keeps other words as they are, drops stopwords, and marks a code-like word as a code prefix', () => {
    expect(expandQuery('papel para la impresora', SMALL)).toEqual([
      { text: 'papel', expanded: false, alternatives: [['papel']] },
      { text: 'impresora', expanded: false, alternatives: [['impresora']] },
    ]);
    expect(expandQuery('5150 de', SMALL)).toEqual([
      { text: '5150', expanded: false, alternatives: [['5150']], codePrefix: '5150' },
    ]);
    expect(expandQuery('  de la  ', SMALL)).toEqual([]);
  });

  it('asks for at most eight concepts', () => {
    expect(expandQuery('uno dos tres cuatro cinco seis siete ocho nueve diez', SMALL)).toHaveLength(8);
  });

  it('refuses a row without a synonym or a source', () => {
    expect(() => parseSynonyms('termino,sinonimos,fuente\nlaptop,,CUCoP')).toThrow(/line 2/);
    expect(() => parseSynonyms('termino,sinonimos,fuente\nlaptop,notebook,')).toThrow(/line 2/);
  });
});

describe('LIKE terms for a folded column (the tender search)', () => {
  it('requires every word typed, and lets a phrase of the file match any phrase of its row', () => {
    expect(likeSearchTerms('Laptops Escuelas', SMALL)).toEqual([
      [['laptops'], ['laptop'], ['computadora', 'portatil'], ['microcomputadora', 'portatil']],
      [['escuelas']],
    ]);
  });

  it('keeps the words typed as the plain search did, punctuation and LIKE wildcards escaped', () => {
    expect(likeSearchTerms('LA-012-2026 50%', SMALL)).toEqual([[['la-012-2026']], [['50\\%']]]);
  });

  it('folds ñ as the column does and leaves out synonym words too short to search inside words', () => {
    const synonyms = parseSynonyms('termino,sinonimos,fuente\ncomputadora,pc|ordenador,CPV\nniño,infantil,DEM');
    expect(likeSearchTerms('computadora', synonyms)).toEqual([[['computadora'], ['ordenador']]]);
    expect(likeSearchTerms('pc', synonyms)).toEqual([[['pc'], ['computadora'], ['ordenador']]]);
    expect(likeSearchTerms('niños', synonyms)).toEqual([[['ninos'], ['nino'], ['infantil']]]);
  });
});

describe('the shipped synonyms file', () => {
  const rows = parseCsv(readFileSync(classifierDataFile('sinonimos.es-MX.csv'), 'utf8')).records;

  it('has at least 200 pairs, each row with its source', () => {
    const pairs = rows.reduce((sum, row) => sum + row.sinonimos.split('|').length, 0);
    expect(pairs).toBeGreaterThanOrEqual(200);
    expect(rows.every((row) => row.fuente.trim().length > 0)).toBe(true);
  });

  it('reads: "laptop" and "ordenador" reach the catalogue words', () => {
    const synonyms = shippedSynonyms();
    expect(expandQuery('laptop', synonyms)[0].alternatives).toContainEqual(['microcomputadora', 'portatil']);
    expect(expandQuery('ordenador', synonyms)[0].alternatives).toContainEqual(['computadora']);
  });
});
