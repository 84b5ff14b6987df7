/**
 * OCDS merging (https://standard.open-contracting.org/1.1/en/schema/merging/), compiled release only, as the
 * reference implementation (ocds-merge) does it:
 * - releases are taken oldest first; `id`, `date` and `tag` are metadata and are not merged (`omitWhenMerged`);
 * - a later value replaces an earlier one; `null` removes the field; empty objects and arrays change nothing;
 * - objects merge field by field; arrays of objects merge by `id` (new ids are appended in order, an object
 *   without `id` is always appended); arrays of anything else, and the `wholeListMerge` arrays of the schema
 *   (`additionalIdentifiers`, `additionalClassifications`), are replaced whole;
 * - the compiled release has `tag: ["compiled"]`, the latest `date`, and `id` = `<ocid>-<latest date>`.
 */

export type JsonObject = { [key: string]: unknown };
export type OcdsRelease = JsonObject & { ocid: string; id: string; date: string; tag: string[] };

const OMIT_WHEN_MERGED = ['id', 'date', 'tag'];
const WHOLE_LIST_MERGE = new Set(['additionalIdentifiers', 'additionalClassifications']);

export function compileReleases(releases: readonly OcdsRelease[]): OcdsRelease {
  if (releases.length === 0) throw new Error('a compiled release needs at least one release');
  const oldestFirst = [...releases].sort((a, b) => Date.parse(a.date) - Date.parse(b.date)); // stable: same date keeps order
  let merged: JsonObject = {};
  for (const release of oldestFirst) {
    const body = Object.fromEntries(Object.entries(release).filter(([key]) => !OMIT_WHEN_MERGED.includes(key)));
    merged = mergeObject(merged, body);
  }
  const latest = oldestFirst[oldestFirst.length - 1];
  return { tag: ['compiled'], id: `${latest.ocid}-${latest.date}`, date: latest.date, ...merged } as OcdsRelease;
}

function mergeObject(target: JsonObject, source: JsonObject): JsonObject {
  const result: JsonObject = { ...target };
  for (const [key, value] of Object.entries(source)) {
    if (value === null) delete result[key];
    else if (Array.isArray(value)) mergeArray(result, key, value);
    else if (isObject(value)) {
      if (Object.keys(value).length > 0) result[key] = mergeObject(isObject(result[key]) ? result[key] : {}, value);
    } else result[key] = value;
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

const isObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
