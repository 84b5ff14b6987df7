/**
 * The suppliers context: the single register of suppliers (stream `supplier-<id>`, one per RFC through
 * `supplier-rfc-<rfc>`), their verification, data changes and sanctions, the supplier and sanctions
 * directories (projections), the automatic end of sanctions, and the answer to identity's SupplierExists.
 */
export { SupplierRegistry } from './application/supplier-registry';
export { SuppliersModule } from './suppliers.module';
export { type SupplierRegistration } from './application/supplier-registry';
export { SupplierQueries, type SanctionView, type Viewer } from './application/supplier-queries';
export {
  type Page,
  type SanctionedSupplier,
  type SupplierProfile,
  type SupplierSummary,
} from './application/supplier-queries';
export { supplierAccountId, type SelfRegistration } from './application/commands/register-supplier.handler';
export * from './application/commands/supplier.commands';
export { SearchSanctions, SearchSuppliers, SupplierById } from './application/queries/supplier.queries';
export { SupplierRegisterProjection } from './projections/supplier-register.projection';
export { sanctionExpiryKey } from './projections/sanction-expiry.schedule';
export * from './domain/supplier.events';
export {
  canParticipate,
  sanctionsInForce,
  supplierDecider,
  type Sanction,
  type SupplierState,
  type SupplierStatus,
} from './domain/supplier.decider';
export { type SupplierCommand, type SupplierData, type SupplierSize } from './domain/supplier.commands';
export { MEXICAN_STATES, isMexicanState, type MexicanState } from './domain/mexican-states';
export { checkRfc, normalizeRfc, parseRfc, rfcCheckDigit, type PersonType } from './domain/rfc';
export { rfcReservation, supplierRfcStream } from './domain/supplier-rfc-reservation';
export { aSupplierData } from './domain/supplier.scenarios';
