import { canonicalJson } from '@licita/shared';

/**
 * The difference between two JSON values as a list of field changes. Objects are compared key by key; lists
 * whose elements carry an identifier (`lotId`, `itemId`, `documentId`) element by element under that
 * identifier (`lots[lot-1].items[item-2].quantity`); any other list, and any other value, as a whole.
 * An element or key that appears has `before: null`; one that disappears has `after: null`.
 */
export type FieldChange = { path: string; before: unknown; after: unknown };

const ID_KEYS = ['lotId', 'itemId', 'documentId'] as const;

export function fieldDiff(before: unknown, after: unknown, path = ''): FieldChange[] {
  if (sameJson(before, after)) return [];
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(after), ...Object.keys(before)])];
    return keys.flatMap((key) => fieldDiff(before[key], after[key], path ? `${path}.${key}` : key));
  }
  if (Array.isArray(before) && Array.isArray(after) && keyed(before) && keyed(after)) {
    const byId = (list: unknown[]) => new Map(list.map((element) => [idOf(element) as string, element]));
    const old = byId(before);
    const now = byId(after);
    const ids = [...new Set([...now.keys(), ...old.keys()])];
    return ids.flatMap((id) => fieldDiff(old.get(id), now.get(id), `${path}[${id}]`));
  }
  return [{ path, before: before ?? null, after: after ?? null }];
}

/** Equal as JSON values, whatever the order of object keys. */
export const sameJson = (a: unknown, b: unknown): boolean => canonicalJson(a ?? null) === canonicalJson(b ?? null);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function idOf(element: unknown): string | undefined {
  if (!isRecord(element)) return undefined;
  const key = ID_KEYS.find((k) => typeof element[k] === 'string');
  return key ? (element[key] as string) : undefined;
}

function keyed(list: unknown[]): boolean {
  return list.every((element) => idOf(element) !== undefined);
}
