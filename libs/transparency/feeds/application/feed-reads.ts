import { Inject, Injectable } from '@nestjs/common';
import { notFound } from '@licita/shared';
import { PUBLIC_READS } from '@licita/platform';
import type { ProcedureType, TenderStatus } from '@licita/tendering';
import { DataSource } from 'typeorm';
import { tenderFilter, withSupplierIds, type TenderFilter } from '../../application/public-tenders';
import type { AtomStep, AtomTender } from './atom';
import type { TextLanguage } from './texts';

/** How many procedures a search feed carries: the latest changed. */
export const SEARCH_FEED_SIZE = 50;

/**
 * What the Atom feeds read: the latest changed procedures of a search (through `tenderFilter`, the search's one
 * translation to SQL) and a procedure's public timeline. Both are public read models: nothing sealed is in them.
 */
@Injectable()
export class FeedReads {
  constructor(@Inject(PUBLIC_READS) private readonly db: DataSource) {}

  async latestChanged(filter: TenderFilter): Promise<AtomTender[]> {
    const { where, params } = tenderFilter(await withSupplierIds(this.db, filter));
    const rows: Array<{
      tender_id: string;
      number: string | null;
      title: string;
      status: TenderStatus;
      procedure_type: ProcedureType;
      buying_unit_name: string | null;
      currency: string;
      estimated_amount: string;
      published_at: Date | null;
      changed_at: Date;
    }> = await this.db.query(
      `SELECT t.tender_id, t.record->>'number' AS number, t.title, t.status, t.procedure_type, coalesce(bu.name, t.record->'origin'->'buyer'->>'name') AS buying_unit_name,
              t.currency, t.estimated_amount, t.published_at, t.changed_at
         FROM transparency_tenders t LEFT JOIN buying_units bu ON bu.buying_unit_id = t.buying_unit_id
        WHERE ${where.join(' AND ')}
        ORDER BY t.change_seq DESC
        LIMIT ${SEARCH_FEED_SIZE}`,
      params,
    );
    return rows.map((row) => ({
      tenderId: row.tender_id,
      number: row.number,
      title: row.title,
      status: row.status,
      procedureType: row.procedure_type,
      buyingUnitName: row.buying_unit_name,
      value: { amount: Number(row.estimated_amount), currency: row.currency },
      // An imported record the source dated nowhere: the feed entry's own date.
      publishedAt: (row.published_at ?? row.changed_at).toISOString(),
      dateModified: row.changed_at.toISOString(),
    }));
  }

  /** A public procedure and its timeline, newest step first, in `language` (`tender.not_found` for a draft too). */
  async timeline(
    tenderId: string,
    language: TextLanguage,
  ): Promise<{ tender: { tenderId: string; number: string | null; title: string }; steps: AtomStep[] }> {
    const [tender]: Array<{ number: string | null; title: string }> = await this.db.query(
      `SELECT t.record->>'number' AS number, t.title FROM transparency_tenders t WHERE t.tender_id = $1 AND t.is_public`,
      [tenderId],
    );
    if (!tender) throw notFound('tender.not_found', `no public tender ${tenderId}`);
    const steps: Array<{ position: string; at: Date; key: string; text: string; text_en: string | null }> =
      await this.db.query(
        `SELECT s.position::text AS position, s.at, s.key, s.text, s.text_en FROM transparency_timeline s
          WHERE s.tender_id = $1 ORDER BY s.at DESC, s.position DESC`,
        [tenderId],
      );
    return {
      tender: { tenderId, number: tender.number, title: tender.title },
      steps: steps.map((s) => ({
        position: s.position,
        at: s.at.toISOString(),
        key: s.key,
        text: language === 'en' && s.text_en ? s.text_en : s.text,
      })),
    };
  }
}
