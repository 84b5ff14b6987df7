import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import type { Money } from '@licita/shared';
import type { TenderStatus } from '../../domain/tender.state';
import type { IsoDateTime, ProcedureType, TenderSchedule } from '../../domain/tender.types';
import { viewStatusAt, type LotResult, type TenderView } from '../../projections/tender-view';

/**
 * One tender of a buying unit as its buyers' desk lists it: enough for the list of drafts and procedures and
 * for the unit's calendar (deadlines, opening, award, objection periods, auctions by id).
 */
export type UnitTender = {
  tenderId: string;
  /** The procedure number, when the tender view carries one. */
  number?: string;
  title: string;
  status: TenderStatus;
  procedureType: ProcedureType;
  estimatedTotal: Money;
  createdAt: IsoDateTime;
  publishedAt: IsoDateTime | null;
  updatedAt: IsoDateTime;
  schedule: TenderSchedule | null;
  lots: Array<
    Pick<LotResult, 'lotId' | 'status' | 'auctionId' | 'contractId'> & {
      objectionPeriodEndsAt: IsoDateTime | null;
    }
  >;
};

/** The unit's tenders, newest change first; `drafts` only its drafts (which no one outside the unit reads). */
export class UnitTenders extends Query<UnitTender[]> {
  constructor(
    readonly buyingUnitId: string,
    readonly drafts: boolean,
    readonly now: Date,
  ) {
    super();
  }
}

export const UNIT_TENDERS_LIMIT = 200;

/** From `tender_views` (indexed by unit and status; eventually consistent). */
@QueryHandler(UnitTenders)
export class UnitTendersHandler implements IQueryHandler<UnitTenders> {
  constructor(private readonly db: DataSource) {}

  async execute({ buyingUnitId, drafts, now }: UnitTenders): Promise<UnitTender[]> {
    const rows: Array<{ view: TenderView; updated_at: Date | string }> = await this.db.query(
      `SELECT view, updated_at FROM tender_views
        WHERE buying_unit_id = $1 AND ($2::boolean IS FALSE OR status = 'draft')
        ORDER BY updated_at DESC, tender_id LIMIT ${UNIT_TENDERS_LIMIT}`,
      [buyingUnitId, drafts],
    );
    return rows.map(({ view, updated_at }) => unitTender(view, new Date(updated_at).toISOString(), now));
  }
}

function unitTender(view: TenderView, updatedAt: IsoDateTime, now: Date): UnitTender {
  const numbered = view as TenderView & { number?: string };
  return {
    tenderId: view.tenderId,
    ...(numbered.number ? { number: numbered.number } : {}),
    title: view.title,
    status: viewStatusAt(view, now),
    procedureType: view.procedureType,
    estimatedTotal: view.estimatedTotal,
    createdAt: view.createdAt,
    publishedAt: view.publishedAt,
    updatedAt,
    schedule: view.schedule,
    lots: view.lotResults.map(({ lotId, status, auctionId, contractId, award }) => ({
      lotId,
      status,
      auctionId,
      contractId,
      objectionPeriodEndsAt: award?.objectionPeriodEndsAt ?? null,
    })),
  };
}
