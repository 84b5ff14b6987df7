import { invalid } from '@licita/shared';

/**
 * Canonical JSON (the RFC 8785 rules for the values a proposal holds): object keys sorted by UTF-16 code units,
 * no whitespace, strings and numbers as ECMAScript's JSON.stringify writes them, properties whose value is
 * `undefined` left out (as JSON.stringify does). Refuses what JSON cannot carry exactly: non-finite numbers,
 * `undefined` in a list, bigint, Date and other class instances.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw notJson('a number that is not finite');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    if (value.includes(undefined)) throw notJson('undefined in a list');
    return `[${value.map(canonicalJson).join(',')}]`;
  }
  if (typeof value === 'object') {
    const prototype: unknown = Object.getPrototypeOf(value);
    if (prototype !== Object.prototype && prototype !== null)
      throw notJson(`an instance of ${value.constructor?.name ?? 'a class'}`);
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  throw notJson(`a ${typeof value}`);
}

const notJson = (what: string) => invalid('sealing.not_json', `canonical JSON cannot carry ${what}`);
