import { Module } from '@nestjs/common';
import { ClassifierModule } from '@licita/classifier';
import { SuppliersModule } from '@licita/suppliers';
import { TenderKeyStore } from '@licita/tendering';
import { QuotationDeadlineJobs } from './application/quotation-deadline.jobs';
import { QuotationQueries } from './application/quotation-queries';
import { QUOTATION_COMMAND_HANDLERS } from './application/quotation.handlers';
import { QUOTATION_QUERY_HANDLERS } from './application/quotation.queries';
import { QUOTATION_THRESHOLDS, QuotationWriter, thresholdsFromEnvironment } from './application/quotation-writer';
import { QuotationsController } from './http/quotations.controller';
import { QuotationDeadlineSchedule } from './projections/quotation-deadline.schedule';
import { QuotationRequestsProjection } from './projections/quotation-requests.projection';

/**
 * Quick quotations and mini-competitions: requests for quotations (stream `rfq-<id>`), sealed quotations (the
 * tenders' key store and sealing), the opening at the deadline (a durable job), the order, and their read models.
 */
@Module({
  imports: [ClassifierModule, SuppliersModule],
  controllers: [QuotationsController],
  providers: [
    { provide: QUOTATION_THRESHOLDS, useFactory: thresholdsFromEnvironment },
    QuotationWriter,
    TenderKeyStore,
    QuotationQueries,
    ...QUOTATION_COMMAND_HANDLERS,
    ...QUOTATION_QUERY_HANDLERS,
    QuotationRequestsProjection,
    QuotationDeadlineSchedule,
    QuotationDeadlineJobs,
  ],
  exports: [QuotationQueries],
})
export class QuotationsModule {}
