import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { notFound, type Money } from '@licita/shared';
import { DataSource } from 'typeorm';
import type { TenderView } from '../../projections/tender-view';

/**
 * Where a proposal stands, as its supplier reads it: `withdrawn`; `sealed` until the opening act; then `opened`
 * (under evaluation), `not_compliant`, `awarded` (at least one of its lots), `not_awarded` (its lots went to
 * others or were deserted), or `cancelled` with the procedure.
 */
export type ProposalState =
  'withdrawn' | 'sealed' | 'opened' | 'not_compliant' | 'awarded' | 'not_awarded' | 'cancelled';

/** What is known of a sealed proposal without opening it (`supplier_proposals`). */
export type SealedProposalMetadata = {
  proposalId: string;
  /**
   * Who submitted it, once the opening act has made the bidders public; `null` before it, for the auditor too:
   * the list of bidders of an open tender is what a cartel would want to read, and no oversight step needs it
   * before the act (the receipts, sizes and times are enough to follow the submission period).
   */
  supplierId: string | null;
  lotIds: string[];
  commitment: string;
  sealedBytes: number;
  signed: boolean;
  firstSubmittedAt: string;
  submittedAt: string;
  replacements: number;
  withdrawnAt: string | null;
};

export type MyProcedure = {
  tenderId: string;
  /** The procedure number, when the tender view carries one. */
  number: string | null;
  title: string;
  status: string;
  buyingUnitId: string;
  currency: string;
  submissionDeadline: string | null;
  openingDate: string | null;
  proposals: Array<Omit<SealedProposalMetadata, 'supplierId'> & { state: ProposalState }>;
  /** The lots this supplier bid on, as the procedure stands. */
  lots: Array<{
    lotId: string;
    status: string;
    auctionId: string | null;
    awardedToMe: boolean;
    award: { amount: Money; awardedAt: string; objectionPeriodEndsAt: string | null } | null;
    contractId: string | null;
  }>;
  /** The challenges (inconformidades) this supplier filed. */
  challenges: TenderView['challenges'];
};

type Row = {
  tender_id: string;
  proposal_id: string;
  supplier_id: string;
  lot_ids: string[];
  commitment: string;
  sealed_bytes: number;
  signed: boolean;
  first_submitted_at: Date;
  submitted_at: Date;
  replacements: number;
  withdrawn_at: Date | null;
};

const metadata = (row: Row): SealedProposalMetadata => ({
  proposalId: row.proposal_id,
  supplierId: row.supplier_id,
  lotIds: row.lot_ids,
  commitment: row.commitment,
  sealedBytes: row.sealed_bytes,
  signed: row.signed,
  firstSubmittedAt: row.first_submitted_at.toISOString(),
  submittedAt: row.submitted_at.toISOString(),
  replacements: row.replacements,
  withdrawnAt: row.withdrawn_at?.toISOString() ?? null,
});

/** The state of one proposal in its tender's view (pure). */
export function proposalState(
  view: Pick<TenderView, 'status' | 'opening' | 'lotResults' | 'cancellation'>,
  proposal: { proposalId: string; lotIds: string[]; withdrawnAt: string | null },
): ProposalState {
  if (proposal.withdrawnAt !== null) return 'withdrawn';
  if (view.cancellation !== null) return 'cancelled';
  if (view.opening === null) return 'sealed';
  const lots = view.lotResults.filter((lot) => proposal.lotIds.includes(lot.lotId));
  if (lots.some((lot) => lot.award?.proposalId === proposal.proposalId)) return 'awarded';
  if (lots.length > 0 && lots.every((lot) => lot.nonCompliant.some((n) => n.proposalId === proposal.proposalId)))
    return 'not_compliant';
  if (lots.length > 0 && lots.every((lot) => lot.award !== null || lot.status === 'deserted')) return 'not_awarded';
  return 'opened';
}

/** The procedures a supplier submitted proposals to, newest first, with each proposal's state. */
export class SupplierProcedures extends Query<MyProcedure[]> {
  constructor(readonly supplierId: string) {
    super();
  }
}

/** Every proposal of a tender as sealed metadata (auditors only; never contents). */
export class SealedProposalsOfTender extends Query<SealedProposalMetadata[]> {
  constructor(readonly tenderId: string) {
    super();
  }
}

/** On the primary: a supplier reads its own desk right after acting. */
@QueryHandler(SupplierProcedures)
export class SupplierProceduresHandler implements IQueryHandler<SupplierProcedures> {
  constructor(private readonly db: DataSource) {}

  async execute({ supplierId }: SupplierProcedures): Promise<MyProcedure[]> {
    const rows: Array<Row & { view: TenderView | null }> = await this.db.query(
      `SELECT p.*, v.view FROM supplier_proposals p LEFT JOIN tender_views v USING (tender_id)
       WHERE p.supplier_id = $1 ORDER BY p.first_submitted_at DESC, p.proposal_id`,
      [supplierId],
    );
    const byTender = new Map<string, MyProcedure>();
    for (const row of rows) {
      if (row.view === null) continue; // the view follows within a moment
      const view = row.view;
      let procedure = byTender.get(row.tender_id);
      if (!procedure) {
        procedure = {
          tenderId: row.tender_id,
          number: view.number ?? null,
          title: view.title,
          status: view.status,
          buyingUnitId: view.buyingUnitId,
          currency: view.currency,
          submissionDeadline: view.schedule?.submissionDeadline ?? null,
          openingDate: view.schedule?.openingDate ?? null,
          proposals: [],
          lots: [],
          challenges: view.challenges.filter((c) => c.supplierId === supplierId),
        };
        byTender.set(row.tender_id, procedure);
      }
      const { supplierId: _own, ...proposal } = metadata(row);
      procedure.proposals.push({ ...proposal, state: proposalState(view, proposal) });
      for (const lotId of proposal.lotIds) {
        if (procedure.lots.some((lot) => lot.lotId === lotId)) continue;
        const result = view.lotResults.find((lot) => lot.lotId === lotId);
        const mine = result?.award?.supplierId === supplierId;
        procedure.lots.push({
          lotId,
          status: result?.status ?? 'open',
          auctionId: result?.auctionId ?? null,
          awardedToMe: mine,
          award:
            mine && result?.award
              ? {
                  amount: result.award.amount,
                  awardedAt: result.award.awardedAt,
                  objectionPeriodEndsAt: result.award.objectionPeriodEndsAt,
                }
              : null,
          contractId: mine ? (result?.contractId ?? null) : null,
        });
      }
    }
    return [...byTender.values()];
  }
}

@QueryHandler(SealedProposalsOfTender)
export class SealedProposalsOfTenderHandler implements IQueryHandler<SealedProposalsOfTender> {
  constructor(private readonly db: DataSource) {}

  async execute({ tenderId }: SealedProposalsOfTender): Promise<SealedProposalMetadata[]> {
    const [tender]: Array<{ opening: unknown }> = await this.db.query(
      `SELECT view->'opening' AS opening FROM tender_views WHERE tender_id = $1`,
      [tenderId],
    );
    if (!tender) throw notFound('tender.not_found', `there is no tender ${tenderId}`);
    const rows: Row[] = await this.db.query(
      'SELECT * FROM supplier_proposals WHERE tender_id = $1 ORDER BY first_submitted_at, proposal_id',
      [tenderId],
    );
    return rows.map((row) => ({ ...metadata(row), supplierId: tender.opening != null ? row.supplier_id : null }));
  }
}
