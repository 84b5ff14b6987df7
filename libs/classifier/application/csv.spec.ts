import { parseCsv } from './csv';

describe('CSV', () => {
  it('reads quoted fields with commas, doubled quotes and line breaks, CRLF or LF', () => {
    const { header, records } = parseCsv(
      '\uFEFFcode,label\r\n1,"Cultivos, hortalizas"\n2,"El ""mejor""\nproducto"\r\n\n3,\n',
    );
    expect(header).toEqual(['code', 'label']);
    expect(records).toEqual([
      { code: '1', label: 'Cultivos, hortalizas' },
      { code: '2', label: 'El "mejor"\nproducto' },
      { code: '3', label: '' },
    ]);
  });

  it('names the line that has the wrong number of fields', () =>
    expect(() => parseCsv('a,b\n1,2\n3\n')).toThrow('CSV line 3: 1 fields, the header has 2'));

  it('refuses a quote left open', () => expect(() => parseCsv('a\n"open\n')).toThrow('not closed'));
});
