import type { DynamicModule, ForwardReference, Type } from '@nestjs/common';
import { AuctionsModule } from '@licita/auctions/auctions.module';
import { ClassifierModule } from '@licita/classifier/classifier.module';
import { BuyingUnitsModule } from '@licita/buying-units/buying-units.module';
import { IdentityModule } from '@licita/identity/identity.module';
import { LedgerModule } from '@licita/ledger/ledger.module';
import { IdempotencyModule } from '@licita/platform/idempotency';
import { SchedulingModule } from '@licita/scheduling/scheduling.module';
import { SuppliersModule } from '@licita/suppliers/suppliers.module';
import { TenderingModule } from '@licita/tendering';
import { OcdsModule } from '@licita/transparency/ocds/ocds.module';
import { TransparencyModule } from '@licita/transparency/transparency.module';

/**
 * The bounded contexts this API serves. A context adds its Nest module here (controllers, command and query
 * handlers, projections, `TypeOrmModule.forFeature([...])` for its read-model entities); nothing else in
 * the application shell needs to change.
 */
export const CONTEXT_MODULES: Array<Type | DynamicModule | ForwardReference> = [
  ClassifierModule,
  IdempotencyModule,
  SchedulingModule,
  IdentityModule,
  BuyingUnitsModule,
  SuppliersModule,
  TenderingModule,
  AuctionsModule.forRoot(),
  LedgerModule,
  OcdsModule,
  TransparencyModule,
];
