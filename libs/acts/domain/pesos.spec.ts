import { formatInstant, formatMoney, formatPesos } from './pesos';

describe('amounts in acts', () => {
  it.each([
    [123_456_789, '$1,234,567.89'],
    [0, '$0.00'],
    [5, '$0.05'],
    [100, '$1.00'],
    [100_000, '$1,000.00'],
    [-50, '-$0.50'],
  ])('writes %i centavos as %s', (centavos, written) => expect(formatPesos(centavos)).toBe(written));

  it('refuses a fraction of a centavo', () => expect(() => formatPesos(1.5)).toThrow('integer'));

  it('writes another currency by its code', () =>
    expect(formatMoney({ amount: 250_000, currency: 'USD' })).toBe('2,500.00 USD'));

  it('shows instants in Mexico City time', () => expect(formatInstant('2026-03-02T16:00:00.000Z')).toMatch(/10:00:00/));
});
