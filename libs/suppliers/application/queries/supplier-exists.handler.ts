import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '@licita/event-store';
import { SupplierExists } from '@licita/identity';
import { supplierStream } from '../../domain/supplier.events';

/** Identity's question for a supplier account: a supplier stream starts with its registration, so one that exists is registered. */
@QueryHandler(SupplierExists)
export class SupplierExistsHandler implements IQueryHandler<SupplierExists> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ supplierId }: SupplierExists): Promise<boolean> {
    return (await this.store.readStream(supplierStream(supplierId), { maxCount: 1 })).length > 0;
  }
}
