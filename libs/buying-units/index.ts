export { BuyingUnitQueries } from './application/buying-unit-queries';
export type { BuyingUnitRegistered } from './domain/buying-unit.events';
export type { BuyingUnitView } from './application/buying-unit-queries';
export { BuyingUnitsModule } from './buying-units.module';
