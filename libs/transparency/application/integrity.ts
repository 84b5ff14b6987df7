import { Injectable, Inject, Optional } from '@nestjs/common';
import { contractExecutionFlags } from '@licita/execution';
import { PUBLIC_READS, requestLanguage } from '@licita/platform';
import { CLOCK, systemClock, type Clock } from '@licita/shared';
import { DataSource } from 'typeorm';
import { contractRedFlag, type ContractRedFlag } from '../projections/execution-red-flags';
import { TIME_ZONE } from '../projections/plain-language';
import {
  RED_FLAGS,
  THRESHOLDS,
  redFlagDefinition,
  unitRedFlags,
  type ContractFlagCode,
  type RedFlag,
  type RedFlagCode,
  type TenderFlagCode,
  type UnitAwards,
} from '../projections/red-flags';
import { explainSplit, splitPurchases, type SplitCandidate } from '../projections/split-purchases';
import { hasPlace, placeCondition, type GovernmentPlace } from './government-place';

/** The report's filters: one unit, and/or a part of the government tree (level, state, municipality). */
export type RedFlagFilter = { buyingUnitId?: string } & GovernmentPlace;

export type RedFlagDefinition = {
  code: RedFlagCode;
  title: string;
  scope: 'tender' | 'buying_unit' | 'contract';
  description: string;
};

/** A buying unit's integrity picture: how many of its procedures raise each flag, and the unit's own flags. */
export type UnitIntegrity = {
  buyingUnitId: string;
  name: string | null;
  procedures: number;
  flaggedProcedures: number;
  /** Procedures raising each per-procedure flag. */
  tenderFlags: Record<TenderFlagCode, number>;
  /**
   * Flags of the unit as a whole (direct award share, winner concentration), each judged over one calendar
   * year (Mexico City, by award date) and one currency: amounts in different currencies are never added.
   */
  unitFlags: Array<RedFlag & { currency: string; year: number }>;
  /**
   * Execution flags of the unit's contracts (late or missing deliveries, late payments), judged at the time of
   * asking: one per contract and flag, with the year of its due date and the contract's currency.
   */
  contractFlags: ContractRedFlag[];
};

export type IntegrityReport = {
  definitions: RedFlagDefinition[];
  thresholds: typeof THRESHOLDS;
  totals: {
    procedures: number;
    flaggedProcedures: number;
    tenderFlags: Record<TenderFlagCode, number>;
    unitsFlagged: number;
    /** Contracts raising each execution flag. */
    contractFlags: Record<ContractFlagCode, number>;
  };
  buyingUnits: UnitIntegrity[];
};

const TENDER_FLAGS = (Object.keys(RED_FLAGS) as RedFlagCode[]).filter(
  (code) => RED_FLAGS[code].scope === 'tender',
) as TenderFlagCode[];

const CONTRACT_FLAGS = (Object.keys(RED_FLAGS) as RedFlagCode[]).filter(
  (code) => RED_FLAGS[code].scope === 'contract',
) as ContractFlagCode[];

export const RED_FLAG_CODES = Object.keys(RED_FLAGS) as RedFlagCode[];

/**
 * Red flags aggregated per buying unit: the per-procedure flags are stored with each tender by the projection;
 * the unit-level ones are judged here from the unit's standing awards (`unitRedFlags`).
 */
@Injectable()
export class IntegrityIndicators {
  constructor(
    @Inject(PUBLIC_READS) private readonly db: DataSource,
    @Optional() @Inject(CLOCK) private readonly clock: Clock = systemClock,
  ) {}

  /** Each flag's title and description, in the language of the request. */
  definitions(): RedFlagDefinition[] {
    return RED_FLAG_CODES.map((code) => ({ code, ...redFlagDefinition(code, requestLanguage()) }));
  }

  async report({ buyingUnitId, ...place }: RedFlagFilter = {}): Promise<IntegrityReport> {
    const units = await this.atPlace(await this.units(buyingUnitId), place);
    const sum = (pick: (unit: UnitIntegrity) => number) => units.reduce((total, unit) => total + pick(unit), 0);
    return {
      definitions: this.definitions(),
      thresholds: THRESHOLDS,
      totals: {
        procedures: sum((unit) => unit.procedures),
        flaggedProcedures: sum((unit) => unit.flaggedProcedures),
        tenderFlags: Object.fromEntries(
          TENDER_FLAGS.map((code) => [code, sum((unit) => unit.tenderFlags[code])]),
        ) as Record<TenderFlagCode, number>,
        unitsFlagged: units.filter((unit) => unit.unitFlags.length > 0).length,
        contractFlags: Object.fromEntries(
          CONTRACT_FLAGS.map((code) => [
            code,
            units.reduce((total, unit) => total + unit.contractFlags.filter((f) => f.code === code).length, 0),
          ]),
        ) as Record<ContractFlagCode, number>,
      },
      buyingUnits: units,
    };
  }

  /** The units of `units` at that place of the government tree (all of them without a place). */
  private async atPlace(units: UnitIntegrity[], place: GovernmentPlace): Promise<UnitIntegrity[]> {
    if (!hasPlace(place)) return units;
    const params: unknown[] = [units.map((unit) => unit.buyingUnitId)];
    const condition = placeCondition('id', place, (value) => `$${params.push(value)}`);
    const rows: Array<{ id: string }> = await this.db.query(
      `SELECT id FROM unnest($1::text[]) AS id WHERE ${condition}`,
      params,
    );
    const kept = new Set(rows.map((row) => row.id));
    return units.filter((unit) => kept.has(unit.buyingUnitId));
  }

  /** Every unit with public procedures (or only `buyingUnitId`), most flagged first. */
  async units(buyingUnitId?: string): Promise<UnitIntegrity[]> {
    const [procedures, awards, splits, contracts] = await Promise.all([
      this.db.query<
        Array<
          { buying_unit_id: string; name: string | null; procedures: number; flagged: number } & Record<
            TenderFlagCode,
            number
          >
        >
      >(
        `SELECT t.buying_unit_id, coalesce(bu.name, hu.name) AS name, count(*)::int AS procedures, count(*) FILTER (WHERE cardinality(t.red_flags) > 0)::int AS flagged,
                ${TENDER_FLAGS.map((code) => `count(*) FILTER (WHERE '${code}' = ANY (t.red_flags))::int AS "${code}"`).join(', ')}
         FROM transparency_tenders t LEFT JOIN buying_units bu USING (buying_unit_id)
         LEFT JOIN transparency_historical_units hu ON hu.party_id = t.buying_unit_id
         WHERE t.is_public AND ($1::text IS NULL OR t.buying_unit_id = $1)
         GROUP BY t.buying_unit_id, bu.name, hu.name`,
        [buyingUnitId ?? null],
      ),
      this.unitAwards(buyingUnitId),
      this.splitFlags(buyingUnitId),
      this.contractFlags(buyingUnitId),
    ]);
    // A unit that only ordered by quick quotation has no procedure row: it still shows its splitting flag.
    const withoutProcedures = [...splits.keys()]
      .filter((id) => !procedures.some((row) => row.buying_unit_id === id))
      .map((id) => ({
        buying_unit_id: id,
        name: null,
        procedures: 0,
        flagged: 0,
        ...(Object.fromEntries(TENDER_FLAGS.map((code) => [code, 0])) as Record<TenderFlagCode, number>),
      }));
    return [...procedures, ...withoutProcedures]
      .map((row) => ({
        buyingUnitId: row.buying_unit_id,
        name: row.name,
        procedures: row.procedures,
        flaggedProcedures: row.flagged,
        tenderFlags: Object.fromEntries(TENDER_FLAGS.map((code) => [code, row[code]])) as Record<
          TenderFlagCode,
          number
        >,
        unitFlags: [
          ...(awards.get(row.buying_unit_id) ?? []).flatMap((unit) =>
            unitRedFlags(unit, requestLanguage()).map((found) => ({
              ...found,
              currency: unit.currency,
              year: unit.year,
            })),
          ),
          ...(splits.get(row.buying_unit_id) ?? []),
        ],
        contractFlags: contracts.get(row.buying_unit_id) ?? [],
      }))
      .sort(
        (a, b) =>
          b.unitFlags.length - a.unitFlags.length ||
          b.flaggedProcedures - a.flaggedProcedures ||
          a.buyingUnitId.localeCompare(b.buyingUnitId),
      );
  }

  /** The execution flags of the unit's public contracts, as of the injected clock (libs/execution). */
  private async contractFlags(buyingUnitId?: string): Promise<Map<string, ContractRedFlag[]>> {
    const language = requestLanguage();
    const byUnit = new Map<string, ContractRedFlag[]>();
    for (const summary of await contractExecutionFlags(this.db, this.clock.now(), buyingUnitId))
      byUnit.set(summary.buyingUnitId, [
        ...(byUnit.get(summary.buyingUnitId) ?? []),
        contractRedFlag(summary, language),
      ]);
    return byUnit;
  }

  /**
   * The splitting flag per unit (`split_purchase`): its quick-quotation orders grouped by classifier code, supplier
   * and currency, judged over a window of `THRESHOLDS.splitWindowDays` (projections/split-purchases.ts).
   */
  private async splitFlags(
    buyingUnitId?: string,
  ): Promise<Map<string, Array<RedFlag & { currency: string; year: number }>>> {
    const rows: Array<{
      order_id: string;
      kind: SplitCandidate['kind'];
      buying_unit_id: string;
      classifier_code: string;
      supplier_id: string;
      supplier_name: string | null;
      currency: string;
      amount: string;
      threshold: string | null;
      issued_at: Date;
    }> = await this.db.query(
      `WITH purchases AS (
           SELECT order_id, 'order' AS kind, buying_unit_id, classifier_code, supplier_id, currency, amount, threshold,
                  issued_at
           FROM quotation_orders WHERE kind = 'quick' AND threshold IS NOT NULL
           UNION ALL
           SELECT a.tender_id || '/' || a.lot_id, 'direct_award', a.buying_unit_id, i.code, a.supplier_id, a.currency,
                  a.amount, NULL, a.awarded_at
           FROM transparency_awards a
           JOIN (SELECT DISTINCT tender_id, lot_id, code FROM transparency_items) i USING (tender_id, lot_id)
           WHERE a.basis = 'direct_award' AND a.status = 'active'
         )
       SELECT p.*, s.legal_name AS supplier_name FROM purchases p LEFT JOIN supplier_directory s USING (supplier_id)
       WHERE ($1::text IS NULL OR p.buying_unit_id = $1)`,
      [buyingUnitId ?? null],
    );
    const candidates: SplitCandidate[] = rows.map((row) => ({
      orderId: row.order_id,
      kind: row.kind,
      buyingUnitId: row.buying_unit_id,
      classifierCode: row.classifier_code,
      supplierId: row.supplier_id,
      supplierName: row.supplier_name,
      currency: row.currency,
      amount: Number(row.amount),
      threshold: row.threshold === null ? Number.POSITIVE_INFINITY : Number(row.threshold),
      issuedAt: new Date(row.issued_at).toISOString(),
    }));
    const language = requestLanguage();
    const byUnit = new Map<string, Array<RedFlag & { currency: string; year: number }>>();
    for (const split of splitPurchases(candidates, THRESHOLDS.splitWindowDays)) {
      const flag = {
        code: 'split_purchase' as const,
        title: redFlagDefinition('split_purchase', language).title,
        explanation: explainSplit(split, THRESHOLDS.splitWindowDays, language),
        value: split.total,
        threshold: split.threshold,
        unit: 'centavos' as const,
        currency: split.currency,
        year: Number(
          new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric' }).format(new Date(split.to)),
        ),
      };
      byUnit.set(split.buyingUnitId, [...(byUnit.get(split.buyingUnitId) ?? []), flag]);
    }
    return byUnit;
  }

  /**
   * Standing awards per unit, currency and calendar year of the award (Mexico City): total, direct-award part,
   * and the supplier with the largest part, newest year first.
   */
  private async unitAwards(buyingUnitId?: string): Promise<Map<string, UnitAwards[]>> {
    const rows: Array<{
      buying_unit_id: string;
      unit_name: string | null;
      currency: string;
      year: number;
      awards: number;
      amount: string;
      direct: string;
      top_id: string;
      top_name: string | null;
      top_awards: number;
      top_amount: string;
    }> = await this.db.query(
      `WITH standing AS (
           SELECT *, extract(year FROM awarded_at AT TIME ZONE '${TIME_ZONE}')::int AS year
           FROM transparency_awards WHERE status = 'active' AND ($1::text IS NULL OR buying_unit_id = $1)
         ), per_supplier AS (
           SELECT buying_unit_id, currency, year, supplier_id, count(*)::int AS awards, sum(amount) AS amount,
                  row_number() OVER (PARTITION BY buying_unit_id, currency, year ORDER BY sum(amount) DESC, supplier_id) AS place
           FROM standing GROUP BY buying_unit_id, currency, year, supplier_id
         )
         SELECT s.buying_unit_id, bu.name AS unit_name, s.currency, s.year, count(*)::int AS awards, sum(s.amount) AS amount,
                coalesce(sum(s.amount) FILTER (WHERE s.basis = 'direct_award'), 0) AS direct,
                p.supplier_id AS top_id, sup.legal_name AS top_name, p.awards AS top_awards, p.amount AS top_amount
         FROM standing s
         JOIN per_supplier p ON p.buying_unit_id = s.buying_unit_id AND p.currency = s.currency AND p.year = s.year AND p.place = 1
         LEFT JOIN transparency_suppliers sup ON sup.supplier_id = p.supplier_id
         LEFT JOIN buying_units bu ON bu.buying_unit_id = s.buying_unit_id
         GROUP BY s.buying_unit_id, bu.name, s.currency, s.year, p.supplier_id, sup.legal_name, p.awards, p.amount
         ORDER BY s.year DESC, s.currency`,
      [buyingUnitId ?? null],
    );
    const byUnit = new Map<string, UnitAwards[]>();
    for (const row of rows) {
      const unit: UnitAwards = {
        buyingUnit: { id: row.buying_unit_id, name: row.unit_name },
        currency: row.currency,
        year: row.year,
        awards: row.awards,
        awardedAmount: Number(row.amount),
        directAwardAmount: Number(row.direct),
        topSupplier: { id: row.top_id, name: row.top_name, awards: row.top_awards, amount: Number(row.top_amount) },
      };
      byUnit.set(row.buying_unit_id, [...(byUnit.get(row.buying_unit_id) ?? []), unit]);
    }
    return byUnit;
  }
}
