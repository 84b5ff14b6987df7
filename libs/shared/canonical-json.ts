import { invalid } from './domain-error';

export interface CanonicalJsonOptions {
  /**
   * `refuse` (the default): a bigint is refused like anything else JSON cannot carry exactly (sealed proposal
   * content). `decimal-string`: written as the JSON string of its decimal digits (`12n` → `"12"`), the ledger's
   * rule, which every ledger hash already stored depends on.
   */
  bigint?: 'refuse' | 'decimal-string';
}

/**
 * Canonical JSON, the one encoding hashes and commitments are taken over (a verifier must reproduce it byte for
 * byte; RFC 8785 for the values we carry):
 * - `null`, `true`, `false` as such; strings as ECMAScript's `JSON.stringify` writes them (UTF-8 on the wire);
 * - finite numbers as `JSON.stringify` writes them (the RFC 8785 number form: `1`, `-0` → `0`, `85.5`, `1e+21`);
 * - bigints as `options.bigint` says;
 * - arrays in their order, `[a,b]`; objects `{"k":v,…}` with keys sorted by UTF-16 code units (JavaScript's
 *   default string order), members whose value is `undefined` left out;
 * - no whitespace anywhere.
 * Anything else (non-finite numbers, `undefined` in an array, functions, class instances such as Date) is refused
 * with the 422 `sealing.not_json` (sealed content is where user data meets it): convert it first.
 */
export function canonicalJson(value: unknown, options: CanonicalJsonOptions = {}): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') {
    if (options.bigint === 'decimal-string') return JSON.stringify(value.toString());
    throw notJson('a bigint');
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw notJson(`the number ${value}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return arrayJson(value, options);
  if (typeof value === 'object') return objectJson(value, options);
  throw notJson(`a ${typeof value}`);
}

// Loops rather than entries/filter/map: the ledger's sealer encodes every event of the log.
function arrayJson(value: unknown[], options: CanonicalJsonOptions): string {
  let text = '[';
  for (let i = 0; i < value.length; i++) {
    if (value[i] === undefined) throw notJson('undefined in a list');
    text += (i === 0 ? '' : ',') + canonicalJson(value[i], options);
  }
  return `${text}]`;
}

function objectJson(value: object, options: CanonicalJsonOptions): string {
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null)
    throw notJson(`an instance of ${value.constructor?.name ?? 'a class'}`);
  let text = '{';
  for (const key of Object.keys(value).sort()) {
    const member = (value as Record<string, unknown>)[key];
    if (member === undefined) continue;
    text += `${text.length === 1 ? '' : ','}${JSON.stringify(key)}:${canonicalJson(member, options)}`;
  }
  return `${text}}`;
}

const notJson = (what: string) => invalid('sealing.not_json', `canonical JSON cannot carry ${what}`);
