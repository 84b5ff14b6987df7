import { Module } from '@nestjs/common';
import { EVENT_STORE, type EventStore } from '@licita/event-store';
import { TableExports } from '@licita/platform';
import { BuyingUnitQueries } from './application/buying-unit-queries';
import { BuyingUnitRegistry } from './application/buying-unit-registry';
import { RegisterBuyingUnitHandler } from './application/commands/register-buying-unit.handler';
import { SetBuyingUnitLocationHandler } from './application/commands/set-buying-unit-location.handler';
import {
  AssignBuyingUnitOrganisationHandler,
  RegisterOrganisationHandler,
} from './application/commands/organisation.handlers';
import { BuyingUnitExistsHandler, BuyingUnitStateCodeHandler } from './application/queries/buying-unit-exists.handler';
import { BUYING_UNIT_QUERY_HANDLERS } from './application/queries/buying-unit.handlers';
import { BuyingUnitsController } from './http/buying-units.controller';
import { OrganisationQueries } from './application/organisation-queries';
import { OrganisationsController } from './http/organisations.controller';
import { BuyingUnitsProjection } from './projections/buying-units.projection';

/**
 * Buying units: registration (registrar), the public list and its projection, and the answer to identity's
 * BuyingUnitExists.
 */
@Module({
  controllers: [BuyingUnitsController, OrganisationsController],
  providers: [
    {
      provide: BuyingUnitRegistry,
      useFactory: (store: EventStore) => new BuyingUnitRegistry(store),
      inject: [EVENT_STORE],
    },
    BuyingUnitQueries,
    OrganisationQueries,
    BuyingUnitsProjection,
    RegisterBuyingUnitHandler,
    SetBuyingUnitLocationHandler,
    ...BUYING_UNIT_QUERY_HANDLERS,
    BuyingUnitExistsHandler,
    BuyingUnitStateCodeHandler,
    RegisterOrganisationHandler,
    AssignBuyingUnitOrganisationHandler,
    TableExports,
  ],
  exports: [BuyingUnitRegistry, BuyingUnitQueries],
})
export class BuyingUnitsModule {}
