import fc from 'fast-check';
import { DomainError } from '@licita/shared';
import { REAL_RFCS } from '../testing/real-rfcs';
import { checkRfc, parseRfc, rfcCheckDigit, type RfcPart } from './rfc';

const refusedFor = (rfc: string): RfcPart | 'accepted' => {
  const check = checkRfc(rfc);
  return check.valid ? 'accepted' : check.part;
};

/** An RFC with the right check digit for a chosen name, date and homoclave (to test the other parts). */
const withCheckDigit = (first: string) => first + rfcCheckDigit(first);

describe('RFC of real taxpayers', () => {
  it.each(REAL_RFCS)('accepts %s (%s) as %s', (rfc, _who, personType) => {
    expect(checkRfc(rfc)).toEqual({ valid: true, rfc, personType });
  });

  it('finds the published check digit of each from the other characters', () => {
    for (const [rfc] of REAL_RFCS) expect(rfcCheckDigit(rfc.slice(0, -1))).toBe(rfc.slice(-1));
  });

  it('refuses the mis-quoted PEMEX RFC PEM380607P35 on its check digit', () => {
    expect(refusedFor('PEM380607P35')).toBe('check_digit');
  });

  it('normalizes case, hyphens, spaces and a decomposed Ñ', () => {
    expect(checkRfc(' sat-970701-nn3 ')).toMatchObject({ valid: true, rfc: 'SAT970701NN3' });
    expect(checkRfc('HAN\u0303930228SM9')).toMatchObject({ valid: true, rfc: 'HAÑ930228SM9' });
  });
});

describe('RFC structure and parts', () => {
  it.each(['', 'SAT970701NN', 'SAT970701NN3X7', 'CACX7605101P8X'])('refuses the length of "%s"', (rfc) => {
    expect(refusedFor(rfc)).toBe('structure');
  });

  it.each(['XAXX010101000', 'XEXX010101000', 'xaxx-010101-000'])('refuses the generic RFC %s', (rfc) => {
    expect(refusedFor(rfc)).toBe('generic');
  });

  it.each(['S4T970701NN3', 'SA#970701NN3', 'CAC17605101P8', 'ÁAT970701NN3', 'SAÜ970701NN3'])(
    'refuses the name letters of %s',
    (rfc) => {
      expect(refusedFor(rfc)).toBe('letters');
    },
  );

  it.each([
    ['990230', '30 February'],
    ['010229', '29 February of a year that is not a leap year'],
    ['990431', '31 April'],
    ['991301', 'month 13'],
    ['990001', 'month 0'],
    ['990100', 'day 0'],
    ['9901A1', 'a letter in the date'],
  ])('refuses the date %s (%s)', (date) => {
    expect(refusedFor(`SAT${date}NN3`)).toBe('date');
    expect(refusedFor(`CACX${date}1P8`)).toBe('date');
  });

  it.each(['000229', '960229', '991231', '200101'])('accepts the real date %s', (date) => {
    expect(refusedFor(withCheckDigit(`ABC${date}1A`))).toBe('accepted');
    expect(refusedFor(withCheckDigit(`ABCD${date}1A`))).toBe('accepted');
  });

  it.each(['SAT970701N03', 'SAT970701ON3', 'SAT970701N&3', 'SAT970701NÑ3'])('refuses the homoclave of %s', (rfc) => {
    expect(refusedFor(rfc)).toBe('homoclave');
  });

  it.each(['SAT970701NNB', 'SAT970701NN&'])('refuses a check digit outside 0-9 and A in %s', (rfc) => {
    expect(refusedFor(rfc)).toBe('check_digit');
  });

  it('uses A for a remainder of 1 and 0 for a remainder of 0', () => {
    const digits = new Set<string>();
    for (let n = 0; n < 200; n++) digits.add(rfcCheckDigit(`ABC${String(100101 + n)}1A`));
    expect([...digits].sort()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'A']);
  });

  it('throws rfc.invalid with the part for the API (422)', () => {
    const error = thrownBy(() => parseRfc('sat970701nn4'));
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({
      code: 'rfc.invalid',
      kind: 'invalid',
      details: { rfc: 'SAT970701NN4', part: 'check_digit' },
    });
    expect(parseRfc('cfe370814qi0')).toEqual({ rfc: 'CFE370814QI0', personType: 'legal_entity' });
  });
});

describe('corrupted RFCs', () => {
  const NEXT: Record<string, string> = {};
  const cycle = (alphabet: string) => [...alphabet].forEach((c, i, all) => (NEXT[c] ??= all[(i + 1) % all.length]));
  cycle('ABCDEFGHIJKLMNOPQRSTUVWXYZ');
  cycle('0123456789');
  /** Same kind of character, different value: letter -> next letter, digit -> next digit. */
  const mutate = (rfc: string, at: number) => {
    const chars = [...rfc];
    chars[at] = NEXT[chars[at]] ?? 'A';
    return chars.join('');
  };
  /** The check digit weighs the 13-padded position 3 by 11, so mod 11 cannot see a change there. */
  const blindPosition = (rfc: string) => [...rfc].length - 11;

  it.each(REAL_RFCS.map(([rfc]) => [rfc]))(
    'refuses %s with any one character changed (except the mod-11-blind one)',
    (rfc) => {
      const length = [...rfc].length;
      for (let at = 0; at < length; at++) {
        if (at === blindPosition(rfc)) continue;
        const corrupted = mutate(rfc, at);
        expect({ corrupted, verdict: refusedFor(corrupted) }).not.toEqual({ corrupted, verdict: 'accepted' });
      }
    },
  );

  it('cannot see a changed letter in the position weighted 11 (a limit of mod 11, not of this code)', () => {
    expect(refusedFor('SBT970701NN3')).toBe('accepted');
    expect(refusedFor('CADX7605101P8')).toBe('accepted');
  });

  it.each(REAL_RFCS.map(([rfc]) => [rfc]))(
    'refuses %s with two different adjacent digits swapped before the check digit',
    (rfc) => {
      const chars = [...rfc];
      for (let at = 0; at + 2 < chars.length; at++) {
        const [a, b] = [chars[at], chars[at + 1]];
        if (!/\d/.test(a) || !/\d/.test(b) || a === b) continue;
        const swapped = [...chars.slice(0, at), b, a, ...chars.slice(at + 2)].join('');
        expect({ swapped, verdict: refusedFor(swapped) }).not.toEqual({ swapped, verdict: 'accepted' });
      }
    },
  );

  it('refuses any swap of two different adjacent digits in well-formed RFCs', () => {
    const digits = fc.constantFrom(...'0123456789');
    const wellFormed = fc
      .tuple(
        fc.constantFrom('ABC', 'ABCD', 'Ñ&Z', 'WXYZ'),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
        fc.tuple(
          digits.filter((d) => d !== '0'),
          digits.filter((d) => d !== '0'),
        ),
      )
      .map(([name, yy, mm, dd, [h1, h2]]) => withCheckDigit(`${name}${pad(yy)}${pad(mm)}${pad(dd)}${h1}${h2}`));
    fc.assert(
      fc.property(wellFormed, fc.nat(), (rfc, seed) => {
        expect(refusedFor(rfc)).toBe('accepted');
        const chars = [...rfc];
        const pairs = chars
          .map((_, i) => i)
          .filter(
            (i) =>
              i + 1 < chars.length - 1 && /\d/.test(chars[i]) && /\d/.test(chars[i + 1]) && chars[i] !== chars[i + 1],
          );
        if (pairs.length === 0) return;
        const at = pairs[seed % pairs.length];
        const swapped = [...chars.slice(0, at), chars[at + 1], chars[at], ...chars.slice(at + 2)].join('');
        expect(refusedFor(swapped)).not.toBe('accepted');
      }),
    );
  });
});

function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

const pad = (n: number) => String(n).padStart(2, '0');
