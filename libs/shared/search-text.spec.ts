import { wordSearch } from './search-text';

const { searchText, searchWords } = wordSearch;

describe('search text', () => {
  it('drops accents and case, so "Construcción" and "CONSTRUCCION" compare equal', () =>
    expect(searchText('Construcción')).toBe(searchText('CONSTRUCCION')));

  it('reads ñ as n and ü as u', () => expect(searchText('Señalización pingüino')).toBe('senalizacion pinguino'));

  it('joins the parts and turns punctuation into single spaces', () =>
    expect(searchText('Cultivos, productos (de jardinería)', null, 'Crops')).toBe(
      'cultivos productos de jardineria crops',
    ));

  it('splits a query into distinct words', () =>
    expect(searchWords('  Obra  pública, OBRA ')).toEqual(['obra', 'publica']));
});
