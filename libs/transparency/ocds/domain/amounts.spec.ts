import fc from 'fast-check';
import { decimalText, EXACT_AMOUNT_LIMIT, toCurrencyUnits } from './amounts';

describe('toCurrencyUnits', () => {
  it.each([
    [12345, 'MXN', '123.45'],
    [115, 'MXN', '1.15'],
    [10, 'MXN', '0.1'],
    [100, 'MXN', '1'],
    [1, 'MXN', '0.01'],
    [0, 'MXN', '0'],
    [-5, 'MXN', '-0.05'],
    [26_500_000, 'MXN', '265000'],
    [27_600_001, 'MXN', '276000.01'],
    [7, 'JPY', '7'],
    [1234, 'KWD', '1.234'],
  ])('%i minor units of %s print as %s', (minor, currency, printed) => {
    expect(JSON.stringify(toCurrencyUnits(minor, currency))).toBe(printed);
  });

  it('prints the exact decimal for every amount below the documented limit', () => {
    fc.assert(
      fc.property(fc.integer({ min: -EXACT_AMOUNT_LIMIT, max: EXACT_AMOUNT_LIMIT }), (minor) => {
        expect(JSON.stringify(toCurrencyUnits(minor, 'MXN'))).toBe(decimalText(minor, 2));
      }),
      { numRuns: 20_000 },
    );
  });

  it('is right where the naive product with 0.01 is not', () => {
    expect(115 * 0.01).not.toBe(1.15); // the trap the string construction avoids
    expect(toCurrencyUnits(115, 'MXN')).toBe(1.15);
  });

  it('refuses a fractional number of minor units', () => {
    expect(() => toCurrencyUnits(1.5, 'MXN')).toThrow('integer');
  });
});
