import { Inject, Injectable } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@licita/event-store';
import { notFound } from '@licita/shared';
import { SUPPLIER_EVENT_TYPES, supplierStream, type SupplierEvent } from '../domain/supplier.events';
import type { Viewer } from './supplier-queries';

/**
 * One line of a supplier's history in the register: what happened (the event's type), when, who did it (the
 * acting account, or `system`), and the reason or the fields it names. Folded from the supplier's own stream, so
 * it is complete and in order the moment a decision is recorded.
 */
export type SupplierHistoryEntry = {
  type: SupplierEvent['type'];
  at: string;
  actor: string;
  reason: string | null;
  /** The fields a data change touched (SupplierDataChanged, SupplierReverificationRequired); the kinds of documents attached. */
  fields: string[];
  sanctionId: string | null;
};

/** The history of a supplier from its events (pure; other events of the stream, such as reservations, left out). */
export function supplierHistory(events: ReadonlyArray<Pick<RecordedEvent, 'type' | 'data' | 'metadata'>>) {
  const known = new Set<string>(SUPPLIER_EVENT_TYPES);
  return events
    .filter((event) => known.has(event.type))
    .map((recorded): SupplierHistoryEntry => {
      const event = { type: recorded.type, data: recorded.data } as SupplierEvent;
      const data = event.data as { reason?: string; sanctionId?: string };
      const fields =
        event.type === 'SupplierDataChanged'
          ? Object.keys(event.data.changes)
          : event.type === 'SupplierReverificationRequired'
            ? [...event.data.changedFields]
            : event.type === 'SupplierDocumentsAttached'
              ? event.data.documents.map((document) => document.kind)
              : [];
      return {
        type: event.type,
        at: recorded.metadata.occurredAt,
        actor: recorded.metadata.actor,
        reason: data.reason ?? null,
        fields,
        sanctionId: data.sanctionId ?? null,
      };
    });
}

/** A supplier's history: for staff (registrars, auditors) and the supplier itself; 404 for anyone else. */
export class SupplierHistory extends Query<SupplierHistoryEntry[]> {
  constructor(
    readonly supplierId: string,
    readonly viewer: Viewer,
  ) {
    super();
  }
}

@Injectable()
@QueryHandler(SupplierHistory)
export class SupplierHistoryHandler implements IQueryHandler<SupplierHistory> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ supplierId, viewer }: SupplierHistory): Promise<SupplierHistoryEntry[]> {
    const mayRead = viewer.staff || viewer.supplierId === supplierId;
    const history = mayRead ? supplierHistory(await this.store.readStream(supplierStream(supplierId))) : [];
    if (history.length === 0) throw notFound('supplier.not_found', `no supplier ${supplierId}`);
    return history;
  }
}
