import { Injectable, Inject } from '@nestjs/common';
import type { Money } from '@licita/shared';
import { PROCEDURE_TYPES, type ProcedureType } from '@licita/tendering';
import { PUBLIC_READS } from '@licita/platform';
import { DataSource } from 'typeorm';
import { TIME_ZONE } from '../projections/plain-language';
import { share } from '../projections/red-flags';
import { badRequest } from './bad-request';
import { placeCondition, type GovernmentLevel, type GovernmentPlace } from './government-place';

export type StatisticsQuery = GovernmentPlace & {
  /** Publication instants, inclusive. */
  from?: string;
  to?: string;
  buyingUnitId?: string;
  /** Only procedures in this currency; without it every currency is counted, each apart. */
  currency?: string;
};

/**
 * Count and amounts of a group of procedures in one currency. Shares are percentages (two decimals) of the
 * procedures, and of the awarded amount, in that currency: amounts in different currencies are never added
 * together, and never converted (there is no dated exchange rate to convert with).
 */
export type ProcedureFigures = {
  currency: string;
  procedures: number;
  countShare: number;
  estimatedAmount: Money;
  awardedAmount: Money;
  /** Share of the awarded amount: the table oversight publishes (public tender, invitation, direct award). */
  amountShare: number;
  contractedAmount: Money;
};

export type ProcedureGroup = 'public_tender' | 'invitation' | 'direct_award';

/** What the procedures in one currency add up to. */
export type CurrencyTotals = {
  currency: string;
  procedures: number;
  estimatedAmount: Money;
  awardedAmount: Money;
  contractedAmount: Money;
};

/** Every table has one row per key and currency (a currency column): one amount never sums two currencies. */
export type Statistics = {
  /** The currencies of the procedures counted, most procedures first (the asked one, or MXN, when none). */
  currencies: string[];
  /** The currency asked for, or null for every currency. */
  currency: string | null;
  period: { from: string | null; to: string | null };
  buyingUnitId: string | null;
  /** The part of the government tree counted (`null`s: all of it). */
  place: { level: GovernmentLevel | null; stateCode: string | null; municipalityCode: string | null };
  totals: { procedures: number; byCurrency: CurrencyTotals[] };
  /** Every procedure type for each currency in `currencies`. */
  byProcedureType: Array<{ procedureType: ProcedureType } & ProcedureFigures>;
  byProcedureGroup: Array<{ group: ProcedureGroup } & ProcedureFigures>;
  /** By month of publication, in Mexico City time. */
  byMonth: Array<{ month: string; currency: string; procedures: number; estimatedAmount: Money; awardedAmount: Money }>;
  byBuyingUnit: Array<{
    buyingUnitId: string;
    name: string | null;
    currency: string;
    procedures: number;
    estimatedAmount: Money;
    awardedAmount: Money;
  }>;
  /**
   * By the buying unit's level of government (federal, state, municipal): the register's, or for a unit known only
   * from imported records the level CompraNet states (GOBIERNO); `unknown` when neither says.
   */
  byLevel: Array<{
    level: GovernmentLevel | 'unknown';
    currency: string;
    procedures: number;
    estimatedAmount: Money;
    awardedAmount: Money;
  }>;
  /** By the buying unit's state (INEGI key, with its level): only units whose state is known. */
  byState: Array<{
    stateCode: string;
    level: GovernmentLevel;
    currency: string;
    procedures: number;
    estimatedAmount: Money;
    awardedAmount: Money;
  }>;
  /** By the items' top-level classifier code (CPV division); a procedure counts once per division it touches. */
  byClassifierDivision: Array<{
    division: string;
    description: { es: string | null; en: string | null };
    currency: string;
    procedures: number;
    items: number;
    estimatedAmount: Money;
    awardedAmount: Money;
  }>;
  /** Over competitive procedures that held their opening act. */
  proposals: { openedProcedures: number; proposals: number; averagePerProcedure: number };
  auctionSavings: {
    auctions: number;
    /** From the best opening price to the final price, summed per currency. */
    totalSavings: Money[];
    /** The auctions' own percentages averaged (a ratio, comparable across currencies). */
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

type Sums = { currency: string; procedures: number; estimated: string; awarded: string };

/** The statistics of public procedures, computed on request from the transparency tables (SQL aggregates). */
@Injectable()
export class TransparencyStatistics {
  constructor(@Inject(PUBLIC_READS) private readonly db: DataSource) {}

  async compute(query: StatisticsQuery): Promise<Statistics> {
    return summarize(query, await this.read(query));
  }

  private read(query: StatisticsQuery) {
    if (query.from && query.to && Date.parse(query.from) > Date.parse(query.to)) {
      throw badRequest('transparency.invalid_range', 'from is after to', { from: query.from, to: query.to });
    }
    // The procedures counted: public, in the currency (if asked), published in the period, of the unit, at the
    // place of the government tree. Every amount below is grouped by currency.
    const params: unknown[] = [
      query.currency ?? null,
      query.from ?? null,
      query.to ?? null,
      query.buyingUnitId ?? null,
    ];
    const place = placeCondition('buying_unit_id', query, (value) => `$${params.push(value)}`);
    const scope = `WITH t AS (
      SELECT * FROM transparency_tenders
      WHERE is_public AND ($1::text IS NULL OR currency = $1) AND ($2::timestamptz IS NULL OR published_at >= $2) AND ($3::timestamptz IS NULL OR published_at <= $3)
        AND ($4::text IS NULL OR buying_unit_id = $4)${place ? ` AND ${place}` : ''})`;
    const next = `$${params.length + 1}`;
    const run = <T>(sql: string, extra: unknown[] = []): Promise<T[]> =>
      this.db.query(`${scope} ${sql}`, [...params, ...extra]);
    return Promise.all([
      run<Sums & { procedure_type: ProcedureType }>(
        `SELECT currency, procedure_type, count(*)::int AS procedures, sum(estimated_amount) AS estimated, sum(awarded_amount) AS awarded
         FROM t GROUP BY currency, procedure_type`,
      ),
      run<{ currency: string; procedure_type: ProcedureType; amount: string }>(
        `SELECT c.currency, c.procedure_type, sum(c.amount) AS amount FROM transparency_contracts c JOIN t USING (tender_id)
         GROUP BY c.currency, c.procedure_type`,
      ),
      run<Sums & { month: string }>(
        `SELECT to_char(published_at AT TIME ZONE '${TIME_ZONE}', 'YYYY-MM') AS month, currency, count(*)::int AS procedures,
                sum(estimated_amount) AS estimated, sum(awarded_amount) AS awarded
         FROM t GROUP BY 1, 2 ORDER BY 1, 2`,
      ),
      run<Sums & { buying_unit_id: string; name: string | null }>(
        `SELECT t.buying_unit_id, coalesce(bu.name, hu.name) AS name, t.currency, count(*)::int AS procedures, sum(t.estimated_amount) AS estimated, sum(t.awarded_amount) AS awarded
         FROM t LEFT JOIN buying_units bu USING (buying_unit_id) LEFT JOIN transparency_historical_units hu ON hu.party_id = t.buying_unit_id
         GROUP BY t.buying_unit_id, bu.name, hu.name, t.currency ORDER BY t.currency, sum(t.awarded_amount) DESC, count(*) DESC, t.buying_unit_id`,
      ),
      run<Sums & { division: string; items: number; description_es: string | null; description_en: string | null }>(
        `SELECT i.division, t.currency, count(DISTINCT i.tender_id)::int AS procedures, count(*)::int AS items,
                sum(i.estimated_amount) AS estimated, sum(i.awarded_amount) AS awarded,
                (SELECT description_es FROM classifier_codes c WHERE c.code = i.division ORDER BY c.scheme LIMIT 1) AS description_es,
                (SELECT description_en FROM classifier_codes c WHERE c.code = i.division ORDER BY c.scheme LIMIT 1) AS description_en
         FROM transparency_items i JOIN t USING (tender_id)
         GROUP BY i.division, t.currency ORDER BY t.currency, sum(i.estimated_amount) DESC, i.division`,
      ),
      run<{ opened: number; proposals: number }>(
        `SELECT count(*)::int AS opened, coalesce(sum(proposals_count), 0)::int AS proposals FROM t WHERE bidders_count IS NOT NULL`,
      ),
      run<{ auctions: number; average: string | null }>(
        `SELECT count(*)::int AS auctions, round(avg(a.savings_basis_points)) AS average
         FROM transparency_auctions a JOIN t USING (tender_id) WHERE a.closed_at IS NOT NULL`,
      ),
      run<{ currency: string; savings: string }>(
        `SELECT t.currency, sum(a.savings_amount) AS savings
         FROM transparency_auctions a JOIN t USING (tender_id) WHERE a.closed_at IS NOT NULL GROUP BY t.currency ORDER BY t.currency`,
      ),
      run<{ bucket: number; auctions: number }>(
        `SELECT width_bucket(a.savings_basis_points, ${next}::int[]) AS bucket, count(*)::int AS auctions
         FROM transparency_auctions a JOIN t USING (tender_id) WHERE a.closed_at IS NOT NULL GROUP BY 1`,
        [SAVINGS_BUCKETS],
      ),
      run<Sums & { level: GovernmentLevel | null }>(
        `SELECT coalesce(bu.level, hu.level) AS level, t.currency, count(*)::int AS procedures, sum(t.estimated_amount) AS estimated, sum(t.awarded_amount) AS awarded
         FROM t LEFT JOIN buying_units bu USING (buying_unit_id) LEFT JOIN transparency_historical_units hu ON hu.party_id = t.buying_unit_id
         GROUP BY 1, t.currency ORDER BY t.currency, 1 NULLS LAST`,
      ),
      run<Sums & { state_code: string; level: GovernmentLevel }>(
        `SELECT bu.state_code, bu.level, t.currency, count(*)::int AS procedures, sum(t.estimated_amount) AS estimated, sum(t.awarded_amount) AS awarded
         FROM t JOIN buying_units bu USING (buying_unit_id) WHERE bu.state_code IS NOT NULL
         GROUP BY bu.state_code, bu.level, t.currency ORDER BY t.currency, bu.state_code, bu.level`,
      ),
    ]);
  }
}

type Read = Awaited<ReturnType<TransparencyStatistics['read']>>;

function summarize(query: StatisticsQuery, read: Read): Statistics {
  const [byType, contracted, byMonth, byUnit, byDivision, [proposals], [auctions], savings, buckets, byLevel, byState] =
    read;
  const currencies = currenciesOf(byType, query.currency);
  const figures = figuresOf(byType, contracted);
  const byCurrency = currencies.map((currency): CurrencyTotals => {
    const { procedures, estimatedAmount, awardedAmount, contractedAmount } = figures(currency, [...PROCEDURE_TYPES]);
    return { currency, procedures, estimatedAmount, awardedAmount, contractedAmount };
  });
  const amounts = <Row extends Sums>(row: Row) => ({
    currency: row.currency,
    procedures: row.procedures,
    estimatedAmount: money(row.estimated, row.currency),
    awardedAmount: money(row.awarded, row.currency),
  });

  return {
    currencies,
    currency: query.currency ?? null,
    period: { from: query.from ?? null, to: query.to ?? null },
    buyingUnitId: query.buyingUnitId ?? null,
    place: {
      level: query.level ?? null,
      stateCode: query.stateCode ?? null,
      municipalityCode: query.municipalityCode ?? null,
    },
    totals: { procedures: sumOf(byCurrency, (row) => row.procedures), byCurrency },
    byProcedureType: currencies.flatMap((currency) =>
      PROCEDURE_TYPES.map((procedureType) => ({ procedureType, ...figures(currency, [procedureType]) })),
    ),
    byProcedureGroup: currencies.flatMap((currency) =>
      (Object.keys(GROUPS) as ProcedureGroup[]).map((group) => ({ group, ...figures(currency, GROUPS[group]) })),
    ),
    byMonth: byMonth.map((row) => ({ month: row.month, ...amounts(row) })),
    byBuyingUnit: byUnit.map((row) => ({ buyingUnitId: row.buying_unit_id, name: row.name, ...amounts(row) })),
    byLevel: byLevel.map((row) => ({ level: row.level ?? 'unknown', ...amounts(row) })),
    byState: byState.map((row) => ({ stateCode: row.state_code, level: row.level, ...amounts(row) })),
    byClassifierDivision: byDivision.map((row) => ({
      division: row.division,
      description: { es: row.description_es, en: row.description_en },
      currency: row.currency,
      procedures: row.procedures,
      items: row.items,
      estimatedAmount: money(row.estimated, row.currency),
      awardedAmount: money(row.awarded, row.currency),
    })),
    proposals: {
      openedProcedures: proposals.opened,
      proposals: proposals.proposals,
      averagePerProcedure: proposals.opened > 0 ? Math.round((proposals.proposals / proposals.opened) * 100) / 100 : 0,
    },
    auctionSavings: {
      auctions: auctions.auctions,
      totalSavings: savings.map((row) => money(row.savings, row.currency)),
      averageBasisPoints: Number(auctions.average ?? 0),
      distribution: SAVINGS_BUCKETS.map((from, i) => ({
        fromBasisPoints: from,
        toBasisPoints: SAVINGS_BUCKETS[i + 1] ?? null,
        auctions: buckets.find((row) => row.bucket === i + 1)?.auctions ?? 0,
      })),
    },
  };
}

const money = (amount: string | number | null, currency: string): Money => ({ amount: Number(amount ?? 0), currency });

/** A group of procedure types' figures in one currency, its shares within that currency. */
function figuresOf(
  byType: Read[0],
  contracted: Read[1],
): (currency: string, types: ProcedureType[]) => ProcedureFigures {
  return (currency, types) => {
    const inCurrency = byType.filter((row) => row.currency === currency);
    const rows = inCurrency.filter((row) => types.includes(row.procedure_type));
    const procedures = sumOf(rows, (row) => row.procedures);
    const awarded = sumOf(rows, (row) => Number(row.awarded));
    const contracts = contracted.filter((row) => row.currency === currency && types.includes(row.procedure_type));
    return {
      currency,
      procedures,
      countShare: share(
        procedures,
        sumOf(inCurrency, (row) => row.procedures),
      ),
      estimatedAmount: money(
        sumOf(rows, (row) => Number(row.estimated)),
        currency,
      ),
      awardedAmount: money(awarded, currency),
      // `share` answers 0 for a currency whose awarded total is 0 (all open contracts): never a division by 0.
      amountShare: share(
        awarded,
        sumOf(inCurrency, (row) => Number(row.awarded)),
      ),
      contractedAmount: money(
        sumOf(contracts, (row) => Number(row.amount)),
        currency,
      ),
    };
  };
}

/** The currencies counted, most procedures first then by code; the asked one (or MXN) when there is none. */
function currenciesOf(byType: Array<{ currency: string; procedures: number }>, asked: string | undefined): string[] {
  const counts = new Map<string, number>();
  for (const row of byType) counts.set(row.currency, (counts.get(row.currency) ?? 0) + row.procedures);
  const found = [...counts].sort(([a, n], [b, m]) => m - n || a.localeCompare(b)).map(([currency]) => currency);
  return found.length > 0 ? found : [asked ?? 'MXN'];
}

const sumOf = <T>(rows: T[], pick: (row: T) => number): number => rows.reduce((sum, row) => sum + pick(row), 0);
