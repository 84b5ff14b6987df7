import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { minorUnitDigits as transparencyDigits } from '../../transparency/ocds/domain/amounts';
import { amountTextOf, minorUnitDigits, minorUnitsOf, OCDS_CURRENCIES, readCurrency, readDate } from './ocds-values';

const shared = process.env.LICITA_SHARED_DIR ?? resolve(__dirname, '../../../../shared');

describe('OCDS amounts → integer minor units', () => {
  it.each([
    ['1311264.00', 'MXN', 131126400],
    ['75464.96', 'USD', 7546496],
    ['0', 'MXN', 0],
    ['0.1', 'MXN', 10],
    ['1.15', 'MXN', 115], // 1.15 * 100 is 114.99999999999999 in floats
    ['12345678901234.56', 'MXN', 1234567890123456], // more digits than a double holds exactly as currency units
    ['7.5e3', 'MXN', 750000],
    ['1E-2', 'MXN', 1],
    ['-5.5', 'MXN', -550],
    ['500', 'JPY', 500],
    ['1.234', 'KWD', 1234],
  ])('reads %s %s as %i minor units', (text, currency, minor) =>
    expect(minorUnitsOf(text, currency)).toEqual({ value: minor, repairs: [] }),
  );

  it('rounds more decimals than the currency has half up, and says so', () => {
    const read = minorUnitsOf('75464.955', 'USD');
    expect(read.value).toBe(7546496);
    expect(read.repairs[0]).toMatch(/^amount\.rounded: /);
    expect(minorUnitsOf('0.004', 'MXN').value).toBe(0);
  });

  it('refuses what is no number, and amounts beyond exact integers', () => {
    expect(minorUnitsOf('abc', 'MXN').value).toBeNull();
    expect(minorUnitsOf('.', 'MXN').value).toBeNull();
    expect(minorUnitsOf('1e30', 'MXN').value).toBeNull();
  });

  it.each([
    ['1,311,264.00', '1311264.00'],
    ['$ 75 464.96', '75464.96'],
    ['12', '12'],
    ['doce', null],
  ])('reads the amount text %p as %p', (published, text) => expect(amountTextOf(published)).toBe(text));

  it('knows the minor units of the same currencies as the OCDS output does', () => {
    for (const currency of OCDS_CURRENCIES)
      expect([currency, minorUnitDigits(currency)]).toEqual([currency, transparencyDigits(currency)]);
  });
});

describe('OCDS currencies', () => {
  it('lists the OCDS 1.1.5 currency codelist, without the testing and no-currency codes', () => {
    const csv = readFileSync(resolve(shared, 'ocds/1.1.5/codelists/currency.csv'), 'utf8');
    const codes = csv
      .split('\n')
      .slice(1)
      .map((line) => line.split(',')[0])
      .filter(Boolean);
    expect([...OCDS_CURRENCIES].sort()).toEqual(codes.filter((code) => code !== 'XTS' && code !== 'XXX').sort());
  });

  it.each([
    ['MXN', 'MXN', false],
    ['mxn', 'MXN', true],
    ['M.N.', 'MXN', true],
    ['Pesos', 'MXN', true],
    ['TEST', null, false],
    ['XTS', null, false],
    [null, null, false],
  ])('reads %p as %p', (published, code, repaired) => {
    const read = readCurrency(published);
    expect(read.value).toBe(code);
    expect(read.repairs.length > 0).toBe(repaired);
  });
});

describe('OCDS dates → UTC', () => {
  it.each([
    ['2015-12-22T00:00:00-06:00', '2015-12-22T06:00:00.000Z'],
    ['2015-12-22T00:00:00Z', '2015-12-22T00:00:00.000Z'],
    ['2016-02-29T23:59:59.5+0100', '2016-02-29T22:59:59.500Z'],
    ['2015-12-22T00:00:00-06', '2015-12-22T06:00:00.000Z'],
  ])('keeps the zone of %s', (published, utc) => expect(readDate(published, 'd')).toEqual({ value: utc, repairs: [] }));

  it.each([
    ['2015-12-22T00:00:00', '2015-12-22T06:00:00.000Z'], // winter: UTC−6
    ['2015-07-01T00:00:00', '2015-07-01T05:00:00.000Z'], // Mexico City kept daylight saving until 2022
    ['2023-07-01', '2023-07-01T06:00:00.000Z'], // and not since
  ])('reads %s, without a zone, as Mexico City time (%s), and says so', (published, utc) => {
    const read = readDate(published, 'tender.tenderPeriod.startDate');
    expect(read.value).toBe(utc);
    expect(read.repairs).toEqual([expect.stringMatching(/^date\.no_time_zone: tender\.tenderPeriod\.startDate /)]);
  });

  it.each(['2015-02-30', 'mañana', '2015-13-01T00:00:00Z', 20151222])('leaves %p blank and says so', (published) => {
    const read = readDate(published, 'd');
    expect(read.value).toBeNull();
    expect(read.repairs[0]).toMatch(/^date\.invalid: /);
  });

  it('reads a missing date as unknown, with nothing to repair', () =>
    expect(readDate(null, 'd')).toEqual({ value: null, repairs: [] }));
});
