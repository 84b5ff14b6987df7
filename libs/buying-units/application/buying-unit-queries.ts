import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  LICITA_CONFIG,
  listTotal,
  totalBound,
  type Bilingual,
  type ExportColumn,
  type ExportSource,
  type ListTotal,
} from '@licita/platform';
import { notFound, searchWords } from '@licita/shared';
import { DataSource } from 'typeorm';
import type { GovernmentLevel } from '../domain/buying-unit.commands';
import { INEGI_STATES } from '../domain/location';

export type BuyingUnitView = {
  buyingUnitId: string;
  code: string;
  name: string;
  level: GovernmentLevel;
  parentInstitution: string;
  /** INEGI keys of its state and municipality; `null` until a registrar says where it is. */
  location: { stateCode: string; municipalityCode: string | null } | null;
  /** Its organisation in the government tree; `null` for a unit not yet placed in it. */
  organisationId: string | null;
  registeredAt: string;
};

export type BuyingUnitPage = { items: BuyingUnitView[]; nextCursor: string | null; total: ListTotal };

export type BuyingUnitSearch = {
  q?: string;
  level?: GovernmentLevel;
  stateCode?: string;
  organisationId?: string;
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

  async search({ q, level, stateCode, organisationId, cursor, limit = 20 }: BuyingUnitSearch): Promise<BuyingUnitPage> {
    const after = cursor ? Buffer.from(cursor, 'base64url').toString('utf8') : null;
    const { where: filters, params } = buyingUnitFilter({ q, level, stateCode, organisationId });
    const rows: Row[] = await this.db.query(
      `SELECT * FROM buying_units WHERE ${filters} AND ($5::text IS NULL OR code > $5) ORDER BY code LIMIT $6`,
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

  /** The rows of a search as a file (no paging): the same filter as the list, the same order (by code). */
  exportSource(filter: BuyingUnitFilter, language: 'es' | 'en'): ExportSource<Row> {
    const { where, params } = buyingUnitFilter(filter);
    return {
      name: ['unidades-compradoras', 'buying-units'],
      columns: buyingUnitColumns(language),
      select: '*',
      from: `FROM buying_units WHERE ${where}`,
      orderBy: 'code',
      params,
    };
  }

  async get(buyingUnitId: string): Promise<BuyingUnitView> {
    const [row]: Row[] = await this.db.query('SELECT * FROM buying_units WHERE buying_unit_id = $1', [buyingUnitId]);
    if (!row) throw notFound('buying_unit.not_found', `no buying unit ${buyingUnitId}`);
    return toView(row);
  }
}

/** A search's filters without its paging: what a page and an export share. */
export type BuyingUnitFilter = Omit<BuyingUnitSearch, 'cursor' | 'limit'>;

/** The conditions on `buying_units` (`$1`…`$4`): the one place the list's filters become SQL. */
export function buyingUnitFilter({ q, level, stateCode, organisationId }: BuyingUnitFilter): {
  where: string;
  params: unknown[];
} {
  return {
    where: `($1::text IS NULL OR level = $1)
         AND ($2::text IS NULL OR state_code = $2)
         AND search_text LIKE ALL ($3::text[])
         AND ($4::text IS NULL OR organisation_id = $4)`,
    params: [level ?? null, stateCode ?? null, searchWords(q ?? '').map((word) => `%${word}%`), organisationId ?? null],
  };
}

const LEVELS: Record<GovernmentLevel, Bilingual> = {
  federal: ['Federal', 'Federal'],
  state: ['Estatal', 'State'],
  municipal: ['Municipal', 'Municipal'],
};
const STATE_NAMES = new Map(INEGI_STATES.map((state) => [state.code, state.name]));

function buyingUnitColumns(language: 'es' | 'en'): Array<ExportColumn<Row>> {
  const en = language === 'en' ? 1 : 0;
  return [
    { header: ['Clave', 'Code'], type: 'text', value: (row) => row.code, width: 14 },
    { header: ['Nombre', 'Name'], type: 'text', value: (row) => row.name, width: 50 },
    {
      header: ['Orden de gobierno', 'Government level'],
      type: 'text',
      value: (row) => LEVELS[row.level]?.[en] ?? row.level,
    },
    { header: ['Institución', 'Institution'], type: 'text', value: (row) => row.parent_institution, width: 40 },
    { header: ['Clave INEGI de la entidad', 'State INEGI key'], type: 'text', value: (row) => row.state_code },
    {
      header: ['Entidad federativa', 'State'],
      type: 'text',
      value: (row) => (row.state_code ? (STATE_NAMES.get(row.state_code) ?? row.state_code) : null),
      width: 24,
    },
    {
      header: ['Clave INEGI del municipio', 'Municipality INEGI key'],
      type: 'text',
      value: (row) => row.municipality_code,
    },
    {
      header: ['Registrada (hora de la Ciudad de México)', 'Registered (Mexico City time)'],
      type: 'instant',
      value: (row) => row.registered_at,
      width: 20,
    },
    { header: ['Clave de la unidad', 'Buying unit id'], type: 'text', value: (row) => row.buying_unit_id, width: 38 },
  ];
}

type Row = {
  buying_unit_id: string;
  code: string;
  name: string;
  level: GovernmentLevel;
  parent_institution: string;
  state_code: string | null;
  municipality_code: string | null;
  organisation_id: string | null;
  registered_at: Date;
};

const toView = (row: Row): BuyingUnitView => ({
  buyingUnitId: row.buying_unit_id,
  code: row.code,
  name: row.name,
  level: row.level,
  parentInstitution: row.parent_institution,
  location: row.state_code ? { stateCode: row.state_code, municipalityCode: row.municipality_code } : null,
  organisationId: row.organisation_id ?? null,
  registeredAt: row.registered_at.toISOString(),
});
