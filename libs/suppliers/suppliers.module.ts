import { Module } from '@nestjs/common';
import { TableExports } from '@licita/platform';
import { ClassifierLookup, ClassifierModule } from '@licita/classifier';
import { EVENT_STORE, type EventStore } from '@licita/event-store';
import { RegisterSupplierHandler } from './application/commands/register-supplier.handler';
import { SUPPLIER_DECISION_HANDLERS } from './application/commands/supplier-decision.handlers';
import { LiftExpiredSanctionsJob } from './application/lift-expired-sanctions.job';
import { SupplierExistsHandler } from './application/queries/supplier-exists.handler';
import { SUPPLIER_QUERY_HANDLERS } from './application/queries/supplier.handlers';
import {
  AttachSupplierDocumentsHandler,
  SupplierDocumentContentHandler,
  SupplierDocumentsHandler,
} from './application/supplier-documents';
import { SupplierHistoryHandler } from './application/supplier-history';
import { SupplierExports } from './application/supplier-export';
import { SupplierQueries } from './application/supplier-queries';
import { SupplierRegistry } from './application/supplier-registry';
import { SuppliersController } from './http/suppliers.controller';
import { SanctionExpirySchedule } from './projections/sanction-expiry.schedule';
import { SupplierRegisterProjection } from './projections/supplier-register.projection';

/**
 * The single register of suppliers: commands (classifier codes checked against the catalog), the supplier
 * directory and the sanctioned-suppliers directory (projections), and the automatic end of sanctions (a
 * projection deriving jobs for the durable scheduler, and their job). Registration creates the supplier's
 * account through identity's AccountRegistry; identity's SupplierExists is answered here.
 */
@Module({
  imports: [ClassifierModule],
  controllers: [SuppliersController],
  providers: [
    {
      provide: SupplierRegistry,
      useFactory: (store: EventStore, classifier: ClassifierLookup) =>
        new SupplierRegistry(store, { assertKnownClassifierCodes: (codes) => classifier.assertKnown(codes) }),
      inject: [EVENT_STORE, ClassifierLookup],
    },
    SupplierQueries,
    SupplierExports,
    TableExports,
    SupplierRegisterProjection,
    SanctionExpirySchedule,
    LiftExpiredSanctionsJob,
    RegisterSupplierHandler,
    ...SUPPLIER_DECISION_HANDLERS,
    ...SUPPLIER_QUERY_HANDLERS,
    SupplierExistsHandler,
    SupplierHistoryHandler,
    AttachSupplierDocumentsHandler,
    SupplierDocumentsHandler,
    SupplierDocumentContentHandler,
  ],
  exports: [SupplierRegistry, SupplierQueries],
})
export class SuppliersModule {}
