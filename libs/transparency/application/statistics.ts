import { Injectable, Inject } from '@nestjs/common';
import type { Money } from '@licita/shared';
import { PROCEDURE_TYPES, type ProcedureType } from '@licita/tendering';
import { PUBLIC_READS } from '@licita/platform';
import { DataSource } from 'typeorm';
import { TIME_ZONE } from '../projections/plain-language';
import { share } from '../projections/red-flags';
import { badRequest } from './bad-request';

export type StatisticsQuery = {
  /** Publication instants, inclusive. */
  from?: string;
  to?: string;
  buyingUnitId?: string;
  /** Amounts are summed in one currency (default MXN): only procedures in it are counted. */
  currency?: string;
};

/** Count and amounts of a group of procedures; shares are percentages (two decimals) of all procedures counted. */
export type ProcedureFigures = {
  procedures: number;
  countShare: number;
  estimatedAmount: Money;
  awardedAmount: Money;
  /** Share of the awarded amount: the table oversight publishes (public tender, invitation, direct award). */
  amountShare: number;
  contractedAmount: Money;
};

export type ProcedureGroup = 'public_tender' | 'invitation' | 'direct_award';

export type Statistics = {
  currency: string;
  period: { from: string | null; to: string | null };
  buyingUnitId: string | null;
  totals: { procedures: number; estimatedAmount: Money; awardedAmount: Money; contractedAmount: Money };
  byProcedureType: Array<{ procedureType: ProcedureType } & ProcedureFigures>;
  byProcedureGroup: Array<{ group: ProcedureGroup } & ProcedureFigures>;
  /** By month of publication, in Mexico City time. */
  byMonth: Array<{ month: string; procedures: number; estimatedAmount: Money; awardedAmount: Money }>;
  byBuyingUnit: Array<{
    buyingUnitId: string;
    name: string | null;
    procedures: number;
    estimatedAmount: Money;
    awardedAmount: Money;
  }>;
  /** By the items' top-level classifier code (CPV division); a procedure counts once per division it touches. */
  byClassifierDivision: Array<{
    division: string;
    description: { es: string | null; en: string | null };
    procedures: number;
    items: number;
    estimatedAmount: Money;
    awardedAmount: Money;
  }>;
  /** Over competitive procedures that held their opening act. */
  proposals: { openedProcedures: number; proposals: number; averagePerProcedure: number };
  auctionSavings: {
    auctions: number;
    /** From the best opening price to the final price, summed. */
    totalSavings: Money;
    averageBasisPoints: number;
    distribution: Array<{ fromBasisPoints: number; toBasisPoints: number | null; auctions: number }>;
  };
};

const GROUPS: Record<ProcedureGroup, ProcedureType[]> = {
  public_tender: ['public_national', 'public_international'],
  invitation: ['invitation'],
  direct_award: ['direct_award'],
};

/** Savings buckets in basis points: [0, 5 %), [5 %, 10 %), [10 %, 20 %), [20 %, 30 %), 30 % and more. */
const SAVINGS_BUCKETS = [0, 500, 1000, 2000, 3000];

type Sums = { procedures: number; estimated: string; awarded: string };

/** The statistics of public procedures, computed on request from the transparency tables (SQL aggregates). */
@Injectable()
export class TransparencyStatistics {
  constructor(@Inject(PUBLIC_READS) private readonly db: DataSource) {}

  async compute(query: StatisticsQuery): Promise<Statistics> {
    const currency = query.currency ?? 'MXN';
    return summarize(query, currency, await this.read(query, currency));
  }

  private read(query: StatisticsQuery, currency: string) {
    if (query.from && query.to && Date.parse(query.from) > Date.parse(query.to)) {
      throw badRequest('transparency.invalid_range', 'from is after to', { from: query.from, to: query.to });
    }
    // The procedures counted: public, in the currency, published in the period, of the unit.
    const scope = `WITH t AS (
      SELECT * FROM transparency_tenders
      WHERE is_public AND currency = $1 AND ($2::timestamptz IS NULL OR published_at >= $2) AND ($3::timestamptz IS NULL OR published_at <= $3)
        AND ($4::text IS NULL OR buying_unit_id = $4))`;
    const params = [currency, query.from ?? null, query.to ?? null, query.buyingUnitId ?? null];
    const run = <T>(sql: string, extra: unknown[] = []): Promise<T[]> =>
      this.db.query(`${scope} ${sql}`, [...params, ...extra]);
    return Promise.all([
      run<Sums & { procedure_type: ProcedureType }>(
        `SELECT procedure_type, count(*)::int AS procedures, sum(estimated_amount) AS estimated, sum(awarded_amount) AS awarded FROM t GROUP BY procedure_type`,
      ),
      run<{ procedure_type: ProcedureType; amount: string }>(
        `SELECT c.procedure_type, sum(c.amount) AS amount FROM transparency_contracts c JOIN t USING (tender_id) WHERE c.currency = $1 GROUP BY c.procedure_type`,
      ),
      run<Sums & { month: string }>(
        `SELECT to_char(published_at AT TIME ZONE '${TIME_ZONE}', 'YYYY-MM') AS month, count(*)::int AS procedures,
                sum(estimated_amount) AS estimated, sum(awarded_amount) AS awarded
         FROM t GROUP BY 1 ORDER BY 1`,
      ),
      run<Sums & { buying_unit_id: string; name: string | null }>(
        `SELECT t.buying_unit_id, coalesce(bu.name, hu.name) AS name, count(*)::int AS procedures, sum(t.estimated_amount) AS estimated, sum(t.awarded_amount) AS awarded
         FROM t LEFT JOIN buying_units bu USING (buying_unit_id) LEFT JOIN transparency_historical_units hu ON hu.party_id = t.buying_unit_id
         GROUP BY t.buying_unit_id, bu.name, hu.name ORDER BY sum(t.awarded_amount) DESC, count(*) DESC, t.buying_unit_id`,
      ),
      run<Sums & { division: string; items: number; description_es: string | null; description_en: string | null }>(
        `SELECT i.division, count(DISTINCT i.tender_id)::int AS procedures, count(*)::int AS items,
                sum(i.estimated_amount) AS estimated, sum(i.awarded_amount) AS awarded,
                (SELECT description_es FROM classifier_codes c WHERE c.code = i.division ORDER BY c.scheme LIMIT 1) AS description_es,
                (SELECT description_en FROM classifier_codes c WHERE c.code = i.division ORDER BY c.scheme LIMIT 1) AS description_en
         FROM transparency_items i JOIN t USING (tender_id)
         GROUP BY i.division ORDER BY sum(i.estimated_amount) DESC, i.division`,
      ),
      run<{ opened: number; proposals: number }>(
        `SELECT count(*)::int AS opened, coalesce(sum(proposals_count), 0)::int AS proposals FROM t WHERE bidders_count IS NOT NULL`,
      ),
      run<{ auctions: number; savings: string | null; average: string | null }>(
        `SELECT count(*)::int AS auctions, sum(a.savings_amount) AS savings, round(avg(a.savings_basis_points)) AS average
         FROM transparency_auctions a JOIN t USING (tender_id) WHERE a.closed_at IS NOT NULL`,
      ),
      run<{ bucket: number; auctions: number }>(
        `SELECT width_bucket(a.savings_basis_points, $5::int[]) AS bucket, count(*)::int AS auctions
         FROM transparency_auctions a JOIN t USING (tender_id) WHERE a.closed_at IS NOT NULL GROUP BY 1`,
        [SAVINGS_BUCKETS],
      ),
    ]);
  }
}

type Read = Awaited<ReturnType<TransparencyStatistics['read']>>;

function summarize(query: StatisticsQuery, currency: string, read: Read): Statistics {
  const [byType, contracted, byMonth, byUnit, byDivision, [proposals], [auctions], buckets] = read;
  const money = (amount: string | number | null): Money => ({ amount: Number(amount ?? 0), currency });
  const totalProcedures = byType.reduce((sum, row) => sum + row.procedures, 0);
  const totalAwarded = byType.reduce((sum, row) => sum + Number(row.awarded), 0);
  const figures = (types: ProcedureType[]): ProcedureFigures => {
    const rows = byType.filter((row) => types.includes(row.procedure_type));
    const procedures = rows.reduce((sum, row) => sum + row.procedures, 0);
    const awarded = rows.reduce((sum, row) => sum + Number(row.awarded), 0);
    return {
      procedures,
      countShare: share(procedures, totalProcedures),
      estimatedAmount: money(rows.reduce((sum, row) => sum + Number(row.estimated), 0)),
      awardedAmount: money(awarded),
      amountShare: share(awarded, totalAwarded),
      contractedAmount: money(
        contracted
          .filter((row) => types.includes(row.procedure_type))
          .reduce((sum, row) => sum + Number(row.amount), 0),
      ),
    };
  };
  const all = figures([...PROCEDURE_TYPES]);

  return {
    currency,
    period: { from: query.from ?? null, to: query.to ?? null },
    buyingUnitId: query.buyingUnitId ?? null,
    totals: {
      procedures: all.procedures,
      estimatedAmount: all.estimatedAmount,
      awardedAmount: all.awardedAmount,
      contractedAmount: all.contractedAmount,
    },
    byProcedureType: PROCEDURE_TYPES.map((procedureType) => ({ procedureType, ...figures([procedureType]) })),
    byProcedureGroup: (Object.keys(GROUPS) as ProcedureGroup[]).map((group) => ({
      group,
      ...figures(GROUPS[group]),
    })),
    byMonth: byMonth.map((row) => ({
      month: row.month,
      procedures: row.procedures,
      estimatedAmount: money(row.estimated),
      awardedAmount: money(row.awarded),
    })),
    byBuyingUnit: byUnit.map((row) => ({
      buyingUnitId: row.buying_unit_id,
      name: row.name,
      procedures: row.procedures,
      estimatedAmount: money(row.estimated),
      awardedAmount: money(row.awarded),
    })),
    byClassifierDivision: byDivision.map((row) => ({
      division: row.division,
      description: { es: row.description_es, en: row.description_en },
      procedures: row.procedures,
      items: row.items,
      estimatedAmount: money(row.estimated),
      awardedAmount: money(row.awarded),
    })),
    proposals: {
      openedProcedures: proposals.opened,
      proposals: proposals.proposals,
      averagePerProcedure: proposals.opened > 0 ? Math.round((proposals.proposals / proposals.opened) * 100) / 100 : 0,
    },
    auctionSavings: {
      auctions: auctions.auctions,
      totalSavings: money(auctions.savings),
      averageBasisPoints: Number(auctions.average ?? 0),
      distribution: SAVINGS_BUCKETS.map((from, i) => ({
        fromBasisPoints: from,
        toBasisPoints: SAVINGS_BUCKETS[i + 1] ?? null,
        auctions: buckets.find((row) => row.bucket === i + 1)?.auctions ?? 0,
      })),
    },
  };
}
