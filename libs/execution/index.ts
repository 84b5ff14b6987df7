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
export { executionFlags, type ExecutionFlag } from './domain/execution.flags';
export {
  PAYMENT_TERM_DAYS,
  PAYMENT_TERM_REFERENCE,
  PENALTY_CAP_REFERENCE,
  paymentDueDate,
} from './domain/payment-term';
export { publicExecutionEvent } from './projections/contract-execution.projection';
