/** The suppliers context: the register of suppliers (stream `supplier-<id>`), their verification and sanctions. */
export { SuppliersModule } from './suppliers.module';
export { SupplierRegistry } from './application/supplier-registry';
export { sanctionsInForce } from './domain/supplier.decider';
