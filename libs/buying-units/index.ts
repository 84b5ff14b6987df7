/**
 * The buying-units context: the agencies that run procedures (unidades compradoras), each in its stream
 * `buying-unit-<id>` with a code unique through `buying-unit-code-<code>`; their registration, the public list
 * (a projection) and the answer to identity's BuyingUnitExists.
 */
export { BuyingUnitsModule } from './buying-units.module';
export { BuyingUnitRegistry, type BuyingUnitRegistration } from './application/buying-unit-registry';
export { BuyingUnitQueries, type BuyingUnitPage, type BuyingUnitView } from './application/buying-unit-queries';
export { RegisterBuyingUnit } from './application/commands/register-buying-unit.command';
export { SetBuyingUnitLocation } from './application/commands/set-buying-unit-location.command';
export { INEGI_STATES, INEGI_STATE_CODES, MUNICIPALITY_CODE, type BuyingUnitLocation } from './domain/location';
export { BuyingUnitById, SearchBuyingUnits } from './application/queries/buying-unit.queries';
export { BuyingUnitsProjection } from './projections/buying-units.projection';
export {
  buyingUnitStream,
  type BuyingUnitEvent,
  type BuyingUnitLocationSet,
  type BuyingUnitRegistered,
} from './domain/buying-unit.events';
export { GOVERNMENT_LEVELS, type GovernmentLevel } from './domain/buying-unit.commands';
export { buyingUnitDecider, type BuyingUnitState } from './domain/buying-unit.decider';
export { buyingUnitCodeStream, codeReservation } from './domain/buying-unit-code-reservation';
export { applicableLaw, type ApplicableLaw, type LawReason } from './domain/applicable-law';
