import { Injectable } from '@nestjs/common';
import { Query } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { answeredBy } from '@licita/platform';
import { notFound, type Money } from '@licita/shared';
import type { IsoDateTime, PlanChanges, PlanLine } from '../domain/plan.types';

export type PlanSummary = {
  buyingUnitId: string;
  fiscalYear: number;
  revision: number;
  lineCount: number;
  firstPublishedAt: IsoDateTime;
  updatedAt: IsoDateTime;
};

export type RevisionSummary = {
  revision: number;
  publishedAt: IsoDateTime;
  reason: string | null;
  changes: PlanChanges;
};
export type PlanRevisionView = RevisionSummary & { buyingUnitId: string; fiscalYear: number; lines: PlanLine[] };

/** An amount per currency: a plan mixes currencies, so every total is one per currency, never converted. */
export type CurrencyTotal = { currency: string; amount: number; lines: number };

export type LineExecution = {
  lineId: string;
  tenderId: string | null;
  planned: Money;
  /** The linked procedure's awarded and contracted amounts, per currency (empty before its award). */
  awarded: Money[];
  contracted: Money[];
};

export type PlanView = PlanSummary & {
  lines: Array<PlanLine & { tenderId: string | null }>;
  /** Every revision, oldest first, with its reason and what it changed. */
  revisions: RevisionSummary[];
  byClassifier: Array<CurrencyTotal & { classifierCode: string }>;
  byQuarter: Array<CurrencyTotal & { quarter: number }>;
  /**
   * Planned (the current lines' estimates) against executed (the awarded and contracted amounts of the linked
   * procedures, each procedure counted once however many lines it executes), per currency.
   */
  execution: {
    totals: Array<{ currency: string; planned: number; awarded: number; contracted: number }>;
    lines: LineExecution[];
  };
};

/**
 * Every unit's plan for one fiscal year, together: what the country (or the installation) plans to buy, by
 * classifier code and by quarter, and each unit's planned vs executed amounts. Per currency, never converted.
 */
export type PlansOfYear = {
  fiscalYear: number;
  planCount: number;
  byClassifier: Array<CurrencyTotal & { classifierCode: string; units: number }>;
  byQuarter: Array<CurrencyTotal & { quarter: number }>;
  units: Array<{
    buyingUnitId: string;
    name: string | null;
    revision: number;
    lineCount: number;
    totals: Array<{ currency: string; planned: number; awarded: number; contracted: number }>;
  }>;
};

export class PlansOfFiscalYear extends Query<PlansOfYear> {
  constructor(readonly fiscalYear: number) {
    super();
  }
}

export class PlansOfUnit extends Query<PlanSummary[]> {
  constructor(readonly buyingUnitId: string) {
    super();
  }
}
export class PlanOfUnit extends Query<PlanView> {
  constructor(
    readonly buyingUnitId: string,
    readonly fiscalYear: number,
  ) {
    super();
  }
}
export class PlanRevisionOfUnit extends Query<PlanRevisionView> {
  constructor(
    readonly buyingUnitId: string,
    readonly fiscalYear: number,
    readonly revision: number,
  ) {
    super();
  }
}

type PlanRow = {
  buying_unit_id: string;
  fiscal_year: number;
  revision: number;
  lines: PlanLine[];
  links: Record<string, string>;
  first_published_at: Date;
  updated_at: Date;
};

const summary = (row: PlanRow): PlanSummary => ({
  buyingUnitId: row.buying_unit_id,
  fiscalYear: row.fiscal_year,
  revision: row.revision,
  lineCount: row.lines.length,
  firstPublishedAt: new Date(row.first_published_at).toISOString(),
  updatedAt: new Date(row.updated_at).toISOString(),
});

/** The plans' public reads (tables of plans.projection.ts; eventually consistent). */
@Injectable()
export class PlanQueries {
  constructor(private readonly db: DataSource) {}

  async plansOf(buyingUnitId: string): Promise<PlanSummary[]> {
    const rows: PlanRow[] = await this.db.query(
      'SELECT * FROM plans WHERE buying_unit_id = $1 ORDER BY fiscal_year DESC',
      [buyingUnitId],
    );
    return rows.map(summary);
  }

  async plan(buyingUnitId: string, fiscalYear: number): Promise<PlanView> {
    const [row]: PlanRow[] = await this.db.query('SELECT * FROM plans WHERE buying_unit_id = $1 AND fiscal_year = $2', [
      buyingUnitId,
      fiscalYear,
    ]);
    if (!row) throw notFound('plan.not_found', `the unit has published no plan for ${fiscalYear}`, { fiscalYear });
    const revisions: Array<{ revision: number; published_at: Date; reason: string | null; changes: PlanChanges }> =
      await this.db.query(
        `SELECT revision, published_at, reason, changes FROM plan_revisions
          WHERE buying_unit_id = $1 AND fiscal_year = $2 ORDER BY revision`,
        [buyingUnitId, fiscalYear],
      );
    const tenderIds = [...new Set(Object.values(row.links))];
    const amounts: Array<{ tender_id: string; kind: 'awarded' | 'contracted'; currency: string; amount: string }> =
      tenderIds.length === 0
        ? []
        : await this.db.query(
            `SELECT tender_id, kind, currency, SUM(amount::bigint)::text AS amount FROM (
             SELECT tender_id, 'awarded' AS kind, awarded_currency AS currency, SUM(awarded_amount)::text AS amount
               FROM plan_lot_amounts WHERE tender_id = ANY ($1::text[]) AND awarded_amount IS NOT NULL
              GROUP BY tender_id, awarded_currency
             UNION ALL
             SELECT tender_id, 'contracted', contracted_currency, SUM(contracted_amount)::text
               FROM plan_lot_amounts WHERE tender_id = ANY ($1::text[]) AND contracted_amount IS NOT NULL
              GROUP BY tender_id, contracted_currency
             UNION ALL
             ${MULTI_YEAR_ADJUSTMENT('tender_id = ANY ($1::text[])', '$2')}
             ) amounts GROUP BY tender_id, kind, currency`,
            [tenderIds, fiscalYear],
          );
    const lines = row.lines.map((line) => ({ ...line, tenderId: row.links[line.lineId] ?? null }));
    return {
      ...summary(row),
      lines,
      revisions: revisions.map((r) => ({
        revision: r.revision,
        publishedAt: new Date(r.published_at).toISOString(),
        reason: r.reason,
        changes: r.changes,
      })),
      byClassifier: totalsBy(row.lines, (line) => ({ classifierCode: line.classifierCode })),
      byQuarter: totalsBy(row.lines, (line) => ({ quarter: line.quarter })),
      execution: execution(lines, tenderIds, amounts),
    };
  }

  async ofYear(fiscalYear: number): Promise<PlansOfYear> {
    const query = <T>(sql: string): Promise<T[]> => this.db.query<T[]>(sql, [fiscalYear]);
    const [units, byClassifier, byQuarter, planned, executed] = await Promise.all([
      query<{ buying_unit_id: string; name: string | null; revision: number; line_count: number }>(YEAR_UNITS),
      query<{ classifier_code: string; currency: string; amount: string; lines: number; units: number }>(
        YEAR_BY_CLASSIFIER,
      ),
      query<{ quarter: number; currency: string; amount: string; lines: number }>(YEAR_BY_QUARTER),
      query<UnitAmount & { kind: 'planned' }>(YEAR_PLANNED),
      query<UnitAmount & { kind: 'awarded' | 'contracted' }>(YEAR_EXECUTED),
    ]);
    const totals = unitTotals([...planned, ...executed]);
    return {
      fiscalYear,
      planCount: units.length,
      byClassifier: byClassifier.map((row) => ({
        classifierCode: row.classifier_code,
        currency: row.currency,
        amount: Number(row.amount),
        lines: row.lines,
        units: row.units,
      })),
      byQuarter: byQuarter.map((row) => ({
        quarter: row.quarter,
        currency: row.currency,
        amount: Number(row.amount),
        lines: row.lines,
      })),
      units: units.map((row) => ({
        buyingUnitId: row.buying_unit_id,
        name: row.name,
        revision: row.revision,
        lineCount: row.line_count,
        totals: totals.get(row.buying_unit_id) ?? [],
      })),
    };
  }

  async revision(buyingUnitId: string, fiscalYear: number, revision: number): Promise<PlanRevisionView> {
    const [row]: Array<{
      published_at: Date;
      reason: string | null;
      lines: PlanLine[];
      changes: PlanChanges;
    }> = await this.db.query(
      `SELECT published_at, reason, lines, changes FROM plan_revisions
        WHERE buying_unit_id = $1 AND fiscal_year = $2 AND revision = $3`,
      [buyingUnitId, fiscalYear, revision],
    );
    if (!row)
      throw notFound('plan.revision_not_found', `the plan has no revision ${revision}`, { fiscalYear, revision });
    return {
      buyingUnitId,
      fiscalYear,
      revision,
      publishedAt: new Date(row.published_at).toISOString(),
      reason: row.reason,
      lines: row.lines,
      changes: row.changes,
    };
  }
}

type UnitAmount = { buying_unit_id: string; currency: string; amount: string };
type UnitTotal = { currency: string; planned: number; awarded: number; contracted: number };

const YEAR_UNITS = `SELECT p.buying_unit_id, u.name, p.revision, jsonb_array_length(p.lines) AS line_count
  FROM plans p LEFT JOIN buying_units u USING (buying_unit_id)
 WHERE p.fiscal_year = $1 ORDER BY u.name NULLS LAST, p.buying_unit_id`;
const YEAR_BY_CLASSIFIER = `SELECT l->>'classifierCode' AS classifier_code, l->'estimate'->>'currency' AS currency,
       SUM((l->'estimate'->>'amount')::bigint)::text AS amount, COUNT(*)::int AS lines,
       COUNT(DISTINCT p.buying_unit_id)::int AS units
  FROM plans p, jsonb_array_elements(p.lines) l
 WHERE p.fiscal_year = $1 GROUP BY 1, 2 ORDER BY 1, 2`;
const YEAR_BY_QUARTER = `SELECT (l->>'quarter')::int AS quarter, l->'estimate'->>'currency' AS currency,
       SUM((l->'estimate'->>'amount')::bigint)::text AS amount, COUNT(*)::int AS lines
  FROM plans p, jsonb_array_elements(p.lines) l
 WHERE p.fiscal_year = $1 GROUP BY 1, 2 ORDER BY 1, 2`;
const YEAR_PLANNED = `SELECT p.buying_unit_id, 'planned' AS kind, l->'estimate'->>'currency' AS currency,
       SUM((l->'estimate'->>'amount')::bigint)::text AS amount
  FROM plans p, jsonb_array_elements(p.lines) l
 WHERE p.fiscal_year = $1 GROUP BY 1, 3`;
/**
 * A multi-year contract counts in a fiscal year only that year's share (as last amended): the lot's contracted
 * amount counts it whole as signed, so each such contract adds its share of the year less what it was signed for.
 * `tenders` picks the procedures, `year` is the fiscal year's parameter.
 */
const MULTI_YEAR_ADJUSTMENT = (tenders: string, year: string) => `
SELECT tender_id, 'contracted', currency, SUM(share - signed_amount)::text
  FROM (SELECT tender_id, currency, MAX(signed_amount) AS signed_amount,
               COALESCE(SUM(amount) FILTER (WHERE fiscal_year = ${year}), 0) AS share
          FROM plan_contract_years WHERE ${tenders} GROUP BY contract_id, tender_id, currency) c
 GROUP BY tender_id, currency`;

/** Each linked procedure once per unit, however many lines it executes (as in a unit's own plan). */
const YEAR_EXECUTED = `WITH linked AS (SELECT DISTINCT buying_unit_id, tender_id FROM plan_links WHERE fiscal_year = $1)
SELECT k.buying_unit_id, 'awarded' AS kind, a.awarded_currency AS currency, SUM(a.awarded_amount)::text AS amount
  FROM linked k JOIN plan_lot_amounts a USING (tender_id) WHERE a.awarded_amount IS NOT NULL GROUP BY 1, 3
UNION ALL
SELECT k.buying_unit_id, 'contracted', a.contracted_currency, SUM(a.contracted_amount)::text
  FROM linked k JOIN plan_lot_amounts a USING (tender_id) WHERE a.contracted_amount IS NOT NULL GROUP BY 1, 3
UNION ALL
SELECT k.buying_unit_id, 'contracted', y.currency, SUM(y.amount::bigint)::text
  FROM linked k JOIN (${MULTI_YEAR_ADJUSTMENT('tender_id IN (SELECT tender_id FROM linked)', '$1')}) y(tender_id, kind, currency, amount)
       USING (tender_id) GROUP BY 1, 3`;

/** Each unit's planned, awarded and contracted amounts, one entry per currency, ordered by currency. */
function unitTotals(
  rows: Array<UnitAmount & { kind: 'planned' | 'awarded' | 'contracted' }>,
): Map<string, UnitTotal[]> {
  const byUnit = new Map<string, Map<string, UnitTotal>>();
  for (const row of rows) {
    const ofUnit = byUnit.get(row.buying_unit_id) ?? new Map<string, UnitTotal>();
    const total = ofUnit.get(row.currency) ?? { currency: row.currency, planned: 0, awarded: 0, contracted: 0 };
    ofUnit.set(row.currency, { ...total, [row.kind]: total[row.kind] + Number(row.amount) });
    byUnit.set(row.buying_unit_id, ofUnit);
  }
  return new Map(
    [...byUnit].map(([unitId, ofUnit]) => [
      unitId,
      [...ofUnit.values()].sort((a, b) => a.currency.localeCompare(b.currency)),
    ]),
  );
}

/** Totals per key and currency, ordered by key then currency. */
function totalsBy<K extends Record<string, string | number>>(
  lines: PlanLine[],
  keyOf: (line: PlanLine) => K,
): Array<K & CurrencyTotal> {
  const totals = new Map<string, K & CurrencyTotal>();
  for (const line of lines) {
    const key = keyOf(line);
    const id = `${Object.values(key).join('|')}|${line.estimate.currency}`;
    const total = totals.get(id) ?? { ...key, currency: line.estimate.currency, amount: 0, lines: 0 };
    totals.set(id, { ...total, amount: total.amount + line.estimate.amount, lines: total.lines + 1 });
  }
  return [...totals.entries()].sort(([a], [b]) => a.localeCompare(b, 'en', { numeric: true })).map(([, t]) => t);
}

function execution(
  lines: Array<PlanLine & { tenderId: string | null }>,
  tenderIds: string[],
  amounts: Array<{ tender_id: string; kind: 'awarded' | 'contracted'; currency: string; amount: string }>,
): PlanView['execution'] {
  const of = (tenderId: string | null, kind: 'awarded' | 'contracted'): Money[] =>
    amounts
      .filter((a) => a.tender_id === tenderId && a.kind === kind)
      .map((a) => ({ amount: Number(a.amount), currency: a.currency }));
  const totals = new Map<string, { currency: string; planned: number; awarded: number; contracted: number }>();
  const add = (currency: string, field: 'planned' | 'awarded' | 'contracted', amount: number) => {
    const total = totals.get(currency) ?? { currency, planned: 0, awarded: 0, contracted: 0 };
    totals.set(currency, { ...total, [field]: total[field] + amount });
  };
  for (const line of lines) add(line.estimate.currency, 'planned', line.estimate.amount);
  for (const tenderId of tenderIds)
    for (const kind of ['awarded', 'contracted'] as const)
      for (const money of of(tenderId, kind)) add(money.currency, kind, money.amount);
  return {
    totals: [...totals.values()].sort((a, b) => a.currency.localeCompare(b.currency)),
    lines: lines.map((line) => ({
      lineId: line.lineId,
      tenderId: line.tenderId,
      planned: line.estimate,
      awarded: of(line.tenderId, 'awarded'),
      contracted: of(line.tenderId, 'contracted'),
    })),
  };
}

export const PLAN_QUERY_HANDLERS = [
  answeredBy(PlansOfFiscalYear, PlanQueries, (queries, { fiscalYear }) => queries.ofYear(fiscalYear)),
  answeredBy(PlansOfUnit, PlanQueries, (queries, { buyingUnitId }) => queries.plansOf(buyingUnitId)),
  answeredBy(PlanOfUnit, PlanQueries, (queries, { buyingUnitId, fiscalYear }) =>
    queries.plan(buyingUnitId, fiscalYear),
  ),
  answeredBy(PlanRevisionOfUnit, PlanQueries, (queries, q) =>
    queries.revision(q.buyingUnitId, q.fiscalYear, q.revision),
  ),
];
