import type { DynamicModule, ForwardReference, Type } from '@nestjs/common';
import { ActsModule } from '@licita/acts';
import { AuctionsModule } from '@licita/auctions';
import { BuyingUnitsModule } from '@licita/buying-units';
import { IdentityModule } from '@licita/identity';
import { ClassifierModule } from '@licita/classifier';
import { LedgerModule } from '@licita/ledger';
import { IdempotencyModule } from '@licita/platform';
import { SchedulingModule } from '@licita/scheduling';
import { SuppliersModule } from '@licita/suppliers';
import { TenderingModule } from '@licita/tendering';
import { DocumentsHttpModule } from './documents/documents-http.module';
import { FeedsModule, OcdsModule, TransparencyModule } from '@licita/transparency';
import { AlertsModule } from '@licita/alerts';
import { HistoryModule } from '@licita/history';
import { MarketResearchModule } from '@licita/market-research';
import { PlanningModule } from '@licita/planning';
import { QuotationsModule } from '@licita/quotations';
import { FrameworksModule } from '@licita/frameworks';
import { WorksLogModule } from '@licita/works-log';
import { ExecutionModule } from '@licita/execution';

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
  DocumentsHttpModule,
  TenderingModule,
  AuctionsModule.forRoot(),
  ActsModule,
  HistoryModule,
  LedgerModule,
  OcdsModule,
  TransparencyModule,
  FeedsModule,
  AlertsModule,
  MarketResearchModule,
  PlanningModule,
  QuotationsModule,
  FrameworksModule,
  WorksLogModule,
  ExecutionModule,
];
