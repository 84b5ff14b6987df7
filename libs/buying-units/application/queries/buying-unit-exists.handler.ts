import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '@licita/event-store';
import { BuyingUnitExists } from '@licita/identity';
import { buyingUnitStream } from '../../domain/buying-unit.events';

/** Identity's question for a buyer account: a unit's stream starts with its registration, so one that exists is registered. */
@QueryHandler(BuyingUnitExists)
export class BuyingUnitExistsHandler implements IQueryHandler<BuyingUnitExists> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ buyingUnitId }: BuyingUnitExists): Promise<boolean> {
    return (await this.store.readStream(buyingUnitStream(buyingUnitId), { maxCount: 1 })).length > 0;
  }
}
