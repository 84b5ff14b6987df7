import { Body, Controller, Delete, Get, Param, Patch, Post, Put, Query, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiQuery,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { CommandContext } from '@licita/event-store';
import {
  CommandCtx,
  CurrentPrincipal,
  newId,
  type AuthenticatedRequest,
  type CommandFieldsOf,
  type Principal,
} from '@licita/identity';
import { parseAsOf } from '@licita/ledger';
import { DomainError } from '@licita/shared';
import { AmendTender } from '../application/commands/amend-tender.handler';
import { AnswerQuestion } from '../application/commands/answer-question.handler';
import { AskQuestion } from '../application/commands/ask-question.handler';
import { AwardDirectly } from '../application/commands/award-directly.handler';
import { AwardTender } from '../application/commands/award-tender.handler';
import { CancelTender } from '../application/commands/cancel-tender.handler';
import { ChallengeAward } from '../application/commands/challenge-award.handler';
import { CompleteEvaluation } from '../application/commands/complete-evaluation.handler';
import { CreateTender } from '../application/commands/create-tender.handler';
import { EvaluateProposal } from '../application/commands/evaluate-proposal.handler';
import { OpenProposals } from '../application/commands/open-proposals.handler';
import { PublishClarificationMinutes } from '../application/commands/publish-clarification-minutes.handler';
import { PublishTender } from '../application/commands/publish-tender.handler';
import { ReplaceProposal } from '../application/commands/replace-proposal.handler';
import { ResolveChallenge } from '../application/commands/resolve-challenge.handler';
import { SubmitProposal, type ProposalInput } from '../application/commands/submit-proposal.handler';
import { UpdateTenderDraft } from '../application/commands/update-tender-draft.handler';
import { WithdrawProposal } from '../application/commands/withdraw-proposal.handler';
import { OwnProposals, type OwnProposal } from '../application/queries/own-proposals.handler';
import { TenderAsOf } from '../application/queries/tender-as-of.handler';
import { TenderById } from '../application/queries/tender-by-id.handler';
import { UnitTenders, type UnitTender } from '../application/queries/unit-tenders.handler';
import type { TenderOutcome } from '../application/tender-writer';
import type { ProposalReceipt } from '../domain/sealing';
import type { TenderAmendment } from '../domain/tender.commands';
import type { TenderContentInput } from '../domain/tender.types';
import type { TenderView } from '../projections/tender-view';
import {
  AmendTenderDto,
  AnswerQuestionDto,
  AskQuestionDto,
  AwardDirectlyDto,
  ChallengeAwardDto,
  ClarificationMinutesDto,
  CreateTenderDto,
  EvaluateProposalDto,
  ReasonDto,
  ReplaceProposalDto,
  ResolveChallengeDto,
  SubmitProposalDto,
  UpdateTenderDraftDto,
} from './tenders.dto';
import { ActionEndpoint, CommandEndpoint } from './command-endpoints';
import { CACHE, Cached } from '@licita/platform';

const unitInBody: CommandFieldsOf = (request) => ({
  buyingUnitId: (request.body as { buyingUnitId?: unknown } | undefined)?.buyingUnitId,
});

const CONFLICT =
  'The command does not fit the tender now: `tender.invalid_transition` or a deadline rule; `details.status` is its current status';

type Summary = { tenderId: string; status: string };

/**
 * Procurement procedures: the buyer's draft, call, clarifications, amendments, opening act, evaluation and
 * award; the suppliers' sealed proposals and challenges; the auditor's resolutions. Every command may carry
 * `Idempotency-Key`; deadlines are the server clock's.
 */
@ApiTags('tenders')
@Controller('api/tenders')
export class TendersController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @CommandEndpoint(Post(), 'CreateTender', unitInBody)
  @ApiCreatedResponse({ description: 'A draft of a public tender, an invitation or a direct award' })
  @ApiUnprocessableEntityResponse({
    description: '`tender.*` (the rule and field in `details`), `classifier.unknown_code`',
  })
  async create(
    @Body() body: CreateTenderDto,
    @CurrentPrincipal() principal: Principal,
    @CommandCtx() context: CommandContext,
  ): Promise<Summary> {
    const { tenderId: given, ...content } = body;
    const tenderId = newId(context, 'tender', given);
    const command = { type: 'CreateTender' as const, tenderId, content: content as TenderContentInput };
    const outcome = await this.commands.execute(new CreateTender(command, principal, context));
    return summary(tenderId, outcome);
  }

  @CommandEndpoint(Patch(':id'), 'UpdateTenderDraft')
  @ApiOkResponse({ description: 'The fields that changed (the whole content is checked again)' })
  @ApiConflictResponse({ description: CONFLICT })
  async update(
    @Param('id') tenderId: string,
    @Body() body: UpdateTenderDraftDto,
    @CurrentPrincipal() principal: Principal,
    @CommandCtx() context: CommandContext,
  ) {
    const changes = definedOnly(body) as Partial<TenderContentInput>;
    const command = { type: 'UpdateTenderDraft' as const, tenderId, changes };
    const outcome = await this.commands.execute(new UpdateTenderDraft(command, principal, context));
    const changedFields = outcome.events.flatMap((event) =>
      event.type === 'TenderDraftUpdated' ? Object.keys(event.data.changes) : [],
    );
    return { ...summary(tenderId, outcome), changedFields };
  }

  @ActionEndpoint(':id/publish', 'PublishTender')
  @ApiOkResponse({
    description:
      'Published now; the schedule as published. An invitation needs every invitee verified and not sanctioned.',
  })
  @ApiConflictResponse({ description: CONFLICT })
  @ApiUnprocessableEntityResponse({
    description: '`tender.schedule_too_short` (publishing later shortens the period), `tender.invitee_not_eligible`',
  })
  async publish(
    @Param('id') tenderId: string,
    @CurrentPrincipal() principal: Principal,
    @CommandCtx() context: CommandContext,
  ) {
    const outcome = await this.commands.execute(new PublishTender({ tenderId }, principal, context));
    return {
      ...summary(tenderId, outcome),
      publishedAt: outcome.state.publishedAt,
      schedule: outcome.state.content?.schedule,
    };
  }

  @Get()
  @ApiBearerAuth()
  @ApiOkResponse({
    description:
      "The calling buyer's unit's tenders, newest change first (at most 200), drafts included: the desk's list of drafts (shared by the unit's buyers) and its calendar. Eventually consistent.",
  })
  @ApiQuery({ name: 'status', required: false, description: '`draft`: only the drafts' })
  @ApiForbiddenResponse({ description: '`auth.forbidden` for anyone but a buyer of a unit' })
  @ApiUnprocessableEntityResponse({ description: '`tender.invalid_status_filter`: a status other than `draft`' })
  unitTenders(
    @Query('status') status: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: AuthenticatedRequest,
  ): Promise<UnitTender[]> {
    if (status !== undefined && status !== 'draft')
      throw new DomainError('tender.invalid_status_filter', 'status may only be draft', 'invalid');
    return this.queries.execute(new UnitTenders(buyingUnitOf(principal), status === 'draft', request.now));
  }

  @Get(':id')
  @Cached(CACHE.detail)
  @ApiOkResponse({
    description:
      'The tender for the parties and the public (a draft: its unit only). Questions without askers; before the opening act only the receipts of proposals (commitment and time). Eventually consistent.',
  })
  @ApiQuery({
    name: 'asOf',
    required: false,
    description:
      'An ISO 8601 instant: the tender exactly as it stood then, folded from its events (422 `as_of.invalid`)',
  })
  @ApiNotFoundResponse({ description: '`tender.not_found` (also a tender that was still a draft at `asOf`)' })
  view(
    @Param('id') tenderId: string,
    @Query('asOf') asOf: string | undefined,
    @CurrentPrincipal() principal: Principal,
    @Req() request: AuthenticatedRequest,
  ): Promise<TenderView> {
    if (asOf === undefined) return this.queries.execute(new TenderById(tenderId, principal, request.now));
    return this.queries.execute(new TenderAsOf(tenderId, principal, parseAsOf(asOf, request.now)));
  }

  @CommandEndpoint(Post(':id/questions'), 'AskQuestion')
  @ApiCreatedResponse({ description: 'Asked; published without the asker' })
  @ApiConflictResponse({ description: '`question.deadline_passed` at or after the questions deadline; ' + CONFLICT })
  @ApiForbiddenResponse({
    description:
      '`question.supplier_not_verified`, `question.supplier_sanctioned`: only a supplier that may take part asks',
  })
  async ask(
    @Param('id') tenderId: string,
    @Body() body: AskQuestionDto,
    @CurrentPrincipal() principal: Principal,
    @CommandCtx() context: CommandContext,
  ) {
    const questionId = newId(context, 'question', body.questionId);
    const supplierId = supplierOf(principal);
    const command = { tenderId, questionId, supplierId, lotId: body.lotId ?? null, text: body.text };
    await this.commands.execute(new AskQuestion(command, principal, context));
    return { tenderId, questionId };
  }

  @ActionEndpoint(':id/questions/:questionId/answer', 'AnswerQuestion')
  @ApiOkResponse({ description: 'Answered (before the submission deadline); its documents are public with it' })
  @ApiForbiddenResponse({ description: '`tender.document_not_owned`: an upload of another unit' })
  @ApiUnprocessableEntityResponse({ description: '`tender.document_mismatch`, `tender.invalid_document`' })
  @ApiConflictResponse({ description: '`question.already_answered`, `question.answer_deadline_passed`; ' + CONFLICT })
  async answer(
    @Param('id') tenderId: string,
    @Param('questionId') questionId: string,
    @Body() body: AnswerQuestionDto,
    @CurrentPrincipal() principal: Principal,
    @CommandCtx() context: CommandContext,
  ) {
    const { answer, documents } = body;
    const command = { type: 'AnswerQuestion' as const, tenderId, questionId, answer, documents };
    const outcome = await this.commands.execute(new AnswerQuestion(command, principal, context));
    return { tenderId, questionId, answeredAt: outcome.state.questions[questionId]?.answeredAt };
  }

  @CommandEndpoint(Post(':id/clarification-minutes'), 'PublishClarificationMinutes')
  @ApiCreatedResponse({
    description:
      'The minutes of a clarification meeting (junta de aclaraciones), public with their documents; between the publication and the submission deadline',
  })
  @ApiConflictResponse({
    description:
      '`clarification_minutes.deadline_passed`, `clarification_minutes.already_exists` (other minutes by that id); ' +
      CONFLICT,
  })
  @ApiForbiddenResponse({ description: '`tender.document_not_owned`: an upload of another unit' })
  @ApiUnprocessableEntityResponse({
    description:
      '`clarification_minutes.invalid_held_at` (before the publication or in the future), `clarification_minutes.summary_required`, `tender.document_mismatch`, `tender.invalid_document`',
  })
  async publishClarificationMinutes(
    @Param('id') tenderId: string,
    @Body() body: ClarificationMinutesDto,
    @CurrentPrincipal() principal: Principal,
    @CommandCtx() context: CommandContext,
  ) {
    const minutesId = newId(context, 'clarification-minutes', body.minutesId);
    const { heldAt, summary, documents } = body;
    const command = {
      type: 'PublishClarificationMinutes' as const,
      tenderId,
      minutesId,
      heldAt,
      summary,
      documents,
    };
    await this.commands.execute(new PublishClarificationMinutes(command, principal, context));
    return { tenderId, minutesId };
  }

  @CommandEndpoint(Post(':id/amendments'), 'AmendTender')
  @ApiCreatedResponse({
    description:
      'The diff by field; an amendment within the notice days before the deadline extends it (`submissionDeadline`)',
  })
  @ApiConflictResponse({ description: '`tender.amendment_deadline_passed`, `tender.lot_has_proposals`; ' + CONFLICT })
  @ApiUnprocessableEntityResponse({
    description: '`tender.field_not_amendable`, `tender.amendment_empty`, any content rule',
  })
  async amend(
    @Param('id') tenderId: string,
    @Body() body: AmendTenderDto,
    @CurrentPrincipal() principal: Principal,
    @CommandCtx() context: CommandContext,
  ) {
    const amendmentId = newId(context, 'amendment', body.amendmentId);
    const changes = definedOnly(body.changes) as TenderAmendment;
    const command = { type: 'AmendTender' as const, tenderId, amendmentId, changes, reason: body.reason };
    const outcome = await this.commands.execute(new AmendTender(command, principal, context));
    const amended = outcome.events.find((event) => event.type === 'TenderAmended');
    const extended = outcome.events.find((event) => event.type === 'SubmissionDeadlineExtended');
    return {
      tenderId,
      amendmentId,
      changes: amended?.type === 'TenderAmended' ? amended.data.changes : [],
      deadlineExtended: extended !== undefined,
      schedule: outcome.state.content?.schedule,
    };
  }

  @CommandEndpoint(Post(':id/proposals'), 'SubmitProposal')
  @ApiCreatedResponse({
    description:
      'Sealed. The receipt: the SHA-256 commitment of the proposal and its submission time (both published at once)',
  })
  @ApiForbiddenResponse({
    description: '`proposal.supplier_not_verified`, `proposal.supplier_sanctioned`, `proposal.supplier_not_invited`',
  })
  @ApiConflictResponse({
    description:
      '`proposal.tendering_not_started` (before the questions deadline), `proposal.late`, `proposal.lot_already_covered`; ' +
      CONFLICT,
  })
  @ApiUnprocessableEntityResponse({
    description:
      '`proposal.invalid_content`, `proposal.amount_mismatch`, `proposal.unknown_lot`; e.firma: `efirma.required`, ' +
      '`efirma.invalid_signature`, `efirma.rfc_mismatch`, `efirma.certificate_expired`, ' +
      '`efirma.certificate_not_yet_valid`, `efirma.untrusted_certificate`, `efirma.malformed_certificate`, ' +
      '`efirma.invalid_key_usage` (409 `efirma.not_configured`)',
  })
  submit(
    @Param('id') tenderId: string,
    @Body() body: SubmitProposalDto,
    @CurrentPrincipal() principal: Principal,
    @CommandCtx() context: CommandContext,
  ): Promise<ProposalReceipt> {
    const proposalId = newId(context, 'proposal', body.proposalId);
    return this.commands.execute(new SubmitProposal(proposalInput(tenderId, proposalId, body), principal, context));
  }

  @CommandEndpoint(Put(':id/proposals/:proposalId'), 'ReplaceProposal')
  @ApiOkResponse({ description: 'Replaced before the deadline; a new receipt' })
  @ApiConflictResponse({ description: '`proposal.late`, `proposal.withdrawn`; ' + CONFLICT })
  replace(
    @Param('id') tenderId: string,
    @Param('proposalId') proposalId: string,
    @Body() body: ReplaceProposalDto,
    @CurrentPrincipal() principal: Principal,
    @CommandCtx() context: CommandContext,
  ): Promise<ProposalReceipt> {
    return this.commands.execute(new ReplaceProposal(proposalInput(tenderId, proposalId, body), principal, context));
  }

  @CommandEndpoint(Delete(':id/proposals/:proposalId'), 'WithdrawProposal')
  @ApiOkResponse({ description: 'Withdrawn before the deadline' })
  @ApiConflictResponse({ description: '`proposal.late`; ' + CONFLICT })
  async withdraw(
    @Param('id') tenderId: string,
    @Param('proposalId') proposalId: string,
    @CurrentPrincipal() principal: Principal,
    @CommandCtx() context: CommandContext,
  ) {
    const command = { type: 'WithdrawProposal' as const, tenderId, proposalId, supplierId: supplierOf(principal) };
    await this.commands.execute(new WithdrawProposal(command, principal, context));
    return { tenderId, proposalId, withdrawn: true };
  }

  @Get(':id/proposals/mine')
  @ApiBearerAuth()
  @ApiOkResponse({
    description: "The calling supplier's own proposals to the tender, with their content (decrypted for it alone)",
  })
  @ApiForbiddenResponse({ description: '`auth.forbidden` for anyone but a supplier' })
  mine(@Param('id') tenderId: string, @CurrentPrincipal() principal: Principal): Promise<OwnProposal[]> {
    return this.queries.execute(new OwnProposals(tenderId, supplierOf(principal)));
  }

  @ActionEndpoint(':id/open', 'OpenProposals')
  @ApiOkResponse({
    description: 'The opening act: every proposal revealed at once, each checked against its commitment',
  })
  @ApiConflictResponse({ description: '`opening.too_early` before the opening date; ' + CONFLICT })
  async open(
    @Param('id') tenderId: string,
    @CurrentPrincipal() principal: Principal,
    @CommandCtx() context: CommandContext,
  ) {
    const outcome = await this.commands.execute(new OpenProposals({ tenderId }, principal, context));
    const opened = outcome.events.find((event) => event.type === 'ProposalsOpened');
    const proposals = opened?.type === 'ProposalsOpened' ? opened.data.proposals : [];
    return {
      ...summary(tenderId, outcome),
      openedAt: outcome.state.openedAt,
      proposals: proposals.map(({ proposalId, supplierId, lotIds, commitment, submittedAt, offers }) => ({
        proposalId,
        supplierId,
        lotIds,
        commitment,
        submittedAt,
        offers,
        commitmentVerified: true,
      })),
      desertedLots: outcome.events.flatMap((event) => (event.type === 'LotDeserted' ? [event.data.lotId] : [])),
    };
  }

  @CommandEndpoint(Post(':id/evaluations'), 'EvaluateProposal')
  @ApiCreatedResponse({ description: 'Recorded (evaluating again replaces it until the evaluation is completed)' })
  @ApiConflictResponse({ description: '`evaluation.already_completed`; ' + CONFLICT })
  @ApiUnprocessableEntityResponse({
    description:
      '`evaluation.reason_required`, `evaluation.points_required`, `evaluation.points_not_applicable`, `evaluation.lot_not_covered`',
  })
  async evaluate(
    @Param('id') tenderId: string,
    @Body() body: EvaluateProposalDto,
    @CurrentPrincipal() principal: Principal,
    @CommandCtx() context: CommandContext,
  ) {
    const { proposalId, lotId, compliant, reasons = [], technicalPoints } = body;
    const command = {
      type: 'EvaluateProposal' as const,
      tenderId,
      proposalId,
      lotId,
      compliant,
      reasons,
      technicalPoints,
    };
    const outcome = await this.commands.execute(new EvaluateProposal(command, principal, context));
    return { ...summary(tenderId, outcome), proposalId, lotId, compliant };
  }

  @ActionEndpoint(':id/evaluations/complete', 'CompleteEvaluation')
  @ApiOkResponse({
    description: 'Every lot ranked; lots without a compliant proposal deserted; lots with a reverse auction sent to it',
  })
  @ApiConflictResponse({ description: '`evaluation.incomplete` (`details.missing`); ' + CONFLICT })
  async completeEvaluation(
    @Param('id') tenderId: string,
    @CurrentPrincipal() principal: Principal,
    @CommandCtx() context: CommandContext,
  ) {
    const command = { type: 'CompleteEvaluation' as const, tenderId };
    const outcome = await this.commands.execute(new CompleteEvaluation(command, principal, context));
    const completed = outcome.events.find((event) => event.type === 'EvaluationCompleted');
    return {
      ...summary(tenderId, outcome),
      lots: completed?.type === 'EvaluationCompleted' ? completed.data.lots : [],
    };
  }

  @ActionEndpoint(':id/award', 'AwardTender')
  @ApiOkResponse({
    description:
      'The award (fallo) of every open lot to its best compliant proposal, or to the winner of its closed reverse auction; the objection period starts',
  })
  @ApiConflictResponse({ description: '`evaluation.not_completed`; ' + CONFLICT })
  @ApiUnprocessableEntityResponse({
    description: '`award.auction_result_required` (a lot whose auction has not closed yet)',
  })
  async award(
    @Param('id') tenderId: string,
    @CurrentPrincipal() principal: Principal,
    @CommandCtx() context: CommandContext,
  ) {
    return awards(tenderId, await this.commands.execute(new AwardTender({ tenderId }, principal, context)));
  }

  @ActionEndpoint(':id/direct-award', 'AwardDirectly')
  @ApiOkResponse({
    description:
      'A direct-award draft (LAASSP art. 41/42) awarded lot by lot: each lot to its supplier (the one the draft names, ' +
      'or the one given per lot, so several suppliers across lots), verified and not sanctioned now; each awarded lot ' +
      'then gets its own contract. No objection period. An open-contract lot (LAASSP art. 47) may be awarded for 0.',
  })
  @ApiForbiddenResponse({ description: '`award.supplier_not_eligible` (unverified or sanctioned)' })
  @ApiConflictResponse({ description: '`tender.not_direct_award`; ' + CONFLICT })
  @ApiUnprocessableEntityResponse({
    description:
      '`award.invalid_amount`, `award.above_maximum`, `award.unknown_lot`, `award.duplicate_lot`, `award.lot_missing`, ' +
      '`award.supplier_required`, `award.supplier_mismatch`',
  })
  async awardDirectly(
    @Param('id') tenderId: string,
    @Body() body: AwardDirectlyDto,
    @CurrentPrincipal() principal: Principal,
    @CommandCtx() context: CommandContext,
  ) {
    const command = new AwardDirectly({ tenderId, lots: body.lots }, principal, context);
    return awards(tenderId, await this.commands.execute(command));
  }

  @CommandEndpoint(Post(':id/challenges'), 'ChallengeAward')
  @ApiCreatedResponse({
    description: "An objection (inconformidad) by a bidder of the lot, within the lot's objection period",
  })
  @ApiConflictResponse({
    description:
      '`challenge.objection_period_over`, `challenge.not_applicable`, `challenge.lot_not_awarded`; ' + CONFLICT,
  })
  async challenge(
    @Param('id') tenderId: string,
    @Body() body: ChallengeAwardDto,
    @CurrentPrincipal() principal: Principal,
    @CommandCtx() context: CommandContext,
  ) {
    const challengeId = newId(context, 'challenge', body.challengeId);
    const command = {
      type: 'ChallengeAward' as const,
      tenderId,
      challengeId,
      lotId: body.lotId,
      supplierId: supplierOf(principal),
      grounds: body.grounds,
    };
    await this.commands.execute(new ChallengeAward(command, principal, context));
    return { tenderId, challengeId };
  }

  @ActionEndpoint(':id/challenges/:challengeId/resolution', 'ResolveChallenge', null)
  @ApiOkResponse({
    description: "The auditor's resolution; upheld, the award is revised (a new objection period) or annulled",
  })
  @ApiConflictResponse({ description: '`challenge.already_resolved`; ' + CONFLICT })
  async resolve(
    @Param('id') tenderId: string,
    @Param('challengeId') challengeId: string,
    @Body() body: ResolveChallengeDto,
    @CurrentPrincipal() principal: Principal,
    @CommandCtx() context: CommandContext,
  ) {
    const { upheld, reason, revisedProposalId } = body;
    const command = { type: 'ResolveChallenge' as const, tenderId, challengeId, upheld, reason, revisedProposalId };
    const outcome = await this.commands.execute(new ResolveChallenge(command, principal, context));
    return { ...awards(tenderId, outcome), challengeId, upheld };
  }

  @ActionEndpoint(':id/cancel', 'CancelTender')
  @ApiOkResponse({ description: 'Cancelled, with its reason (any time before a contract is signed)' })
  @ApiConflictResponse({ description: CONFLICT })
  async cancel(
    @Param('id') tenderId: string,
    @Body() body: ReasonDto,
    @CurrentPrincipal() principal: Principal,
    @CommandCtx() context: CommandContext,
  ): Promise<Summary> {
    const command = { type: 'CancelTender' as const, tenderId, reason: body.reason };
    return summary(tenderId, await this.commands.execute(new CancelTender(command, principal, context)));
  }
}

const summary = (tenderId: string, outcome: TenderOutcome): Summary => ({ tenderId, status: outcome.state.status });

function awards(tenderId: string, outcome: TenderOutcome) {
  const lots = Object.values(outcome.state.lots).map(({ lotId, status, award, desertionReason }) => ({
    lotId,
    status,
    supplierId: award?.supplierId ?? null,
    amount: award?.amount ?? null,
    basis: award?.basis ?? null,
    objectionPeriodEndsAt: award?.objectionPeriodEndsAt ?? null,
    passedOver: award?.passedOver ?? [],
    desertionReason,
  }));
  return { ...summary(tenderId, outcome), lots };
}

/** The supplier a supplier account acts for (the guard let only such accounts through to supplier commands). */
function supplierOf(principal: Principal): string {
  if (principal.kind === 'account' && principal.role === 'supplier' && principal.supplierId)
    return principal.supplierId;
  if (principal.kind === 'anonymous')
    throw new DomainError('auth.unauthenticated', 'log in to do this', 'unauthorized');
  throw new DomainError('auth.forbidden', 'only a supplier account may do this', 'forbidden');
}

/** The buying unit a buyer account acts for. */
function buyingUnitOf(principal: Principal): string {
  if (principal.kind === 'account' && principal.role === 'buyer' && principal.buyingUnitId)
    return principal.buyingUnitId;
  if (principal.kind === 'anonymous')
    throw new DomainError('auth.unauthenticated', 'log in to do this', 'unauthorized');
  throw new DomainError('auth.forbidden', 'only a buyer of a buying unit may do this', 'forbidden');
}

/** The fields the client sent (a DTO may carry declared fields it did not). */
function definedOnly<T extends object>(dto: T): Partial<T> {
  return Object.fromEntries(Object.entries(dto).filter(([, value]) => value !== undefined)) as Partial<T>;
}

/** A proposal as the command carries it: the salt and the e.firma only when the supplier sent them. */
function proposalInput(tenderId: string, proposalId: string, body: ReplaceProposalDto): ProposalInput {
  return {
    tenderId,
    proposalId,
    lots: body.lots,
    documents: body.documents ?? [],
    ...(body.salt !== undefined ? { salt: body.salt } : {}),
    ...(body.efirma ? { efirma: { certificate: body.efirma.certificate, signature: body.efirma.signature } } : {}),
  };
}
