import { centavosToDecimal, isoToMexicoLocal, mexicoLocalToIso, money, parseMoney } from '../../apps/web/src/format';

describe('the web formats money from integer centavos', () => {
  it('writes pesos as es-MX does, exactly, for amounts beyond a float', () => {
    expect(money(123_456)).toBe('$1,234.56');
    expect(money(-5)).toBe('-$0.05');
    expect(money(26_500_000)).toBe('$265,000.00');
    expect(money(1_234_567_890_123_456_789n)).toBe('$12,345,678,901,234,567.89');
    expect(money(null)).toBe('—');
  });

  it('turns centavos into a decimal string with integer arithmetic', () => {
    expect(centavosToDecimal(10)).toBe('0.10');
    expect(centavosToDecimal(-123_405)).toBe('-1234.05');
    expect(centavosToDecimal(9_007_199_254_740_993n)).toBe('90071992547409.93');
  });

  it('reads what a person types into centavos, and refuses what is not an amount', () => {
    expect(parseMoney('1,234.5')).toBe(123_450);
    expect(parseMoney('$ 99,999.99')).toBe(9_999_999);
    expect(parseMoney('0.07')).toBe(7);
    expect(parseMoney('1.234')).toBeNull();
    expect(parseMoney('-3')).toBeNull();
    expect(parseMoney('abc')).toBeNull();
  });
});

describe('the web reads and writes times in Mexico City', () => {
  it('converts a datetime-local value there to the instant and back', () => {
    expect(mexicoLocalToIso('2026-03-02T10:00')).toBe('2026-03-02T16:00:00.000Z');
    expect(isoToMexicoLocal('2026-03-02T16:00:00.000Z')).toBe('2026-03-02T10:00');
    expect(isoToMexicoLocal('2026-07-01T05:30:00.000Z')).toBe('2026-06-30T23:30');
  });
});
