import { Injectable } from '@nestjs/common';
import { notFound } from '@licita/shared';
import { DataSource } from 'typeorm';
import type { GovernmentLevel } from '../domain/buying-unit.commands';
import { applicableLaw, type ApplicableLaw, type ProcurementCategory } from '../domain/applicable-law';
import { INEGI_STATES } from '../domain/location';

export type OrganisationView = {
  organisationId: string;
  level: GovernmentLevel;
  name: string;
  /** INEGI keys: the state's (`14`), and for a municipality its 5-digit key (`14039`) and the 3 digits within it. */
  stateCode: string | null;
  stateName: string | null;
  municipalityCode: string | null;
  inegiKey: string | null;
  parentId: string | null;
  reason: string;
  registeredAt: string;
};

export type OrganisationDetail = OrganisationView & {
  children: OrganisationView[];
  buyingUnits: Array<{ buyingUnitId: string; code: string; name: string }>;
};

export type OrganisationFilter = { level?: GovernmentLevel; stateCode?: string; parentId?: string };

const STATE_NAMES = new Map(INEGI_STATES.map((state) => [state.code, state.name]));

/** The government tree from the `buying-units` projection (table `organisations`): public, eventually consistent. */
@Injectable()
export class OrganisationQueries {
  constructor(private readonly db: DataSource) {}

  /** Ordered as the tree reads: federal first, then each state followed by its municipalities. At most 2,000. */
  async list({ level, stateCode, parentId }: OrganisationFilter): Promise<OrganisationView[]> {
    const rows: Row[] = await this.db.query(
      `SELECT * FROM organisations
       WHERE ($1::text IS NULL OR level = $1) AND ($2::text IS NULL OR state_code = $2) AND ($3::text IS NULL OR parent_id = $3)
       ORDER BY state_code NULLS FIRST, municipality_code NULLS FIRST, name, organisation_id LIMIT 2000`,
      [level ?? null, stateCode ?? null, parentId ?? null],
    );
    return rows.map(toView);
  }

  async get(organisationId: string): Promise<OrganisationDetail> {
    const [row]: Row[] = await this.db.query('SELECT * FROM organisations WHERE organisation_id = $1', [
      organisationId,
    ]);
    if (!row) throw notFound('organisation.not_found', `no organisation ${organisationId}`);
    const [children, units] = await Promise.all([
      this.list({ parentId: organisationId }),
      this.db.query<Array<{ buying_unit_id: string; code: string; name: string }>>(
        'SELECT buying_unit_id, code, name FROM buying_units WHERE organisation_id = $1 ORDER BY code LIMIT 2000',
        [organisationId],
      ),
    ]);
    return {
      ...toView(row),
      children,
      buyingUnits: units.map((unit) => ({ buyingUnitId: unit.buying_unit_id, code: unit.code, name: unit.name })),
    };
  }

  /** Which law governs a procedure of this organisation, for its category and the origin of its funds. */
  async law(
    organisationId: string,
    { federalFunds, category }: { federalFunds: boolean; category: ProcurementCategory },
  ): Promise<ApplicableLaw & { organisation: OrganisationView; federalFunds: boolean; category: ProcurementCategory }> {
    const [row]: Row[] = await this.db.query('SELECT * FROM organisations WHERE organisation_id = $1', [
      organisationId,
    ]);
    if (!row) throw notFound('organisation.not_found', `no organisation ${organisationId}`);
    const law = applicableLaw({ level: row.level, stateCode: row.state_code, federalFunds, category });
    return { ...law, organisation: toView(row), federalFunds, category };
  }
}

type Row = {
  organisation_id: string;
  level: GovernmentLevel;
  name: string;
  state_code: string | null;
  municipality_code: string | null;
  parent_id: string | null;
  reason: string;
  registered_at: Date;
};

const toView = (row: Row): OrganisationView => ({
  organisationId: row.organisation_id,
  level: row.level,
  name: row.name,
  stateCode: row.state_code,
  stateName: row.state_code ? (STATE_NAMES.get(row.state_code) ?? null) : null,
  municipalityCode: row.municipality_code,
  inegiKey: row.state_code ? `${row.state_code}${row.municipality_code ?? ''}` : null,
  parentId: row.parent_id,
  reason: row.reason,
  registeredAt: row.registered_at.toISOString(),
});
