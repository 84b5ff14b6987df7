import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '@licita/event-store';
import { BuyingUnitExists, BuyingUnitStateCode } from '@licita/identity';
import { BuyingUnitRegistry } from '../buying-unit-registry';
import { buyingUnitStream } from '../../domain/buying-unit.events';

/** Identity's question for a buyer account: a unit's stream starts with its registration, so one that exists is registered. */
@QueryHandler(BuyingUnitExists)
export class BuyingUnitExistsHandler implements IQueryHandler<BuyingUnitExists> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ buyingUnitId }: BuyingUnitExists): Promise<boolean> {
    return (await this.store.readStream(buyingUnitStream(buyingUnitId), { maxCount: 1 })).length > 0;
  }
}

/** Identity's question for a state administrator's buyer account: the state the unit is in, from its stream. */
@QueryHandler(BuyingUnitStateCode)
export class BuyingUnitStateCodeHandler implements IQueryHandler<BuyingUnitStateCode> {
  constructor(private readonly registry: BuyingUnitRegistry) {}

  async execute({ buyingUnitId }: BuyingUnitStateCode): Promise<string | null> {
    const unit = await this.registry.load(buyingUnitId);
    return unit.registered ? (unit.location?.stateCode ?? null) : null;
  }
}
