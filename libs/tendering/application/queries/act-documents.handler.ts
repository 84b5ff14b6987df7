import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import type { ActDocument } from '../../projections/tender-view';

/**
 * The acts issued as documents of a published procedure (the view's `actDocuments`), for the public records of
 * other contexts (transparency); empty for a draft, an unknown tender or before the first act.
 */
export class ActDocumentsOfTender extends Query<ActDocument[]> {
  constructor(readonly tenderId: string) {
    super();
  }
}

/** From the read model (`tender_views`, eventually consistent). */
@QueryHandler(ActDocumentsOfTender)
export class ActDocumentsOfTenderHandler implements IQueryHandler<ActDocumentsOfTender> {
  constructor(private readonly db: DataSource) {}

  async execute({ tenderId }: ActDocumentsOfTender): Promise<ActDocument[]> {
    const [row]: Array<{ documents: ActDocument[] | null }> = await this.db.query(
      `SELECT view->'actDocuments' AS documents FROM tender_views WHERE tender_id = $1 AND status <> 'draft'`,
      [tenderId],
    );
    return row?.documents ?? [];
  }
}
