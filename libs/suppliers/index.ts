export { MEXICAN_STATES } from './domain/mexican-states';
export type { SanctionView } from './application/supplier-queries';
export type { SupplierDataChanged } from './domain/supplier.events';
export type { SupplierEvent } from './domain/supplier.events';
export { SupplierQueries } from './application/supplier-queries';
export type { SupplierRegistered } from './domain/supplier.events';
export { SuppliersModule } from './suppliers.module';
