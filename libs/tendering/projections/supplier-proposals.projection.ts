import type { EventFilter, RecordedEvent } from '@licita/event-store';
import { ProjectionProvider, type Projection, type ProjectionTransaction } from '@licita/projections';
import type { ProposalReplaced, ProposalSubmitted, ProposalWithdrawn } from '../domain/tender.events';

const TYPES = ['ProposalSubmitted', 'ProposalReplaced', 'ProposalWithdrawn'] as const;
type ProposalEvent = ProposalSubmitted | ProposalReplaced | ProposalWithdrawn;

/** Bytes of a base64 text, without decoding it. */
export function base64Bytes(text: string): number {
  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  return Math.floor((text.length * 3) / 4) - padding;
}

/**
 * `supplier_proposals`: what is known of each sealed proposal without opening it — its supplier, lots, commitment,
 * the size of its sealed bytes, whether it carries an e.firma, when it was first submitted, last replaced or
 * withdrawn. Never an amount, an item or a document. It answers the supplier's own "my procedures" and the
 * auditors' sealed-proposal metadata (SupplierDeskController); the public never reads it (which supplier bid on
 * which tender is secret until the opening act).
 */
@ProjectionProvider()
export class SupplierProposalsProjection implements Projection {
  readonly name = 'supplier-proposals';
  readonly version = 1;
  readonly filter: EventFilter = { eventTypePrefixes: [...TYPES], streamPrefixes: ['tender-'] };

  async handle(events: RecordedEvent[], tx: ProjectionTransaction): Promise<void> {
    for (const recorded of events) {
      if (!(TYPES as readonly string[]).includes(recorded.type)) continue;
      const event = { type: recorded.type, data: recorded.data } as unknown as ProposalEvent;
      const { tenderId, proposalId } = event.data;
      if (event.type === 'ProposalWithdrawn') {
        await tx.query('UPDATE supplier_proposals SET withdrawn_at = $3 WHERE tender_id = $1 AND proposal_id = $2', [
          tenderId,
          proposalId,
          event.data.withdrawnAt,
        ]);
        continue;
      }
      const { supplierId, lotIds, commitment, sealed, submittedAt, signature } = event.data;
      await tx.query(
        `INSERT INTO supplier_proposals (tender_id, proposal_id, supplier_id, lot_ids, commitment, sealed_bytes, signed,
                                         first_submitted_at, submitted_at, replacements)
         VALUES ($1, $2, $3, $4::text[], $5, $6, $7, $8, $8, 0)
         ON CONFLICT (tender_id, proposal_id) DO UPDATE SET
           lot_ids = EXCLUDED.lot_ids, commitment = EXCLUDED.commitment, sealed_bytes = EXCLUDED.sealed_bytes,
           signed = EXCLUDED.signed, submitted_at = EXCLUDED.submitted_at,
           replacements = supplier_proposals.replacements
             + CASE WHEN $9 AND supplier_proposals.commitment <> EXCLUDED.commitment THEN 1 ELSE 0 END`,
        [
          tenderId,
          proposalId,
          supplierId,
          lotIds,
          commitment,
          base64Bytes(sealed.ciphertext),
          signature !== undefined,
          submittedAt,
          event.type === 'ProposalReplaced',
        ],
      );
    }
  }

  async reset(tx: ProjectionTransaction): Promise<void> {
    await tx.query('TRUNCATE supplier_proposals');
  }
}
