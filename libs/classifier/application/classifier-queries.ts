import { Inject, Injectable, Optional } from '@nestjs/common';
import { camelCased, invalid, notFound, wordSearch, type Money } from '@licita/shared';
import { LICITA_CONFIG, listTotal, PUBLIC_READS, totalBound, type ListTotal } from '@licita/platform';
import { DataSource } from 'typeorm';
import type { ProcurementCategory } from '../domain/classifier-version';
import { normalizeCode } from '../domain/classifier-version';
import { expandQuery, normalizeQuery, shippedSynonyms, type QueryConcept } from './synonyms';

export interface ClassifierUsage {
  /** Public tenders and their items using the code or a descendant. */
  tenders: number;
  items: number;
  estimatedAmount: Money;
  awardedAmount: Money;
  suppliersAwarded: number;
  /** Suppliers whose registration lists the code or a descendant. */
  suppliersRegistered: number;
}

export interface ClassifierEntry {
  scheme: string;
  code: string;
  parent: string | null;
  /** The scheme's level name (`division`, `group`, `class`, `category`, `subcategory` for CPV). */
  level: string;
  /** 1 for a top-level code. */
  depth: number;
  category: ProcurementCategory;
  description: { es: string | null; en: string | null };
  usage: ClassifierUsage;
}

export interface ClassifierDetail extends ClassifierEntry {
  version: string;
  /** Not in the version of its scheme in force (kept so old tenders still resolve). */
  retired: boolean;
  /** From the top level down to the parent. */
  ancestors: ClassifierEntry[];
  children: ClassifierEntry[];
}

export interface ClassifierSearch {
  /** Words of the description (accents and case ignored) or the start of a code. */
  q?: string;
  scheme?: string;
  /** Codes starting with it: `4521` browses class 45210000-2 and everything below. */
  prefix?: string;
  limit?: number;
  cursor?: string;
}

/** A classifier installed, for the portal's scheme switch. */
export interface ClassifierScheme {
  scheme: string;
  version: string;
  codeCount: number;
  /** The deployment's default (the first of CLASSIFIER_SCHEMES): the scheme the portal shows first. */
  default: boolean;
}

export interface ClassifierPage {
  items: ClassifierEntry[];
  /** Pass as `cursor` for the next page; null on the last one. */
  nextCursor: string | null;
  /** How many codes the search finds (every page's): exact up to LIST_TOTAL_EXACT_BOUND, then an estimate. */
  total: ListTotal;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
/** pg_trgm word similarity from which a word typed is taken for a word of the description ("impresroa"). */
const TYPO_SIMILARITY = 0.5;

interface CodeRow {
  scheme: string;
  code: string;
  version: string;
  parent: string | null;
  ancestors: string[];
  depth: number;
  level: string;
  category: ProcurementCategory;
  description_es: string | null;
  description_en: string | null;
  retired: boolean;
  tenders_count: number;
  items_count: number;
  estimated_amount: string;
  awarded_amount: string;
  suppliers_awarded: number;
  suppliers_registered: number;
}

/** Reads of the classifier read model; public data, no access rules. */
@Injectable()
export class ClassifierQueries {
  constructor(
    @Inject(PUBLIC_READS) private readonly db: DataSource,
    @Optional() @Inject(LICITA_CONFIG) private readonly config?: { listTotalBound?: number },
  ) {}

  /**
   * Search and browse in one. With `q`: Mexican-Spanish text search (see `textSearch`); without it, the codes
   * within the scheme and prefix, broader codes first, then by code.
   */
  async search(search: ClassifierSearch): Promise<ClassifierPage> {
    const limit = Math.min(Math.max(search.limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
    const concepts = expandQuery(search.q ?? '', shippedSynonyms());
    if (concepts.length > 0) return this.textSearch(search, concepts, limit);
    const where = ['NOT retired'];
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (search.scheme) where.push(`lower(scheme) = lower(${param(search.scheme)})`);
    if (search.prefix) where.push(`code LIKE ${param(likePrefix(search.prefix))}`);
    // Counted before the cursor's condition: the total is the search's, not what is left after this page.
    const total = await listTotal(
      this.db,
      `SELECT 1 FROM classifier_codes WHERE ${where.join(' AND ')}`,
      [...params],
      totalBound(this.config),
    );
    if (search.cursor) {
      const [depth, scheme, code] = decodeCursor(search.cursor);
      where.push(`(depth, scheme, code) > (${param(depth)}, ${param(scheme)}, ${param(code)})`);
    }
    const rows: CodeRow[] = await this.db.query(
      `SELECT ${COLUMNS} FROM classifier_codes WHERE ${where.join(' AND ')} ORDER BY depth, scheme, code LIMIT ${param(limit + 1)}`,
      params,
    );
    const items = rows.slice(0, limit).map(toEntry);
    const last = rows.length > limit ? items[items.length - 1] : undefined;
    return { items, nextCursor: last ? encodeCursor([last.depth, last.scheme, last.code]) : null, total };
  }

  /**
   * Every concept of the query (a word, or a phrase of the synonyms file with its alternatives) must match: its
   * stemmed words in the Spanish or English descriptions (full-text search, `search_vector`), a code-like word
   * the start of a code, or, for a word typed with a typo, a similar word (trigram word similarity). When no code
   * matches them all, the codes matching the most concepts are given. Ranked: concepts found exactly, then the
   * description starting with a word as typed, then with a synonym of it, then the closest words to a typo (to a
   * tenth of similarity, then by the description's first word), then specific items before the chapters above them, text rank,
   * usage (public tenders), broader codes, code. Paged by offset.
   */
  private async textSearch(search: ClassifierSearch, concepts: QueryConcept[], limit: number): Promise<ClassifierPage> {
    const offset = search.cursor ? decodeOffset(search.cursor) : 0;
    // Typos are looked for only when no code has every concept as typed (or through its synonyms): comparing a word
    // with every description is the slow part, and a query that matches needs none (the same answer for every page).
    const typosToo = concepts.some(mayBeTypo) && !(await this.matchesExactly(search, concepts));
    const { sql, order, params } = textSearchSql(search, concepts, typosToo);
    const rows: CodeRow[] = await this.db.query(`${sql} ${order} OFFSET ${offset} LIMIT ${limit + 1}`, params);
    const items = rows.slice(0, limit).map(toEntry);
    const total = await listTotal(this.db, sql, params, totalBound(this.config));
    return { items, nextCursor: rows.length > limit ? encodeOffset(offset + limit) : null, total };
  }

  /** Whether some code matches every concept without typo tolerance (the GIN index answers). */
  private async matchesExactly(search: ClassifierSearch, concepts: QueryConcept[]): Promise<boolean> {
    const { where, found, params } = textConditions(search, concepts);
    const [row] = await this.db.query<Array<{ found: boolean }>>(
      `SELECT EXISTS (SELECT 1 FROM classifier_codes k WHERE ${[...where, ...found].join(' AND ')}) AS found`,
      params,
    );
    return row.found;
  }

  /**
   * The schemes in force (completed versions, the latest of each), in the order of `preferred` (the deployment's
   * CLASSIFIER_SCHEMES, any case), then by name; the first is the default.
   */
  async schemes(preferred: readonly string[] = []): Promise<ClassifierScheme[]> {
    const rows: Array<{ scheme: string; version: string; code_count: number }> = await this.db.query(
      `SELECT DISTINCT ON (scheme) scheme, version, code_count FROM classifier_versions
       WHERE status = 'completed' ORDER BY scheme, completed_at DESC`,
    );
    const rank = (scheme: string) => {
      const at = preferred.findIndex((name) => name.toUpperCase() === scheme.toUpperCase());
      return at < 0 ? preferred.length : at;
    };
    return rows
      .sort((a, b) => rank(a.scheme) - rank(b.scheme) || a.scheme.localeCompare(b.scheme))
      .map((row, i) => ({ scheme: row.scheme, version: row.version, codeCount: row.code_count, default: i === 0 }));
  }

  /** One code with its ancestors and children; `scheme` is only needed when two schemes share the code. */
  async get(code: string, scheme?: string): Promise<ClassifierDetail> {
    const wanted = normalizeCode(code);
    const rows: CodeRow[] = await this.db.query(
      `SELECT ${COLUMNS} FROM classifier_codes WHERE code = $1 AND ($2::text IS NULL OR lower(scheme) = lower($2)) ORDER BY retired, scheme`,
      [wanted, scheme ?? null],
    );
    if (rows.length === 0)
      throw notFound('classifier.unknown_code', `no classifier has the code ${wanted}`, { unknownCodes: [wanted] });
    const current = rows.filter((row) => !row.retired);
    if (current.length > 1) {
      throw invalid(
        'classifier.ambiguous_code',
        `${wanted} is a code of ${current.map((row) => row.scheme).join(' and ')}; say which scheme`,
        {
          schemes: current.map((row) => row.scheme),
        },
      );
    }
    const row = rows[0];
    const [ancestors, children] = await Promise.all([
      this.db.query<CodeRow[]>(
        `SELECT ${COLUMNS} FROM classifier_codes WHERE scheme = $1 AND code = ANY ($2::text[]) ORDER BY depth`,
        [row.scheme, row.ancestors],
      ),
      this.db.query<CodeRow[]>(
        `SELECT ${COLUMNS} FROM classifier_codes WHERE scheme = $1 AND parent = $2 AND NOT retired ORDER BY code`,
        [row.scheme, row.code],
      ),
    ]);
    return {
      ...toEntry(row),
      version: row.version,
      retired: row.retired,
      ancestors: ancestors.map(toEntry),
      children: children.map(toEntry),
    };
  }
}

const COLUMNS = `scheme, code, version, parent, ancestors, depth, level, category, description_es, description_en, retired,
  tenders_count, items_count, estimated_amount::text AS estimated_amount, awarded_amount::text AS awarded_amount,
  suppliers_awarded, suppliers_registered`;

function toEntry(row: CodeRow): ClassifierEntry {
  return {
    ...camelCased(row, 'scheme', 'code', 'parent', 'level', 'depth', 'category'),
    description: { es: row.description_es, en: row.description_en },
    usage: {
      tenders: row.tenders_count,
      items: row.items_count,
      estimatedAmount: { amount: Number(row.estimated_amount), currency: 'MXN' },
      awardedAmount: { amount: Number(row.awarded_amount), currency: 'MXN' },
      suppliersAwarded: row.suppliers_awarded,
      suppliersRegistered: row.suppliers_registered,
    },
  };
}

/** A word typed that the synonyms file does not know, long enough to compare by trigrams. */
const mayBeTypo = (concept: QueryConcept) => !concept.expanded && !concept.codePrefix && concept.text.length >= 4;

/** The scheme and prefix filters, and per concept its exact condition (full-text search, or a code prefix). */
function textConditions(search: ClassifierSearch, concepts: QueryConcept[]) {
  const params: unknown[] = [];
  const param = (value: unknown) => `$${params.push(value)}`;
  const where = ['NOT k.retired'];
  if (search.scheme) where.push(`lower(k.scheme) = lower(${param(search.scheme)})`);
  if (search.prefix) where.push(`k.code LIKE ${param(likePrefix(search.prefix))}`);
  const lastTyped = concepts.length - 1;
  const found = concepts.map((concept, i) => {
    const text = `(k.search_vector @@ (${conceptQuery(concept, !concept.expanded && i === lastTyped, param)}))`;
    return concept.codePrefix ? `(k.code LIKE ${param(`${concept.codePrefix}%`)} OR ${text})` : text;
  });
  return { where, found, params, param };
}

/** The ranked search (see `textSearch`), without OFFSET and LIMIT; typo tolerance only when `typosToo`. */
function textSearchSql(search: ClassifierSearch, concepts: QueryConcept[], typosToo: boolean) {
  const { where, found, params, param } = textConditions(search, concepts);
  const typos = concepts.map((concept) =>
    typosToo && mayBeTypo(concept) ? param(wordSearch.searchText(concept.text)) : undefined,
  );
  const similarity = typos.map((typo) => (typo ? `word_similarity(${typo}, k.search_text)` : '0'));
  const headSimilarity = typos.map((typo) => (typo ? `similarity(${typo}, split_part(k.search_text, ' ', 1))` : '0'));
  const similar = similarity.map((value) => (value === '0' ? 'false' : `(${value} >= ${TYPO_SIMILARITY})`));
  const heads = (words: string[]) =>
    words
      .filter(Boolean)
      .map((word) => `to_tsquery('spanish', ${param(`${word}:A`)})`)
      .join(' || ') || `''::tsquery`;
  const typedHead = heads(concepts.map((concept) => tsWords(concept.text)[0]));
  const head = heads(concepts.flatMap((concept) => concept.alternatives.map((words) => tsWords(words[0])[0])));
  const all = concepts.map((concept) => conceptQuery(concept, false, param)).join(' || ');
  const matched = found.map((f, i) => `(${f} OR ${similar[i]})::int`).join(' + ');
  const score = found.map((f, i) => `(${f})::int * 2 + (${similar[i]} AND NOT ${f})::int`).join(' + ');
  const sql = `SELECT ${COLUMNS} FROM (
       SELECT h.*, max(h.matched) OVER () AS best FROM (
         SELECT k.*, ${matched} AS matched, ${score} AS score,
           k.search_vector @@ (${typedHead}) AS typed_head, k.search_vector @@ (${head}) AS head,
           NOT EXISTS (SELECT 1 FROM classifier_codes c WHERE c.scheme = k.scheme AND c.parent = k.code AND NOT c.retired) AS leaf,
           ${similarity.join(' + ')} AS similarity, ${headSimilarity.join(' + ')} AS head_similarity,
           ts_rank(k.search_vector, ${all}) AS rank
         FROM classifier_codes k
         WHERE ${where.join(' AND ')} AND (${found.map((f, i) => `${f} OR ${similar[i]}`).join(' OR ')})
       ) h
     ) r
     WHERE matched = best`;
  const order = `ORDER BY score DESC, typed_head DESC, head DESC, round(similarity::numeric, 1) DESC, head_similarity DESC,
       leaf DESC, rank DESC, tenders_count DESC, depth, scheme, code`;
  return { sql, order, params };
}

/** A concept as a tsquery: any alternative, each with all its words (stemmed, Spanish or English). */
function conceptQuery(concept: QueryConcept, asTyped: boolean, param: (value: unknown) => string): string {
  const alternatives = concept.alternatives.map((words) => {
    const parts = words.flatMap(tsWords);
    return parts
      .map((part, i) => {
        const value = param(asTyped && i === parts.length - 1 ? `${part}:*` : part);
        return `(to_tsquery('spanish', ${value}) || to_tsquery('english', ${value}))`;
      })
      .join(' && ');
  });
  return alternatives.map((alternative) => `(${alternative})`).join(' || ');
}

/** Letters and digits only, folded like the `search_vector` (ñ kept), so nothing in a word is tsquery syntax. */
function tsWords(word: string): string[] {
  return normalizeQuery(word)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** Codes are digits, capitals, dots and hyphens: anything else could not match, and `%`/`_` must not act as wildcards. */
function likePrefix(prefix: string): string {
  const normalized = normalizeCode(prefix);
  if (!/^[0-9A-Z.-]{1,32}$/.test(normalized))
    throw invalid('classifier.invalid_prefix', `"${prefix}" is not the start of a code`);
  return `${normalized}%`;
}

type Cursor = [depth: number, scheme: string, code: string];

function encodeOffset(offset: number): string {
  return Buffer.from(JSON.stringify({ offset })).toString('base64url');
}

function decodeOffset(cursor: string): number {
  try {
    const { offset } = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { offset?: unknown };
    if (Number.isInteger(offset) && (offset as number) >= 0 && (offset as number) <= 10_000) return offset as number;
  } catch {
    // fall through
  }
  throw invalid('classifier.invalid_cursor', 'the cursor is not one this API returned');
}

function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

function decodeCursor(cursor: string): Cursor {
  try {
    const [depth, scheme, code] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (Number.isInteger(depth) && typeof scheme === 'string' && typeof code === 'string')
      return [depth as number, scheme, code];
  } catch {
    // fall through
  }
  throw invalid('classifier.invalid_cursor', 'the cursor is not one this API returned');
}
