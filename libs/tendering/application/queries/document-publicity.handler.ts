import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { IsDocumentPublic } from '@licita/documents';
import { DataSource } from 'typeorm';

/**
 * The documents context asks whether anyone may read a document: yes once a published procedure names it, in
 * its documents now or in an amendment's changes (an annex replaced stays downloadable as the earlier version),
 * in an answer or in clarification minutes (`tender_views`); or once a contract names it, signed or amended
 * (contracts are published in full: the public record of their procedure, `transparency_tenders`, holds them).
 * From the read models, eventually consistent.
 */
@QueryHandler(IsDocumentPublic)
export class IsDocumentPublicHandler implements IQueryHandler<IsDocumentPublic> {
  constructor(private readonly db: DataSource) {}

  async execute({ documentId }: IsDocumentPublic): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM tender_views WHERE status <> 'draft' AND strpos(view::text, $1) > 0
       UNION ALL
       SELECT 1 FROM transparency_tenders WHERE is_public AND strpos((record -> 'contracts')::text, $1) > 0
       LIMIT 1`,
      [JSON.stringify(documentId)],
    );
    return rows.length > 0;
  }
}
