/** Lower case without accents, for `LIKE` searches that ignore both ("Secretaría" is found by "secretaria"). */
export const searchText = (...parts: string[]): string =>
  parts
    .join(' ')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/** The words of a query, normalized like `searchText`, with LIKE wildcards escaped. */
export const searchWords = (query: string): string[] =>
  searchText(query)
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => word.replace(/[\\%_]/g, (c) => `\\${c}`));
