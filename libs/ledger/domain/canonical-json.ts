/**
 * The one encoding every ledger hash is taken over (a verifier must reproduce it byte for byte):
 * - `null`, `true`, `false` as such; strings as ECMAScript's `JSON.stringify` writes them (UTF-8 on the wire);
 * - finite numbers as `JSON.stringify` writes them (the RFC 8785 number form: `1`, `-0` → `0`, `85.5`, `1e+21`);
 * - bigints as JSON strings of their decimal digits (`12n` → `"12"`);
 * - arrays in their order, `[a,b]`; objects `{"k":v,…}` with keys sorted by UTF-16 code units (JavaScript's
 *   default string order, `Array.prototype.sort`), members whose value is `undefined` left out;
 * - no whitespace anywhere.
 * Anything else (non-finite numbers, `undefined` in an array, functions, class instances such as Date) is refused:
 * convert it to one of the above first.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return JSON.stringify(value.toString());
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`canonical JSON cannot carry the number ${value}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    let text = '[';
    for (let i = 0; i < value.length; i++) {
      if (value[i] === undefined) throw new TypeError('canonical JSON cannot carry undefined in an array');
      text += (i === 0 ? '' : ',') + canonicalJson(value[i]);
    }
    return `${text}]`;
  }
  if (typeof value === 'object') {
    const prototype = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null)
      throw new TypeError(`canonical JSON cannot carry an instance of ${value.constructor?.name ?? 'a class'}`);
    // Loops rather than entries/filter/map: the sealer encodes every event of the log.
    let text = '{';
    for (const key of Object.keys(value).sort()) {
      const member = (value as Record<string, unknown>)[key];
      if (member === undefined) continue;
      text += `${text.length === 1 ? '' : ','}${JSON.stringify(key)}:${canonicalJson(member)}`;
    }
    return `${text}}`;
  }
  throw new TypeError(`canonical JSON cannot carry a ${typeof value}`);
}
