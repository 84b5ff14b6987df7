import type { EventFilter, RecordedEvent } from '@licita/event-store';
import { ProjectionProvider, type Projection, type ProjectionTransaction } from '@licita/projections';
import { EXECUTION_EVENT_TYPES, type ExecutionEvent } from '../domain/execution.types';

/**
 * `contract_execution_terms`: the due dates of each contract's execution — one row per scheduled delivery (its due
 * date, the quantity accepted, when it was complete) and per invoice (the date its payment term ends once accepted,
 * what was paid, when in full). Nothing here is a flag: the flags are computed from the rows at the time of
 * asking (`termFlags`), because a due date passes without any event.
 *
 * Idempotent: each row keeps the stream revision of the last event it took, and an event applies only over an
 * older one (the events of one contract come in stream order).
 */
@ProjectionProvider()
export class ExecutionTermsProjection implements Projection {
  readonly name = 'contract-execution-terms';
  readonly version = 1;
  readonly filter: EventFilter = {
    eventTypePrefixes: [...EXECUTION_EVENT_TYPES],
    streamPrefixes: ['contract-execution-'],
  };

  async handle(events: RecordedEvent[], tx: ProjectionTransaction): Promise<void> {
    for (const event of events) {
      if (!(EXECUTION_EVENT_TYPES as readonly string[]).includes(event.type)) continue;
      await apply({ type: event.type, data: event.data } as unknown as ExecutionEvent, event.streamRevision, tx);
    }
  }

  async reset(tx: ProjectionTransaction): Promise<void> {
    await tx.query('TRUNCATE contract_execution_terms');
  }
}

const INSERT = `INSERT INTO contract_execution_terms
  (contract_id, kind, term_id, label, unit, quantity, currency, status, started_at, due_date, revision)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING`;
const WHERE = 'WHERE contract_id = $1 AND kind = $2 AND term_id = $3 AND revision < $4';

async function apply(event: ExecutionEvent, revision: bigint, tx: ProjectionTransaction): Promise<void> {
  const rev = revision.toString();
  switch (event.type) {
    case 'DeliveryScheduled': {
      const d = event.data;
      await tx.query(INSERT, [
        d.contractId,
        'delivery',
        d.deliveryId,
        d.itemId,
        d.unit,
        d.quantity,
        null,
        'scheduled',
        d.scheduledAt,
        d.dueDate,
        rev,
      ]);
      return;
    }
    case 'DeliveryReceived': {
      const d = event.data;
      const accepted = d.outcome === 'accepted' ? d.quantity : 0;
      // As the decider's evolve: complete when the accepted quantity reaches the scheduled one.
      await tx.query(
        `UPDATE contract_execution_terms SET done = done + $5,
           completed_at = coalesce(completed_at, CASE WHEN done + $5 >= quantity THEN $6::timestamptz END),
           revision = $4 ${WHERE}`,
        [d.contractId, 'delivery', d.deliveryId, rev, accepted, d.receivedAt],
      );
      return;
    }
    case 'InvoiceRegistered': {
      const d = event.data;
      await tx.query(INSERT, [
        d.contractId,
        'invoice',
        d.invoiceId,
        d.folio,
        null,
        d.amount,
        d.currency,
        'registered',
        null,
        null,
        rev,
      ]);
      return;
    }
    case 'InvoiceAccepted': {
      const d = event.data;
      await tx.query(
        `UPDATE contract_execution_terms SET status = 'accepted', started_at = $5, due_date = $6, revision = $4 ${WHERE}`,
        [d.contractId, 'invoice', d.invoiceId, rev, d.acceptedAt, d.paymentDueDate],
      );
      return;
    }
    case 'InvoiceRejected': {
      const d = event.data;
      await tx.query(`UPDATE contract_execution_terms SET status = 'rejected', revision = $4 ${WHERE}`, [
        d.contractId,
        'invoice',
        d.invoiceId,
        rev,
      ]);
      return;
    }
    case 'PaymentRecorded': {
      const d = event.data;
      await tx.query(
        `UPDATE contract_execution_terms SET done = done + $5,
           completed_at = CASE WHEN done + $5 >= quantity THEN $6::timestamptz END, revision = $4 ${WHERE}`,
        [d.contractId, 'invoice', d.invoiceId, rev, d.amount, d.paidAt],
      );
      return;
    }
    default:
      return;
  }
}
