import { Inject, Injectable, Optional } from '@nestjs/common';
import { LICITA_CONFIG, listTotal, totalBound, type ListTotal } from '@licita/platform';
import { notFound, searchWords } from '@licita/shared';
import { DataSource } from 'typeorm';
import type { GovernmentLevel } from '../domain/buying-unit.commands';

export type BuyingUnitView = {
  buyingUnitId: string;
  code: string;
  name: string;
  level: GovernmentLevel;
  parentInstitution: string;
  /** INEGI keys of its state and municipality; `null` until a registrar says where it is. */
  location: { stateCode: string; municipalityCode: string | null } | null;
  registeredAt: string;
};

export type BuyingUnitPage = { items: BuyingUnitView[]; nextCursor: string | null; total: ListTotal };

export type BuyingUnitSearch = {
  q?: string;
  level?: GovernmentLevel;
  stateCode?: string;
  cursor?: string;
  limit?: number;
};

export const MAX_PAGE_SIZE = 100;

/** The public list of buying units, from the `buying-units` projection; ordered by code. */
@Injectable()
export class BuyingUnitQueries {
  constructor(
    private readonly db: DataSource,
    @Optional() @Inject(LICITA_CONFIG) private readonly config?: { listTotalBound?: number },
  ) {}

  async search({ q, level, stateCode, cursor, limit = 20 }: BuyingUnitSearch): Promise<BuyingUnitPage> {
    const after = cursor ? Buffer.from(cursor, 'base64url').toString('utf8') : null;
    const filters = `($1::text IS NULL OR level = $1)
         AND ($2::text IS NULL OR state_code = $2)
         AND search_text LIKE ALL ($3::text[])`;
    const params = [level ?? null, stateCode ?? null, searchWords(q ?? '').map((word) => `%${word}%`)];
    const rows: Row[] = await this.db.query(
      `SELECT * FROM buying_units WHERE ${filters} AND ($4::text IS NULL OR code > $4) ORDER BY code LIMIT $5`,
      [...params, after, limit + 1],
    );
    const items = rows.slice(0, limit).map(toView);
    const more = rows.length > limit;
    return {
      items,
      nextCursor: more ? Buffer.from(items[items.length - 1].code, 'utf8').toString('base64url') : null,
      total: await listTotal(this.db, `SELECT 1 FROM buying_units WHERE ${filters}`, params, totalBound(this.config)),
    };
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
  state_code: string | null;
  municipality_code: string | null;
  registered_at: Date;
};

const toView = (row: Row): BuyingUnitView => ({
  buyingUnitId: row.buying_unit_id,
  code: row.code,
  name: row.name,
  level: row.level,
  parentInstitution: row.parent_institution,
  location: row.state_code ? { stateCode: row.state_code, municipalityCode: row.municipality_code } : null,
  registeredAt: row.registered_at.toISOString(),
});
