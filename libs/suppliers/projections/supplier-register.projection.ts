import { isEventOf, type EventFilter, type RecordedEvent } from '@licita/event-store';
import { ProjectionProvider, type Projection, type ProjectionTransaction } from '@licita/projections';
import { searchText } from '@licita/shared';
import type { SupplierData } from '../domain/supplier.commands';
import { SUPPLIER_EVENT_TYPES, type SupplierEvent } from '../domain/supplier.events';

/**
 * `supplier_directory` (one row per supplier, every status) and `supplier_sanctions` (every sanction, with
 * its lift or recorded expiry). The RFC reservations share the `supplier-` stream prefix and are left out by
 * event type. Supplier events are few per supplier, so each is applied with its own statement, in order.
 */
@ProjectionProvider()
export class SupplierRegisterProjection implements Projection {
  readonly name = 'supplier-register';
  readonly version = 1;
  readonly filter: EventFilter = { eventTypePrefixes: [...SUPPLIER_EVENT_TYPES], streamPrefixes: ['supplier-'] };

  async handle(events: RecordedEvent[], tx: ProjectionTransaction): Promise<void> {
    for (const event of events) {
      if (isEventOf<SupplierEvent>(event, ...SUPPLIER_EVENT_TYPES)) await apply(tx, event, event.metadata.occurredAt);
    }
  }

  async reset(tx: ProjectionTransaction): Promise<void> {
    await tx.query('TRUNCATE supplier_directory, supplier_sanctions');
  }
}

async function apply(tx: ProjectionTransaction, event: SupplierEvent, at: string): Promise<void> {
  const { supplierId } = event.data;
  const setStatus = (status: string, reason: string | null, extra = '') =>
    tx.query(
      `UPDATE supplier_directory SET status = $2, status_reason = $3, updated_at = $4${extra} WHERE supplier_id = $1`,
      [supplierId, status, reason, at],
    );

  switch (event.type) {
    case 'SupplierRegistered': {
      const { supplierId: _id, ...data } = event.data;
      await tx.query(
        `INSERT INTO supplier_directory (supplier_id, rfc, legal_name, person_type, size, address, contact, state, classifier_codes, status,
                                         sort_name, search_text, registered_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, $9::text[], 'pending', $10, $11, $12, $12)
         ON CONFLICT (supplier_id) DO NOTHING`,
        [
          supplierId,
          data.rfc,
          data.legalName,
          data.personType,
          data.size,
          JSON.stringify(data.address),
          JSON.stringify(data.contact),
          data.address.state,
          data.classifierCodes,
          searchText(data.legalName),
          searchText(data.legalName, data.rfc),
          at,
        ],
      );
      return;
    }
    case 'SupplierVerified':
      await setStatus('verified', null, ', verified_at = $4');
      return;
    case 'SupplierRejected':
      await setStatus('rejected', event.data.reason);
      return;
    case 'SupplierSuspended':
      await setStatus('suspended', event.data.reason);
      return;
    case 'SupplierReinstated':
      await setStatus('verified', null);
      return;
    case 'SupplierReverificationRequired':
      await setStatus('pending', `changed: ${event.data.changedFields.join(', ')}`);
      return;
    case 'SupplierDataChanged':
      await changeData(tx, supplierId, event.data.changes, at);
      return;
    case 'SanctionImposed': {
      const { sanctionId, startsAt, endsAt, reason, resolutionNumber } = event.data;
      await tx.query(
        `INSERT INTO supplier_sanctions (supplier_id, sanction_id, starts_at, ends_at, reason, resolution_number, imposed_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
        [supplierId, sanctionId, startsAt, endsAt, reason, resolutionNumber, at],
      );
      return;
    }
    case 'SanctionLifted':
      await tx.query(
        'UPDATE supplier_sanctions SET lifted_at = $3, lift_reason = $4 WHERE supplier_id = $1 AND sanction_id = $2',
        [supplierId, event.data.sanctionId, event.data.liftedAt, event.data.reason],
      );
      return;
    case 'SanctionExpired':
      await tx.query('UPDATE supplier_sanctions SET expired_at = $3 WHERE supplier_id = $1 AND sanction_id = $2', [
        supplierId,
        event.data.sanctionId,
        event.data.expiredAt,
      ]);
      return;
  }
}

/** Only the fields in the event change; the search columns follow the name and RFC. */
async function changeData(
  tx: ProjectionTransaction,
  supplierId: string,
  changes: Partial<SupplierData>,
  at: string,
): Promise<void> {
  await tx.query(
    `UPDATE supplier_directory SET
       rfc = COALESCE($2, rfc),
       legal_name = COALESCE($3, legal_name),
       size = COALESCE($4, size),
       address = COALESCE($5::jsonb, address),
       contact = COALESCE($6::jsonb, contact),
       state = COALESCE($5::jsonb ->> 'state', state),
       classifier_codes = COALESCE($7::text[], classifier_codes),
       updated_at = $8
     WHERE supplier_id = $1`,
    [
      supplierId,
      changes.rfc ?? null,
      changes.legalName ?? null,
      changes.size ?? null,
      json(changes.address),
      json(changes.contact),
      changes.classifierCodes ?? null,
      at,
    ],
  );
  if (changes.rfc !== undefined || changes.legalName !== undefined) {
    const [row]: Array<{ rfc: string; legal_name: string }> = await tx.query(
      'SELECT rfc, legal_name FROM supplier_directory WHERE supplier_id = $1',
      [supplierId],
    );
    if (row) {
      await tx.query('UPDATE supplier_directory SET sort_name = $2, search_text = $3 WHERE supplier_id = $1', [
        supplierId,
        searchText(row.legal_name),
        searchText(row.legal_name, row.rfc),
      ]);
    }
  }
}

const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));
