import { Injectable } from '@nestjs/common';
import { Query, QueryBus, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { ANONYMOUS, type Principal } from '@licita/identity';
import { DomainError, notFound, type Money } from '@licita/shared';
import { TenderById } from '@licita/tendering';
import { DataSource } from 'typeorm';
import type { IndicativePrice, ResearchItem } from '../domain/market-research.events';
import { priceStatistics, type PriceStatistic } from '../domain/price-statistics';

/** Said wherever an answer or its statistics are shown: a research asks for prices, nobody offers anything. */
export const NOT_AN_OFFER =
  'Indicative prices of a market research: not an offer, binding on no one, and no part of any procedure.';

export type ResearchStatus = 'open' | 'closed';

export type ResearchSummary = {
  researchId: string;
  buyingUnitId: string;
  title: string;
  deadline: string;
  /** `open` until the deadline (answers taken), `closed` after. */
  status: ResearchStatus;
  itemCount: number;
  requestedAt: string;
  tenderId: string | null;
  /** For the buyer and the auditor: how many suppliers it went to, and how many answered. */
  supplierCount?: number;
  answerCount?: number;
  /** For a supplier: when it last answered (null: not yet). */
  answeredAt?: string | null;
};

export type ResearchAnswer = {
  supplierId: string;
  /** The supplier's name in the register (for the buyer and the auditor). */
  legalName?: string | null;
  prices: IndicativePrice[];
  notes: string | null;
  validUntil: string | null;
  firstAnsweredAt: string;
  answeredAt: string;
  revision: number;
  /** Always false: an answer is an indicative price, not an offer. */
  offer: false;
};

export type ItemStatistics = ResearchItem & { statistics: PriceStatistic[] };

export type ResearchDetail = Omit<ResearchSummary, 'answeredAt'> & {
  items: ResearchItem[];
  invited?: boolean;
  attachedAt: string | null;
  notice: string;
  /** Buyer and auditor: every supplier it went to, answered or not. */
  suppliers?: Array<{ supplierId: string; legalName: string | null; answered: boolean }>;
  /** Buyer and auditor: every answer; a supplier: its own only. */
  answers: ResearchAnswer[];
  /** Buyer and auditor: per item and currency (never a supplier's own view). */
  statistics?: ItemStatistics[];
};

/** What the public reads once the research is attached to a published procedure: statistics, no supplier. */
export type PublicResearch = {
  researchId: string;
  tenderId: string;
  title: string;
  deadline: string;
  attachedAt: string;
  answerCount: number;
  indicative: true;
  offer: false;
  notice: string;
  items: ItemStatistics[];
};

/** The desk's list: a buyer its unit's research, a supplier what was addressed to it, the auditor all. */
export class ListMarketResearch extends Query<ResearchSummary[]> {
  constructor(
    readonly principal: Principal,
    readonly now: Date,
  ) {
    super();
  }
}

export class MarketResearchById extends Query<ResearchDetail> {
  constructor(
    readonly researchId: string,
    readonly principal: Principal,
    readonly now: Date,
  ) {
    super();
  }
}

export class PublicMarketResearchOfTender extends Query<PublicResearch> {
  constructor(
    readonly tenderId: string,
    readonly now: Date,
  ) {
    super();
  }
}

type ResearchRow = {
  research_id: string;
  buying_unit_id: string;
  title: string;
  items: ResearchItem[];
  deadline: Date;
  invited: boolean;
  supplier_ids: string[];
  requested_at: Date;
  tender_id: string | null;
  attached_at: Date | null;
};

type AnswerRow = {
  supplier_id: string;
  legal_name: string | null;
  prices: IndicativePrice[];
  notes: string | null;
  valid_until: string | null;
  first_answered_at: Date;
  answered_at: Date;
  revision: number;
};

type Viewer = { kind: 'staff' } | { kind: 'unit'; buyingUnitId: string } | { kind: 'supplier'; supplierId: string };

const LIST_LIMIT = 200;

/** Who reads research, and as what: 401 for the public, 403 for registrars and followers. */
function viewerOf(principal: Principal): Viewer {
  if (principal.kind === 'anonymous') throw new DomainError('auth.unauthenticated', 'log in', 'unauthorized');
  if (principal.kind === 'account') {
    if (principal.role === 'auditor') return { kind: 'staff' };
    if (principal.role === 'buyer' && principal.buyingUnitId)
      return { kind: 'unit', buyingUnitId: principal.buyingUnitId };
    if (principal.role === 'supplier' && principal.supplierId)
      return { kind: 'supplier', supplierId: principal.supplierId };
  }
  throw new DomainError('auth.forbidden', 'only buyers, suppliers and auditors read market research', 'forbidden');
}

@Injectable()
@QueryHandler(ListMarketResearch)
export class ListMarketResearchHandler implements IQueryHandler<ListMarketResearch> {
  constructor(private readonly db: DataSource) {}

  async execute({ principal, now }: ListMarketResearch): Promise<ResearchSummary[]> {
    const viewer = viewerOf(principal);
    const rows: Array<ResearchRow & { answer_count: number; my_answer_at: Date | null }> = await this.db.query(
      `SELECT r.*,
              (SELECT count(*)::int FROM market_research_answers a WHERE a.research_id = r.research_id) AS answer_count,
              (SELECT a.answered_at FROM market_research_answers a
                WHERE a.research_id = r.research_id AND a.supplier_id = $2) AS my_answer_at
         FROM market_research r
        WHERE ($1::text IS NULL OR r.buying_unit_id = $1)
          AND ($2::text IS NULL OR r.supplier_ids @> ARRAY[$2::text])
        ORDER BY r.requested_at DESC, r.research_id
        LIMIT ${LIST_LIMIT}`,
      [viewer.kind === 'unit' ? viewer.buyingUnitId : null, viewer.kind === 'supplier' ? viewer.supplierId : null],
    );
    return rows.map((row) => {
      const summary = summaryOf(row, now);
      if (viewer.kind === 'supplier') return { ...summary, answeredAt: row.my_answer_at?.toISOString() ?? null };
      return { ...summary, supplierCount: row.supplier_ids.length, answerCount: row.answer_count };
    });
  }
}

@Injectable()
@QueryHandler(MarketResearchById)
export class MarketResearchByIdHandler implements IQueryHandler<MarketResearchById> {
  constructor(private readonly db: DataSource) {}

  async execute({ researchId, principal, now }: MarketResearchById): Promise<ResearchDetail> {
    const viewer = viewerOf(principal);
    const [row]: ResearchRow[] = await this.db.query('SELECT * FROM market_research WHERE research_id = $1', [
      researchId,
    ]);
    const visible =
      row &&
      (viewer.kind === 'staff' ||
        (viewer.kind === 'unit' && row.buying_unit_id === viewer.buyingUnitId) ||
        (viewer.kind === 'supplier' && row.supplier_ids.includes(viewer.supplierId)));
    // Someone it does not concern learns nothing, not even that it exists.
    if (!visible) throw notFound('market_research.not_found', `no market research ${researchId}`);
    const base = {
      ...summaryOf(row, now),
      items: row.items,
      attachedAt: row.attached_at?.toISOString() ?? null,
      notice: NOT_AN_OFFER,
    };
    if (viewer.kind === 'supplier') {
      const own = await answersOf(this.db, researchId, viewer.supplierId);
      return { ...base, answers: own.map((answer) => answerView(answer, false)) };
    }
    const answers = await answersOf(this.db, researchId);
    const names = await legalNames(this.db, row.supplier_ids);
    const answered = new Set(answers.map((answer) => answer.supplier_id));
    return {
      ...base,
      invited: row.invited,
      supplierCount: row.supplier_ids.length,
      answerCount: answers.length,
      suppliers: row.supplier_ids.map((supplierId) => ({
        supplierId,
        legalName: names.get(supplierId) ?? null,
        answered: answered.has(supplierId),
      })),
      answers: answers.map((answer) => answerView(answer, true)),
      statistics: statisticsOf(row.items, answers),
    };
  }
}

/**
 * The public block of a tender page: only once the research is attached and the tender is public (a draft is
 * its unit's alone: TenderById answers 404 to the public), and only the statistics.
 */
@Injectable()
@QueryHandler(PublicMarketResearchOfTender)
export class PublicMarketResearchOfTenderHandler implements IQueryHandler<PublicMarketResearchOfTender> {
  constructor(
    private readonly db: DataSource,
    private readonly queries: QueryBus,
  ) {}

  async execute({ tenderId, now }: PublicMarketResearchOfTender): Promise<PublicResearch> {
    await this.queries.execute(new TenderById(tenderId, ANONYMOUS, now));
    const [row]: ResearchRow[] = await this.db.query(
      'SELECT * FROM market_research WHERE tender_id = $1 ORDER BY attached_at, research_id LIMIT 1',
      [tenderId],
    );
    if (!row || !row.attached_at)
      throw notFound('market_research.not_found', `no market research attached to tender ${tenderId}`);
    const answers = await answersOf(this.db, row.research_id);
    return {
      researchId: row.research_id,
      tenderId,
      title: row.title,
      deadline: row.deadline.toISOString(),
      attachedAt: row.attached_at.toISOString(),
      answerCount: answers.length,
      indicative: true,
      offer: false,
      notice: NOT_AN_OFFER,
      items: statisticsOf(row.items, answers),
    };
  }
}

export const MARKET_RESEARCH_QUERY_HANDLERS = [
  ListMarketResearchHandler,
  MarketResearchByIdHandler,
  PublicMarketResearchOfTenderHandler,
];

function summaryOf(row: ResearchRow, now: Date): ResearchSummary {
  return {
    researchId: row.research_id,
    buyingUnitId: row.buying_unit_id,
    title: row.title,
    deadline: row.deadline.toISOString(),
    status: now.getTime() < row.deadline.getTime() ? 'open' : 'closed',
    itemCount: row.items.length,
    requestedAt: row.requested_at.toISOString(),
    tenderId: row.tender_id,
  };
}

function answersOf(db: DataSource, researchId: string, supplierId?: string): Promise<AnswerRow[]> {
  return db.query(
    `SELECT a.*, d.legal_name FROM market_research_answers a
       LEFT JOIN supplier_directory d USING (supplier_id)
      WHERE a.research_id = $1 AND ($2::text IS NULL OR a.supplier_id = $2)
      ORDER BY a.first_answered_at, a.supplier_id`,
    [researchId, supplierId ?? null],
  );
}

async function legalNames(db: DataSource, supplierIds: string[]): Promise<Map<string, string>> {
  const rows: Array<{ supplier_id: string; legal_name: string }> = await db.query(
    'SELECT supplier_id, legal_name FROM supplier_directory WHERE supplier_id = ANY ($1::text[])',
    [supplierIds],
  );
  return new Map(rows.map((row) => [row.supplier_id, row.legal_name]));
}

function answerView(row: AnswerRow, withName: boolean): ResearchAnswer {
  return {
    supplierId: row.supplier_id,
    ...(withName ? { legalName: row.legal_name } : {}),
    prices: row.prices,
    notes: row.notes,
    validUntil: row.valid_until,
    firstAnsweredAt: row.first_answered_at.toISOString(),
    answeredAt: row.answered_at.toISOString(),
    revision: row.revision,
    offer: false,
  };
}

function statisticsOf(items: ResearchItem[], answers: AnswerRow[]): ItemStatistics[] {
  return items.map((item) => {
    const prices: Money[] = answers.flatMap((answer) =>
      answer.prices.filter((price) => price.itemId === item.itemId).map((price) => price.unitPrice),
    );
    return { ...item, statistics: priceStatistics(prices) };
  });
}
