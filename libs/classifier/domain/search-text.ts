/**
 * Text as search compares it: accents and case removed (`Construcción` → `construccion`), ñ kept as n,
 * punctuation and runs of spaces turned into one space. Used both for the stored search column and for
 * the query, so they always agree.
 */
export function searchText(...parts: Array<string | null | undefined>): string {
  return parts
    .filter((part): part is string => Boolean(part))
    .join(' ')
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The words of a query, as `searchText` writes them; at most `max` of them. */
export function searchWords(query: string, max = 8): string[] {
  const words = searchText(query).split(' ').filter(Boolean);
  return [...new Set(words)].slice(0, max);
}
