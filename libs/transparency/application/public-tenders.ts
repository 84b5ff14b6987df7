import { Inject, Injectable, Optional } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { camelCased, notFound, searchWords, type Money } from '@licita/shared';
import { ActDocumentsOfTender, type ActDocument, type TenderStatus } from '@licita/tendering';
import type { Consolidation, ConsolidatedParticipant, ProcedureType } from '@licita/tendering';
import { LICITA_CONFIG, listTotal, PUBLIC_READS, requestLanguage, totalBound, type ListTotal } from '@licita/platform';
import { DataSource } from 'typeorm';
import { likeSearchTerms, shippedSynonyms } from '@licita/classifier';
import { tenderRedFlags, type RedFlagCode } from '../projections/red-flags';
import { joinRecord } from '../projections/record-rows';
import type { LotEvaluation, LotProgress, Opening, RecordLot, TenderRecord } from '../projections/tender-record';
import type { TimelineEntry } from '../projections/timeline';
import { badRequest, decodeCursor, encodeCursor } from './bad-request';
import { placeCondition, type GovernmentLevel } from './government-place';
import { applicableLaw, type ApplicableLaw } from '@licita/buying-units';

export const TENDER_SORTS = [
  'publishedAt',
  '-publishedAt',
  'estimatedValue',
  '-estimatedValue',
  'deadline',
  '-deadline',
] as const;
export type TenderSort = (typeof TENDER_SORTS)[number];

/** Where a procedure's record comes from: run on Licita, or imported from another system's files (libs/history). */
export const TENDER_ORIGINS = ['platform', 'imported'] as const;
/** `consolidated_purchase`: run by a central unit for several (LAASSP art. 17); `multi_year`: with a multi-year contract. */
export const TENDER_FEATURES = ['consolidated_purchase', 'multi_year'] as const;
export type TenderFeature = (typeof TENDER_FEATURES)[number];
export type TenderOrigin = (typeof TENDER_ORIGINS)[number];

export type TenderSearch = {
  status?: TenderStatus;
  procedureType?: ProcedureType;
  /** The procedure number, whole or its beginning (`LA-012`), case ignored. */
  number?: string;
  buyingUnitId?: string;
  /** Words of the buying unit's name, code or institution. */
  buyingUnit?: string;
  /**
   * A supplier's name words or RFC: procedures it was awarded or contracted (a direct award's supplier too), or
   * bid in once the opening act revealed the bidders. A sealed bid never finds a procedure.
   */
  supplier?: string;
  /**
   * The suppliers `supplier`'s words find, looked up beforehand (`withSupplierIds`): set by the reads, never by a
   * request. Given, the filter names them as values and the planner reads the supplier index first.
   */
  supplierIds?: readonly string[];
  supplierId?: string;
  /** The buying unit's place: INEGI state key (`14`) and, within it, the 3-digit municipality key (`039`). */
  stateCode?: string;
  municipalityCode?: string;
  /** The buying unit's level of government (federal, state, municipal). */
  level?: GovernmentLevel;
  /** The items' code or any ancestor of it (a CPV division finds every tender with an item below it). */
  classifierCode?: string;
  /** Estimated value range, centavos, inclusive. */
  minValue?: number;
  maxValue?: number;
  currency?: string;
  /** Awarded value range (the standing awards' sum), centavos, inclusive. */
  minAwardedValue?: number;
  maxAwardedValue?: number;
  /** Publication instants, inclusive. */
  publishedFrom?: string;
  publishedTo?: string;
  /** Submission deadline instants, inclusive (procedures without a deadline are left out). */
  deadlineFrom?: string;
  deadlineTo?: string;
  /** Words of the title or description, or the procedure number; accents and case ignored. */
  q?: string;
  redFlag?: RedFlagCode;
  /** Only imported records, or only the platform's own procedures (default: both). */
  origin?: TenderOrigin;
  /** Only consolidated purchases, or only procedures with a multi-year contract. */
  feature?: TenderFeature;
  sort?: TenderSort;
  cursor?: string;
  limit?: number;
};

export type TenderSummary = {
  tenderId: string;
  /** The procedure number (`LA-…`, `IA-…`, `AA-…`); `null` for procedures recorded before numbers. */
  number: string | null;
  title: string;
  status: TenderStatus;
  procedureType: ProcedureType;
  category: string;
  buyingUnit: { id: string; name: string | null };
  value: Money;
  awardedValue: Money;
  publishedAt: string;
  submissionDeadline: string | null;
  /** Sealed proposals standing before the opening act; the proposals opened after it. */
  proposals: number;
  bidders: number | null;
  classifierCodes: string[];
  redFlags: RedFlagCode[];
  /** `imported`: a historical record imported from CompraNet or OCDS (the list shows an "importado" badge). */
  origin: TenderOrigin;
};

/** A page and the search's total (exact up to LIST_TOTAL_EXACT_BOUND, then PostgreSQL's estimate). */
export type TenderPage = { items: TenderSummary[]; nextCursor: string | null; total: ListTotal };

/**
 * The public detail: the record without the fold's own bookkeeping, its buying unit named, its opening act
 * (once held) and every step of its timeline in plain Spanish.
 */
export type PublicTender = Omit<
  TenderRecord,
  | 'isPublic'
  | 'sealedProposalIds'
  | 'buyingUnitId'
  | 'opening'
  | 'evaluation'
  | 'lots'
  | 'lotProgress'
  | 'consolidation'
> & {
  /** A consolidated purchase: the units the central unit (`buyingUnit`) buys for, each named. */
  consolidation?: {
    participants: Array<ConsolidatedParticipant & { buyingUnit: { id: string; name: string | null } }>;
  };
  evaluation: { completedAt: string; lots: LotEvaluation[] } | null;
  buyingUnit: { id: string; name: string | null };
  /** The money is federal: the procedure's `federalFunds`, or an imported record's APORTACION_FEDERAL. */
  federalFunds?: boolean;
  /**
   * Which law governs the procedure and why (its unit's level and state, the origin of its funds; see README
   * "Every level of government"); `null` when the level of its buyer is not known.
   */
  applicableLaw?: ApplicableLaw | null;
  lots: Array<RecordLot & LotProgress>;
  opening: Opening | null;
  timeline: TimelineEntry[];
  /** The acts issued as documents of the procedure (tendering's view), downloadable at /api/documents/{id}/content. */
  actDocuments?: ActDocument[];
};

export type FeedEntry = {
  /** Pass as `after` to get what changed after this entry. */
  cursor: string;
  tenderId: string;
  dateModified: string;
  status: TenderStatus;
  title: string;
  procedureType: ProcedureType;
  buyingUnitId: string;
  href: string;
};

export type FeedPage = { items: FeedEntry[]; nextCursor: string };

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;
export const MAX_FEED_PAGE = 1000;

/** How each sort orders: the expression (a stable tie-break on tender_id follows) and its cursor's SQL type. */
export const SORTS: Record<string, { expression: string; type: 'timestamptz' | 'bigint' }> = {
  publishedAt: { expression: 't.published_at', type: 'timestamptz' },
  estimatedValue: { expression: 't.estimated_amount', type: 'bigint' },
  deadline: { expression: `coalesce(t.submission_deadline, 'infinity'::timestamptz)`, type: 'timestamptz' },
};

type SummaryRow = {
  tender_id: string;
  number: string | null;
  title: string;
  status: TenderStatus;
  procedure_type: ProcedureType;
  category: string;
  buying_unit_id: string;
  buying_unit_name: string | null;
  currency: string;
  estimated_amount: string;
  awarded_amount: string;
  published_at: Date | null;
  submission_deadline: Date | null;
  proposals_count: number;
  bidders_count: number | null;
  /** As the call lists them, repeats included (null before the call is known). */
  item_codes: string[] | null;
  red_flags: RedFlagCode[];
  origin: TenderOrigin;
  sort_value: string;
};

/** The buying unit's name: the register's, else (an imported record's unregistered unit) the source's. */
const UNIT_NAME = `coalesce(bu.name, t.record->'origin'->'buyer'->>'name')`;

/**
 * The detail's statement, `$1` the tender id (the bench EXPLAINs exactly this): the record and its timeline in
 * one round trip, each step's instant already in the API's form (ISO 8601, UTC, milliseconds). The timeline is
 * in the order things happened: a deadline the scheduler records late (after proposals that came in past it)
 * is dated when it became due, and goes before them; steps of one instant keep the log's order.
 */
export const DETAIL_STATEMENT = `
  SELECT t.content, t.record, ${UNIT_NAME} AS buying_unit_name, bu.level AS unit_level, bu.state_code AS unit_state, o.opening, o.evaluation,
         (SELECT coalesce(json_agg(json_build_object(
                    'at', to_char(s.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), 'event', s.event, 'key', s.key, 'text', s.text, 'textEn', s.text_en
                  ) ORDER BY s.at, s.position), '[]')
          FROM transparency_timeline s WHERE s.tender_id = t.tender_id) AS timeline
  FROM transparency_tenders t
  LEFT JOIN buying_units bu ON bu.buying_unit_id = t.buying_unit_id
  LEFT JOIN transparency_openings o ON o.tender_id = t.tender_id
  WHERE t.tender_id = $1 AND t.is_public`;

/** Reads of the public tenders: list with filters and cursor paging, detail, change feed. No access rules. */
@Injectable()
export class PublicTenders {
  constructor(
    @Inject(PUBLIC_READS) private readonly db: DataSource,
    /** Asks tendering for the act documents; absent (no acts listed) where the bus is not wired (the testbed). */
    @Optional() private readonly queries?: QueryBus,
    @Optional() @Inject(LICITA_CONFIG) private readonly config?: { listTotalBound?: number },
  ) {}

  async search(request: TenderSearch): Promise<TenderPage> {
    const search = await withSupplierIds(this.db, request);
    const { sql, params, limit, sortName } = searchStatement(search);
    const rows: SummaryRow[] = await this.db.query(sql, params);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toSummary),
      nextCursor: rows.length > limit ? encodeCursor([sortName, last.sort_value, last.tender_id]) : null,
      total: await this.total(search),
    };
  }

  /** How many public procedures the search's filters find (its sort, cursor and page size aside). */
  async total(filter: TenderFilter): Promise<ListTotal> {
    const { sql, params } = totalStatement(await withSupplierIds(this.db, filter));
    return listTotal(this.db, sql, params, totalBound(this.config));
  }

  async get(tenderId: string): Promise<PublicTender> {
    const [row]: Array<{
      content: object;
      record: object;
      buying_unit_name: string | null;
      unit_level: GovernmentLevel | null;
      unit_state: string | null;
      opening: Opening | null;
      evaluation: PublicTender['evaluation'];
      timeline: Array<TimelineEntry & { textEn: string | null }>;
    }> = await this.db.query(DETAIL_STATEMENT, [tenderId]);
    if (!row) throw notFound('tender.not_found', `no public tender ${tenderId}`);
    const {
      isPublic: _public,
      sealedProposalIds: _sealed,
      buyingUnitId,
      opening: _opened,
      evaluation: _evaluated,
      lots,
      lotProgress,
      consolidation,
      ...record
    } = joinRecord(row.content, row.record);
    const language = requestLanguage();
    return {
      ...record,
      // Stored explained in Spanish; for another language, explained again from the same record.
      ...(language === 'es' ? {} : { redFlags: tenderRedFlags(joinRecord(row.content, row.record), language) }),
      buyingUnit: { id: buyingUnitId, name: row.buying_unit_name },
      federalFunds: record.federalFunds === true || record.origin?.government?.federalFunds === true,
      applicableLaw: lawOf(record, row.unit_level, row.unit_state),
      lots: lots.map((lot) => ({ ...lot, ...lotProgress[lot.lotId] })),
      opening: row.opening,
      evaluation: row.evaluation,
      // Each step in the language asked for (a step stored before English was written stays in Spanish).
      timeline: row.timeline.map(({ textEn, ...step }) =>
        language === 'en' && textEn ? { ...step, text: textEn } : step,
      ),
      actDocuments: this.queries ? await this.queries.execute(new ActDocumentsOfTender(tenderId)) : [],
      ...(consolidation ? { consolidation: await this.namedParticipants(consolidation) } : {}),
    };
  }

  /** Each participating unit of a consolidated purchase with the register's name of it. */
  private async namedParticipants({ participants }: Consolidation): Promise<PublicTender['consolidation']> {
    const rows: Array<{ buying_unit_id: string; name: string }> = await this.db.query(
      'SELECT buying_unit_id, name FROM buying_units WHERE buying_unit_id = ANY($1::text[])',
      [participants.map((p) => p.buyingUnitId)],
    );
    const names = new Map(rows.map((row) => [row.buying_unit_id, row.name]));
    return {
      participants: participants.map((p) => ({
        ...p,
        buyingUnit: { id: p.buyingUnitId, name: names.get(p.buyingUnitId) ?? null },
      })),
    };
  }

  /**
   * Tenders in the order they last changed, after `after` (a cursor from this feed; `0` or none for the
   * beginning). A tender appears again when it changes again; following `nextCursor` misses nothing.
   */
  async feed(after: string | undefined, limit = 100): Promise<FeedPage> {
    const from = feedPosition(after);
    const rows: Array<{
      tender_id: string;
      change_seq: string;
      changed_at: Date;
      status: TenderStatus;
      title: string;
      procedure_type: ProcedureType;
      buying_unit_id: string;
    }> = await this.db.query(
      // ORDER BY names the table's bigint column: the bare name would be the text alias, and "100" < "99".
      `SELECT tender_id, change_seq::text AS change_seq, changed_at, status, title, procedure_type, buying_unit_id
         FROM transparency_tenders t WHERE t.is_public AND t.change_seq > $1::bigint ORDER BY t.change_seq LIMIT $2`,
      [from.toString(), Math.min(Math.max(limit, 1), MAX_FEED_PAGE)],
    );
    const items = rows.map((row) => ({
      cursor: feedCursor(BigInt(row.change_seq)),
      tenderId: row.tender_id,
      dateModified: row.changed_at.toISOString(),
      status: row.status,
      title: row.title,
      procedureType: row.procedure_type,
      buyingUnitId: row.buying_unit_id,
      href: `/api/transparency/tenders/${encodeURIComponent(row.tender_id)}`,
    }));
    return { items, nextCursor: items.length > 0 ? items[items.length - 1].cursor : feedCursor(from) };
  }
}

const FEED_CURSOR = 'feed';
const MAX_POSITION = 2n ** 63n - 1n;

/** The feed's opaque cursor for a log position. */
export const feedCursor = (position: bigint): string => encodeCursor([FEED_CURSOR, position.toString()]);

/**
 * The log position a feed cursor stands for: none or `0` is the beginning; the bare digits this feed gave
 * before its cursors were opaque are still read, so a mirror that stored one goes on where it was.
 */
export function feedPosition(after: string | undefined): bigint {
  if (after === undefined || after === '0') return 0n;
  const parts = /^\d{1,19}$/.test(after) ? [FEED_CURSOR, after] : decodeCursor(after, 'feed.invalid_cursor');
  const [kind, digits] = parts;
  if (parts.length === 2 && kind === FEED_CURSOR && typeof digits === 'string' && /^\d{1,19}$/.test(digits)) {
    const position = BigInt(digits);
    if (position <= MAX_POSITION) return position;
  }
  throw badRequest('feed.invalid_cursor', 'after is a cursor this feed returned', { after });
}

/**
 * The list's statement for a search (the bench EXPLAINs exactly this): one page plus one row, to know whether
 * there is a next. Bad ranges and cursors are 400s.
 */
export function searchStatement(search: TenderSearch): {
  sql: string;
  params: unknown[];
  limit: number;
  sortName: TenderSort;
} {
  const limit = Math.min(Math.max(search.limit ?? DEFAULT_PAGE_SIZE, 1), MAX_PAGE_SIZE);
  const sortName = search.sort ?? '-publishedAt';
  const descending = sortName.startsWith('-');
  const sort = SORTS[sortName.replace('-', '')];
  const { where, params } = tenderFilter(search);
  const param = (value: unknown) => `$${params.push(value)}`;
  if (search.cursor) {
    const [cursorSort, value, tenderId] = decodeCursor(search.cursor, 'transparency.invalid_cursor');
    if (cursorSort !== sortName || typeof value !== 'string' || typeof tenderId !== 'string') {
      throw badRequest(
        'transparency.invalid_cursor',
        'the cursor belongs to another sort or is not one this API returned',
        { sort: sortName },
      );
    }
    where.push(
      `(${sort.expression}, t.tender_id) ${descending ? '<' : '>'} (${param(value)}::${sort.type}, ${param(tenderId)})`,
    );
  }
  const direction = descending ? 'DESC' : 'ASC';
  const order = `ORDER BY page_sort ${direction}, page_id ${direction} LIMIT ${param(limit + 1)}`;
  const matches = `SELECT t.tender_id AS page_id, ${sort.expression} AS page_sort FROM transparency_tenders t WHERE ${where.join(' AND ')}`;
  // The page's ids first, then its columns: a sort over many matches (a deadline range, a supplier's procedures)
  // then reads the record and the unit of the 21 rows kept only, not of every row it sorted. A window of deadlines
  // is read by its own index and sorted: its matches lie together in publication order (a deadline follows its
  // publication), which the planner cannot know, so it would walk the publication index from the newest
  // procedure and discard every one published after the window (at 1,000,000 procedures: 479,500 rows, 11.7 s).
  const page = sortsAcrossDeadlineWindow(search, sortName)
    ? `WITH matches AS MATERIALIZED (${matches}) SELECT page_id, page_sort FROM matches ${order}`
    : `${matches} ${order}`;
  const sql = `
    SELECT t.tender_id, t.record->>'number' AS number, t.title, t.status, t.procedure_type, t.category, t.buying_unit_id, ${UNIT_NAME} AS buying_unit_name, t.currency,
           t.estimated_amount, t.awarded_amount, t.published_at, t.submission_deadline, t.proposals_count, t.bidders_count, t.red_flags,
           t.item_codes, t.origin,
            (${sort.expression})::text AS sort_value
    FROM (${page}) page
    JOIN transparency_tenders t ON t.tender_id = page.page_id
    LEFT JOIN buying_units bu ON bu.buying_unit_id = t.buying_unit_id
    ORDER BY ${sort.expression} ${direction}, t.tender_id ${direction}`;
  return { sql, params, limit, sortName };
}

/** A year and a month: a window of deadlines no longer than this is sorted, not walked (searchStatement). */
const DEADLINE_WINDOW_SORTED_MS = 397 * 24 * 3_600_000;

/**
 * Whether a search's page is better sorted from its deadline window's matches than walked in another order: both
 * bounds given, at most about a year apart (a 30-day window of a million procedures holds about 10,000), sorted by
 * anything but the deadline itself (whose index the walk then follows).
 */
function sortsAcrossDeadlineWindow(search: TenderSearch, sortName: TenderSort): boolean {
  if (!search.deadlineFrom || !search.deadlineTo || sortName.replace('-', '') === 'deadline') return false;
  return Date.parse(search.deadlineTo) - Date.parse(search.deadlineFrom) <= DEADLINE_WINDOW_SORTED_MS;
}

function toSummary(row: SummaryRow): TenderSummary {
  return {
    ...camelCased(row, 'tender_id', 'title', 'status', 'procedure_type', 'category'),
    number: row.number ?? null,
    buyingUnit: { id: row.buying_unit_id, name: row.buying_unit_name },
    value: { amount: Number(row.estimated_amount), currency: row.currency },
    awardedValue: { amount: Number(row.awarded_amount), currency: row.currency },
    // An imported record with no date in its source has none (never the import's time).
    publishedAt: row.published_at?.toISOString() ?? (null as unknown as string),
    submissionDeadline: row.submission_deadline?.toISOString() ?? null,
    proposals: row.proposals_count,
    bidders: row.bidders_count,
    classifierCodes: [...new Set(row.item_codes ?? [])].sort(),
    redFlags: row.red_flags,
    origin: row.origin,
  };
}

/**
 * The rows a search's total counts (the bench runs exactly this): every public procedure its filters find, no
 * order; `listTotal` counts it up to a bound.
 */
export function totalStatement(filter: TenderFilter): { sql: string; params: unknown[] } {
  const { where, params } = tenderFilter(filter);
  return { sql: `SELECT 1 FROM transparency_tenders t WHERE ${where.join(' AND ')}`, params };
}

/** The filters of a search, without its sort, cursor and page size: what a list, its total and an export share. */
export type TenderFilter = Omit<TenderSearch, 'sort' | 'cursor' | 'limit'>;

/**
 * The WHERE conditions (joined with AND; `t` is transparency_tenders) and their parameters for a search's filters.
 * The one place a filter is turned into SQL: the list, its total and the exports all read through it, so they
 * never disagree. Bad ranges are 400s.
 */
export function tenderFilter(search: TenderFilter): { where: string[]; params: unknown[] } {
  checkRanges(search);
  const params: unknown[] = [];
  const param = (value: unknown) => `$${params.push(value)}`;
  const where = ['t.is_public'];
  if (search.status) where.push(`t.status = ${param(search.status)}`);
  if (search.procedureType) where.push(`t.procedure_type = ${param(search.procedureType)}`);
  if (search.number?.trim())
    where.push(`t.number LIKE ${param(`${likeEscaped(search.number.trim().toUpperCase())}%`)}`);
  if (search.buyingUnitId) where.push(`t.buying_unit_id = ${param(search.buyingUnitId)}`);
  const unitWords = searchWords(search.buyingUnit ?? '');
  if (unitWords.length > 0) {
    const words = unitWords.map((word) => `bu.search_text LIKE ${param(`%${word}%`)}`).join(' AND ');
    // Units of the register, and units known only from imported history (historical-record.ts).
    const historical = unitWords.map((word) => `hu.search_text LIKE ${param(`%${word}%`)}`).join(' AND ');
    where.push(
      `t.buying_unit_id IN (SELECT bu.buying_unit_id FROM buying_units bu WHERE ${words} UNION ALL SELECT hu.party_id FROM transparency_historical_units hu WHERE ${historical})`,
    );
  }
  const place = placeCondition('t.buying_unit_id', search, param);
  if (place) where.push(place);
  if (search.supplierId) where.push(`t.supplier_ids @> ARRAY[${param(search.supplierId)}::text]`);
  const supplierWords = searchWords(search.supplier ?? '');
  if (supplierWords.length > 0 && search.supplierIds) {
    where.push(`t.supplier_ids && ${param(search.supplierIds)}::text[]`);
  } else if (supplierWords.length > 0) {
    // Correct, but the planner cannot see how few the subquery's suppliers are: the reads resolve them first.
    where.push(`t.supplier_ids && ARRAY(${supplierStatement(supplierWords, param)})`);
  }
  if (search.classifierCode)
    where.push(`t.classifier_codes @> ARRAY[${param(search.classifierCode.trim().toUpperCase())}::text]`);
  if (search.minValue !== undefined) where.push(`t.estimated_amount >= ${param(search.minValue)}`);
  if (search.maxValue !== undefined) where.push(`t.estimated_amount <= ${param(search.maxValue)}`);
  if (search.minAwardedValue !== undefined) where.push(`t.awarded_amount >= ${param(search.minAwardedValue)}`);
  if (search.maxAwardedValue !== undefined) where.push(`t.awarded_amount <= ${param(search.maxAwardedValue)}`);
  if (search.currency) where.push(`t.currency = ${param(search.currency)}`);
  if (search.publishedFrom) where.push(`t.published_at >= ${param(search.publishedFrom)}::timestamptz`);
  if (search.publishedTo) where.push(`t.published_at <= ${param(search.publishedTo)}::timestamptz`);
  // As the deadline index (and sort) reads it; a procedure with no deadline is past every bound, so left out.
  const deadline = `coalesce(t.submission_deadline, 'infinity'::timestamptz)`;
  if (search.deadlineFrom)
    where.push(`${deadline} >= ${param(search.deadlineFrom)}::timestamptz`, 't.submission_deadline IS NOT NULL');
  if (search.deadlineTo) where.push(`${deadline} <= ${param(search.deadlineTo)}::timestamptz`);
  if (search.redFlag) where.push(`t.red_flags @> ARRAY[${param(search.redFlag)}::text]`);
  if (search.origin) where.push(`t.origin = ${param(search.origin)}`);
  if (search.feature) where.push(`t.features @> ARRAY[${param(search.feature)}::text]`);
  where.push(...textConditions(search.q, param));
  return { where, params };
}

const supplierStatement = (words: string[], param: (value: unknown) => string) =>
  `SELECT s.supplier_id FROM transparency_suppliers s WHERE ${words.map((word) => `s.search_text LIKE ${param(`%${word}%`)}`).join(' AND ')}`;

/**
 * The filter with its supplier words (if any) turned into the suppliers' ids, by one small query over the
 * suppliers' trigram index. `tenderFilter` then names the ids as values (`t.supplier_ids && $n::text[]`), whose
 * selectivity the planner estimates from the array's statistics: it reads the supplier index and sorts the few
 * rows, instead of walking the publication order discarding tens of thousands (at 200,000 procedures, 200 ms
 * against 10). Without this step the filter still finds the same rows, through a subquery.
 */
export async function withSupplierIds<T extends TenderFilter>(
  db: { query(sql: string, params?: unknown[]): Promise<Array<{ supplier_id: string }>> },
  filter: T,
): Promise<T> {
  const words = searchWords(filter.supplier ?? '');
  if (words.length === 0 || filter.supplierIds) return filter;
  const params: unknown[] = [];
  const rows = await db.query(
    supplierStatement(words, (value) => `$${params.push(value)}`),
    params,
  );
  return { ...filter, supplierIds: rows.map((row) => row.supplier_id) };
}

/** LIKE's wildcards in typed text read as themselves. */
const likeEscaped = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Each range's start not after its end, and a municipality only within a state (400s). */
function checkRanges(search: TenderFilter): void {
  const ranges: Array<[keyof TenderFilter, keyof TenderFilter, (value: never) => number]> = [
    ['minValue', 'maxValue', Number],
    ['minAwardedValue', 'maxAwardedValue', Number],
    ['publishedFrom', 'publishedTo', Date.parse],
    ['deadlineFrom', 'deadlineTo', Date.parse],
  ];
  for (const [from, to, read] of ranges) {
    const [start, end] = [search[from], search[to]];
    if (start !== undefined && end !== undefined && read(start as never) > read(end as never)) {
      throw badRequest('transparency.invalid_range', `${from} is after ${to}`, { [from]: start, [to]: end });
    }
  }
}

/**
 * The conditions a free-text query adds (words of the title or description, or the procedure number): every word,
 * and for a phrase of the classifier's synonyms file any phrase of its row ("laptop" finds "computadoras portátiles").
 */
function textConditions(q: string | undefined, param: (value: unknown) => string): string[] {
  // One LIKE per word, not LIKE ALL (array): the trigram index serves a plain LIKE only (and ORs of them).
  const like = (word: string) => `t.search_text LIKE ${param(`%${word}%`)}`;
  return likeSearchTerms(q ?? '', shippedSynonyms()).map((alternatives) =>
    alternatives.length === 1
      ? alternatives[0].map(like).join(' AND ')
      : `(${alternatives.map((words) => `(${words.map(like).join(' AND ')})`).join(' OR ')})`,
  );
}

/** The law of a procedure from its unit in the register, else the level an imported record states. */
function lawOf(
  record: Pick<TenderRecord, 'federalFunds' | 'origin' | 'category'>,
  level: GovernmentLevel | null,
  stateCode: string | null,
): ApplicableLaw | null {
  const government = record.origin?.government;
  const known = level ?? government?.level ?? null;
  if (!known) return null;
  const federalFunds = record.federalFunds === true || government?.federalFunds === true;
  return applicableLaw({ level: known, stateCode, federalFunds, category: record.category ?? 'goods' });
}
