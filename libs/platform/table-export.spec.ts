import { exportFileName, mexicoCityTime, pesos } from './table-export';

describe('cells of an export', () => {
  it.each([
    [0, '0.00'],
    [5, '0.05'],
    [-5, '-0.05'],
    [100, '1.00'],
    ['123450', '1234.50'],
    ['900719925474099123', '9007199254740991.23'],
  ])('%p centavos are %s pesos, exactly', (centavos, text) => expect(pesos(centavos)).toBe(text));

  it.each([
    ['2026-03-02T16:00:00.000Z', '2026-03-02 10:00:00'],
    ['2026-01-01T05:59:59.999Z', '2025-12-31 23:59:59'],
    // Daylight saving time until 2022: it began on 3 April 2022 at 2:00 and ended on 30 October at 2:00.
    ['2022-04-03T07:59:59.000Z', '2022-04-03 01:59:59'],
    ['2022-04-03T08:00:00.000Z', '2022-04-03 03:00:00'],
    ['2022-10-30T06:59:59.000Z', '2022-10-30 01:59:59'],
    ['2022-10-30T07:00:00.000Z', '2022-10-30 01:00:00'],
  ])('%s reads %s on Mexico City clocks', (instant, local) => expect(mexicoCityTime(new Date(instant))).toBe(local));

  it("names the file by the list and the day on Mexico City's clock", () => {
    const now = new Date('2026-12-08T03:00:00Z'); // still the 7th in Mexico City
    const name = ['procedimientos', 'procedures'] as const;
    expect(exportFileName({ name, language: 'es', now, format: 'csv' })).toBe('licita-procedimientos-2026-12-07.csv');
    expect(exportFileName({ name, language: 'en', now, format: 'xlsx' })).toBe('licita-procedures-2026-12-07.xlsx');
  });
});
