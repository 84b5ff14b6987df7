import { compile, numberText, parseWithNumberText, unversion, type JsonObject } from './ocds-compile';

const parse = (text: string) => parseWithNumberText(text) as JsonObject;

describe('parsing with the text of amounts', () => {
  it('keeps each amount as written', () => {
    const release = parse('{"awards":[{"value":{"amount":1311264.00}},{"value":{"amount":75464.960}}]}');
    const [first, second] = (release.awards as JsonObject[]).map((award) => award.value as JsonObject);
    expect([numberText(first, 'amount'), numberText(second, 'amount')]).toEqual(['1311264.00', '75464.960']);
  });

  it('still pairs texts and amounts when the parsed order is not the written one (integer-like keys come first)', () => {
    const parsed = parse('{"value":{"amount":1.10},"1":{"amount":2.20}}');
    expect(numberText(parsed.value as JsonObject, 'amount')).toBe('1.10');
    expect(numberText(parsed['1'] as JsonObject, 'amount')).toBe('2.20');
  });

  it('is not fooled by "amount" inside a string', () => {
    const parsed = parse('{"note":"\\"amount\\": 5","value":{"amount":3.50}}');
    expect(numberText(parsed.value as JsonObject, 'amount')).toBe('3.50');
  });
});

describe('compiling the releases of one ocid', () => {
  const r = (id: string, date: string, body: object) => ({ ocid: 'ocds-x-1', id, date, tag: ['tender'], ...body });

  it('lets later fields win, removes what a later release sets to null, merges arrays of objects by id', () => {
    const compiled = compile('ocds-x-1', [
      r('1', '2020-01-01T00:00:00Z', {
        tender: { title: 'A', description: 'd' },
        awards: [{ id: 'a', status: 'pending' }],
      }),
      r('2', '2020-02-01T00:00:00Z', {
        tender: { title: 'B', description: null },
        awards: [
          { id: 'a', status: 'active' },
          { id: 'b', status: 'pending' },
        ],
        tag: ['award'],
      }),
    ]);
    expect(compiled).toEqual({
      tag: ['compiled'],
      id: 'ocds-x-1-2020-02-01T00:00:00Z',
      date: '2020-02-01T00:00:00Z',
      ocid: 'ocds-x-1',
      tender: { title: 'B' },
      awards: [
        { id: 'a', status: 'active' },
        { id: 'b', status: 'pending' },
      ],
    });
  });

  it('keeps the amount text of the release each amount came from', () => {
    const first = parse('{"ocid":"o","id":"1","date":"2020","contracts":[{"id":"c","value":{"amount":1.50}}]}');
    const later = parse('{"ocid":"o","id":"2","date":"2021","contracts":[{"id":"d","value":{"amount":2.250}}]}');
    const compiled = compile('o', [first, later]);
    const values = (compiled.contracts as JsonObject[]).map((contract) => contract.value as JsonObject);
    expect(values.map((value) => numberText(value, 'amount'))).toEqual(['1.50', '2.250']);
  });

  it('reads a versioned release as its latest values, amounts with their text', () => {
    const versioned = parse(
      '{"ocid":"o","tender":{"title":[{"releaseID":"1","releaseDate":"2020","value":"A"},' +
        '{"releaseID":"2","releaseDate":"2021","value":"B"}],"description":[{"releaseID":"2","releaseDate":"2021","value":null}],' +
        '"value":{"amount":[{"releaseID":"1","releaseDate":"2020","value":10.10}]}}}',
    );
    const release = unversion(versioned);
    const tender = release.tender as JsonObject;
    expect(release).toEqual({ ocid: 'o', tender: { title: 'B', value: { amount: 10.1 } } });
    expect(numberText(tender.value as JsonObject, 'amount')).toBe('10.10');
  });
});
