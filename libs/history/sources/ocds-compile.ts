/**
 * Parsing one release with the text of its numbers kept, and compiling the releases of one `ocid` into one.
 *
 * `JSON.parse` turns `1311264.00` into a double; Licita needs the decimal as written to get integer minor
 * units exactly. The reviver sees each number's source text (`context.source`, Node ≥ 22) and this module keeps
 * it beside the object that holds it (`numberText(holder, key)`), through merging too.
 *
 * Merging follows OCDS (https://standard.open-contracting.org/1.1/en/schema/merging/) as
 * `@licita/transparency`'s compile-release does for Licita's own releases: oldest release first; `id`, `date`,
 * `tag` not merged; a later value replaces an earlier one; `null` removes the field; empty objects and arrays
 * change nothing; objects merge field by field; arrays of objects merge by `id`; other arrays and the
 * `wholeListMerge` arrays are replaced whole.
 */

export type JsonObject = { [key: string]: unknown };

const numberTexts = new WeakMap<object, Map<string, string>>();

/** The number's text as the file wrote it (`"1311264.00"`), when the holder came from `parseWithNumberText`. */
export function numberText(holder: JsonObject, key: string): string | undefined {
  return numberTexts.get(holder)?.get(key);
}

function keepText(target: object, key: string, text: string | undefined): void {
  if (text === undefined) return;
  let texts = numberTexts.get(target);
  if (!texts) numberTexts.set(target, (texts = new Map<string, string>()));
  texts.set(key, text);
}

type Reviver = (this: unknown, key: string, value: unknown, context?: { source?: string }) => unknown;

const reviver: Reviver = function (this: unknown, key, value, context) {
  if (typeof value === 'number' && typeof this === 'object' && this !== null) keepText(this, key, context?.source);
  return value;
};

/**
 * `JSON.parse` keeping the text of every `amount`. A reviver with source access is exact but makes parsing
 * several times slower, so the text of each `"amount": <number>` is first taken from the JSON text and matched,
 * in document order, with the amounts of the parsed tree; only when they do not pair up exactly (same count, same
 * values) is the text parsed again with the reviver.
 */
export function parseWithNumberText(text: string): unknown {
  const value: unknown = JSON.parse(text);
  if (!text.includes('"releaseDate"')) {
    const texts = [...text.matchAll(AMOUNT_TEXT)].map((match) => match[1]);
    const holders: JsonObject[] = [];
    collectAmountHolders(value, holders);
    if (holders.length === texts.length && holders.every((holder, i) => holder.amount === Number(texts[i]))) {
      holders.forEach((holder, i) => keepText(holder, 'amount', texts[i]));
      return value;
    }
  }
  return JSON.parse(text, reviver) as unknown;
}

const AMOUNT_TEXT = /"amount"\s*:\s*(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g;

function collectAmountHolders(value: unknown, holders: JsonObject[]): void {
  if (Array.isArray(value)) {
    for (const item of value) collectAmountHolders(item, holders);
  } else if (isObject(value)) {
    for (const [key, field] of Object.entries(value)) {
      if (key === 'amount' && typeof field === 'number') holders.push(value);
      else if (typeof field === 'object' && field !== null) collectAmountHolders(field, holders);
    }
  }
}

export const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const OMIT_WHEN_MERGED = new Set(['id', 'date', 'tag']);
const WHOLE_LIST_MERGE = new Set(['additionalIdentifiers', 'additionalClassifications']);

/** The releases of one `ocid`, already in merge order (oldest first), compiled into one release. */
export function compile(ocid: string, releases: readonly JsonObject[]): JsonObject {
  let merged: JsonObject = {};
  for (const release of releases) {
    const body: JsonObject = {};
    for (const [key, value] of Object.entries(release)) {
      if (!OMIT_WHEN_MERGED.has(key)) copyField(body, key, release, value);
    }
    merged = mergeObject(merged, body);
  }
  const date = releases[releases.length - 1]?.date;
  const dated = typeof date === 'string' ? { id: `${ocid}-${date}`, date } : { id: `${ocid}-compiled` };
  const compiled: JsonObject = { tag: ['compiled'], ...dated };
  for (const [key, value] of Object.entries(merged)) copyField(compiled, key, merged, value);
  return compiled;
}

function copyField(target: JsonObject, key: string, source: JsonObject, value: unknown): void {
  target[key] = value;
  if (typeof value === 'number') keepText(target, key, numberText(source, key));
}

function mergeObject(target: JsonObject, source: JsonObject): JsonObject {
  const result: JsonObject = {};
  for (const [key, value] of Object.entries(target)) copyField(result, key, target, value);
  for (const [key, value] of Object.entries(source)) {
    if (value === null) delete result[key];
    else if (Array.isArray(value)) mergeArray(result, key, value);
    else if (isObject(value)) {
      if (Object.keys(value).length > 0) result[key] = mergeObject(isObject(result[key]) ? result[key] : {}, value);
    } else copyField(result, key, source, value);
  }
  return result;
}

function mergeArray(result: JsonObject, key: string, value: unknown[]): void {
  if (WHOLE_LIST_MERGE.has(key) || value.some((item) => !isObject(item))) {
    result[key] = value;
    return;
  }
  if (value.length === 0) return;
  const merged = Array.isArray(result[key]) ? [...(result[key] as unknown[])] : [];
  for (const item of value as JsonObject[]) {
    const at =
      item.id === undefined || item.id === null
        ? -1
        : merged.findIndex((existing) => isObject(existing) && existing.id === item.id);
    if (at === -1) merged.push(mergeObject({}, item));
    else merged[at] = mergeObject(merged[at] as JsonObject, item);
  }
  result[key] = merged;
}

const VERSION_KEYS = new Set(['releaseID', 'releaseDate', 'releaseTag', 'value']);

const isVersionList = (value: unknown): value is JsonObject[] =>
  Array.isArray(value) &&
  value.length > 0 &&
  value.every((v) => isObject(v) && 'value' in v && Object.keys(v).every((key) => VERSION_KEYS.has(key)));

/**
 * A record's `versionedRelease` (each field a list of `{releaseID, releaseDate, releaseTag, value}`) → the
 * compiled release: every field takes its last version's value (`null` there removes it, as in merging).
 */
export function unversion(versioned: JsonObject): JsonObject {
  const result: JsonObject = {};
  for (const [key, field] of Object.entries(versioned)) {
    if (isVersionList(field)) {
      const last = field[field.length - 1];
      if (last.value === null) continue;
      result[key] = unversionValue(last.value);
      if (typeof last.value === 'number') keepText(result, key, numberText(last, 'value'));
    } else copyField(result, key, versioned, unversionValue(field));
  }
  return result;
}

function unversionValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(unversionValue);
  return isObject(value) ? unversion(value) : value;
}
