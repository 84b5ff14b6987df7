import type { EventFilter, RecordedEvent } from '@licita/event-store';
import { ProjectionProvider, type Projection, type ProjectionTransaction } from '@licita/projections';
import { evolve, initialState, type QuotationRequestState } from '../domain/quotation.decider';
import { QUOTATION_EVENT_TYPES, type QuotationEvent } from '../domain/quotation.events';
import { publicView } from '../domain/quotation-view';

/**
 * The read side of requests for quotations:
 * - `quotation_requests`: the public view (`publicView`, column `view`): no amount, no quoting supplier, no count
 *   before the opening. The write-side state it folds (with the sealed boxes) is kept in `state`, a column no
 *   query selects;
 * - `quotation_receipts`: each sealed quotation's receipt (commitment, time), read only by its own supplier;
 * - `quotation_orders`: the orders issued, for the splitting red flag.
 * Idempotent: each event is applied once per stream revision (column `revision`), so a replayed batch changes nothing.
 */
@ProjectionProvider()
export class QuotationRequestsProjection implements Projection {
  readonly name = 'quotation-requests';
  readonly version = 1;
  readonly filter: EventFilter = { eventTypePrefixes: [...QUOTATION_EVENT_TYPES], streamPrefixes: ['rfq-'] };

  async handle(events: RecordedEvent[], tx: ProjectionTransaction): Promise<void> {
    for (const recorded of events) {
      if (!(QUOTATION_EVENT_TYPES as readonly string[]).includes(recorded.type)) continue;
      await this.apply({ type: recorded.type, data: recorded.data } as unknown as QuotationEvent, recorded, tx);
    }
  }

  async reset(tx: ProjectionTransaction): Promise<void> {
    await tx.query('TRUNCATE quotation_requests, quotation_receipts, quotation_orders');
  }

  private async apply(event: QuotationEvent, recorded: RecordedEvent, tx: ProjectionTransaction): Promise<void> {
    const { rfqId } = event.data;
    const [row]: Array<{ state: QuotationRequestState; revision: string; opened_at: string | null }> = await tx.query(
      `SELECT state, revision, view->>'openedAt' AS opened_at FROM quotation_requests WHERE rfq_id = $1`,
      [rfqId],
    );
    if (row && BigInt(row.revision) >= recorded.streamRevision) return;
    const state = evolve(row?.state ?? initialState(), event);
    if (!state.published) return;
    const openedAt = event.type === 'QuotationsOpened' ? event.data.openedAt : (row?.opened_at ?? null);
    const view = publicView(state, openedAt);
    await tx.query(
      `INSERT INTO quotation_requests (rfq_id, buying_unit_id, kind, status, classifier_code, invited, deadline, published_at,
                                       view, state, revision, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6::text[], $7, $8, $9::jsonb, $10::jsonb, $11, $12)
       ON CONFLICT (rfq_id) DO UPDATE SET status = EXCLUDED.status, view = EXCLUDED.view, state = EXCLUDED.state,
         revision = EXCLUDED.revision, updated_at = EXCLUDED.updated_at`,
      [
        rfqId,
        state.request.buyingUnitId,
        state.request.kind,
        state.status,
        state.request.classifierCode,
        state.request.audience.kind === 'invited' ? state.request.audience.supplierIds : null,
        state.request.deadline,
        state.request.publishedAt,
        JSON.stringify(view),
        JSON.stringify(state),
        String(recorded.streamRevision),
        recorded.metadata.occurredAt,
      ],
    );
    if (event.type === 'QuotationSubmitted') {
      const { quotationId, supplierId, commitment, submittedAt, replaces } = event.data;
      await tx.query(
        `INSERT INTO quotation_receipts (quotation_id, rfq_id, supplier_id, commitment, submitted_at)
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (quotation_id) DO NOTHING`,
        [quotationId, rfqId, supplierId, commitment, submittedAt],
      );
      if (replaces)
        await tx.query('UPDATE quotation_receipts SET replaced_by = $2 WHERE quotation_id = $1', [
          replaces,
          quotationId,
        ]);
    }
    if (event.type === 'PurchaseOrderIssued') {
      const order = event.data;
      await tx.query(
        `INSERT INTO quotation_orders (order_id, rfq_id, kind, buying_unit_id, supplier_id, classifier_code, amount, currency,
                                       threshold, issued_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (order_id) DO NOTHING`,
        [
          order.orderId,
          rfqId,
          order.kind,
          order.buyingUnitId,
          order.supplierId,
          order.classifierCode,
          order.amount.amount,
          order.amount.currency,
          state.request.threshold?.amount ?? null,
          order.issuedAt,
        ],
      );
    }
  }
}
