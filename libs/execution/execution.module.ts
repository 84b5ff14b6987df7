import { Module } from '@nestjs/common';
import { TableExports } from '@licita/platform';
import { EXECUTION_QUERY_HANDLERS, ExecutionQueries } from './application/execution-queries';
import { ExecutionIndicators } from './application/execution-indicators';
import { ContractFactsReader, ExecuteOnContractHandler } from './application/execution-writer';
import { ExecutionStatisticsController } from './http/execution-statistics.controller';
import { ExecutionController } from './http/execution.controller';
import { ContractExecutionProjection } from './projections/contract-execution.projection';
import { ExecutionTermsProjection } from './projections/execution-terms.projection';

/** Contract execution: its commands, public reads (one contract; statistics and files) and projections. */
@Module({
  controllers: [ExecutionController, ExecutionStatisticsController],
  providers: [
    ContractFactsReader,
    ExecuteOnContractHandler,
    ExecutionQueries,
    ...EXECUTION_QUERY_HANDLERS,
    ContractExecutionProjection,
    ExecutionIndicators,
    ExecutionTermsProjection,
    TableExports,
  ],
})
export class ExecutionModule {}
