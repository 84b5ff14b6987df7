import {
  conflict,
  DomainError,
  invalid,
  notFound,
  type DecisionContext,
  type Decider,
  type Money,
} from '@licita/shared';
import { evaluationBlind, sealsOffersUntilAuction } from './auction-anonymity';
import { signsProposal, type ProposalSignature } from './efirma';
import { rankLot, type CompliantBid } from './evaluation';
import { fieldDiff, sameJson } from './field-diff';
import { isProcedureNumber } from './procedure-number';
import { commitmentOf } from './sealing';
import { participantsOfLot, unitShares, type Consolidation } from './consolidation';
import { checkPeriod, onMexicoCityDate } from './legal-calendar';
import {
  checkDocuments,
  checkId,
  checkSchedule,
  checkTenderContent,
  instant,
  requiredText,
  submissionPeriodOf,
} from './tender-content';
import type * as C from './tender.commands';
import type { DesertionReason, LotEvaluation, OpenedProposal, TenderEvent } from './tender.events';
import { DEFAULT_TENDER_POLICY, type TenderPolicy } from './tender.policy';
import { acceleratedPeriodCheck, acceleratedPolicy, timeAccelerationFor } from './time-acceleration';
import {
  activeProposals,
  evaluationKey,
  evolve,
  initialState,
  isAwardFinal,
  openChallenges,
  scheduleOf,
  statusAt,
  type Award,
  type LotProgress,
  type Proposal,
  type TenderState,
  type TenderStatus,
  TENDER_STATUSES,
} from './tender.state';
import {
  addDays,
  type ProposalContent,
  type SealedBox,
  type SupplierStanding,
  type TenderContent,
  type TenderLot,
} from './tender.types';

/**
 * The tender decider (stream `tender-<id>`). Rules of time use `now` from the context and the schedule:
 * a period includes its start and excludes its end (a proposal at the deadline's exact instant is late; the
 * opening act may start at the opening date's exact instant).
 */
export function createTenderDecider(
  policy: TenderPolicy = DEFAULT_TENDER_POLICY,
): Decider<C.TenderCommand, TenderEvent, TenderState> {
  return { initialState, evolve, decide: (command, state, context) => decide(command, state, context, policy) };
}

export const tenderDecider = createTenderDecider();

type Decide<K extends C.TenderCommand['type']> = (
  command: Extract<C.TenderCommand, { type: K }>,
  state: TenderState,
  now: Date,
  policy: TenderPolicy,
) => TenderEvent[];

/** One function per command; every command but `CreateTender` needs the tender to exist. */
const DECIDE: { [K in C.TenderCommand['type']]: Decide<K> } = {
  CreateTender: create,
  UpdateTenderDraft: updateDraft,
  PublishTender: publish,
  AskQuestion: askQuestion,
  AnswerQuestion: answerQuestion,
  PublishClarificationMinutes: publishClarificationMinutes,
  AmendTender: amend,
  SubmitProposal: submitProposal,
  ReplaceProposal: submitProposal,
  WithdrawProposal: withdrawProposal,
  OpenProposals: openProposals,
  EvaluateProposal: evaluateProposal,
  CompleteEvaluation: completeEvaluation,
  AwardTender: award,
  AwardDirectly: awardDirectly,
  ChallengeAward: challengeAward,
  ResolveChallenge: resolveChallenge,
  RecordContractSigned: recordContractSigned,
  RecordContractClosed: recordContractClosed,
  CancelTender: cancel,
  AdvanceTenderClock: (_command, state, now) => advanceClock(state, now),
};

function decide(
  command: C.TenderCommand,
  state: TenderState,
  { now }: DecisionContext,
  policy: TenderPolicy,
): TenderEvent[] {
  if (command.type !== 'CreateTender' && (state.status === 'none' || state.tenderId !== command.tenderId))
    throw notFound('tender.not_found', `there is no tender ${command.tenderId}`);
  // Practice mode: an accelerated tender's periods are the policy's divided by its factor (time-acceleration.ts).
  const effective = acceleratedPolicy(policy, timeAccelerationFor(command, state));
  return (DECIDE[command.type] as Decide<C.TenderCommand['type']>)(command, state, now, effective);
}

// ---------------------------------------------------------------------------------------------- drafting

function create(command: C.CreateTender, state: TenderState, now: Date, policy: TenderPolicy): TenderEvent[] {
  if (state.status !== 'none')
    throw conflict('tender.already_exists', `tender ${command.tenderId} exists`, { status: state.status });
  const tenderId = checkId(command.tenderId, 'tenderId');
  return [
    {
      type: 'TenderCreated',
      data: { tenderId, content: checkTenderContent(command.content, policy), createdAt: iso(now) },
    },
  ];
}

function updateDraft(command: C.UpdateTenderDraft, state: TenderState, now: Date, policy: TenderPolicy): TenderEvent[] {
  requireStatus(state, now, command.type, 'draft');
  const current = contentOf(state);
  const checked = checkTenderContent({ ...current, ...command.changes }, policy);
  const changes = changedFields(current, checked);
  if (Object.keys(changes).length === 0) return [];
  return [{ type: 'TenderDraftUpdated', data: { tenderId: command.tenderId, changes } }];
}

function publish(command: C.PublishTender, state: TenderState, now: Date, policy: TenderPolicy): TenderEvent[] {
  requireStatus(state, now, command.type, 'draft');
  const content = contentOf(state);
  if (content.schedule === null)
    throw conflict('tender.not_competitive', 'a direct award is not published for proposals; award it directly');
  const tenderKeyId = checkId(command.tenderKeyId, 'tenderKeyId');
  const schedule = checkSchedule({ ...content.schedule, publicationDate: iso(now) }, content, policy);
  const { rule, minimumDays } = submissionPeriodOf(content, schedule.publicationDate, policy);
  if (content.procedureType === 'invitation') checkInvitees(content.invitedSupplierIds, command.invitees ?? []);
  return [
    ...numberAssigned(state, command.number, now),
    {
      type: 'TenderPublished',
      data: {
        tenderId: command.tenderId,
        publishedAt: iso(now),
        schedule,
        tenderKeyId,
        invitedSupplierIds: content.invitedSupplierIds,
        submissionPeriod: { ...rule, appliedMinimumDays: minimumDays },
        ...(content.timeAcceleration === undefined ? {} : { timeAcceleration: content.timeAcceleration }),
      },
    },
  ];
}

/**
 * The procedure's number (domain/procedure-number.ts) as the command brings it, once: a procedure that has
 * one keeps it, and a command without one (reserved by the handler) assigns nothing. It comes first, so the
 * publication (or the award) and what every reader makes of it (the OCDS release, the record) carry the number.
 */
function numberAssigned(state: TenderState, number: unknown, now: Date): TenderEvent[] {
  if (state.number !== null || number === undefined) return [];
  if (!isProcedureNumber(number))
    throw invalid('tender.invalid_number', 'the procedure number is not of the form LA-<unit>-<sequence>-<year>', {
      number,
    });
  return [
    { type: 'ProcedureNumberAssigned', data: { tenderId: state.tenderId as string, number, assignedAt: iso(now) } },
  ];
}

/** Every invited supplier verified and not sanctioned when the invitations go out (LAASSP art. 43). */
function checkInvitees(invited: string[], standings: SupplierStanding[]): void {
  for (const supplierId of invited) {
    const standing = standings.find((s) => s.supplierId === supplierId);
    if (!standing)
      throw invalid('tender.invitee_standing_missing', `the standing of invited supplier ${supplierId} is missing`, {
        supplierId,
      });
    if (!standing.verified || standing.sanctioned) {
      throw invalid('tender.invitee_not_eligible', `invited supplier ${supplierId} is not verified or is sanctioned`, {
        supplierId,
        verified: standing.verified,
        sanctioned: standing.sanctioned,
      });
    }
  }
}

// ----------------------------------------------------------------------------------------- clarifications

function askQuestion(command: C.AskQuestion, state: TenderState, now: Date): TenderEvent[] {
  const status = requireStatus(
    state,
    now,
    command.type,
    'active.enquiries',
    'active.tendering',
    'active.awaiting_opening',
  );
  const { questionsDeadline } = scheduleOf(state);
  if (status !== 'active.enquiries')
    throw conflict('question.deadline_passed', 'questions are no longer accepted', { questionsDeadline });
  const supplierId = checkId(command.supplier?.supplierId, 'supplierId');
  const text = requiredText(command.text, 'text', 5000, 'question.text_required');
  const existing = state.questions[command.questionId];
  if (existing) {
    if (existing.askedBy === supplierId && existing.text === text) return [];
    throw conflict('question.already_exists', `question ${command.questionId} exists`);
  }
  // Only a supplier that may take part may ask (LAASSP art. 33 Bis: who asks states its interest in
  // participating): not a pending, rejected or suspended one, nor one under a sanction in force (#16 point 7).
  if (!command.supplier.verified)
    throw forbidden('question.supplier_not_verified', 'only verified suppliers may ask questions', { supplierId });
  if (command.supplier.sanctioned)
    throw forbidden('question.supplier_sanctioned', 'a sanctioned supplier may not ask questions', { supplierId });
  const content = contentOf(state);
  if (content.procedureType === 'invitation' && !content.invitedSupplierIds.includes(supplierId)) {
    throw forbidden('question.not_invited', 'only invited suppliers may ask about an invitation', { supplierId });
  }
  const lotId = command.lotId ?? null;
  if (lotId !== null && !content.lots.some((lot) => lot.lotId === lotId))
    throw invalid('question.unknown_lot', `the tender has no lot ${lotId}`, { lotId });
  return [
    {
      type: 'QuestionAsked',
      data: {
        tenderId: command.tenderId,
        questionId: checkId(command.questionId, 'questionId'),
        askedBy: supplierId,
        lotId,
        text,
        askedAt: iso(now),
      },
    },
  ];
}

function answerQuestion(command: C.AnswerQuestion, state: TenderState, now: Date): TenderEvent[] {
  requireStatus(state, now, command.type, 'active.enquiries', 'active.tendering', 'active.awaiting_opening');
  const { submissionDeadline } = scheduleOf(state);
  if (now.getTime() >= Date.parse(submissionDeadline)) {
    throw conflict('question.answer_deadline_passed', 'answers are given before the submission deadline', {
      submissionDeadline,
    });
  }
  const question = state.questions[command.questionId];
  if (!question) throw notFound('question.not_found', `there is no question ${command.questionId}`);
  if (question.answer !== null)
    throw conflict('question.already_answered', `question ${command.questionId} has its answer`);
  const answer = requiredText(command.answer, 'answer', 10_000, 'question.answer_required');
  const documents = checkDocuments(command.documents ?? []);
  return [
    {
      type: 'QuestionAnswered',
      data: {
        tenderId: command.tenderId,
        questionId: command.questionId,
        answer,
        answeredAt: iso(now),
        ...(documents.length > 0 ? { documents } : {}),
      },
    },
  ];
}

/** Between the publication and the submission deadline; a repeat of the same minutes is done already. */
function publishClarificationMinutes(
  command: C.PublishClarificationMinutes,
  state: TenderState,
  now: Date,
): TenderEvent[] {
  requireStatus(state, now, command.type, 'active.enquiries', 'active.tendering', 'active.awaiting_opening');
  const { submissionDeadline } = scheduleOf(state);
  if (now.getTime() >= Date.parse(submissionDeadline)) {
    throw conflict(
      'clarification_minutes.deadline_passed',
      'clarification minutes are published before the submission deadline',
      { submissionDeadline },
    );
  }
  const minutesId = checkId(command.minutesId, 'minutesId');
  const heldAt = instant(command.heldAt, 'heldAt');
  const publishedAt = state.publishedAt as string;
  if (Date.parse(heldAt) < Date.parse(publishedAt) || Date.parse(heldAt) > now.getTime()) {
    throw invalid('clarification_minutes.invalid_held_at', 'the meeting was held after the publication, by now', {
      heldAt,
      publishedAt,
    });
  }
  const summary = requiredText(command.summary, 'summary', 20_000, 'clarification_minutes.summary_required');
  const documents = checkDocuments(command.documents ?? []);
  const existing = state.clarificationMinutes[minutesId];
  if (existing) {
    if (existing.heldAt === heldAt && existing.summary === summary) return [];
    throw conflict('clarification_minutes.already_exists', `minutes ${minutesId} exist`, { minutesId });
  }
  return [
    {
      type: 'ClarificationMinutesPublished',
      data: { tenderId: command.tenderId, minutesId, heldAt, summary, documents, publishedAt: iso(now) },
    },
  ];
}

// --------------------------------------------------------------------------------------------- amendments

const AMENDABLE_FIELDS = ['title', 'description', 'lots', 'estimatedTotal', 'documents', 'schedule'];
const AMENDABLE_DATES = ['questionsDeadline', 'submissionDeadline', 'openingDate', 'awardDate'];

/** After publication only the description, lots, documents and dates of the procedure may change. */
function checkAmendable(fields: string[], dates: string[]): void {
  const notAmendable = [
    ...fields.filter((f) => !AMENDABLE_FIELDS.includes(f)),
    ...dates.filter((d) => !AMENDABLE_DATES.includes(d)).map((d) => `schedule.${d}`),
  ];
  if (notAmendable.length > 0)
    throw invalid('tender.field_not_amendable', `${notAmendable[0]} cannot be amended after publication`, {
      field: notAmendable[0],
    });
}

function amend(command: C.AmendTender, state: TenderState, now: Date, policy: TenderPolicy): TenderEvent[] {
  requireStatus(state, now, command.type, 'active.enquiries', 'active.tendering', 'active.awaiting_opening');
  if (state.amendmentIds.includes(command.amendmentId)) return [];
  const current = contentOf(state);
  const schedule = scheduleOf(state);
  if (now.getTime() >= Date.parse(schedule.submissionDeadline)) {
    throw conflict('tender.amendment_deadline_passed', 'the tender can no longer be amended', {
      submissionDeadline: schedule.submissionDeadline,
    });
  }
  const reason = requiredText(command.reason, 'reason', 5000, 'tender.reason_required');
  const { schedule: dates = {}, ...fields } = command.changes ?? {};
  checkAmendable(Object.keys(fields), Object.keys(dates));
  const amended = checkTenderContent({ ...current, ...fields, schedule: { ...schedule, ...dates } }, policy);
  const amendedSchedule = amended.schedule as NonNullable<TenderContent['schedule']>;
  if (amendedSchedule.questionsDeadline !== schedule.questionsDeadline) {
    const passed = [schedule.questionsDeadline, amendedSchedule.questionsDeadline].some(
      (t) => Date.parse(t) <= now.getTime(),
    );
    if (passed)
      throw conflict(
        'tender.questions_deadline_passed',
        'the enquiry period cannot be moved once over or into the past',
        { questionsDeadline: schedule.questionsDeadline },
      );
  }
  const coveredLots = new Set(activeProposals(state).flatMap((p) => p.lotIds));
  const removed = current.lots.find(
    (lot) => coveredLots.has(lot.lotId) && !amended.lots.some((l) => l.lotId === lot.lotId),
  );
  if (removed)
    throw conflict('tender.lot_has_proposals', `lot ${removed.lotId} has proposals and cannot be removed`, {
      lotId: removed.lotId,
    });

  const changes = fieldDiff(current, amended);
  if (changes.length === 0) throw invalid('tender.amendment_empty', 'the amendment changes nothing');
  const amendedAt = iso(now);
  const events: TenderEvent[] = [
    {
      type: 'TenderAmended',
      data: {
        tenderId: command.tenderId,
        amendmentId: command.amendmentId,
        reason,
        changes,
        amended: changedFields(current, amended),
        amendedAt,
      },
    },
  ];
  // Practice mode: the accelerated notice (already divided by the factor) in 24-hour spans (time-acceleration.ts).
  const notice =
    policy.timeAcceleration === undefined
      ? checkPeriod(amendedAt, amendedSchedule.submissionDeadline, policy.amendmentNoticeDays)
      : acceleratedPeriodCheck(amendedAt, amendedSchedule.submissionDeadline, policy.amendmentNoticeDays, 1);
  if (!notice.ok) {
    // The deadline moves to the same Mexico City hour on the first date that leaves the notice days.
    const submissionDeadline =
      policy.timeAcceleration === undefined
        ? onMexicoCityDate(amendedSchedule.submissionDeadline, notice.earliestEndDate)
        : notice.earliestEndDate;
    const shift = Date.parse(submissionDeadline) - Date.parse(amendedSchedule.submissionDeadline);
    events.push({
      type: 'SubmissionDeadlineExtended',
      data: {
        tenderId: command.tenderId,
        amendmentId: command.amendmentId,
        previousDeadline: amendedSchedule.submissionDeadline,
        submissionDeadline,
        openingDate: shifted(amendedSchedule.openingDate, shift),
        awardDate: shifted(amendedSchedule.awardDate, shift),
        noticeDays: policy.amendmentNoticeDays,
      },
    });
  }
  return events;
}

// ------------------------------------------------------------------------------------- sealed proposals

const COMMITMENT = /^[0-9a-f]{64}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

function submitProposal(command: C.SubmitProposal | C.ReplaceProposal, state: TenderState, now: Date): TenderEvent[] {
  requireSubmissionPeriod(state, now, command.type);
  const existing = state.proposals[command.proposalId] as Proposal | undefined;
  const replacing = command.type === 'ReplaceProposal';
  if (replacing) {
    if (!existing) throw notFound('proposal.not_found', `there is no proposal ${command.proposalId}`);
    requireOwner(existing, command.supplier.supplierId);
    if (existing.withdrawn)
      throw conflict('proposal.withdrawn', `proposal ${command.proposalId} was withdrawn; submit a new one`);
  } else if (existing) {
    if (
      existing.supplierId === command.supplier.supplierId &&
      existing.commitment === command.commitment &&
      !existing.withdrawn
    )
      return [];
    throw conflict('proposal.already_exists', `proposal ${command.proposalId} exists`);
  }
  checkEligibility(state, command.supplier);
  const lotIds = checkProposalLots(state, command);
  const commitment = typeof command.commitment === 'string' ? command.commitment : '';
  if (!COMMITMENT.test(commitment))
    throw invalid('proposal.invalid_commitment', 'the commitment is a lowercase hex SHA-256');
  const sealed = checkSealedBox(command.sealed, state);
  const proposalId = checkId(command.proposalId, 'proposalId');
  const signature = checkProposalSignature(command.signature, state, {
    tenderId: command.tenderId,
    proposalId,
    commitment,
  });
  const data = {
    tenderId: command.tenderId,
    proposalId,
    supplierId: command.supplier.supplierId,
    lotIds,
    commitment,
    sealed,
    submittedAt: iso(now),
    ...(signature ? { signature } : {}),
  };
  return [replacing ? { type: 'ProposalReplaced', data } : { type: 'ProposalSubmitted', data }];
}

/**
 * A tender that requires signed proposals refuses one without a signature (`efirma.required`); a signature is
 * recorded only if it signs this tender, proposal and commitment (the handler verified the crypto).
 */
function checkProposalSignature(
  signature: ProposalSignature | undefined,
  state: TenderState,
  proposal: { tenderId: string; proposalId: string; commitment: string },
): ProposalSignature | undefined {
  if (!signature) {
    if (contentOf(state).requireProposalSignature === true)
      throw invalid('efirma.required', 'this tender requires proposals signed with e.firma');
    return undefined;
  }
  if (!signsProposal(signature, proposal))
    throw invalid('efirma.invalid_signature', 'the signature does not sign this proposal');
  return signature;
}

function withdrawProposal(command: C.WithdrawProposal, state: TenderState, now: Date): TenderEvent[] {
  requireSubmissionPeriod(state, now, command.type);
  const proposal = state.proposals[command.proposalId];
  if (!proposal) throw notFound('proposal.not_found', `there is no proposal ${command.proposalId}`);
  requireOwner(proposal, command.supplierId);
  if (proposal.withdrawn) return [];
  return [
    {
      type: 'ProposalWithdrawn',
      data: {
        tenderId: command.tenderId,
        proposalId: proposal.proposalId,
        supplierId: proposal.supplierId,
        withdrawnAt: iso(now),
      },
    },
  ];
}

/** Whether the tender accepts proposals (and so their sealed files) at `now`; the refusal SubmitProposal would get. */
export const assertAcceptingProposals = (state: TenderState, now: Date): void =>
  requireSubmissionPeriod(state, now, 'SubmitProposal');

/** Proposals are accepted from the questions deadline (after the clarifications) until the submission deadline. */
function requireSubmissionPeriod(state: TenderState, now: Date, commandType: string): void {
  const status = requireStatus(
    state,
    now,
    commandType,
    'active.enquiries',
    'active.tendering',
    'active.awaiting_opening',
  );
  const { questionsDeadline, submissionDeadline } = scheduleOf(state);
  if (status === 'active.enquiries')
    throw conflict('proposal.tendering_not_started', 'proposals are accepted from the questions deadline', {
      opensAt: questionsDeadline,
    });
  if (now.getTime() >= Date.parse(submissionDeadline))
    throw conflict('proposal.late', 'the submission deadline has passed', { submissionDeadline });
}

function requireOwner(proposal: Proposal, supplierId: string): void {
  if (proposal.supplierId !== supplierId)
    throw forbidden('proposal.not_owner', 'the proposal belongs to another supplier');
}

function checkEligibility(state: TenderState, standing: SupplierStanding): void {
  const { supplierId } = standing;
  if (!standing.verified)
    throw forbidden('proposal.supplier_not_verified', 'only verified suppliers may submit proposals', { supplierId });
  if (standing.sanctioned)
    throw forbidden('proposal.supplier_sanctioned', 'a sanctioned supplier may not submit proposals', { supplierId });
  const content = contentOf(state);
  if (content.procedureType === 'invitation' && !content.invitedSupplierIds.includes(supplierId)) {
    throw forbidden('proposal.supplier_not_invited', 'only invited suppliers may submit to an invitation', {
      supplierId,
    });
  }
}

/** Lots of the tender, at least one, and none already covered by another live proposal of the same supplier. */
function checkProposalLots(state: TenderState, command: C.SubmitProposal | C.ReplaceProposal): string[] {
  const lotIds = Array.isArray(command.lotIds) ? [...new Set(command.lotIds)] : [];
  if (lotIds.length === 0) throw invalid('proposal.no_lots', 'a proposal covers at least one lot');
  const unknown = lotIds.find((lotId) => !contentOf(state).lots.some((lot) => lot.lotId === lotId));
  if (unknown !== undefined)
    throw invalid('proposal.unknown_lot', `the tender has no lot ${unknown}`, { lotId: unknown });
  const others = activeProposals(state).filter(
    (p) => p.supplierId === command.supplier.supplierId && p.proposalId !== command.proposalId,
  );
  const overlap = lotIds.filter((lotId) => others.some((p) => p.lotIds.includes(lotId)));
  if (overlap.length > 0)
    throw conflict('proposal.lot_already_covered', 'the supplier already has a proposal for these lots', {
      lotIds: overlap,
    });
  return lotIds;
}

function checkSealedBox(box: SealedBox | undefined, state: TenderState): SealedBox {
  const wrong = (field: string) =>
    invalid('proposal.invalid_sealed_box', `the sealed box has no valid ${field}`, { field });
  if (!box || box.algorithm !== 'aes-256-gcm') throw wrong('algorithm');
  if (box.tenderKeyId !== state.tenderKeyId)
    throw invalid('proposal.wrong_key', "the proposal is not sealed with this tender's key");
  if (!isBase64OfLength(box.iv, 12)) throw wrong('iv');
  if (!isBase64OfLength(box.authTag, 16)) throw wrong('authTag');
  if (typeof box.ciphertext !== 'string' || !BASE64.test(box.ciphertext)) throw wrong('ciphertext');
  return {
    tenderKeyId: box.tenderKeyId,
    algorithm: box.algorithm,
    iv: box.iv,
    ciphertext: box.ciphertext,
    authTag: box.authTag,
  };
}

const isBase64OfLength = (value: unknown, bytes: number) =>
  typeof value === 'string' && BASE64.test(value) && Buffer.from(value, 'base64').length === bytes;

// -------------------------------------------------------------------------------------------- opening act

function openProposals(command: C.OpenProposals, state: TenderState, now: Date): TenderEvent[] {
  requireStatus(state, now, command.type, 'active.enquiries', 'active.tendering', 'active.awaiting_opening');
  const { openingDate } = scheduleOf(state);
  if (now.getTime() < Date.parse(openingDate))
    throw conflict('opening.too_early', 'the opening act is not due yet', { openingDate });
  const proposals = activeProposals(state);
  const revealed = new Map((command.revealed ?? []).map((r) => [r.proposalId, r.content]));
  const missing = proposals.filter((p) => !revealed.has(p.proposalId)).map((p) => p.proposalId);
  if (missing.length > 0)
    throw invalid('opening.proposal_missing', 'every proposal is opened at once', { proposalIds: missing });
  const unknown = [...revealed.keys()].filter((id) => !proposals.some((p) => p.proposalId === id));
  if (unknown.length > 0)
    throw invalid('opening.unknown_proposal', 'only submitted, not withdrawn proposals are opened', {
      proposalIds: unknown,
    });

  const opened = proposals.map((proposal) => reveal(state, proposal, revealed.get(proposal.proposalId)));
  const openedAt = iso(now);
  const events: TenderEvent[] = [
    {
      type: 'ProposalsOpened',
      data: { tenderId: command.tenderId, openedAt, proposals: opened, ...sealedUntilAuction(contentOf(state)) },
    },
  ];
  const lotsWithOffers = new Set(opened.flatMap((p) => p.lotIds));
  for (const lot of contentOf(state).lots) {
    if (!lotsWithOffers.has(lot.lotId)) events.push(lotDeserted(command.tenderId, lot.lotId, 'no_proposals', openedAt));
  }
  return rollUp(state, events, openedAt);
}

/** The revealed content must hash to the commitment published at submission, and say what the proposal said. */
function reveal(state: TenderState, proposal: Proposal, content: unknown): OpenedProposal {
  const { proposalId } = proposal;
  if (commitmentOf(content) !== proposal.commitment) {
    throw invalid(
      'opening.commitment_mismatch',
      `the revealed content of proposal ${proposalId} does not match its commitment`,
      {
        proposalId,
        commitment: proposal.commitment,
      },
    );
  }
  const revealed = content as OpenedProposal['content'];
  const mismatch = (field: string) =>
    invalid(
      'opening.content_mismatch',
      `the content of proposal ${proposalId} does not agree with the proposal (${field})`,
      { proposalId, field },
    );
  if (revealed.tenderId !== state.tenderId) throw mismatch('tenderId');
  if (revealed.proposalId !== proposalId) throw mismatch('proposalId');
  if (revealed.supplierId !== proposal.supplierId) throw mismatch('supplierId');
  const { currency } = contentOf(state);
  if (revealed.currency !== currency) throw mismatch('currency');
  const offers = Array.isArray(revealed.lots) ? revealed.lots : [];
  const offeredLots = offers.map((offer) => offer.lotId);
  if (offeredLots.length !== proposal.lotIds.length || !proposal.lotIds.every((lotId) => offeredLots.includes(lotId)))
    throw mismatch('lots');
  if (!offers.every((offer) => Number.isSafeInteger(offer.amount) && offer.amount > 0)) throw mismatch('lots.amount');
  return {
    proposalId,
    supplierId: proposal.supplierId,
    lotIds: proposal.lotIds,
    commitment: proposal.commitment,
    submittedAt: proposal.submittedAt,
    offers: offers.map((offer) => ({ lotId: offer.lotId, amount: { amount: offer.amount, currency } })),
    content: revealed,
    ...(proposal.signature ? { signer: proposal.signature.signer } : {}),
  };
}

// --------------------------------------------------------------------------------------------- evaluation

function evaluateProposal(command: C.EvaluateProposal, state: TenderState, now: Date): TenderEvent[] {
  requireStatus(state, now, command.type, 'opened', 'evaluation');
  if (state.evaluationCompleted) throw conflict('evaluation.already_completed', 'the evaluation is closed');
  const proposal = state.proposals[command.proposalId];
  if (!proposal || proposal.content === null)
    throw notFound('proposal.not_found', `no opened proposal ${command.proposalId}`);
  if (!proposal.lotIds.includes(command.lotId)) {
    throw invalid('evaluation.lot_not_covered', `proposal ${command.proposalId} does not cover lot ${command.lotId}`, {
      lotId: command.lotId,
    });
  }
  const reasons = (Array.isArray(command.reasons) ? command.reasons : [])
    .map((r) => (typeof r === 'string' ? r.trim() : ''))
    .filter((r) => r !== '');
  if (!command.compliant && reasons.length === 0)
    throw invalid('evaluation.reason_required', 'a non-compliant proposal is told why');
  const technicalPoints = command.compliant ? checkPoints(state, command.technicalPoints) : null;
  const data = {
    tenderId: command.tenderId,
    proposalId: proposal.proposalId,
    supplierId: proposal.supplierId,
    lotId: command.lotId,
    compliant: command.compliant === true,
    reasons,
    technicalPoints,
  };
  const previous = state.evaluations[evaluationKey(proposal.proposalId, command.lotId)];
  if (previous && sameJson({ ...previous, tenderId: data.tenderId }, data)) return [];
  return [{ type: 'ProposalEvaluated', data: { ...data, evaluatedAt: iso(now) } }];
}

function checkPoints(state: TenderState, points: number | null | undefined): number | null {
  if (contentOf(state).awardCriterion.type === 'lowest_price') {
    if (points !== undefined && points !== null)
      throw invalid('evaluation.points_not_applicable', 'the lowest-price criterion gives no points');
    return null;
  }
  if (points === undefined || points === null)
    throw invalid('evaluation.points_required', 'points and percentages need the technical points');
  if (typeof points !== 'number' || !Number.isFinite(points) || points < 0 || points > 100) {
    throw invalid('evaluation.points_out_of_range', 'technical points are between 0 and 100', {
      technicalPoints: points,
    });
  }
  return points;
}

function completeEvaluation(command: C.CompleteEvaluation, state: TenderState, now: Date): TenderEvent[] {
  requireStatus(state, now, command.type, 'opened', 'evaluation');
  if (state.evaluationCompleted) throw conflict('evaluation.already_completed', 'the evaluation is closed');
  const content = contentOf(state);
  const pairs = openLots(state).flatMap((lot) =>
    opened(state)
      .filter((p) => p.lotIds.includes(lot.lotId))
      .map((p) => ({ proposal: p, lotId: lot.lotId })),
  );
  const missing = pairs.filter(({ proposal, lotId }) => !state.evaluations[evaluationKey(proposal.proposalId, lotId)]);
  if (missing.length > 0) {
    throw conflict('evaluation.incomplete', 'every proposal is evaluated for every lot it covers', {
      missing: missing.map(({ proposal, lotId }) => ({ proposalId: proposal.proposalId, lotId })),
    });
  }
  const lots: LotEvaluation[] = openLots(state).map((lot) => {
    const evaluated = pairs
      .filter((pair) => pair.lotId === lot.lotId)
      .map(({ proposal }) => ({
        proposal,
        evaluation: state.evaluations[evaluationKey(proposal.proposalId, lot.lotId)],
      }));
    const bids: CompliantBid[] = evaluated
      .filter(({ evaluation }) => evaluation.compliant)
      .map(({ proposal, evaluation }) => ({
        proposalId: proposal.proposalId,
        supplierId: proposal.supplierId,
        amount: offeredAmount(proposal, lot.lotId),
        currency: content.currency,
        submittedAt: proposal.submittedAt,
        technicalPoints: evaluation.technicalPoints,
      }));
    const ranking = rankLot(bids, content.awardCriterion);
    return {
      lotId: lot.lotId,
      ranking,
      nonCompliant: evaluated
        .filter(({ evaluation }) => !evaluation.compliant)
        .map(({ proposal, evaluation }) => ({
          proposalId: proposal.proposalId,
          supplierId: proposal.supplierId,
          reasons: evaluation.reasons,
        })),
      goesToAuction: content.reverseAuction && ranking.length >= 2,
    };
  });
  const completedAt = iso(now);
  const events: TenderEvent[] = [
    {
      type: 'EvaluationCompleted',
      data: {
        tenderId: command.tenderId,
        completedAt,
        lots,
        ...sealedUntilAuction(content),
        ...(sealsOffersUntilAuction(content)
          ? { blind: evaluationBlind(opened(state).map((p) => (p.content as ProposalContent).salt)) }
          : {}),
      },
    },
  ];
  for (const lot of lots)
    if (lot.ranking.length === 0)
      events.push(lotDeserted(command.tenderId, lot.lotId, 'no_compliant_proposal', completedAt));
  return rollUp(state, events, completedAt);
}

// ------------------------------------------------------------------------------------------------- award

function award(command: C.AwardTender, state: TenderState, now: Date, policy: TenderPolicy): TenderEvent[] {
  requireStatus(state, now, command.type, 'evaluation', 'auction');
  if (!state.evaluationCompleted)
    throw conflict('evaluation.not_completed', 'the evaluation must be completed before the award');
  const results = command.auctionResults ?? [];
  const auctionLots = Object.values(state.lots).filter((lot) => lot.status === 'auction');
  const unexpected = results.find((result) => !auctionLots.some((lot) => lot.lotId === result.lotId));
  if (unexpected)
    throw invalid('award.auction_result_not_expected', `lot ${unexpected.lotId} has no auction`, {
      lotId: unexpected.lotId,
    });

  const awardedAt = iso(now);
  const objectionPeriodEndsAt = addDays(awardedAt, policy.objectionPeriodDays);
  const passOver = new Map(
    (command.standings ?? []).filter((s) => !s.verified || s.sanctioned).map((s) => [s.supplierId, s]),
  );
  const events: TenderEvent[] = [];
  const awardFirstEligible = (
    lotId: string,
    ranking: Array<{ proposalId: string | null; supplierId: string; amount: Money }>,
    basis: 'evaluation' | 'auction',
    auctionId: string | null,
  ) => {
    const winner = ranking.find((entry) => !passOver.has(entry.supplierId));
    if (!winner) return events.push(lotDeserted(command.tenderId, lotId, 'no_eligible_supplier', awardedAt));
    const passedOver = ranking
      .slice(0, ranking.indexOf(winner))
      .map((entry) => passOver.get(entry.supplierId) as SupplierStanding);
    const lot = contentOf(state).lots.find((l) => l.lotId === lotId) ?? { lotId };
    const awarded = lotAwarded(command.tenderId, lot, winner, basis, auctionId, awardedAt, objectionPeriodEndsAt);
    return events.push(
      passedOver.length ? ({ ...awarded, data: { ...awarded.data, passedOver } } as TenderEvent) : awarded,
    );
  };
  for (const lot of Object.values(state.lots)) {
    if (lot.status === 'open') awardFirstEligible(lot.lotId, lot.ranking, 'evaluation', null);
    if (lot.status === 'auction') {
      const result = results.find((r) => r.lotId === lot.lotId);
      if (!result)
        throw invalid('award.auction_result_required', `lot ${lot.lotId} went to auction; its result is required`, {
          lotId: lot.lotId,
        });
      const ranking = checkAuctionRanking(state, lot, result);
      events.push({
        type: 'AuctionResultRecorded',
        data: { tenderId: command.tenderId, lotId: lot.lotId, auctionId: result.auctionId, ranking },
      });
      awardFirstEligible(lot.lotId, ranking, 'auction', result.auctionId);
    }
  }
  return rollUp(state, events, awardedAt);
}

/** The auction ranks exactly the lot's compliant bidders, best (lowest) first, none above its own proposal. */
function checkAuctionRanking(state: TenderState, lot: LotProgress, result: C.AuctionResult) {
  const wrong = (problem: string, supplierId?: string) =>
    invalid('award.auction_result_invalid', `the auction result of lot ${lot.lotId} is not valid: ${problem}`, {
      lotId: lot.lotId,
      problem,
      supplierId,
    });
  checkId(result.auctionId, 'auctionId');
  const ranking = Array.isArray(result.ranking) ? result.ranking : [];
  const suppliers = ranking.map((r) => r.supplierId);
  if (suppliers.length !== lot.ranking.length || new Set(suppliers).size !== suppliers.length)
    throw wrong('participants');
  const { currency } = contentOf(state);
  return ranking.map((entry, index) => {
    const bid = lot.ranking.find((b) => b.supplierId === entry.supplierId);
    if (!bid) throw wrong('not_a_compliant_bidder', entry.supplierId);
    if (!Number.isSafeInteger(entry.amount) || entry.amount <= 0) throw wrong('amount', entry.supplierId);
    if (entry.amount > bid.amount.amount) throw wrong('above_proposal', entry.supplierId);
    if (index > 0 && entry.amount < ranking[index - 1].amount) throw wrong('order', entry.supplierId);
    return {
      rank: index + 1,
      proposalId: bid.proposalId,
      supplierId: bid.supplierId,
      amount: { amount: entry.amount, currency },
    };
  });
}

/**
 * LAASSP art. 41/42: no call and no competition; the draft states the legal justification and either names the
 * supplier of every lot or leaves each lot's supplier to the award. Every lot is awarded, each to one verified
 * supplier without a sanction in force; several lots may go to several suppliers, and each gets its contract.
 */
function awardDirectly(command: C.AwardDirectly, state: TenderState, now: Date): TenderEvent[] {
  requireStatus(state, now, command.type, 'draft');
  const content = contentOf(state);
  if (content.directAward === null)
    throw conflict('tender.not_direct_award', 'only a direct-award procedure is awarded without a call');
  const given = directlyAwardedLots(command, content);
  const standings = new Map((command.suppliers ?? []).map((s) => [s.supplierId, s]));
  const awardedAt = iso(now);
  const events = content.lots.map((lot) => {
    const { supplierId, amount } = given.get(lot.lotId) as { supplierId: string; amount: number };
    const standing = standings.get(supplierId);
    if (!standing?.verified || standing.sanctioned) {
      throw forbidden('award.supplier_not_eligible', 'the supplier must be verified and not sanctioned', {
        lotId: lot.lotId,
        supplierId,
        verified: standing?.verified ?? false,
        sanctioned: standing?.sanctioned ?? false,
      });
    }
    const winner = { proposalId: null, supplierId, amount: { amount, currency: content.currency } };
    return lotAwarded(command.tenderId, lot, winner, 'direct_award', null, awardedAt, null);
  });
  return [...numberAssigned(state, command.number, now), ...events];
}

/** Each lot of the procedure exactly once, with its supplier (the draft's, if it names one) and a valid amount. */
function directlyAwardedLots(
  command: C.AwardDirectly,
  content: TenderContent,
): Map<string, { supplierId: string; amount: number }> {
  const named = content.directAward?.supplierId;
  const given = new Map<string, { supplierId: string; amount: number }>();
  for (const entry of Array.isArray(command.lots) ? command.lots : []) {
    const lot = content.lots.find((l) => l.lotId === entry.lotId);
    if (!lot) throw invalid('award.unknown_lot', `the procedure has no lot ${entry.lotId}`, { lotId: entry.lotId });
    if (given.has(lot.lotId))
      throw invalid('award.duplicate_lot', `lot ${lot.lotId} is awarded twice`, { lotId: lot.lotId });
    const supplierId = entry.supplierId ?? named;
    if (supplierId === undefined)
      throw invalid('award.supplier_required', `lot ${lot.lotId} needs the supplier it is awarded to`, {
        lotId: lot.lotId,
      });
    if (named !== undefined && supplierId !== named)
      throw invalid('award.supplier_mismatch', 'the direct award goes to the supplier the procedure names', {
        lotId: lot.lotId,
        supplierId: named,
      });
    given.set(lot.lotId, {
      supplierId: checkId(supplierId, 'lots.supplierId'),
      amount: awardAmount(lot, entry.amount),
    });
  }
  const missing = content.lots.find((lot) => !given.has(lot.lotId));
  if (missing) throw invalid('award.lot_missing', `lot ${missing.lotId} is not awarded`, { lotId: missing.lotId });
  return given;
}

/** Positive centavos; an open contract's lot (LAASSP art. 47) may be awarded for 0.00, never above its maximum. */
function awardAmount(lot: TenderLot, amount: unknown): number {
  const least = lot.openContract ? 0 : 1;
  if (!Number.isSafeInteger(amount) || (amount as number) < least) {
    throw invalid('award.invalid_amount', `lot ${lot.lotId} needs its awarded amount in integer centavos`, {
      lotId: lot.lotId,
      openContract: lot.openContract !== undefined,
    });
  }
  const maximum = lot.openContract?.maximum?.amount;
  if (maximum !== undefined && (amount as number) > maximum)
    throw invalid('award.above_maximum', `lot ${lot.lotId} is awarded above its open contract's maximum`, {
      lotId: lot.lotId,
      amount,
      maximum,
    });
  return amount as number;
}

// -------------------------------------------------------------------------------------- objection period

function challengeAward(command: C.ChallengeAward, state: TenderState, now: Date): TenderEvent[] {
  requireStatus(state, now, command.type, 'awarded');
  const existing = state.challenges[command.challengeId];
  if (existing) {
    if (existing.supplierId === command.supplierId && existing.lotId === command.lotId) return [];
    throw conflict('challenge.already_exists', `challenge ${command.challengeId} exists`);
  }
  const lot = state.lots[command.lotId];
  if (lot?.status !== 'awarded' || lot.award === null)
    throw conflict('challenge.lot_not_awarded', `lot ${command.lotId} has no award to challenge`, {
      lotId: command.lotId,
    });
  const endsAt = lot.award.objectionPeriodEndsAt;
  if (endsAt === null) throw conflict('challenge.not_applicable', 'a direct award has no objection period');
  if (now.getTime() >= Date.parse(endsAt))
    throw conflict('challenge.objection_period_over', 'the objection period is over', {
      objectionPeriodEndsAt: endsAt,
    });
  const isBidder = opened(state).some((p) => p.supplierId === command.supplierId && p.lotIds.includes(command.lotId));
  if (!isBidder)
    throw forbidden('challenge.not_a_bidder', 'only a bidder of the lot may challenge its award', {
      supplierId: command.supplierId,
    });
  const grounds = requiredText(command.grounds, 'grounds', 10_000, 'challenge.grounds_required');
  return [
    {
      type: 'AwardChallenged',
      data: {
        tenderId: command.tenderId,
        challengeId: checkId(command.challengeId, 'challengeId'),
        lotId: command.lotId,
        supplierId: command.supplierId,
        grounds,
        challengedAt: iso(now),
      },
    },
  ];
}

function resolveChallenge(
  command: C.ResolveChallenge,
  state: TenderState,
  now: Date,
  policy: TenderPolicy,
): TenderEvent[] {
  requireStatus(state, now, command.type, 'awarded');
  const challenge = state.challenges[command.challengeId];
  if (!challenge) throw notFound('challenge.not_found', `there is no challenge ${command.challengeId}`);
  if (challenge.resolved) throw conflict('challenge.already_resolved', `challenge ${command.challengeId} is resolved`);
  const reason = requiredText(command.reason, 'reason', 10_000, 'challenge.reason_required');
  const { lotId } = challenge;
  const lot = state.lots[lotId];
  if (lot.status !== 'awarded' || lot.award === null)
    throw conflict('challenge.lot_not_awarded', `lot ${lotId} is no longer awarded`, { lotId });
  const resolvedAt = iso(now);
  const events: TenderEvent[] = [
    {
      type: 'ChallengeResolved',
      data: {
        tenderId: command.tenderId,
        challengeId: challenge.challengeId,
        lotId,
        upheld: command.upheld === true,
        reason,
        resolvedAt,
      },
    },
  ];
  if (command.upheld !== true) return events;
  if (command.revisedProposalId === undefined)
    throw invalid(
      'challenge.revision_required',
      'an upheld challenge names the new winner, or null to annul the award',
    );
  if (command.revisedProposalId === null)
    return rollUp(state, [...events, lotDeserted(command.tenderId, lotId, 'award_annulled', resolvedAt)], resolvedAt);
  const winner = lot.ranking.find((bid) => bid.proposalId === command.revisedProposalId);
  if (!winner)
    throw invalid('challenge.unknown_proposal', 'the new winner must be a compliant proposal of the lot', {
      proposalId: command.revisedProposalId,
    });
  if (winner.proposalId === lot.award.proposalId)
    throw invalid('challenge.same_winner', 'the revised award names the current winner');
  events.push({
    type: 'AwardRevised',
    data: {
      tenderId: command.tenderId,
      lotId,
      challengeId: challenge.challengeId,
      proposalId: winner.proposalId,
      supplierId: winner.supplierId,
      amount: winner.amount,
      revisedAt: resolvedAt,
      objectionPeriodEndsAt: addDays(resolvedAt, policy.objectionPeriodDays),
    },
  });
  return events;
}

// --------------------------------------------------------------------------------------------- contracts

function recordContractSigned(command: C.RecordContractSigned, state: TenderState, now: Date): TenderEvent[] {
  requireStatus(state, now, command.type, 'awarded', 'contracted');
  const lot = state.lots[command.lotId];
  if (!lot) throw notFound('tender.lot_not_found', `the tender has no lot ${command.lotId}`, { lotId: command.lotId });
  const consolidation = contentOf(state).consolidation;
  if (consolidation) return recordUnitContractSigned(command, state, now, consolidation);
  if (lot.contractId === command.contractId) return [];
  if (lot.contractId !== null)
    throw conflict('contract.already_signed', `lot ${command.lotId} has contract ${lot.contractId}`, {
      contractId: lot.contractId,
    });
  if (lot.status !== 'awarded' || lot.award === null)
    throw conflict('contract.lot_not_awarded', `lot ${command.lotId} is ${lot.status}`, {
      lotId: command.lotId,
      status: lot.status,
    });
  requireFinalAward(state, command.lotId, now);
  const contractedAt = iso(now);
  return rollUp(state, [lotContracted(state, command, contractedAt)], contractedAt);
}

function lotContracted(state: TenderState, command: C.RecordContractSigned, contractedAt: string): TenderEvent {
  const lot = state.lots[command.lotId];
  const { supplierId, amount } = lot.award as Award;
  return {
    type: 'LotContracted',
    data: {
      tenderId: command.tenderId,
      lotId: lot.lotId,
      contractId: checkId(command.contractId, 'contractId'),
      supplierId,
      amount,
      contractedAt,
      ...openContractOf(contentOf(state).lots.find((l) => l.lotId === lot.lotId)),
    },
  };
}

function requireFinalAward(state: TenderState, lotId: string, now: Date): void {
  const lot = state.lots[lotId];
  if (isAwardFinal(state, lotId, now)) return;
  throw conflict(
    'contract.award_not_final',
    'the contract is signed once the objection period is over and every challenge resolved',
    {
      objectionPeriodEndsAt: lot.award?.objectionPeriodEndsAt ?? null,
      openChallenges: openChallenges(state, lotId).map((c) => c.challengeId),
    },
  );
}

/**
 * A consolidated purchase: each participating unit signs its own contract for its share of the lot (`unitShares`);
 * the last one to sign contracts the lot, for the award's whole amount.
 */
function recordUnitContractSigned(
  command: C.RecordContractSigned,
  state: TenderState,
  now: Date,
  consolidation: Consolidation,
): TenderEvent[] {
  const lot = state.lots[command.lotId];
  const tenderLot = contentOf(state).lots.find((l) => l.lotId === command.lotId) as TenderLot;
  const unit = command.buyingUnitId ?? '';
  const participants = participantsOfLot(consolidation, tenderLot).map((p) => p.buyingUnitId);
  if (!participants.includes(unit))
    throw invalid('contract.not_participant', `unit ${unit} requires nothing of lot ${command.lotId}`, {
      lotId: command.lotId,
      buyingUnitId: unit || null,
    });
  const signed = lot.unitContracts?.[unit];
  if (signed?.contractId === command.contractId) return [];
  if (signed) throw conflict('contract.already_signed', `unit ${unit} has contract ${signed.contractId}`, signed);
  if (lot.status !== 'awarded' || lot.award === null)
    throw conflict('contract.lot_not_awarded', `lot ${command.lotId} is ${lot.status}`, {
      lotId: command.lotId,
      status: lot.status,
    });
  requireFinalAward(state, command.lotId, now);
  const contractedAt = iso(now);
  const share = unitShares(consolidation, tenderLot, lot.award.amount.amount).find((s) => s.buyingUnitId === unit);
  const unitSigned: TenderEvent = {
    type: 'UnitContractSigned',
    data: {
      tenderId: command.tenderId,
      lotId: command.lotId,
      contractId: checkId(command.contractId, 'contractId'),
      buyingUnitId: unit,
      supplierId: lot.award.supplierId,
      amount: { ...lot.award.amount, amount: share?.amount ?? 0 },
      contractedAt,
    },
  };
  const after = evolve(state, unitSigned).lots[command.lotId];
  const everyone = participants.every((p) => after.unitContracts?.[p] !== undefined);
  return everyone
    ? rollUp(state, [unitSigned, lotContracted(state, command, contractedAt)], contractedAt)
    : [unitSigned];
}

function recordContractClosed(command: C.RecordContractClosed, state: TenderState, now: Date): TenderEvent[] {
  requireStatus(state, now, command.type, 'awarded', 'contracted', 'completed');
  const unitLot = Object.values(state.lots).find((l) =>
    Object.values(l.unitContracts ?? {}).some((c) => c.contractId === command.contractId),
  );
  if (unitLot) return recordUnitContractClosed(command, state, now, unitLot);
  const lot = Object.values(state.lots).find((l) => l.contractId === command.contractId);
  if (!lot) throw notFound('contract.not_found', `the tender has no contract ${command.contractId}`);
  if (lot.status === 'closed') return [];
  if (command.outcome !== 'completed' && command.outcome !== 'terminated')
    throw invalid('contract.invalid_outcome', 'a contract closes completed or terminated');
  const closedAt = iso(now);
  return rollUp(
    state,
    [
      {
        type: 'LotContractClosed',
        data: {
          tenderId: command.tenderId,
          lotId: lot.lotId,
          contractId: command.contractId,
          outcome: command.outcome,
          closedAt,
        },
      },
    ],
    closedAt,
  );
}

/** A participating unit's contract closed; the lot closes with the last of them, once the lot is contracted. */
function recordUnitContractClosed(
  command: C.RecordContractClosed,
  state: TenderState,
  now: Date,
  lot: LotProgress,
): TenderEvent[] {
  const [unit, contract] = Object.entries(lot.unitContracts ?? {}).find(
    ([, c]) => c.contractId === command.contractId,
  ) as [string, { contractId: string; closed: boolean }];
  if (contract.closed) return [];
  if (command.outcome !== 'completed' && command.outcome !== 'terminated')
    throw invalid('contract.invalid_outcome', 'a contract closes completed or terminated');
  const closedAt = iso(now);
  const { tenderId, contractId, outcome } = command;
  const unitClosed: TenderEvent = {
    type: 'UnitContractClosed',
    data: { tenderId, lotId: lot.lotId, contractId, buyingUnitId: unit, outcome, closedAt },
  };
  const after = evolve(state, unitClosed).lots[lot.lotId];
  const allClosed = Object.values(after.unitContracts ?? {}).every((c) => c.closed);
  if (after.status !== 'contracted' || !allClosed) return [unitClosed];
  const lotClosed: TenderEvent = {
    type: 'LotContractClosed',
    data: { tenderId, lotId: lot.lotId, contractId, outcome, closedAt },
  };
  return rollUp(state, [unitClosed, lotClosed], closedAt);
}

// ------------------------------------------------------------------------------------ cancellation, clock

/** The statuses before `contracted`; `cancel` also refuses an awarded tender once one of its lots has a contract. */
const CANCELLABLE = TENDER_STATUSES.slice(0, TENDER_STATUSES.indexOf('contracted'));

function cancel(command: C.CancelTender, state: TenderState, now: Date): TenderEvent[] {
  const status = requireStatus(state, now, command.type, ...CANCELLABLE);
  // A consolidated purchase's lot has a contract once any of its units signed its own.
  const contracted = Object.values(state.lots)
    .filter((lot) => lot.contractId !== null || Object.keys(lot.unitContracts ?? {}).length > 0)
    .map((lot) => lot.lotId);
  if (contracted.length > 0) {
    throw conflict('tender.invalid_transition', 'a tender with a signed contract cannot be cancelled', {
      status,
      command: command.type,
      contractedLots: contracted,
    });
  }
  const reason = requiredText(command.reason, 'reason', 5000, 'tender.reason_required');
  return [
    {
      type: 'TenderCancelled',
      data: { tenderId: command.tenderId, reason, previousStatus: status, cancelledAt: iso(now) },
    },
  ];
}

/**
 * Everything due by time at `now`, each dated when it became due, in that order. Nothing twice. At the
 * submission deadline the procedure either stops receiving proposals (`SubmissionPeriodEnded`, waiting for
 * its opening act) or, without a live proposal, is deserted.
 */
function advanceClock(state: TenderState, now: Date): TenderEvent[] {
  const tenderId = state.tenderId as string;
  const due = (iso: string) => Date.parse(iso) <= now.getTime();
  const events: TenderEvent[] = [];
  if (
    state.status === 'active.enquiries' ||
    state.status === 'active.tendering' ||
    state.status === 'active.awaiting_opening'
  ) {
    const { questionsDeadline, submissionDeadline } = scheduleOf(state);
    if (state.status === 'active.enquiries' && due(questionsDeadline))
      events.push({ type: 'EnquiryPeriodEnded', data: { tenderId, endedAt: questionsDeadline } });
    if (!due(submissionDeadline)) return events;
    if (activeProposals(state).length === 0) {
      for (const lot of contentOf(state).lots)
        events.push(lotDeserted(tenderId, lot.lotId, 'no_proposals', submissionDeadline));
      return rollUp(state, events, submissionDeadline);
    }
    if (state.status !== 'active.awaiting_opening')
      events.push({ type: 'SubmissionPeriodEnded', data: { tenderId, endedAt: submissionDeadline } });
    return events;
  }
  if (state.status !== 'awarded' && state.status !== 'contracted') return [];
  const ended = Object.values(state.lots)
    .filter(
      (lot) =>
        lot.status === 'awarded' &&
        lot.award?.objectionPeriodEndsAt &&
        !lot.award.objectionPeriodEndRecorded &&
        due(lot.award.objectionPeriodEndsAt),
    )
    .map((lot) => ({ lotId: lot.lotId, endedAt: lot.award?.objectionPeriodEndsAt as string }))
    .sort((a, b) => Date.parse(a.endedAt) - Date.parse(b.endedAt));
  return ended.map(({ lotId, endedAt }) => ({ type: 'ObjectionPeriodEnded', data: { tenderId, lotId, endedAt } }));
}

// ------------------------------------------------------------------------------------------------ helpers

/**
 * Appends the tender-level outcome the lot events lead to: every lot deserted → TenderDeserted; every lot
 * that is not deserted contracted → TenderContracted; every one of them closed → TenderCompleted.
 */
/** The mark of the events the public reads without their economic offers (domain/auction-anonymity.ts). */
const sealedUntilAuction = (content: TenderContent): { offersSealedUntilAuction?: true } =>
  sealsOffersUntilAuction(content) ? { offersSealedUntilAuction: true } : {};

function rollUp(state: TenderState, events: TenderEvent[], at: string): TenderEvent[] {
  const tenderId = state.tenderId as string;
  const result = [...events];
  let after = events.reduce(evolve, state);
  const lots = contentOf(state).lots.map((lot) => after.lots[lot.lotId]);
  if (lots.some((lot) => lot === undefined)) return result;
  if (lots.every((lot) => lot.status === 'deserted'))
    return after.status === 'deserted'
      ? result
      : [...result, { type: 'TenderDeserted', data: { tenderId, desertedAt: at } }];
  const live = lots.filter((lot) => lot.status !== 'deserted');
  if (after.status === 'awarded' && live.every((lot) => lot.status === 'contracted' || lot.status === 'closed')) {
    const contracted: TenderEvent = { type: 'TenderContracted', data: { tenderId, contractedAt: at } };
    result.push(contracted);
    after = evolve(after, contracted);
  }
  if (after.status === 'contracted' && live.every((lot) => lot.status === 'closed'))
    result.push({ type: 'TenderCompleted', data: { tenderId, completedAt: at } });
  return result;
}

function requireStatus(state: TenderState, now: Date, command: string, ...allowed: TenderStatus[]): TenderStatus {
  const status = statusAt(state, now) as TenderStatus;
  if (!allowed.includes(status)) {
    throw conflict('tender.invalid_transition', `${command} is not possible while the tender is ${status}`, {
      status,
      command,
      allowed,
    });
  }
  return status;
}

function lotAwarded(
  tenderId: string,
  lot: Pick<TenderLot, 'lotId' | 'openContract'>,
  winner: { proposalId: string | null; supplierId: string; amount: Money },
  basis: 'evaluation' | 'auction' | 'direct_award',
  auctionId: string | null,
  awardedAt: string,
  objectionPeriodEndsAt: string | null,
): TenderEvent {
  return {
    type: 'LotAwarded',
    data: {
      tenderId,
      lotId: lot.lotId,
      proposalId: winner.proposalId,
      supplierId: winner.supplierId,
      amount: winner.amount,
      basis,
      auctionId,
      awardedAt,
      objectionPeriodEndsAt,
      ...openContractOf(lot),
    },
  };
}

/** `{ openContract }` for a lot that is an open contract (LAASSP art. 47), `{}` otherwise: other events stay as they were. */
const openContractOf = (lot: Pick<TenderLot, 'openContract'> | undefined) =>
  lot?.openContract ? { openContract: lot.openContract } : {};

const lotDeserted = (tenderId: string, lotId: string, reason: DesertionReason, desertedAt: string): TenderEvent => ({
  type: 'LotDeserted',
  data: { tenderId, lotId, reason, desertedAt },
});

const opened = (state: TenderState): Proposal[] => activeProposals(state).filter((p) => p.content !== null);

const openLots = (state: TenderState): LotProgress[] =>
  contentOf(state)
    .lots.map((lot) => state.lots[lot.lotId])
    .filter((lot) => lot?.status === 'open');

function offeredAmount(proposal: Proposal, lotId: string): number {
  return proposal.content?.lots.find((offer) => offer.lotId === lotId)?.amount as number;
}

/** The top-level fields whose value differs, with the new value. */
function changedFields(before: TenderContent, after: TenderContent): Partial<TenderContent> {
  const keys = Object.keys(after) as Array<keyof TenderContent>;
  return Object.fromEntries(keys.filter((key) => !sameJson(before[key], after[key])).map((key) => [key, after[key]]));
}

const contentOf = (state: TenderState): TenderContent => state.content as TenderContent;
const iso = (date: Date) => date.toISOString();
const shifted = (at: string, ms: number) => new Date(Date.parse(at) + ms).toISOString();
const forbidden = (code: string, message: string, details?: Record<string, unknown>) =>
  new DomainError(code, message, 'forbidden', details);
