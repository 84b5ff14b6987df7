/**
 * The tendering context: procedures from draft to completed contract (tender aggregate, stream `tender-<id>`)
 * and the contracts of awarded lots (contract aggregate, stream `contract-<id>`): their commands and command
 * handlers, their queries, their events, the one rule of a procedure's public status, and the pure helpers
 * for sealed proposals. The domain is pure: handlers load the stream, look up facts from other contexts
 * (suppliers, classifier; the auctions context answers `AuctionResultsOfTender`), decide with `{ now, actor }`
 * and append.
 */
export { TenderingModule } from './tendering.module';

// Commands (the command bus) and what their handlers answer
export { CreateTender } from './application/commands/create-tender.handler';
export { UpdateTenderDraft } from './application/commands/update-tender-draft.handler';
export { PublishTender } from './application/commands/publish-tender.handler';
export { AskQuestion } from './application/commands/ask-question.handler';
export { AnswerQuestion } from './application/commands/answer-question.handler';
export { PublishClarificationMinutes } from './application/commands/publish-clarification-minutes.handler';
export { AmendTender } from './application/commands/amend-tender.handler';
export { SubmitProposal, type ProposalInput } from './application/commands/submit-proposal.handler';
export { ReplaceProposal } from './application/commands/replace-proposal.handler';
export { ProposalFileContent, UploadProposalFile } from './application/proposal-files';
export { WithdrawProposal } from './application/commands/withdraw-proposal.handler';
export { OpenProposals } from './application/commands/open-proposals.handler';
export { EvaluateProposal } from './application/commands/evaluate-proposal.handler';
export { CompleteEvaluation } from './application/commands/complete-evaluation.handler';
export { AwardTender } from './application/commands/award-tender.handler';
export { AwardDirectly } from './application/commands/award-directly.handler';
export { ChallengeAward } from './application/commands/challenge-award.handler';
export { ResolveChallenge } from './application/commands/resolve-challenge.handler';
export { CancelTender } from './application/commands/cancel-tender.handler';
export { AdvanceTenderClock } from './application/commands/advance-tender-clock.handler';
export { SignContract, type SignContractInput } from './application/commands/sign-contract.handler';
export { AmendContract } from './application/commands/amend-contract.handler';
export { CompleteContract } from './application/commands/complete-contract.handler';
export { TerminateContract } from './application/commands/terminate-contract.handler';
export { TENDER_POLICY, type TenderOutcome } from './application/tender-writer';
export { EfirmaVerifier, type EfirmaInput } from './application/efirma-verifier';
export { contractIdOf, type ContractOutcome } from './application/contract-writer';

// Queries (the query bus)
export { TenderById, TENDER_VIEW_STATEMENT } from './application/queries/tender-by-id.handler';
export { ActDocumentsOfTender } from './application/queries/act-documents.handler';
export { TenderAsOf } from './application/queries/tender-as-of.handler';
export { OwnProposals, type OwnProposal } from './application/queries/own-proposals.handler';
export { ContractById, type ContractView } from './application/queries/contract-by-id.handler';
export { UnitTenders, type UnitTender } from './application/queries/unit-tenders.handler';
export { AuctionResultsOfTender } from './application/queries/auction-results-of-tender.query';
export type { ActDocument, TenderView, LotResult } from './projections/tender-view';

// Events, the domain's commands and state, and the pure rules others need
export * from './domain/tender.types';
export * from './domain/tender.policy';
export * from './domain/tender.events';
export type { AuctionResult, TenderAmendment, TenderCommand } from './domain/tender.commands';
export { isTenderEvent, publicStatus, statusAfter, type ProcedureStatus } from './domain/public-status';
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
  PUBLIC_TENDER_STATUSES,
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
export type { FiscalYearShare, MultiYearTerms } from './domain/multi-year';
export {
  participantsOfLot,
  unitShares,
  type ConsolidatedParticipant,
  type Consolidation,
} from './domain/consolidation';
export {
  checkDocuments,
  checkId,
  checkTenderContent,
  checkSchedule,
  instant,
  requiredText,
  validQuantity,
  lotValue,
  minimumSubmissionDays,
  submissionPeriodOf,
} from './domain/tender-content';
export {
  LAW_VERSIONS,
  LEGAL_TIME_ZONE,
  addCalendarDays,
  calendarDaysBetween,
  checkPeriod,
  checkSubmissionPeriod,
  lawFor,
  lawVersionOn,
  mexicoCityDate,
  mexicoCityInstant,
  minimumSubmissionDeadline,
  onMexicoCityDate,
  submissionPeriodRule,
  type LawVersion,
  type LegalReference,
  type ProcurementLaw,
  type SubmissionPeriodRule,
} from './domain/legal-calendar';
export { checkProposalContent } from './domain/proposal-content';
export { rankLot, type CompliantBid } from './domain/evaluation';
export { fieldDiff, type FieldChange } from './domain/field-diff';
export * from './domain/sealing';
export { TenderKeyStore } from './application/tender-keys';
export * from './domain/auction-anonymity';
export {
  CONTRACT_EVENT_TYPES,
  CONTRACT_MODIFICATION_LIMIT_PERCENT,
  contractDecider,
  contractStream,
  decideContract,
  evolveContract,
  initialContractState,
  type ContractAmended,
  type ContractCommand,
  type ContractCompleted,
  type ContractEvent,
  type ContractItem,
  type ContractSigned,
  type ContractState,
  type ContractStatus,
  type ContractTerminated,
} from './domain/contract';
