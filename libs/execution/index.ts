/**
 * The execution context: what happens after a contract is signed, in the stream `contract-execution-<contractId>`:
 * the delivery schedule and its receipts, the supplier's invoices (CFDI), payments, conventional penalties and
 * the performance guarantee; the flags of late and missing deliveries and late payments (LAASSP art. 51).
 */
export { ExecutionModule } from './execution.module';
export { ExecuteOnContract, type ExecutionOutcome, type ExecutionRequest } from './application/execution-writer';
export { ContractExecution, viewOf, type ExecutionView } from './application/execution-queries';
export * from './domain/execution.types';
export {
  executionDecider,
  evolveExecution,
  initialExecutionState,
  type ExecutionState,
} from './domain/execution.decider';
export { executionFlags, termFlags, type ExecutionFlag, type ExecutionTerm } from './domain/execution.flags';
export {
  contractFlagSummaries,
  executionStatistics,
  type ContractFlagSummary,
  type ExecutionStatisticsRow,
  type PublicTerm,
} from './domain/execution.statistics';
export {
  contractExecutionFlags,
  readPublicTerms,
  type ExecutionStatistics,
  type TermFilter,
} from './application/execution-indicators';
export {
  PAYMENT_TERM_DAYS,
  PAYMENT_TERM_REFERENCE,
  PENALTY_CAP_REFERENCE,
  paymentDueDate,
} from './domain/payment-term';
export { publicExecutionEvent } from './projections/contract-execution.projection';
