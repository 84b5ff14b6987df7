import { Module } from '@nestjs/common';
import { ClassifierModule } from '@licita/classifier';
import { SuppliersModule } from '@licita/suppliers';
import { AmendContractHandler } from './application/commands/amend-contract.handler';
import { AmendTenderHandler } from './application/commands/amend-tender.handler';
import { AnswerQuestionHandler } from './application/commands/answer-question.handler';
import { PublishClarificationMinutesHandler } from './application/commands/publish-clarification-minutes.handler';
import { AskQuestionHandler } from './application/commands/ask-question.handler';
import { AdvanceTenderClockHandler } from './application/commands/advance-tender-clock.handler';
import { AwardDirectlyHandler } from './application/commands/award-directly.handler';
import { AwardTenderHandler } from './application/commands/award-tender.handler';
import { CancelTenderHandler } from './application/commands/cancel-tender.handler';
import { ChallengeAwardHandler } from './application/commands/challenge-award.handler';
import { CompleteContractHandler } from './application/commands/complete-contract.handler';
import { CompleteEvaluationHandler } from './application/commands/complete-evaluation.handler';
import { CreateTenderHandler } from './application/commands/create-tender.handler';
import { EvaluateProposalHandler } from './application/commands/evaluate-proposal.handler';
import { OpenProposalsHandler } from './application/commands/open-proposals.handler';
import { PublishTenderHandler } from './application/commands/publish-tender.handler';
import { ReplaceProposalHandler } from './application/commands/replace-proposal.handler';
import { ResolveChallengeHandler } from './application/commands/resolve-challenge.handler';
import { SignContractHandler } from './application/commands/sign-contract.handler';
import { SubmitProposalHandler } from './application/commands/submit-proposal.handler';
import { TerminateContractHandler } from './application/commands/terminate-contract.handler';
import { UpdateTenderDraftHandler } from './application/commands/update-tender-draft.handler';
import { WithdrawProposalHandler } from './application/commands/withdraw-proposal.handler';
import { ContractWriter } from './application/contract-writer';
import { EfirmaVerifier } from './application/efirma-verifier';
import { ContractByIdHandler } from './application/queries/contract-by-id.handler';
import { OwnProposalsHandler } from './application/queries/own-proposals.handler';
import { TenderAsOfHandler } from './application/queries/tender-as-of.handler';
import { IsDocumentPublicHandler } from './application/queries/document-publicity.handler';
import { TenderByIdHandler } from './application/queries/tender-by-id.handler';
import { UnitTendersHandler } from './application/queries/unit-tenders.handler';
import { ActDocumentsOfTenderHandler } from './application/queries/act-documents.handler';
import { TenderClockJobs } from './application/tender-clock.jobs';
import { ProposalFileContentHandler, UploadProposalFileHandler } from './application/proposal-files';
import { TenderKeyStore } from './application/tender-keys';
import { TenderWriter } from './application/tender-writer';
import { ContractsController } from './http/contracts.controller';
import { ServerTimeController } from './http/server-time.controller';
import { TendersController } from './http/tenders.controller';
import { TenderClockSchedule } from './projections/tender-clock.schedule';
import { TenderViewsProjection } from './projections/tender-views.projection';
import { SupplierProposalsProjection } from './projections/supplier-proposals.projection';
import { SealedProposalsOfTenderHandler, SupplierProceduresHandler } from './application/queries/supplier-desk.handler';
import { SupplierDeskController } from './http/supplier-desk.controller';

const COMMAND_HANDLERS = [
  CreateTenderHandler,
  UpdateTenderDraftHandler,
  PublishTenderHandler,
  AskQuestionHandler,
  AnswerQuestionHandler,
  PublishClarificationMinutesHandler,
  AmendTenderHandler,
  SubmitProposalHandler,
  UploadProposalFileHandler,
  ReplaceProposalHandler,
  WithdrawProposalHandler,
  OpenProposalsHandler,
  EvaluateProposalHandler,
  CompleteEvaluationHandler,
  AwardTenderHandler,
  AwardDirectlyHandler,
  ChallengeAwardHandler,
  ResolveChallengeHandler,
  CancelTenderHandler,
  AdvanceTenderClockHandler,
  SignContractHandler,
  AmendContractHandler,
  CompleteContractHandler,
  TerminateContractHandler,
];

const QUERY_HANDLERS = [
  TenderByIdHandler,
  UnitTendersHandler,
  ActDocumentsOfTenderHandler,
  ProposalFileContentHandler,
  TenderAsOfHandler,
  OwnProposalsHandler,
  ContractByIdHandler,
  IsDocumentPublicHandler,
  SupplierProceduresHandler,
  SealedProposalsOfTenderHandler,
];

/**
 * Procurement procedures over HTTP and the buses: one handler per tender and contract command (supplier
 * standings from the register, classifier codes from the catalog, auction results asked on the query bus,
 * proposals sealed with per-tender keys wrapped by LICITA_MASTER_KEY), the queries of the tender and its
 * contracts, the parties' view of each tender (a projection), and the deadlines (a projection deriving jobs
 * for the durable scheduler, and their runner). Policy: provide TENDER_POLICY to change the default periods.
 */
@Module({
  imports: [ClassifierModule, SuppliersModule],
  controllers: [TendersController, ContractsController, SupplierDeskController, ServerTimeController],
  providers: [
    TenderKeyStore,
    EfirmaVerifier,
    TenderWriter,
    ContractWriter,
    ...COMMAND_HANDLERS,
    ...QUERY_HANDLERS,
    TenderViewsProjection,
    SupplierProposalsProjection,
    TenderClockSchedule,
    TenderClockJobs,
  ],
})
export class TenderingModule {}
