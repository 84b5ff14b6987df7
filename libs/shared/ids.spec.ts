import { isWellFormedId } from './ids';

describe('well-formed ids', () => {
  it.each(['0b6a1f3e-2f4c-4d5e-8f00-0123456789ab', 'uc-imss-001', 'ocds-licita-lp-2026-1', '45210000-2', 'a.b_c:d'])(
    'takes %s',
    (id) => expect(isWellFormedId(id)).toBe(true),
  );

  it.each(['', 'a\u0000b', 'a\u0001', 'a b', '-leading', "o'hara", 'a/b', 'ñ', '😀', 'x'.repeat(201), '\uFEFFa'])(
    'refuses %j',
    (id) => expect(isWellFormedId(id)).toBe(false),
  );
});
