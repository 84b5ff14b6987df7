import { Injectable } from '@nestjs/common';
import { notFound, searchWords } from '@licita/shared';
import { DataSource } from 'typeorm';
import type { GovernmentLevel } from '../domain/buying-unit.commands';

export type BuyingUnitView = {
  buyingUnitId: string;
  code: string;
  name: string;
  level: GovernmentLevel;
  parentInstitution: string;
  registeredAt: string;
};

export type BuyingUnitPage = { items: BuyingUnitView[]; nextCursor: string | null };

export type BuyingUnitSearch = { q?: string; level?: GovernmentLevel; cursor?: string; limit?: number };

export const MAX_PAGE_SIZE = 100;

/** The public list of buying units, from the `buying-units` projection; ordered by code. */
@Injectable()
export class BuyingUnitQueries {
  constructor(private readonly db: DataSource) {}

  async search({ q, level, cursor, limit = 20 }: BuyingUnitSearch): Promise<BuyingUnitPage> {
    const after = cursor ? Buffer.from(cursor, 'base64url').toString('utf8') : null;
    const rows: Row[] = await this.db.query(
      `SELECT * FROM buying_units
       WHERE ($1::text IS NULL OR level = $1)
         AND ($2::text IS NULL OR code > $2)
         AND search_text LIKE ALL ($3::text[])
       ORDER BY code LIMIT $4`,
      [level ?? null, after, searchWords(q ?? '').map((word) => `%${word}%`), limit + 1],
    );
    const items = rows.slice(0, limit).map(toView);
    const more = rows.length > limit;
    return { items, nextCursor: more ? Buffer.from(items[items.length - 1].code, 'utf8').toString('base64url') : null };
  }

  async get(buyingUnitId: string): Promise<BuyingUnitView> {
    const [row]: Row[] = await this.db.query('SELECT * FROM buying_units WHERE buying_unit_id = $1', [buyingUnitId]);
    if (!row) throw notFound('buying_unit.not_found', `no buying unit ${buyingUnitId}`);
    return toView(row);
  }
}

type Row = {
  buying_unit_id: string;
  code: string;
  name: string;
  level: GovernmentLevel;
  parent_institution: string;
  registered_at: Date;
};

const toView = (row: Row): BuyingUnitView => ({
  buyingUnitId: row.buying_unit_id,
  code: row.code,
  name: row.name,
  level: row.level,
  parentInstitution: row.parent_institution,
  registeredAt: row.registered_at.toISOString(),
});
