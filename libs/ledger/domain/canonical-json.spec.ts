import { canonicalJson } from './canonical-json';

describe('canonical JSON', () => {
  it('sorts keys by UTF-16 code units at every depth, without whitespace', () => {
    expect(canonicalJson({ b: 1, a: { z: [3, { y: true, x: null }], é: 'e', Z: 0 } })).toBe(
      '{"a":{"Z":0,"z":[3,{"x":null,"y":true}],"é":"e"},"b":1}',
    );
  });

  it('writes numbers and strings as JSON.stringify does, bigints as decimal strings, and leaves undefined members out', () => {
    expect(
      canonicalJson({
        n: [1, -0, 85.5, 1e21, 0.1],
        s: 'línea\n"dos"\u2028',
        big: 123456789012345678901234567890n,
        gone: undefined,
      }),
    ).toBe('{"big":"123456789012345678901234567890","n":[1,0,85.5,1e+21,0.1],"s":"línea\\n\\"dos\\"\u2028"}');
  });

  it('refuses what JSON cannot carry exactly', () => {
    expect(() => canonicalJson({ at: new Date(0) })).toThrow(/Date/);
    expect(() => canonicalJson([undefined])).toThrow(/undefined/);
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/NaN/);
  });
});
