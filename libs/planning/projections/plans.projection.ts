import type { EventFilter, RecordedEvent } from '@licita/event-store';
import { insertRows, ProjectionProvider, type Projection, type ProjectionTransaction } from '@licita/projections';
import type { Money } from '@licita/shared';
import type { PlanLineLinked, PlanRevisionPublished } from '../domain/plan.events';

const LOT_AMOUNT_TYPES = ['LotAwarded', 'AwardRevised', 'LotContracted'];
/** An award that no longer holds: a lot deserted after its award was annulled, a tender cancelled before its contract. */
const AWARD_VOIDING_TYPES = ['LotDeserted', 'TenderCancelled'];
/** A multi-year contract's amounts per fiscal year (libs/tendering/domain/multi-year.ts). */
const CONTRACT_YEAR_TYPES = ['ContractSigned', 'ContractAmended'];

/**
 * The plans' public read models: `plans` (current lines and links per unit and year), `plan_revisions` (every
 * revision, its reason and its differences), `plan_links`, and `plan_lot_amounts`: each lot's awarded amount
 * (the last award or revised award; none once the lot is deserted or the tender cancelled before its contract)
 * and contracted amount, from the tender events the transparency projection reads too, so "planned vs executed" joins the links to them. Idempotent: every write is keyed (revision,
 * line, lot), so a batch applied again writes the same rows.
 */
@ProjectionProvider()
export class PlansProjection implements Projection {
  readonly name = 'plans';
  /** 2: each multi-year contract's amounts per fiscal year (`plan_contract_years`). */
  readonly version = 2;
  readonly filter: EventFilter = {
    eventTypePrefixes: [
      'PlanRevisionPublished',
      'PlanLineLinked',
      ...LOT_AMOUNT_TYPES,
      ...AWARD_VOIDING_TYPES,
      ...CONTRACT_YEAR_TYPES,
    ],
    streamPrefixes: ['plan-', 'tender-', 'contract-'],
  };

  async handle(events: RecordedEvent[], tx: ProjectionTransaction): Promise<void> {
    // Amounts are written in runs (one statement each); a voiding event applies after the run before it.
    let amounts: RecordedEvent[] = [];
    for (const event of events) {
      if (LOT_AMOUNT_TYPES.includes(event.type)) {
        amounts.push(event);
        continue;
      }
      await lotAmounts(tx, amounts);
      amounts = [];
      if (event.type === 'PlanRevisionPublished')
        await revise(tx, event.data as unknown as PlanRevisionPublished['data']);
      else if (event.type === 'PlanLineLinked') await link(tx, event.data as PlanLineLinked['data']);
      else if (AWARD_VOIDING_TYPES.includes(event.type)) await voidAward(tx, event);
      else if (CONTRACT_YEAR_TYPES.includes(event.type)) await contractYears(tx, event);
    }
    await lotAmounts(tx, amounts);
  }

  async reset(tx: ProjectionTransaction): Promise<void> {
    await tx.query('TRUNCATE plans, plan_revisions, plan_links, plan_lot_amounts, plan_contract_years');
  }
}

async function revise(tx: ProjectionTransaction, data: PlanRevisionPublished['data']): Promise<void> {
  await tx.query(
    `INSERT INTO plan_revisions (buying_unit_id, fiscal_year, revision, published_at, reason, lines, changes)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
    [
      data.buyingUnitId,
      data.fiscalYear,
      data.revision,
      data.publishedAt,
      data.reason,
      JSON.stringify(data.lines),
      JSON.stringify(data.changes),
    ],
  );
  await tx.query(
    `INSERT INTO plans (buying_unit_id, fiscal_year, revision, lines, first_published_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $5)
     ON CONFLICT (buying_unit_id, fiscal_year) DO UPDATE
       SET revision = EXCLUDED.revision, lines = EXCLUDED.lines, updated_at = EXCLUDED.updated_at
       WHERE plans.revision < EXCLUDED.revision`,
    [data.buyingUnitId, data.fiscalYear, data.revision, JSON.stringify(data.lines), data.publishedAt],
  );
}

async function link(tx: ProjectionTransaction, data: PlanLineLinked['data']): Promise<void> {
  await tx.query(
    `INSERT INTO plan_links (buying_unit_id, fiscal_year, line_id, tender_id, linked_at)
     VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
    [data.buyingUnitId, data.fiscalYear, data.lineId, data.tenderId, data.linkedAt],
  );
  await tx.query(
    `UPDATE plans SET links = links || jsonb_build_object($3::text, $4::text)
      WHERE buying_unit_id = $1 AND fiscal_year = $2`,
    [data.buyingUnitId, data.fiscalYear, data.lineId, data.tenderId],
  );
}

async function voidAward(tx: ProjectionTransaction, { type, data }: RecordedEvent): Promise<void> {
  if (type === 'LotDeserted')
    await tx.query('DELETE FROM plan_lot_amounts WHERE tender_id = $1 AND lot_id = $2', [data.tenderId, data.lotId]);
  else
    await tx.query('DELETE FROM plan_lot_amounts WHERE tender_id = $1 AND contracted_amount IS NULL', [data.tenderId]);
}

/**
 * A multi-year contract's rows, one per fiscal year, replaced by each amendment; with the amount it was signed for,
 * which the lot's contracted amount (`LotContracted`) counts whole. A contract that is not multi-year has none.
 */
async function contractYears(tx: ProjectionTransaction, { type, data }: RecordedEvent): Promise<void> {
  const multiYear = data.multiYear as { fiscalYears: Array<{ fiscalYear: number; amount: number }> } | undefined;
  if (!multiYear) return;
  const amount = data.amount as unknown as Money;
  const contractId = data.contractId as string;
  const [signed]: Array<{ tender_id: string; signed_amount: string; currency: string }> =
    type === 'ContractSigned'
      ? [
          {
            tender_id: data.tenderId as string,
            signed_amount: String(amount.amount),
            currency: amount.currency,
          },
        ]
      : await tx.query(
          'SELECT tender_id, signed_amount::text, currency FROM plan_contract_years WHERE contract_id = $1 LIMIT 1',
          [contractId],
        );
  if (!signed) return;
  await tx.query('DELETE FROM plan_contract_years WHERE contract_id = $1', [contractId]);
  await insertRows(
    tx,
    'plan_contract_years',
    {
      contract_id: 'text',
      tender_id: 'text',
      fiscal_year: 'integer',
      amount: 'bigint',
      currency: 'text',
      signed_amount: 'bigint',
    },
    multiYear.fiscalYears.map((year) => ({
      contract_id: contractId,
      tender_id: signed.tender_id,
      fiscal_year: year.fiscalYear,
      amount: year.amount,
      currency: signed.currency,
      signed_amount: Number(signed.signed_amount),
    })),
  );
}

type LotRow = {
  tender_id: string;
  lot_id: string;
  awarded_amount: number | null;
  awarded_currency: string | null;
  contracted_amount: number | null;
  contracted_currency: string | null;
};

/** One row per lot, the batch's last award and contract of each kept (a statement updates a row once). */
async function lotAmounts(tx: ProjectionTransaction, events: RecordedEvent[]): Promise<void> {
  if (events.length === 0) return;
  const rows = new Map<string, LotRow>();
  for (const { type, data } of events) {
    const { tenderId, lotId, amount } = data as unknown as { tenderId: string; lotId: string; amount: Money };
    const key = `${tenderId}|${lotId}`;
    const row = rows.get(key) ?? {
      tender_id: tenderId,
      lot_id: lotId,
      awarded_amount: null,
      awarded_currency: null,
      contracted_amount: null,
      contracted_currency: null,
    };
    if (type === 'LotContracted')
      rows.set(key, { ...row, contracted_amount: amount.amount, contracted_currency: amount.currency });
    else rows.set(key, { ...row, awarded_amount: amount.amount, awarded_currency: amount.currency });
  }
  await insertRows(
    tx,
    'plan_lot_amounts',
    {
      tender_id: 'text',
      lot_id: 'text',
      awarded_amount: 'bigint',
      awarded_currency: 'text',
      contracted_amount: 'bigint',
      contracted_currency: 'text',
    },
    [...rows.values()],
    `ON CONFLICT (tender_id, lot_id) DO UPDATE SET
       awarded_amount = COALESCE(EXCLUDED.awarded_amount, plan_lot_amounts.awarded_amount),
       awarded_currency = COALESCE(EXCLUDED.awarded_currency, plan_lot_amounts.awarded_currency),
       contracted_amount = COALESCE(EXCLUDED.contracted_amount, plan_lot_amounts.contracted_amount),
       contracted_currency = COALESCE(EXCLUDED.contracted_currency, plan_lot_amounts.contracted_currency)`,
  );
}
