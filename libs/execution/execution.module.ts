import { Module } from '@nestjs/common';
import { EXECUTION_QUERY_HANDLERS, ExecutionQueries } from './application/execution-queries';
import { ContractFactsReader, ExecuteOnContractHandler } from './application/execution-writer';
import { ExecutionController } from './http/execution.controller';
import { ContractExecutionProjection } from './projections/contract-execution.projection';

/** Contract execution: its commands, public read and projection. */
@Module({
  controllers: [ExecutionController],
  providers: [
    ContractFactsReader,
    ExecuteOnContractHandler,
    ExecutionQueries,
    ...EXECUTION_QUERY_HANDLERS,
    ContractExecutionProjection,
  ],
})
export class ExecutionModule {}
