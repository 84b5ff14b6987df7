import { isClosed, parsePeriod } from './bulk-period';
import type { OcdsRelease } from './compile-release';
import { dataDictionary, FLAT_TABLES, flatTable, tableHeader, tableRows } from './flat-tables';

const compiled = {
  ocid: 'ocds-licita-t1',
  id: 'ocds-licita-t1-2026-03-02T16:00:00.000Z',
  date: '2026-03-02T16:00:00.000Z',
  tag: ['compiled'],
  buyer: { id: 'buying-unit-u1', name: 'Unidad, "Centro"' },
  tender: {
    id: 'AA-1',
    title: 'Equipo',
    submissionMethod: ['electronicSubmission', 'electronicAuction'],
    value: { amount: 297000.5, currency: 'MXN' },
    hasEnquiries: false,
    lots: [
      { id: 'lot-1', title: 'Laptops', status: 'complete' },
      { id: 'lot-2', title: 'Impresoras', status: 'complete' },
    ],
    items: [
      { id: 'item-1', quantity: 10, relatedLot: 'lot-1', unit: { name: 'pieza', value: { amount: 25000 } } },
      { id: 'item-3', quantity: 4, relatedLot: 'lot-2' },
    ],
  },
  awards: [
    { id: 'lot-1-award-1', suppliers: [{ id: 'supplier-a', name: 'A' }], relatedLots: ['lot-1'] },
    { id: 'lot-2-award-1', suppliers: [{ id: 'supplier-b' }], relatedLots: ['lot-2'] },
  ],
} as unknown as OcdsRelease;

const rowsOf = (name: string) => {
  const table = flatTable(name)!;
  const header = tableHeader(table);
  return tableRows(table, compiled).map((row) => Object.fromEntries(header.map((column, i) => [column, row[i]])));
};

describe('the flat tables', () => {
  it('give the main table one row with its values at their OCDS paths, lists joined with ;', () => {
    expect(rowsOf('procedures')).toEqual([
      expect.objectContaining({
        ocid: 'ocds-licita-t1',
        'buyer/name': 'Unidad, "Centro"',
        'tender/value/amount': '297000.5',
        'tender/submissionMethod': 'electronicSubmission;electronicAuction',
        'tender/hasEnquiries': 'false',
        'tender/numberOfTenderers': '',
      }),
    ]);
  });

  it('give a child table one row per entry, keyed by ocid and the compiled release id, columns under /0/', () => {
    const keys = { ocid: compiled.ocid, id: compiled.id };
    expect(rowsOf('lots').map((row) => [row.ocid, row.id, row['tender/lots/0/id']])).toEqual([
      [keys.ocid, keys.id, 'lot-1'],
      [keys.ocid, keys.id, 'lot-2'],
    ]);
    expect(rowsOf('items')[0]).toMatchObject({ 'tender/items/0/unit/value/amount': '25000' });
    expect(rowsOf('awards').map((row) => [row['awards/0/suppliers/0/id'], row['awards/0/relatedLots']])).toEqual([
      ['supplier-a', 'lot-1'],
      ['supplier-b', 'lot-2'],
    ]);
    expect(rowsOf('contracts')).toEqual([]);
  });

  it('are what the dictionary lists, every column once, with a type, both descriptions and an example', () => {
    const dictionary = dataDictionary();
    expect(dictionary.map((table) => table.file)).toEqual([
      'procedures.csv',
      'lots.csv',
      'items.csv',
      'awards.csv',
      'contracts.csv',
      'parties.csv',
    ]);
    for (const [index, table] of FLAT_TABLES.entries()) {
      const names = dictionary[index].columns.map((column) => column.name);
      expect(names).toEqual(tableHeader(table));
      expect(new Set(names).size).toBe(names.length);
      for (const column of dictionary[index].columns)
        expect([column.name, Boolean(column.es && column.en && column.example)]).toEqual([column.name, true]);
    }
  });
});

describe('bulk periods', () => {
  it('are a year or a month, nothing else', () => {
    expect(parsePeriod('2026')).toEqual({ key: '2026', kind: 'year', start: '2026-01-01', end: '2027-01-01' });
    expect(parsePeriod('2026-12')).toEqual({ key: '2026-12', kind: 'month', start: '2026-12-01', end: '2027-01-01' });
    expect(parsePeriod('2026-02')?.end).toBe('2026-03-01');
    for (const bad of ['2026-13', '2026-00', '26-01', '2026-1', '2026-01-01', 'marzo', ''])
      expect([bad, parsePeriod(bad)]).toEqual([bad, undefined]);
  });

  it('close a day after their end, so that no time zone still adds to them', () => {
    const march = parsePeriod('2026-03')!;
    expect(isClosed(march, new Date('2026-03-31T23:00:00Z'))).toBe(false);
    expect(isClosed(march, new Date('2026-04-01T23:00:00Z'))).toBe(false);
    expect(isClosed(march, new Date('2026-04-02T00:00:01Z'))).toBe(true);
  });
});
