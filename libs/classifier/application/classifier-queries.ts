import { Inject, Injectable } from '@nestjs/common';
import { camelCased, invalid, notFound, wordSearch, type Money } from '@licita/shared';
import { PUBLIC_READS } from '@licita/platform';
import { DataSource } from 'typeorm';
import type { ProcurementCategory } from '../domain/classifier-version';
import { normalizeCode } from '../domain/classifier-version';

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

export interface ClassifierPage {
  items: ClassifierEntry[];
  /** Pass as `cursor` for the next page; null on the last one. */
  nextCursor: string | null;
}

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
const MAX_WORDS = 8;
const CODE_LIKE = /^[0-9][0-9A-Z.-]*$/;

interface QueryWord {
  /** Normalized as `searchText` does. */
  text: string;
  codePrefix?: string;
}

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
  constructor(@Inject(PUBLIC_READS) private readonly db: DataSource) {}

  /**
   * Search and browse in one: every word must match (description words anywhere, code-like words as the
   * start of the code), within the scheme and prefix if given; broader codes first, then by code.
   */
  async search(search: ClassifierSearch): Promise<ClassifierPage> {
    const limit = Math.min(Math.max(search.limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
    const where = ['NOT retired'];
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (search.scheme) where.push(`lower(scheme) = lower(${param(search.scheme)})`);
    if (search.prefix) where.push(`code LIKE ${param(likePrefix(search.prefix))}`);
    for (const word of queryWords(search.q ?? '')) {
      const inText = `search_text LIKE ${param(`%${word.text}%`)}`;
      where.push(word.codePrefix ? `(code LIKE ${param(`${word.codePrefix}%`)} OR ${inText})` : inText);
    }
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
    return { items, nextCursor: last ? encodeCursor([last.depth, last.scheme, last.code]) : null };
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

/**
 * The query's words. A code-like word (`4521`, `45210000-2`) matches the start of a code or the
 * descriptions (`10` in "Windows 10"); the others, the descriptions, accents and case ignored.
 */
function queryWords(q: string): QueryWord[] {
  const words = q.split(/\s+/).flatMap((token): QueryWord[] => {
    const code = normalizeCode(token);
    if (CODE_LIKE.test(code)) return [{ codePrefix: code, text: wordSearch.searchWords(token).join(' ') }];
    return wordSearch.searchWords(token).map((text) => ({ text }));
  });
  return words.filter((word) => word.text || word.codePrefix).slice(0, MAX_WORDS);
}

/** Codes are digits, capitals, dots and hyphens: anything else could not match, and `%`/`_` must not act as wildcards. */
function likePrefix(prefix: string): string {
  const normalized = normalizeCode(prefix);
  if (!/^[0-9A-Z.-]{1,32}$/.test(normalized))
    throw invalid('classifier.invalid_prefix', `"${prefix}" is not the start of a code`);
  return `${normalized}%`;
}

type Cursor = [depth: number, scheme: string, code: string];

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
