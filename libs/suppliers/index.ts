export { SupplierRegistry } from './application/supplier-registry';
export { SuppliersModule } from './suppliers.module';
