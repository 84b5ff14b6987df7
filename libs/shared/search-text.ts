/**
 * Text as search compares it, for a stored search column and the query words that must agree with it: accents
 * and case removed (`Construcción` → `construccion`, ñ read as n), in one of two modes:
 * - `text` (`searchText`, `searchWords`): punctuation kept as typed, for names and RFCs (`M&A…`, `S.A. de C.V.`);
 * - `words` (`wordSearch`): punctuation and runs of spaces become one space, leaving letters and digits only
 *   (the classifier's descriptions: `Cultivos, productos (de jardinería)` → `cultivos productos de jardineria`).
 */
export type SearchMode = 'text' | 'words';

type Part = string | null | undefined;

function fold(parts: readonly Part[], mode: SearchMode): string {
  const folded = parts
    .join(' ')
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
  return mode === 'text' ? folded : folded.replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** The distinct words of a query, folded as the mode folds, LIKE wildcards escaped; at most `max` of them. */
function words(query: string, mode: SearchMode, max = Number.POSITIVE_INFINITY): string[] {
  const all = fold([query], mode)
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => word.replace(/[\\%_]/g, (c) => `\\${c}`));
  return [...new Set(all)].slice(0, max);
}

/** Lower case without accents, punctuation kept, for `LIKE` searches ("Secretaría" is found by "secretaria"). */
export const searchText = (...parts: Part[]): string => fold(parts, 'text');

/** The words of a query, normalized like `searchText`, with LIKE wildcards escaped. */
export const searchWords = (query: string): string[] => words(query, 'text');

/** The `words` mode: letters and digits only; a query has at most 8 words (or `max`). */
export const wordSearch = {
  searchText: (...parts: Part[]): string => fold(parts, 'words'),
  searchWords: (query: string, max = 8): string[] => words(query, 'words', max),
} as const;
