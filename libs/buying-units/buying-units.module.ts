import { Module } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@licita/event-store/event-store.port';
import { BuyingUnitQueries } from './application/buying-unit-queries';
import { BuyingUnitRegistry } from './application/buying-unit-registry';
import { BuyingUnitsController } from './http/buying-units.controller';
import { BuyingUnitsProjection } from './projections/buying-units.projection';

/** Buying units: registration (registrar), the public list and its projection. */
@Module({
  controllers: [BuyingUnitsController],
  providers: [
    {
      provide: BuyingUnitRegistry,
      useFactory: (store: EventStore) => new BuyingUnitRegistry(store),
      inject: [EVENT_STORE],
    },
    BuyingUnitQueries,
    BuyingUnitsProjection,
  ],
  exports: [BuyingUnitRegistry, BuyingUnitQueries],
})
export class BuyingUnitsModule {}
