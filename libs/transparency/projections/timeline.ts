import type { Money } from '@licita/shared';
import { count, percentOf, spanishDate, spanishMoney } from './plain-language';
import type { AuctionClosed, AuctionScheduled } from '@licita/auctions';
import type { ContractEvent, TenderEvent } from '@licita/tendering';
import type { ContractRecord, PartyRef, RecordEvent, TenderRecord } from './tender-record';

/**
 * One step of a procedure as the public reads it: when, the event it comes from, a stable English key for
 * machines and translations, and a sentence in plain Spanish. Sentences never name who asked a question, and
 * before the opening act never name a bidder nor give an amount.
 */
export type TimelineEntry = { at: string; event: string; key: string; text: string };

const PROCEDURES: Record<string, string> = {
  public_national: 'licitación pública nacional',
  public_international: 'licitación pública internacional',
  invitation: 'invitación a cuando menos tres personas',
  direct_award: 'adjudicación directa',
};

const DESERTION: Record<string, string> = {
  no_proposals: 'no se presentaron propuestas',
  no_compliant_proposal: 'ninguna propuesta cumplió los requisitos',
  award_annulled: 'se anuló su adjudicación',
};

const BASIS: Record<string, string> = {
  evaluation: 'como resultado de la evaluación',
  auction: 'como resultado de la subasta inversa',
  direct_award: 'por adjudicación directa',
};

/** The domain's own time of the event when it carries one (clock events are dated when they became due). */
const TIME_FIELDS = [
  'createdAt',
  'publishedAt',
  'endedAt',
  'askedAt',
  'answeredAt',
  'amendedAt',
  'submittedAt',
  'withdrawnAt',
  'openedAt',
  'evaluatedAt',
  'completedAt',
  'desertedAt',
  'awardedAt',
  'challengedAt',
  'resolvedAt',
  'revisedAt',
  'contractedAt',
  'closedAt',
  'cancelledAt',
  'signedAt',
  'terminatedAt',
];

/** ", con 2 documentos" when an answer or minutes carry documents, nothing otherwise. */
const withDocuments = (documents: unknown[] = []): string =>
  documents.length > 0 ? `, con ${count(documents.length, 'documento')}` : '';

type SourceEvent = TenderEvent | ContractEvent | AuctionScheduled | AuctionClosed;
type Said = [key: string, text: string] | null;

/** What a sentence may read besides its event's data: the record before and after it, lots and contracts by id. */
type Scene = {
  before: TenderRecord | null;
  after: TenderRecord;
  lot: (lotId: string | null) => string;
  contract: (contractId: string) => ContractRecord | undefined;
};

type Sentence<T extends SourceEvent['type']> = (data: Extract<SourceEvent, { type: T }>['data'], scene: Scene) => Said;
type Sentences = { [T in SourceEvent['type']]?: Sentence<T> };

/** The timeline entry `event` adds to a record (`before` is `null` for the creation), or `null` for none. */
export function timelineEntry(
  before: TenderRecord | null,
  after: TenderRecord,
  event: RecordEvent,
): TimelineEntry | null {
  const said = sentence(before, after, event);
  if (said === null) return null;
  const domainTime = TIME_FIELDS.map((name) => event.data[name]).find((value) => typeof value === 'string');
  return { at: domainTime ?? event.occurredAt, event: event.type, key: said[0], text: said[1] };
}

function sentence(before: TenderRecord | null, after: TenderRecord, { type, data }: RecordEvent): Said {
  const say = (SENTENCES as Record<string, Sentence<SourceEvent['type']> | undefined>)[type];
  if (!say) return null;
  const scene: Scene = {
    before,
    after,
    lot: (lotId) =>
      lotId ? `la partida «${after.lots.find((l) => l.lotId === lotId)?.title ?? lotId}»` : 'el procedimiento',
    contract: (contractId) => after.contracts.find((c) => c.contractId === contractId),
  };
  return say(data as Parameters<typeof say>[0], scene);
}

const proposalsStanding = (after: TenderRecord) =>
  count(after.proposalsReceived, 'propuesta vigente', 'propuestas vigentes');

const CALL_SENTENCES: Sentences = {
  TenderCreated: (_, { after }) => [
    'tender.created',
    `La unidad compradora elaboró el proyecto de ${PROCEDURES[after.procedureType]} «${after.title}».`,
  ],
  TenderPublished: (data, { after }) => [
    'tender.published',
    `Se publicó la convocatoria. Valor estimado: ${spanishMoney(after.value)}. Las propuestas se reciben hasta el ${spanishDate(data.schedule.submissionDeadline)}.`,
  ],
  EnquiryPeriodEnded: () => [
    'tender.enquiry_period_ended',
    'Terminó el periodo para hacer preguntas sobre la convocatoria.',
  ],
  SubmissionPeriodEnded: () => [
    'tender.submission_period_ended',
    'Venció el plazo para presentar propuestas; el procedimiento espera su acto de apertura.',
  ],
  QuestionAsked: (data, { lot }) => ['question.asked', `Un interesado hizo una pregunta sobre ${lot(data.lotId)}.`],
  QuestionAnswered: (data) => [
    'question.answered',
    `La unidad compradora respondió una pregunta; la respuesta es pública${withDocuments(data.documents)}.`,
  ],
  ClarificationMinutesPublished: (data) => [
    'clarification_minutes.published',
    `Se publicó el acta de la junta de aclaraciones celebrada el ${spanishDate(data.heldAt)}${withDocuments(data.documents)}.`,
  ],
  TenderAmended: (data) => [
    'tender.amended',
    `Se modificó la convocatoria (${count(data.changes.length, 'cambio')}). Motivo: ${data.reason}`,
  ],
  SubmissionDeadlineExtended: (data) => [
    'tender.submission_deadline_extended',
    `La fecha límite para presentar propuestas pasó del ${spanishDate(data.previousDeadline)} al ${spanishDate(data.submissionDeadline)}, para dar ${count(data.noticeDays, 'día')} tras la modificación.`,
  ],
  ProposalSubmitted: (_, { after }) => [
    'proposal.submitted',
    `Se recibió una propuesta sellada (${proposalsStanding(after)}).`,
  ],
  ProposalReplaced: (_, { after }) => [
    'proposal.replaced',
    `Un licitante sustituyó su propuesta sellada (${proposalsStanding(after)}).`,
  ],
  ProposalWithdrawn: (_, { after }) => [
    'proposal.withdrawn',
    `Un licitante retiró su propuesta (${proposalsStanding(after)}).`,
  ],
};

const EVALUATION_SENTENCES: Sentences = {
  ProposalsOpened: (_, { after }) => {
    const opening = after.opening;
    if (!opening || opening.proposals === 0)
      return ['proposals.opened', 'Se celebró el acto de apertura: no había propuestas.'];
    return [
      'proposals.opened',
      `Se celebró el acto de apertura: se abrieron ${count(opening.proposals, 'propuesta')} de ${count(opening.bidders, 'licitante')}.`,
    ];
  },
  ProposalEvaluated: (data, { lot }) => [
    'proposal.evaluated',
    `Se registró la evaluación de una propuesta para ${lot(data.lotId)}.`,
  ],
  EvaluationCompleted: (data, { lot }) => {
    const lots = data.lots.map(
      (l) => `${lot(l.lotId)}: ${count(l.ranking.length, 'propuesta solvente', 'propuestas solventes')}`,
    );
    return ['evaluation.completed', `Concluyó la evaluación. ${lots.join('; ')}.`];
  },
  AuctionResultRecorded: (data, { lot }) => [
    'auction.result_recorded',
    `Se incorporó al procedimiento el resultado de la subasta de ${lot(data.lotId)}.`,
  ],
  LotDeserted: (data, { lot }) => [
    'lot.deserted',
    `Se declaró desierta ${lot(data.lotId)}: ${DESERTION[data.reason] ?? data.reason}.`,
  ],
  TenderDeserted: () => ['tender.deserted', 'Se declaró desierto el procedimiento.'],
};

const AWARD_SENTENCES: Sentences = {
  LotAwarded: (data, { lot, after }) => [
    'lot.awarded',
    `Se adjudicó ${lot(data.lotId)} a ${name(after, data.supplierId)} por ${spanishMoney(data.amount)}, ${BASIS[data.basis] ?? data.basis}.`,
  ],
  AwardChallenged: (data, { lot, after }) => [
    'award.challenged',
    `${capitalize(name(after, data.supplierId))} presentó una inconformidad contra la adjudicación de ${lot(data.lotId)}.`,
  ],
  ChallengeResolved: (data, { lot }) => [
    'challenge.resolved',
    `Se resolvió la inconformidad sobre ${lot(data.lotId)}: ${data.upheld ? 'procedente' : 'improcedente'}. ${data.reason}`,
  ],
  AwardRevised: (data, { lot, after }) => [
    'award.revised',
    `Se modificó la adjudicación de ${lot(data.lotId)}: ahora a ${name(after, data.supplierId)} por ${spanishMoney(data.amount)}.`,
  ],
  ObjectionPeriodEnded: (data, { lot }) => [
    'award.objection_period_ended',
    `Terminó el plazo para inconformarse con la adjudicación de ${lot(data.lotId)}.`,
  ],
  LotContracted: (data, { lot, after }) => [
    'lot.contracted',
    `Se firmó el contrato de ${lot(data.lotId)} con ${name(after, data.supplierId)} por ${spanishMoney(data.amount)}.`,
  ],
  TenderContracted: () => ['tender.contracted', 'Todas las partidas adjudicadas tienen contrato firmado.'],
  LotContractClosed: (data, { lot }) => [
    'lot.contract_closed',
    `El contrato de ${lot(data.lotId)} quedó ${data.outcome === 'completed' ? 'concluido' : 'terminado antes de tiempo'}.`,
  ],
  TenderCompleted: () => ['tender.completed', 'El procedimiento concluyó: todos sus contratos están cerrados.'],
  TenderCancelled: (data) => ['tender.cancelled', `Se canceló el procedimiento. Motivo: ${data.reason}`],
};

/** Contracts' and auctions' own events; ContractSigned and ContractCompleted say nothing: LotContracted / LotContractClosed tell it. */
const CONTRACT_AND_AUCTION_SENTENCES: Sentences = {
  ContractAmended: (data, { lot, before, contract }) => {
    const amended = contract(data.contractId);
    const previous = before?.contracts.find((c) => c.contractId === data.contractId)?.value;
    const change =
      amended && previous && previous.amount !== data.amount.amount
        ? ` El monto pasó de ${spanishMoney(previous)} a ${spanishMoney(data.amount)} (${changeFromOriginal(amended.originalValue, data.amount)} respecto del original).`
        : '';
    return [
      'contract.amended',
      `Se modificó el contrato de ${lot(amended?.lotId ?? null)}.${change} Motivo: ${data.reason}`,
    ];
  },
  ContractTerminated: (data, { lot, contract }) => [
    'contract.terminated',
    `${data.kind === 'rescission' ? 'Se rescindió' : 'Se dio por terminado anticipadamente'} el contrato de ${lot(contract(data.contractId)?.lotId ?? null)}. Motivo: ${data.reason}`,
  ],
  AuctionScheduled: (data, { lot }) => [
    'auction.scheduled',
    `Se programó la subasta inversa de ${lot(data.lotId)} para el ${spanishDate(data.startsAt)}, con ${count(data.participants.length, 'participante')}.`,
  ],
  AuctionClosed: (data, { lot }) => {
    const saved =
      data.savings.amount > 0
        ? `, ${spanishMoney({ amount: data.savings.amount, currency: data.currency })} (${percentOf(data.savings.basisPoints)}) menos que la mejor oferta inicial`
        : ', sin mejora sobre la mejor oferta inicial';
    return [
      'auction.closed',
      `Cerró la subasta inversa de ${lot(data.lotId)}: precio final ${spanishMoney({ amount: data.finalPrice, currency: data.currency })}${saved}.`,
    ];
  },
};

const SENTENCES: Sentences = {
  ...CALL_SENTENCES,
  ...EVALUATION_SENTENCES,
  ...AWARD_SENTENCES,
  ...CONTRACT_AND_AUCTION_SENTENCES,
};

/** The supplier's name as the record knows it (from the register), else its id. */
function name(record: TenderRecord, supplierId: string): string {
  const parties: PartyRef[] = [
    ...record.awards.map((a) => a.supplier),
    ...record.contracts.map((c) => c.supplier),
    ...record.challenges.map((c) => c.supplier),
  ];
  return parties.find((p) => p.id === supplierId && p.name)?.name ?? `el proveedor ${supplierId}`;
}

function changeFromOriginal(original: Money, now: Money): string {
  const basisPoints = Math.round(((now.amount - original.amount) * 10_000) / original.amount);
  return `${basisPoints >= 0 ? '+' : '−'}${percentOf(Math.abs(basisPoints))}`;
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
