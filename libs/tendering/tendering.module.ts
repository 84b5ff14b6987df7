import { Module } from '@nestjs/common';
import { ClassifierModule } from '@licita/classifier/classifier.module';
import { SuppliersModule } from '@licita/suppliers/suppliers.module';
import { AdvanceTenderClockHandler } from './application/advance-tender-clock.handler';
import { ContractCommands } from './application/contract-commands';
import { TenderCommands } from './application/tender-commands';
import { TenderKeyStore } from './application/tender-keys';
import { TenderQueries } from './application/tender-queries';
import { ContractsController } from './http/contracts.controller';
import { TendersController } from './http/tenders.controller';
import { TenderClockSchedule } from './projections/tender-clock.schedule';
import { TenderViewsProjection } from './projections/tender-views.projection';

/**
 * Procurement procedures over HTTP: the tender and contract command handlers (supplier standings from the
 * register, classifier codes from the catalog, proposals sealed with per-tender keys wrapped by
 * LICITA_MASTER_KEY), the parties' view of each tender (a projection), and the deadlines (a projection
 * deriving jobs for the durable scheduler, and their handler). Policy: provide TENDER_POLICY to change the
 * default periods.
 */
@Module({
  imports: [ClassifierModule, SuppliersModule],
  controllers: [TendersController, ContractsController],
  providers: [
    TenderKeyStore,
    TenderCommands,
    ContractCommands,
    TenderQueries,
    TenderViewsProjection,
    TenderClockSchedule,
    AdvanceTenderClockHandler,
  ],
  exports: [TenderCommands, TenderQueries],
})
export class TenderingModule {}
