import type { EventFilter, RecordedEvent } from '@licita/event-store';
import { ProjectionProvider, type Projection, type ProjectionTransaction } from '@licita/projections';
import { searchText } from '@licita/shared';
import {
  FRAMEWORK_EVENT_TYPES,
  type CentralPurchasingBodyDesignated,
  type FrameworkAgreementEstablished,
  type FrameworkOrderAccepted,
  type FrameworkOrderPlaced,
  type FrameworkOrderRejected,
} from '../domain/framework.events';

/**
 * The public read models of framework agreements: agreements, their catalogue items, their orders and the
 * central purchasing bodies. Every write is keyed by the event's ids (inserts `ON CONFLICT DO NOTHING`, status
 * updates that set the same values again), and the checkpoint commits with them; rebuildable from the log.
 */
@ProjectionProvider()
export class FrameworksProjection implements Projection {
  readonly name = 'frameworks';
  readonly version = 1;
  readonly filter: EventFilter = {
    eventTypePrefixes: [...FRAMEWORK_EVENT_TYPES],
    streamPrefixes: ['framework-agreement-', 'central-purchasing-body-'],
  };

  async handle(events: RecordedEvent[], tx: ProjectionTransaction): Promise<void> {
    for (const event of events) {
      switch (event.type) {
        case 'CentralPurchasingBodyDesignated':
          await designated(tx, event.data as CentralPurchasingBodyDesignated['data']);
          break;
        case 'FrameworkAgreementEstablished':
          await established(tx, event.data as unknown as FrameworkAgreementEstablished['data']);
          break;
        case 'FrameworkOrderPlaced':
          await placed(tx, event.data as unknown as FrameworkOrderPlaced['data']);
          break;
        case 'FrameworkOrderAccepted': {
          const { orderId, acceptedAt } = event.data as FrameworkOrderAccepted['data'];
          await answered(tx, orderId, 'accepted', acceptedAt, null);
          break;
        }
        case 'FrameworkOrderRejected': {
          const { orderId, rejectedAt, reason } = event.data as FrameworkOrderRejected['data'];
          await answered(tx, orderId, 'rejected', rejectedAt, reason);
          break;
        }
      }
    }
  }

  async reset(tx: ProjectionTransaction): Promise<void> {
    await tx.query(
      'TRUNCATE framework_agreements, framework_catalogue_items, framework_orders, central_purchasing_bodies',
    );
  }
}

async function designated(tx: ProjectionTransaction, data: CentralPurchasingBodyDesignated['data']) {
  await tx.query(
    'INSERT INTO central_purchasing_bodies (buying_unit_id, designated_at) VALUES ($1, $2) ON CONFLICT DO NOTHING',
    [data.buyingUnitId, data.designatedAt],
  );
}

async function established(tx: ProjectionTransaction, agreement: FrameworkAgreementEstablished['data']) {
  await tx.query(
    `INSERT INTO framework_agreements (agreement_id, tender_id, title, central_buying_unit_id, valid_from, valid_to,
       regions, authorised_buying_unit_ids, supplier_ids, ceilings, established_at, search_text)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT DO NOTHING`,
    [
      agreement.agreementId,
      agreement.tenderId,
      agreement.title,
      agreement.centralBuyingUnitId,
      agreement.validFrom,
      agreement.validTo,
      agreement.regions,
      agreement.authorisedBuyingUnitIds === 'all' ? null : agreement.authorisedBuyingUnitIds,
      agreement.suppliers.map((s) => s.supplierId),
      JSON.stringify(agreement.ceilings),
      agreement.establishedAt,
      searchText(agreement.title),
    ],
  );
  for (const item of agreement.items) {
    await tx.query(
      `INSERT INTO framework_catalogue_items (agreement_id, item_id, scheme, code, description, unit, price_fixed,
         prices, max_quantity, search_text)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING`,
      [
        agreement.agreementId,
        item.itemId,
        item.classification.scheme,
        item.classification.id,
        item.description,
        item.unit,
        item.priceFixed,
        JSON.stringify(item.prices),
        item.maxQuantity,
        searchText(item.description, item.classification.id),
      ],
    );
  }
}

async function placed(tx: ProjectionTransaction, order: FrameworkOrderPlaced['data']) {
  await tx.query(
    `INSERT INTO framework_orders (order_id, agreement_id, buying_unit_id, supplier_id, status, origin, lines, totals,
       placed_at)
     VALUES ($1, $2, $3, $4, 'placed', $5, $6, $7, $8) ON CONFLICT DO NOTHING`,
    [
      order.orderId,
      order.agreementId,
      order.buyingUnitId,
      order.supplierId,
      JSON.stringify(order.origin),
      JSON.stringify(order.lines),
      JSON.stringify(order.totals),
      order.placedAt,
    ],
  );
}

async function answered(
  tx: ProjectionTransaction,
  orderId: string,
  status: 'accepted' | 'rejected',
  at: string,
  reason: string | null,
) {
  await tx.query(
    'UPDATE framework_orders SET status = $2, answered_at = $3, rejection_reason = $4 WHERE order_id = $1',
    [orderId, status, at, reason],
  );
}
