import { Module } from '@nestjs/common';
import { ClassifierLookup } from '@licita/classifier/application/classifier-lookup';
import { ClassifierModule } from '@licita/classifier/classifier.module';
import { EVENT_STORE, type EventStore } from '@licita/event-store/event-store.port';
import { LiftExpiredSanctionsHandler } from './application/lift-expired-sanctions.handler';
import { SupplierQueries } from './application/supplier-queries';
import { SupplierRegistry } from './application/supplier-registry';
import { SupplierSelfRegistration } from './application/supplier-self-registration';
import { SuppliersController } from './http/suppliers.controller';
import { SanctionExpirySchedule } from './projections/sanction-expiry.schedule';
import { SupplierRegisterProjection } from './projections/supplier-register.projection';

/**
 * The single register of suppliers: commands (classifier codes checked against the catalog), the supplier
 * directory and the sanctioned-suppliers directory (projections), and the automatic end of sanctions (a
 * projection deriving jobs for the durable scheduler, and their handler). Accounts come from IdentityModule.
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
    SupplierSelfRegistration,
    SupplierQueries,
    SupplierRegisterProjection,
    SanctionExpirySchedule,
    LiftExpiredSanctionsHandler,
  ],
  exports: [SupplierRegistry, SupplierQueries],
})
export class SuppliersModule {}
