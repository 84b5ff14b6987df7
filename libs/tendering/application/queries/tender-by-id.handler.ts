import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Principal } from '@licita/identity';
import { DataSource } from 'typeorm';
import type { TenderView } from '../../projections/tender-view';
import { visibleView } from './visible-view';

/** The tender's view, `$1` its id (the bench EXPLAINs exactly this). */
export const TENDER_VIEW_STATEMENT = 'SELECT view FROM tender_views WHERE tender_id = $1';

/** A tender as the parties and the public read it now (a draft: only the buyers of its unit). */
export class TenderById extends Query<TenderView> {
  constructor(
    readonly tenderId: string,
    readonly principal: Principal,
    readonly now: Date,
  ) {
    super();
  }
}

/** From the read model (`tender_views`, eventually consistent, nothing sealed in it). */
@QueryHandler(TenderById)
export class TenderByIdHandler implements IQueryHandler<TenderById> {
  constructor(private readonly db: DataSource) {}

  async execute({ tenderId, principal, now }: TenderById): Promise<TenderView> {
    const [row]: Array<{ view: TenderView }> = await this.db.query(TENDER_VIEW_STATEMENT, [tenderId]);
    return visibleView(tenderId, row?.view ?? null, principal, now);
  }
}
