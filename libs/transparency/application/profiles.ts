import { Inject, Injectable, Optional } from '@nestjs/common';
import { BuyingUnitQueries, type BuyingUnitView } from '@licita/buying-units';
import { CLOCK, DomainError, notFound, systemClock, type Clock, type Money } from '@licita/shared';
import { SupplierQueries, type SanctionView } from '@licita/suppliers';
import { PUBLIC_READS } from '@licita/platform';
import { DataSource } from 'typeorm';
import { TIME_ZONE } from '../projections/plain-language';
import { IntegrityIndicators, type UnitIntegrity } from './integrity';

/** How many awards and contracts a profile lists (most recent first); the totals and years count them all. */
export const PROFILE_LIST_LIMIT = 100;

/** A party as the read model names it; `name` is null where it never recorded one. */
type NamedParty = { id: string; name: string | null };

/** What an award line and a contract line both say of where they come from. */
type ProcedureLine = {
  tenderId: string;
  tenderTitle: string;
  lotId: string;
  buyingUnit: NamedParty;
  supplier: NamedParty;
};

export type AwardLine = ProcedureLine & {
  procedureType: string;
  value: Money;
  basis: string;
  /** `active` stands; `revised`, `annulled` and `cancelled` no longer do and count in no amount. */
  status: string;
  awardedAt: string;
};

export type ContractLine = ProcedureLine & {
  contractId: string;
  originalValue: Money;
  value: Money;
  status: string;
  directAward: boolean;
  signedAt: string;
  startDate: string | null;
  endDate: string | null;
};

/** Per calendar year (Mexico City) and currency: standing awards by award date, contracts by signature date. */
export type YearFigures = {
  year: number;
  currency: string;
  awards: number;
  awardedAmount: Money;
  contracts: number;
  contractedAmount: Money;
};

export type SupplierTransparencyProfile = {
  supplierId: string;
  legalName: string;
  rfc: string;
  /** From the supplier register, when the public may see the supplier there (verified or suspended). */
  register: {
    status: string;
    personType: string;
    size: string;
    state: string;
    registeredAt: string;
    verifiedAt: string | null;
    eligible: boolean;
  } | null;
  sanctions: SanctionView[];
  totals: {
    awards: number;
    contracts: number;
    /** One line per currency: amounts in two currencies are never added together. */
    byCurrency: Array<{
      currency: string;
      awards: number;
      awardedAmount: Money;
      contracts: number;
      contractedAmount: Money;
    }>;
  };
  byYear: YearFigures[];
  awards: AwardLine[];
  contracts: ContractLine[];
};

export type BuyingUnitTransparencyProfile = BuyingUnitView & {
  procedures: { total: number; byStatus: Record<string, number>; byProcedureType: Record<string, number> };
  byYear: Array<YearFigures & { procedures: number; estimatedAmount: Money }>;
  topSuppliers: TopSuppliers;
  integrity: UnitIntegrity | null;
  awards: AwardLine[];
  contracts: ContractLine[];
};

/** The unit's largest winners by standing awarded amount, in one currency: a ranking never mixes currencies. */
export type TopSuppliers = {
  /** The currency ranked: the one asked for, MXN by default. */
  currency: string;
  /** Every currency the unit awarded in, with its standing awards: the rankings one can ask for. */
  currencies: Array<{ currency: string; awards: number }>;
  suppliers: Array<{ supplier: NamedParty; currency: string; awards: number; awardedAmount: Money }>;
};

/** How many suppliers a unit's ranking lists. */
export const TOP_SUPPLIERS_LIMIT = 10;

type Who = { column: 'supplier_id' | 'buying_unit_id'; id: string };

/** The columns of an award or contract row (`line`) that say where it comes from, with its procedure's title and its parties' names. */
export const PROCEDURE_LINE_COLUMNS = (line: string) =>
  `${line}.tender_id, t.title, ${line}.lot_id, ${line}.buying_unit_id, coalesce(bu.name, t.record->'origin'->'buyer'->>'name') AS unit_name, ${line}.supplier_id, s.legal_name AS supplier_name, ${line}.currency`;

/** `table` as `line`, joined with its procedure and the names of its buying unit and supplier. */
export const withProcedureAndParties = (table: string, line: string) =>
  `FROM ${table} ${line}
       JOIN transparency_tenders t USING (tender_id)
       LEFT JOIN buying_units bu ON bu.buying_unit_id = ${line}.buying_unit_id
       LEFT JOIN transparency_suppliers s ON s.supplier_id = ${line}.supplier_id`;

type ProcedureLineRow = {
  tender_id: string;
  title: string;
  lot_id: string;
  buying_unit_id: string;
  unit_name: string | null;
  supplier_id: string;
  supplier_name: string | null;
  currency: string;
};

const procedureLine = (row: ProcedureLineRow): ProcedureLine => ({
  tenderId: row.tender_id,
  tenderTitle: row.title,
  lotId: row.lot_id,
  buyingUnit: { id: row.buying_unit_id, name: row.unit_name },
  supplier: { id: row.supplier_id, name: row.supplier_name },
});

/** Profiles of suppliers and buying units: their register entries joined with what they won, signed and bought. */
@Injectable()
export class TransparencyProfiles {
  private readonly clock: Clock;

  constructor(
    @Inject(PUBLIC_READS) private readonly db: DataSource,
    private readonly suppliers: SupplierQueries,
    private readonly buyingUnits: BuyingUnitQueries,
    private readonly integrity: IntegrityIndicators,
    @Optional() @Inject(CLOCK) clock?: Clock,
  ) {
    this.clock = clock ?? systemClock;
  }

  async supplier(supplierId: string): Promise<SupplierTransparencyProfile> {
    const who: Who = { column: 'supplier_id', id: supplierId };
    const [register, [own], awards, contracts, byYear] = await Promise.all([
      this.suppliers.profile(supplierId, { staff: false }, this.clock.now()).catch(notVisible),
      this.db.query<Array<{ legal_name: string; rfc: string }>>(
        'SELECT legal_name, rfc FROM transparency_suppliers WHERE supplier_id = $1',
        [supplierId],
      ),
      this.awards(who),
      this.contracts(who),
      this.years(who),
    ]);
    // A winner is public even when the register no longer shows it (an application under re-verification).
    if (!register && awards.length === 0 && contracts.length === 0)
      throw notFound('supplier.not_found', `no public supplier ${supplierId}`);
    const currencies = [...new Set(byYear.map((year) => year.currency))].sort();
    return {
      supplierId,
      legalName: register?.legalName ?? own?.legal_name ?? supplierId,
      rfc: register?.rfc ?? own?.rfc ?? '',
      register: register && {
        status: register.status,
        personType: register.personType,
        size: register.size,
        state: register.state,
        registeredAt: register.registeredAt,
        verifiedAt: register.verifiedAt,
        eligible: register.eligible,
      },
      sanctions: register?.sanctions ?? [],
      totals: {
        awards: byYear.reduce((sum, year) => sum + year.awards, 0),
        contracts: byYear.reduce((sum, year) => sum + year.contracts, 0),
        byCurrency: currencies.map((currency) => {
          const years = byYear.filter((year) => year.currency === currency);
          return {
            currency,
            awards: years.reduce((sum, year) => sum + year.awards, 0),
            awardedAmount: { amount: years.reduce((sum, year) => sum + year.awardedAmount.amount, 0), currency },
            contracts: years.reduce((sum, year) => sum + year.contracts, 0),
            contractedAmount: { amount: years.reduce((sum, year) => sum + year.contractedAmount.amount, 0), currency },
          };
        }),
      },
      byYear,
      awards,
      contracts,
    };
  }

  private historicalUnit(buyingUnitId: string, error: unknown) {
    return historicalUnitOf(this.db, buyingUnitId, error);
  }

  /** `currency` picks which currency's ranking `topSuppliers` holds (MXN by default). */
  async buyingUnit(buyingUnitId: string, currency = 'MXN'): Promise<BuyingUnitTransparencyProfile> {
    const unit = await this.buyingUnits.get(buyingUnitId).catch((error) => this.historicalUnit(buyingUnitId, error));
    const who: Who = { column: 'buying_unit_id', id: buyingUnitId };
    const [counts, procedureYears, years, top, [integrity], awards, contracts] = await Promise.all([
      this.db.query<Array<{ status: string; procedure_type: string; n: number }>>(
        `SELECT status, procedure_type, count(*)::int AS n FROM transparency_tenders WHERE is_public AND buying_unit_id = $1 GROUP BY status, procedure_type`,
        [buyingUnitId],
      ),
      this.db.query<Array<{ year: number; currency: string; procedures: number; estimated: string }>>(
        `SELECT extract(year FROM published_at AT TIME ZONE '${TIME_ZONE}')::int AS year, currency, count(*)::int AS procedures, sum(estimated_amount) AS estimated
         FROM transparency_tenders WHERE is_public AND buying_unit_id = $1 GROUP BY 1, 2`,
        [buyingUnitId],
      ),
      this.years(who),
      this.topSuppliers(buyingUnitId, currency),
      this.integrity.units(buyingUnitId),
      this.awards(who),
      this.contracts(who),
    ]);
    const tally = (key: 'status' | 'procedure_type') =>
      counts.reduce<Record<string, number>>((acc, row) => ({ ...acc, [row[key]]: (acc[row[key]] ?? 0) + row.n }), {});
    const yearKeys = [...new Set([...procedureYears, ...years].map((row) => `${row.year} ${row.currency}`))].sort();
    return {
      ...unit,
      procedures: {
        total: counts.reduce((sum, row) => sum + row.n, 0),
        byStatus: tally('status'),
        byProcedureType: tally('procedure_type'),
      },
      byYear: yearKeys.map((key) => {
        const [year, currency] = [Number(key.split(' ')[0]), key.split(' ')[1]];
        const published = procedureYears.find((row) => row.year === year && row.currency === currency);
        const won = years.find((row) => row.year === year && row.currency === currency) ?? emptyYear(year, currency);
        return {
          ...won,
          procedures: published?.procedures ?? 0,
          estimatedAmount: { amount: Number(published?.estimated ?? 0), currency },
        };
      }),
      topSuppliers: top,
      integrity: integrity ?? null,
      awards,
      contracts,
    };
  }

  private async topSuppliers(buyingUnitId: string, currency: string): Promise<TopSuppliers> {
    const [currencies, ranked] = await Promise.all([
      this.db.query<Array<{ currency: string; awards: number }>>(
        `SELECT currency, count(*)::int AS awards FROM transparency_awards
         WHERE buying_unit_id = $1 AND status = 'active' GROUP BY currency ORDER BY count(*) DESC, currency`,
        [buyingUnitId],
      ),
      this.db.query<Array<{ supplier_id: string; legal_name: string | null; awards: number; amount: string }>>(
        `SELECT a.supplier_id, s.legal_name, count(*)::int AS awards, sum(a.amount) AS amount
         FROM transparency_awards a LEFT JOIN transparency_suppliers s USING (supplier_id)
         WHERE a.buying_unit_id = $1 AND a.status = 'active' AND a.currency = $2
         GROUP BY a.supplier_id, s.legal_name ORDER BY sum(a.amount) DESC, count(*) DESC, a.supplier_id LIMIT ${TOP_SUPPLIERS_LIMIT}`,
        [buyingUnitId, currency],
      ),
    ]);
    return {
      currency,
      currencies,
      suppliers: ranked.map((row) => ({
        supplier: { id: row.supplier_id, name: row.legal_name },
        currency,
        awards: row.awards,
        awardedAmount: { amount: Number(row.amount), currency },
      })),
    };
  }

  private async awards({ column, id }: Who): Promise<AwardLine[]> {
    const rows: Array<
      ProcedureLineRow & { procedure_type: string; amount: string; basis: string; status: string; awarded_at: Date }
    > = await this.db.query(
      `SELECT ${PROCEDURE_LINE_COLUMNS('a')}, a.procedure_type, a.amount, a.basis, a.status, a.awarded_at
       ${withProcedureAndParties('transparency_awards', 'a')}
       WHERE a.${column} = $1 ORDER BY a.awarded_at DESC, a.tender_id, a.lot_id LIMIT ${PROFILE_LIST_LIMIT}`,
      [id],
    );
    return rows.map((row) => ({
      ...procedureLine(row),
      procedureType: row.procedure_type,
      value: { amount: Number(row.amount), currency: row.currency },
      basis: row.basis,
      status: row.status,
      awardedAt: row.awarded_at.toISOString(),
    }));
  }

  private async contracts({ column, id }: Who): Promise<ContractLine[]> {
    const rows: Array<
      ProcedureLineRow & {
        contract_id: string;
        original_amount: string;
        amount: string;
        status: string;
        direct_award: boolean;
        signed_at: Date;
        start_date: Date | null;
        end_date: Date | null;
      }
    > = await this.db.query(
      `SELECT c.contract_id, ${PROCEDURE_LINE_COLUMNS('c')},
              c.original_amount, c.amount, c.status, c.direct_award, c.signed_at, c.start_date, c.end_date
       ${withProcedureAndParties('transparency_contracts', 'c')}
       WHERE c.${column} = $1 ORDER BY c.signed_at DESC, c.contract_id LIMIT ${PROFILE_LIST_LIMIT}`,
      [id],
    );
    return rows.map((row) => ({
      contractId: row.contract_id,
      ...procedureLine(row),
      originalValue: { amount: Number(row.original_amount), currency: row.currency },
      value: { amount: Number(row.amount), currency: row.currency },
      status: row.status,
      directAward: row.direct_award,
      signedAt: row.signed_at.toISOString(),
      startDate: row.start_date?.toISOString() ?? null,
      endDate: row.end_date?.toISOString() ?? null,
    }));
  }

  private async years({ column, id }: Who): Promise<YearFigures[]> {
    const rows: Array<{
      year: number;
      currency: string;
      awards: number;
      awarded: string;
      contracts: number;
      contracted: string;
    }> = await this.db.query(
      `WITH awarded AS (
         SELECT extract(year FROM awarded_at AT TIME ZONE '${TIME_ZONE}')::int AS year, currency, count(*)::int AS awards, sum(amount) AS awarded
         FROM transparency_awards WHERE ${column} = $1 AND status = 'active' GROUP BY 1, 2
       ), contracted AS (
         SELECT extract(year FROM signed_at AT TIME ZONE '${TIME_ZONE}')::int AS year, currency, count(*)::int AS contracts, sum(amount) AS contracted
         FROM transparency_contracts WHERE ${column} = $1 GROUP BY 1, 2
       )
       SELECT year, currency, coalesce(a.awards, 0) AS awards, coalesce(a.awarded, 0) AS awarded,
              coalesce(c.contracts, 0) AS contracts, coalesce(c.contracted, 0) AS contracted
       FROM awarded a FULL JOIN contracted c USING (year, currency) ORDER BY year, currency`,
      [id],
    );
    return rows.map((row) => ({
      year: row.year,
      currency: row.currency,
      awards: row.awards,
      awardedAmount: { amount: Number(row.awarded), currency: row.currency },
      contracts: row.contracts,
      contractedAmount: { amount: Number(row.contracted), currency: row.currency },
    }));
  }
}

const emptyYear = (year: number, currency: string): YearFigures => ({
  year,
  currency,
  awards: 0,
  awardedAmount: { amount: 0, currency },
  contracts: 0,
  contractedAmount: { amount: 0, currency },
});

/** The register answers `supplier.not_found` for a supplier the public may not see there: the profile goes on without it. */
/**
 * A buying unit known only from imported records (never in the register): as the source names it, with no
 * level, location or registration (`historical: true`). Throws `error` when no imported record names it.
 */
async function historicalUnitOf(
  db: DataSource,
  buyingUnitId: string,
  error: unknown,
): Promise<BuyingUnitView & { historical: true }> {
  if (!(error instanceof DomainError && error.code === 'buying_unit.not_found')) throw error;
  const [row]: Array<{ name: string; code: string | null }> = await db.query(
    `SELECT t.record->'origin'->'buyer'->>'name' AS name, t.record->'origin'->'buyer'->>'code' AS code
       FROM transparency_tenders t WHERE t.buying_unit_id = $1 AND t.origin = 'imported' AND t.is_public LIMIT 1`,
    [buyingUnitId],
  );
  if (!row) throw error;
  return {
    buyingUnitId,
    code: row.code ?? '',
    name: row.name,
    level: null as unknown as BuyingUnitView['level'],
    parentInstitution: '',
    location: null,
    organisationId: null,
    registeredAt: null as unknown as string,
    historical: true,
  };
}

function notVisible(error: unknown): null {
  if (error instanceof DomainError && error.code === 'supplier.not_found') return null;
  throw error;
}
