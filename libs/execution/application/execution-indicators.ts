import { Inject, Injectable, Optional } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { PUBLIC_READS } from '@licita/platform';
import { CLOCK, systemClock, type Clock } from '@licita/shared';
import {
  contractFlagSummaries,
  executionStatistics,
  type ContractFlagSummary,
  type ExecutionStatisticsRow,
  type PublicTerm,
} from '../domain/execution.statistics';
import { PAYMENT_TERM_DAYS, PAYMENT_TERM_REFERENCE } from '../domain/payment-term';

/** Mexico City: the due dates are its calendar dates. */
const TIME_ZONE = 'America/Mexico_City';

export type TermFilter = { buyingUnitId?: string; year?: number; currency?: string };

/**
 * The public part of `contract_execution_terms` as SQL (for the exports' cursor): the due dates of contracts of
 * public procedures, with the contract's unit, supplier and currency. `$1` unit, `$2` year of the due date,
 * `$3` currency; `withoutDueDate` keeps the invoices not yet accepted (the exports list them, in the year of the
 * contract's signature).
 */
export const publicTermsFrom = (withoutDueDate = false) => `
  FROM contract_execution_terms t
  JOIN transparency_contracts c USING (contract_id)
  JOIN transparency_tenders p ON p.tender_id = c.tender_id AND p.is_public
  WHERE (${withoutDueDate ? 'TRUE' : 't.due_date IS NOT NULL'})
    AND ($1::text IS NULL OR c.buying_unit_id = $1)
    AND ($2::int IS NULL OR extract(year FROM coalesce(t.due_date, (c.signed_at AT TIME ZONE '${TIME_ZONE}')::date))::int = $2)
    AND ($3::text IS NULL OR coalesce(t.currency, c.currency) = $3)`;

export const PUBLIC_TERM_COLUMNS = `t.contract_id, t.kind, t.term_id, t.label, t.unit, t.quantity, t.done, t.status,
  t.due_date::text AS due_date, t.started_at, t.completed_at, c.tender_id, c.buying_unit_id, c.supplier_id,
  coalesce(t.currency, c.currency) AS currency`;

export type PublicTermRow = {
  contract_id: string;
  kind: 'delivery' | 'invoice';
  term_id: string;
  label: string;
  unit: string | null;
  quantity: string;
  done: string;
  status: string;
  due_date: string | null;
  started_at: Date | null;
  completed_at: Date | null;
  tender_id: string;
  buying_unit_id: string;
  supplier_id: string;
  currency: string;
};

export const termParams = (filter: TermFilter) => [
  filter.buyingUnitId ?? null,
  filter.year ?? null,
  filter.currency ?? null,
];

export const publicTermOf = (row: PublicTermRow): PublicTerm => ({
  kind: row.kind,
  termId: row.term_id,
  quantity: Number(row.quantity),
  done: Number(row.done),
  status: row.status,
  dueDate: row.due_date,
  completedAt: row.completed_at === null ? null : new Date(row.completed_at).toISOString(),
  contractId: row.contract_id,
  tenderId: row.tender_id,
  buyingUnitId: row.buying_unit_id,
  supplierId: row.supplier_id,
  currency: row.currency,
});

/** The due dates of public contracts (never a sealed or unpublished procedure's). */
export async function readPublicTerms(db: DataSource | EntityManager, filter: TermFilter = {}): Promise<PublicTerm[]> {
  const rows: PublicTermRow[] = await db.query(
    `SELECT ${PUBLIC_TERM_COLUMNS} ${publicTermsFrom()} ORDER BY t.contract_id, t.kind, t.term_id`,
    termParams(filter),
  );
  return rows.map(publicTermOf);
}

/** The red flags of public contracts' execution at `asOf` (see `contractFlagSummaries`). */
export async function contractExecutionFlags(
  db: DataSource | EntityManager,
  asOf: Date,
  buyingUnitId?: string,
): Promise<ContractFlagSummary[]> {
  return contractFlagSummaries(await readPublicTerms(db, { buyingUnitId }), asOf.toISOString());
}

export type ExecutionStatistics = {
  asOf: string;
  paymentTerm: { days: number; legalBasis: string };
  currencies: string[];
  rows: Array<ExecutionStatisticsRow & { buyingUnitName: string | null }>;
};

/** Execution statistics per buying unit, year of the due dates and currency, as of the injected clock. */
@Injectable()
export class ExecutionIndicators {
  constructor(
    @Inject(PUBLIC_READS) private readonly db: DataSource,
    @Optional() @Inject(CLOCK) private readonly clock: Clock = systemClock,
  ) {}

  now(): Date {
    return this.clock.now();
  }

  async statistics(filter: TermFilter): Promise<ExecutionStatistics> {
    const asOf = this.clock.now().toISOString();
    const rows = executionStatistics(await readPublicTerms(this.db, filter), asOf);
    const names = await this.unitNames([...new Set(rows.map((row) => row.buyingUnitId))]);
    return {
      asOf,
      paymentTerm: { days: PAYMENT_TERM_DAYS, legalBasis: PAYMENT_TERM_REFERENCE.citation },
      currencies: [...new Set(rows.map((row) => row.currency))].sort(),
      rows: rows.map((row) => ({ ...row, buyingUnitName: names.get(row.buyingUnitId) ?? null })),
    };
  }

  private async unitNames(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows: Array<{ buying_unit_id: string; name: string }> = await this.db.query(
      'SELECT buying_unit_id, name FROM buying_units WHERE buying_unit_id = ANY ($1::text[])',
      [ids],
    );
    return new Map(rows.map((row) => [row.buying_unit_id, row.name]));
  }
}
