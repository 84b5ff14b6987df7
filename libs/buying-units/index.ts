/**
 * The buying-units context: the agencies that run procedures (unidades compradoras), each in its stream
 * `buying-unit-<id>` with a code unique through `buying-unit-code-<code>`, and the government tree they belong to
 * (`organisation-<id>`: federal entities, states and municipalities by INEGI key, unique through
 * `organisation-key-<key>`); their registration, the public lists (one projection), the law that applies, and
 * the answers to identity's BuyingUnitExists and BuyingUnitStateCode.
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
export { applicableLaw, STATE_LAWS, type ApplicableLaw, type LawReason } from './domain/applicable-law';
export {
  OrganisationQueries,
  type OrganisationDetail,
  type OrganisationView,
} from './application/organisation-queries';
export { AssignBuyingUnitOrganisation, RegisterOrganisation } from './application/commands/organisation.commands';
export { organisationStream, type OrganisationEvent, type OrganisationRegistered } from './domain/organisation.events';
export type { BuyingUnitOrganisationAssigned } from './domain/buying-unit.events';
