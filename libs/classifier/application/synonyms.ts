import { readFileSync } from 'node:fs';
import { searchWords, wordSearch } from '@licita/shared';
import { classifierDataFile } from './classifier-file';
import { parseCsv } from './csv';

/**
 * Mexican-Spanish search terms: query normalisation and synonym expansion, pure (the data file is read by
 * `shippedSynonyms`). A query becomes concepts that must all match; each concept is the words typed, or a phrase
 * of the synonyms file with every phrase of its row as an alternative (`laptop` → `computadora portatil`,
 * `microcomputadora portatil`, `ordenador portatil`…).
 */

/** One thing the query asks for: any of its alternatives (each a list of words that must all be there). */
export interface QueryConcept {
  /** The words as typed (normalized). */
  text: string;
  alternatives: string[][];
  /** A code-like word (`5150`, `45210000-2`): it may also match the start of a code, upper case. */
  codePrefix?: string;
  /** True when the alternatives came from the synonyms file. */
  expanded: boolean;
}

/** Phrase key (see `phraseKey`) → every phrase (as words) of the rows that contain it. */
export type SynonymIndex = ReadonlyMap<string, readonly string[][]>;

export const MAX_CONCEPTS = 8;
const MAX_PHRASE_WORDS = 4;
const CODE_LIKE = /^[0-9][0-9a-z.-]*$/;

/** Words that say nothing about what is bought; they are dropped from queries and phrases. */
const STOPWORDS = new Set([
  'a', 'al', 'con', 'de', 'del', 'e', 'el', 'en', 'la', 'las', 'lo', 'los', 'o', 'para', 'por', 'sin', 'su', 'sus',
  'u', 'un', 'una', 'unas', 'unos', 'y',
]); // prettier-ignore

/**
 * Lower case without accents, but keeping ñ (a letter of its own in Spanish: "ordenador" is not "ordeñador"),
 * punctuation and runs of spaces as one space; `-` and `.` stay inside words (codes, `no-break`).
 */
export function normalizeQuery(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFD')
    .replace(/n\u0303/g, 'ñ')
    .replace(/\p{M}+/gu, '')
    .replace(/[^\p{L}\p{N}.-]+/gu, ' ')
    .replace(/(^|\s)[.-]+|[.-]+(?=\s|$)/g, ' ')
    .trim()
    .replace(/\s+/g, ' ');
}

/** Words without stopwords; `-` and `.` inside a word split it unless it is code-like. */
function wordsOf(text: string): string[] {
  return normalizeQuery(text)
    .split(' ')
    .flatMap((word) => (CODE_LIKE.test(word) ? [word] : word.split(/[.-]+/)))
    .filter((word) => word && !STOPWORDS.has(word));
}

/** Singular enough to look phrases up: `llantas` → `llanta`, `papeles` → `papel`, `lapices` → `lapiz`. */
function singular(word: string): string {
  if (word.length > 4 && word.endsWith('ces')) return `${word.slice(0, -3)}z`;
  if (word.length > 4 && /[lrndzj]es$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s')) return word.slice(0, -1);
  return word;
}

const phraseKey = (words: readonly string[]): string => words.map(singular).join(' ');

/** The synonyms file: `termino,sinonimos,fuente`, synonyms separated by `|`; each row is a group of equals. */
export function parseSynonyms(content: string): SynonymIndex {
  const index = new Map<string, string[][]>();
  for (const [line, row] of parseCsv(content).records.entries()) {
    const phrases = [row.termino, ...(row.sinonimos ?? '').split('|')].map(wordsOf).filter((words) => words.length);
    if (phrases.length < 2 || !row.fuente?.trim())
      throw new Error(`synonyms line ${line + 2}: a term, at least one synonym and a source are required`);
    for (const phrase of phrases) {
      const key = phraseKey(phrase);
      const group = index.get(key) ?? [];
      for (const other of phrases) if (!group.some((known) => known.join(' ') === other.join(' '))) group.push(other);
      index.set(key, group);
    }
  }
  return index;
}

/**
 * The concepts of a query: the longest phrases of the synonyms file first (up to four words), each with the
 * phrases of its rows as alternatives; other words stand for themselves. Stopwords are dropped; at most eight.
 */
export function expandQuery(query: string, synonyms: SynonymIndex): QueryConcept[] {
  const words = wordsOf(query);
  const concepts: QueryConcept[] = [];
  for (let start = 0; start < words.length && concepts.length < MAX_CONCEPTS;) {
    const length = longestPhrase(words, start, synonyms);
    const phrase = words.slice(start, start + length);
    const group = length > 0 ? synonyms.get(phraseKey(phrase)) : undefined;
    const word = words[start];
    if (group) concepts.push({ text: phrase.join(' '), alternatives: group.map((p) => [...p]), expanded: true });
    else
      concepts.push({
        text: word,
        alternatives: [[word]],
        expanded: false,
        ...(CODE_LIKE.test(word) && /\d/.test(word) ? { codePrefix: word.toUpperCase() } : {}),
      });
    start += Math.max(length, 1);
  }
  return concepts;
}

function longestPhrase(words: string[], start: number, synonyms: SynonymIndex): number {
  for (let length = Math.min(MAX_PHRASE_WORDS, words.length - start); length > 0; length--)
    if (synonyms.has(phraseKey(words.slice(start, start + length)))) return length;
  return 0;
}

let shipped: SynonymIndex | undefined;

/** libs/classifier/data/sinonimos.es-MX.csv, read once. */
export function shippedSynonyms(): SynonymIndex {
  shipped ??= parseSynonyms(readFileSync(classifierDataFile('sinonimos.es-MX.csv'), 'utf8'));
  return shipped;
}

/**
 * For a `LIKE '%word%'` search of a column folded by `searchText` (the transparency tenders' `search_text`): the
 * conditions of a query, all required, each any of its alternatives, each all of its words (LIKE-escaped). The
 * words typed stay as `searchWords` gives them (punctuation kept: procedure numbers); a phrase of the synonyms file
 * also matches any phrase of its rows, whose words of fewer than three letters are left out (`pc` would match inside
 * other words).
 */
export function likeSearchTerms(query: string, synonyms: SynonymIndex): string[][][] {
  const typed = searchWords(query);
  const fold = (word: string) => wordSearch.searchText(word);
  const terms: string[][][] = [];
  const covered = new Set<string>();
  for (const concept of expandQuery(query, synonyms).filter((c) => c.expanded)) {
    const words = concept.text.split(' ').map(fold);
    words.forEach((word) => covered.add(word));
    const alternatives = concept.alternatives
      .map((phrase) => phrase.map(fold).filter((word) => word.length >= 3 || words.includes(word)))
      .filter((phrase) => phrase.length > 0)
      .map((phrase) => phrase.map(escapeLike));
    const phrases = [typedWords(typed, words, fold), ...alternatives].filter((phrase) => phrase.length > 0);
    terms.push(phrases.filter((phrase, i) => phrases.findIndex((p) => p.join(' ') === phrase.join(' ')) === i));
  }
  for (const word of typed) if (!covered.has(fold(word))) terms.push([[word]]);
  return terms.filter((alternatives) => alternatives.length > 0);
}

/** The tokens typed that make up a concept, as `searchWords` gave them. */
function typedWords(typed: string[], words: string[], fold: (word: string) => string): string[] {
  return typed.filter((token) => words.includes(fold(token)));
}

const escapeLike = (word: string) => word.replace(/[\\%_]/g, (c) => `\\${c}`);
