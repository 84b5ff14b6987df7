/**
 * The tendering context: procedures from draft to completed contract (tender aggregate, stream
 * `tender-<id>`) and the contracts of awarded lots (contract aggregate, stream `contract-<id>`), with the pure
 * helpers for sealed proposals. Everything here is pure: handlers load the stream, look up facts from other
 * contexts, call `decide` with `{ now, actor }` and append.
 */
export * from './domain/tender.types';
export * from './domain/tender.policy';
export * from './domain/tender.commands';
export * from './domain/tender.events';
export {
  activeProposals,
  contractTermsFor,
  evaluationKey,
  initialState as initialTenderState,
  evolve as evolveTender,
  isAwardFinal,
  nextClockAlarm,
  openChallenges,
  statusAt,
  type Award,
  type Challenge,
  type ContractTerms,
  type Evaluation,
  type LotProgress,
  type LotStatus,
  type Proposal,
  type Question,
  type RankedBid,
  type TenderState,
  type TenderStatus,
} from './domain/tender.state';
export { createTenderDecider, tenderDecider } from './domain/tender.decider';
export { checkTenderContent, checkSchedule, lotValue, minimumSubmissionDays } from './domain/tender-content';
export { checkProposalContent } from './domain/proposal-content';
export { rankLot, type CompliantBid } from './domain/evaluation';
export { fieldDiff, type FieldChange } from './domain/field-diff';
export * from './domain/sealing';
export * from './domain/contract';
export { AuctionResultsOfTender } from './application/queries/auction-results-of-tender.query';
