import type { Money } from '@licita/shared';
import { count, percentOf, spanishMoney, writerFor, type Writer } from './plain-language';
import type { AuctionClosed, AuctionScheduled } from '@licita/auctions';
import type { ContractEvent, TenderEvent } from '@licita/tendering';
import type { ContractRecord, PartyRef, RecordEvent, TenderRecord } from './tender-record';

/**
 * One step of a procedure as the public reads it: when, the event it comes from, a stable English key for
 * machines, and a sentence in plain Spanish (`text`; the API gives it in English to who asks for English).
 * Sentences never name who asked a question, and before the opening act never name a bidder nor give an amount.
 */
export type TimelineEntry = { at: string; event: string; key: string; text: string };

/** A step as the projection stores it: the sentence in Spanish and in English, written side by side. */
export type TimelineStep = TimelineEntry & { textEn: string };

const PROCEDURES: Record<string, [string, string]> = {
  public_national: ['licitación pública nacional', 'national public tender'],
  public_international: ['licitación pública internacional', 'international public tender'],
  invitation: ['invitación a cuando menos tres personas', 'invitation to at least three suppliers'],
  direct_award: ['adjudicación directa', 'direct award'],
};

const DESERTION: Record<string, [string, string]> = {
  no_proposals: ['no se presentaron propuestas', 'no proposals were submitted'],
  no_compliant_proposal: ['ninguna propuesta cumplió los requisitos', 'no proposal met the requirements'],
  award_annulled: ['se anuló su adjudicación', 'its award was annulled'],
};

const BASIS: Record<string, [string, string]> = {
  evaluation: ['como resultado de la evaluación', 'as the result of the evaluation'],
  auction: ['como resultado de la subasta inversa', 'as the result of the reverse auction'],
  direct_award: ['por adjudicación directa', 'by direct award'],
};

/** The text of a code in the writer's language, the code itself when unknown. */
const pick = (w: Writer, texts: Record<string, [string, string]>, code: string) =>
  texts[code] ? w.l(...texts[code]) : code;

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
const withDocuments = (w: Writer, documents: unknown[] = []): string =>
  documents.length > 0
    ? w.l(`, con ${count(documents.length, 'documento')}`, `, with ${count(documents.length, 'document')}`)
    : '';

type SourceEvent = TenderEvent | ContractEvent | AuctionScheduled | AuctionClosed;
type Said = [key: string, text: string] | null;

/**
 * What a sentence may read besides its event's data: the record before and after it, lots and contracts by id,
 * and the writer of its language (`w.l(spanish, english)`).
 */
type Scene = {
  before: TenderRecord | null;
  after: TenderRecord;
  lot: (lotId: string | null) => string;
  contract: (contractId: string) => ContractRecord | undefined;
  w: Writer;
};

type Sentence<T extends SourceEvent['type']> = (data: Extract<SourceEvent, { type: T }>['data'], scene: Scene) => Said;
type Sentences = { [T in SourceEvent['type']]?: Sentence<T> };

/** The timeline step `event` adds to a record (`before` is `null` for the creation), or `null` for none. */
export function timelineEntry(
  before: TenderRecord | null,
  after: TenderRecord,
  event: RecordEvent,
): TimelineStep | null {
  const said = sentence(before, after, event, writerFor('es'));
  if (said === null) return null;
  const english = sentence(before, after, event, writerFor('en'));
  const domainTime = TIME_FIELDS.map((name) => event.data[name]).find((value) => typeof value === 'string');
  return {
    at: domainTime ?? event.occurredAt,
    event: event.type,
    key: said[0],
    text: said[1],
    textEn: english?.[1] ?? said[1],
  };
}

function sentence(before: TenderRecord | null, after: TenderRecord, { type, data }: RecordEvent, w: Writer): Said {
  const say = (SENTENCES as Record<string, Sentence<SourceEvent['type']> | undefined>)[type];
  if (!say) return null;
  const scene: Scene = {
    before,
    after,
    lot: (lotId) => {
      const title = lotId ? (after.lots.find((l) => l.lotId === lotId)?.title ?? lotId) : null;
      return title === null ? w.l('el procedimiento', 'the procedure') : w.l(`la partida «${title}»`, `lot “${title}”`);
    },
    contract: (contractId) => after.contracts.find((c) => c.contractId === contractId),
    w,
  };
  return say(data as Parameters<typeof say>[0], scene);
}

const proposalsStanding = (w: Writer, after: TenderRecord) =>
  w.l(
    count(after.proposalsReceived, 'propuesta vigente', 'propuestas vigentes'),
    count(after.proposalsReceived, 'standing proposal'),
  );

const CALL_SENTENCES: Sentences = {
  TenderCreated: (_, { after, w }) => [
    'tender.created',
    w.l(
      `La unidad compradora elaboró el proyecto de ${pick(w, PROCEDURES, after.procedureType)} «${after.title}».`,
      `The buying unit drafted the ${pick(w, PROCEDURES, after.procedureType)} “${after.title}”.`,
    ),
  ],
  TenderPublished: (data, { after, w }) => [
    'tender.published',
    w.l(
      `Se publicó la convocatoria. Valor estimado: ${spanishMoney(after.value)}. Las propuestas se reciben hasta el ${w.date(data.schedule.submissionDeadline)}.`,
      `The call was published. Estimated value: ${spanishMoney(after.value)}. Proposals are received until ${w.date(data.schedule.submissionDeadline)}.`,
    ),
  ],
  EnquiryPeriodEnded: (_, { w }) => [
    'tender.enquiry_period_ended',
    w.l(
      'Terminó el periodo para hacer preguntas sobre la convocatoria.',
      'The period for asking questions about the call ended.',
    ),
  ],
  SubmissionPeriodEnded: (_, { w }) => [
    'tender.submission_period_ended',
    w.l(
      'Venció el plazo para presentar propuestas; el procedimiento espera su acto de apertura.',
      'The deadline for proposals passed; the procedure awaits its opening act.',
    ),
  ],
  QuestionAsked: (data, { lot, w }) => [
    'question.asked',
    w.l(
      `Un interesado hizo una pregunta sobre ${lot(data.lotId)}.`,
      `Someone asked a question about ${lot(data.lotId)}.`,
    ),
  ],
  QuestionAnswered: (data, { w }) => [
    'question.answered',
    w.l(
      `La unidad compradora respondió una pregunta; la respuesta es pública${withDocuments(w, data.documents)}.`,
      `The buying unit answered a question; the answer is public${withDocuments(w, data.documents)}.`,
    ),
  ],
  ClarificationMinutesPublished: (data, { w }) => [
    'clarification_minutes.published',
    w.l(
      `Se publicó el acta de la junta de aclaraciones celebrada el ${w.date(data.heldAt)}${withDocuments(w, data.documents)}.`,
      `The minutes of the clarification meeting held on ${w.date(data.heldAt)} were published${withDocuments(w, data.documents)}.`,
    ),
  ],
  TenderAmended: (data, { w }) => [
    'tender.amended',
    w.l(
      `Se modificó la convocatoria (${count(data.changes.length, 'cambio')}). Motivo: ${data.reason}`,
      `The call was amended (${count(data.changes.length, 'change')}). Reason: ${data.reason}`,
    ),
  ],
  SubmissionDeadlineExtended: (data, { w }) => [
    'tender.submission_deadline_extended',
    w.l(
      `La fecha límite para presentar propuestas pasó del ${w.date(data.previousDeadline)} al ${w.date(data.submissionDeadline)}, para dar ${count(data.noticeDays, 'día')} tras la modificación.`,
      `The deadline for proposals moved from ${w.date(data.previousDeadline)} to ${w.date(data.submissionDeadline)}, to give ${count(data.noticeDays, 'day')} after the amendment.`,
    ),
  ],
  ProposalSubmitted: (_, { after, w }) => [
    'proposal.submitted',
    w.l(
      `Se recibió una propuesta sellada (${proposalsStanding(w, after)}).`,
      `A sealed proposal was received (${proposalsStanding(w, after)}).`,
    ),
  ],
  ProposalReplaced: (_, { after, w }) => [
    'proposal.replaced',
    w.l(
      `Un licitante sustituyó su propuesta sellada (${proposalsStanding(w, after)}).`,
      `A bidder replaced its sealed proposal (${proposalsStanding(w, after)}).`,
    ),
  ],
  ProposalWithdrawn: (_, { after, w }) => [
    'proposal.withdrawn',
    w.l(
      `Un licitante retiró su propuesta (${proposalsStanding(w, after)}).`,
      `A bidder withdrew its proposal (${proposalsStanding(w, after)}).`,
    ),
  ],
};

const EVALUATION_SENTENCES: Sentences = {
  ProposalsOpened: (_, { after, w }) => {
    const opening = after.opening;
    if (!opening || opening.proposals === 0)
      return [
        'proposals.opened',
        w.l(
          'Se celebró el acto de apertura: no había propuestas.',
          'The opening act was held: there were no proposals.',
        ),
      ];
    return [
      'proposals.opened',
      w.l(
        `Se celebró el acto de apertura: se abrieron ${count(opening.proposals, 'propuesta')} de ${count(opening.bidders, 'licitante')}.`,
        `The opening act was held: ${count(opening.proposals, 'proposal')} from ${count(opening.bidders, 'bidder')} ${opening.proposals === 1 ? 'was' : 'were'} opened.`,
      ),
    ];
  },
  ProposalEvaluated: (data, { lot, w }) => [
    'proposal.evaluated',
    w.l(
      `Se registró la evaluación de una propuesta para ${lot(data.lotId)}.`,
      `The evaluation of a proposal for ${lot(data.lotId)} was recorded.`,
    ),
  ],
  EvaluationCompleted: (data, { lot, w }) => {
    const lots = data.lots.map(
      (l) =>
        `${lot(l.lotId)}: ${w.l(count(l.ranking.length, 'propuesta solvente', 'propuestas solventes'), count(l.ranking.length, 'compliant proposal'))}`,
    );
    return [
      'evaluation.completed',
      w.l(`Concluyó la evaluación. ${lots.join('; ')}.`, `The evaluation ended. ${lots.join('; ')}.`),
    ];
  },
  AuctionResultRecorded: (data, { lot, w }) => [
    'auction.result_recorded',
    w.l(
      `Se incorporó al procedimiento el resultado de la subasta de ${lot(data.lotId)}.`,
      `The result of the auction of ${lot(data.lotId)} was added to the procedure.`,
    ),
  ],
  LotDeserted: (data, { lot, w }) => [
    'lot.deserted',
    w.l(
      `Se declaró desierta ${lot(data.lotId)}: ${pick(w, DESERTION, data.reason)}.`,
      `${capitalize(lot(data.lotId))} was declared void: ${pick(w, DESERTION, data.reason)}.`,
    ),
  ],
  TenderDeserted: (_, { w }) => [
    'tender.deserted',
    w.l('Se declaró desierto el procedimiento.', 'The procedure was declared void.'),
  ],
};

const AWARD_SENTENCES: Sentences = {
  LotAwarded: (data, { lot, after, w }) => [
    'lot.awarded',
    w.l(
      `Se adjudicó ${lot(data.lotId)} a ${name(w, after, data.supplierId)} por ${spanishMoney(data.amount)}, ${pick(w, BASIS, data.basis)}.`,
      `${capitalize(lot(data.lotId))} was awarded to ${name(w, after, data.supplierId)} for ${spanishMoney(data.amount)}, ${pick(w, BASIS, data.basis)}.`,
    ),
  ],
  AwardChallenged: (data, { lot, after, w }) => [
    'award.challenged',
    w.l(
      `${capitalize(name(w, after, data.supplierId))} presentó una inconformidad contra la adjudicación de ${lot(data.lotId)}.`,
      `${capitalize(name(w, after, data.supplierId))} challenged the award of ${lot(data.lotId)}.`,
    ),
  ],
  ChallengeResolved: (data, { lot, w }) => [
    'challenge.resolved',
    w.l(
      `Se resolvió la inconformidad sobre ${lot(data.lotId)}: ${data.upheld ? 'procedente' : 'improcedente'}. ${data.reason}`,
      `The challenge about ${lot(data.lotId)} was resolved: ${data.upheld ? 'upheld' : 'dismissed'}. ${data.reason}`,
    ),
  ],
  AwardRevised: (data, { lot, after, w }) => [
    'award.revised',
    w.l(
      `Se modificó la adjudicación de ${lot(data.lotId)}: ahora a ${name(w, after, data.supplierId)} por ${spanishMoney(data.amount)}.`,
      `The award of ${lot(data.lotId)} was revised: now to ${name(w, after, data.supplierId)} for ${spanishMoney(data.amount)}.`,
    ),
  ],
  ObjectionPeriodEnded: (data, { lot, w }) => [
    'award.objection_period_ended',
    w.l(
      `Terminó el plazo para inconformarse con la adjudicación de ${lot(data.lotId)}.`,
      `The period for challenging the award of ${lot(data.lotId)} ended.`,
    ),
  ],
  LotContracted: (data, { lot, after, w }) => [
    'lot.contracted',
    w.l(
      `Se firmó el contrato de ${lot(data.lotId)} con ${name(w, after, data.supplierId)} por ${spanishMoney(data.amount)}.`,
      `The contract for ${lot(data.lotId)} was signed with ${name(w, after, data.supplierId)} for ${spanishMoney(data.amount)}.`,
    ),
  ],
  TenderContracted: (_, { w }) => [
    'tender.contracted',
    w.l('Todas las partidas adjudicadas tienen contrato firmado.', 'Every awarded lot has a signed contract.'),
  ],
  LotContractClosed: (data, { lot, w }) => [
    'lot.contract_closed',
    w.l(
      `El contrato de ${lot(data.lotId)} quedó ${data.outcome === 'completed' ? 'concluido' : 'terminado antes de tiempo'}.`,
      `The contract for ${lot(data.lotId)} was ${data.outcome === 'completed' ? 'completed' : 'ended early'}.`,
    ),
  ],
  TenderCompleted: (_, { w }) => [
    'tender.completed',
    w.l(
      'El procedimiento concluyó: todos sus contratos están cerrados.',
      'The procedure is complete: all its contracts are closed.',
    ),
  ],
  TenderCancelled: (data, { w }) => [
    'tender.cancelled',
    w.l(`Se canceló el procedimiento. Motivo: ${data.reason}`, `The procedure was cancelled. Reason: ${data.reason}`),
  ],
};

/** Contracts' and auctions' own events; ContractSigned and ContractCompleted say nothing: LotContracted / LotContractClosed tell it. */
const CONTRACT_AND_AUCTION_SENTENCES: Sentences = {
  ContractAmended: (data, { lot, before, contract, w }) => {
    const amended = contract(data.contractId);
    const previous = before?.contracts.find((c) => c.contractId === data.contractId)?.value;
    const difference = amended && changeFromOriginal(amended.originalValue, data.amount);
    const [es, en] = difference
      ? [` (${difference} respecto del original)`, ` (${difference} from the original)`]
      : ['', ''];
    const change =
      amended && previous && previous.amount !== data.amount.amount
        ? w.l(
            ` El monto pasó de ${spanishMoney(previous)} a ${spanishMoney(data.amount)}${es}.`,
            ` The amount went from ${spanishMoney(previous)} to ${spanishMoney(data.amount)}${en}.`,
          )
        : '';
    const which = lot(amended?.lotId ?? null);
    return [
      'contract.amended',
      w.l(
        `Se modificó el contrato de ${which}.${change} Motivo: ${data.reason}`,
        `The contract for ${which} was amended.${change} Reason: ${data.reason}`,
      ),
    ];
  },
  ContractTerminated: (data, { lot, contract, w }) => {
    const which = lot(contract(data.contractId)?.lotId ?? null);
    return [
      'contract.terminated',
      w.l(
        `${data.kind === 'rescission' ? 'Se rescindió' : 'Se dio por terminado anticipadamente'} el contrato de ${which}. Motivo: ${data.reason}`,
        `The contract for ${which} was ${data.kind === 'rescission' ? 'rescinded' : 'ended early'}. Reason: ${data.reason}`,
      ),
    ];
  },
  AuctionScheduled: (data, { lot, w }) => [
    'auction.scheduled',
    w.l(
      `Se programó la subasta inversa de ${lot(data.lotId)} para el ${w.date(data.startsAt)}, con ${count(data.participants.length, 'participante')}.`,
      `The reverse auction of ${lot(data.lotId)} was scheduled for ${w.date(data.startsAt)}, with ${count(data.participants.length, 'participant')}.`,
    ),
  ],
  AuctionClosed: (data, { lot, w }) => {
    const savings = spanishMoney({ amount: data.savings.amount, currency: data.currency });
    const saved =
      data.savings.amount > 0
        ? w.l(
            `, ${savings} (${percentOf(data.savings.basisPoints)}) menos que la mejor oferta inicial`,
            `, ${savings} (${percentOf(data.savings.basisPoints)}) below the best initial offer`,
          )
        : w.l(', sin mejora sobre la mejor oferta inicial', ', no better than the best initial offer');
    const final = spanishMoney({ amount: data.finalPrice, currency: data.currency });
    return [
      'auction.closed',
      w.l(
        `Cerró la subasta inversa de ${lot(data.lotId)}: precio final ${final}${saved}.`,
        `The reverse auction of ${lot(data.lotId)} closed: final price ${final}${saved}.`,
      ),
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
function name(w: Writer, record: TenderRecord, supplierId: string): string {
  const parties: PartyRef[] = [
    ...record.awards.map((a) => a.supplier),
    ...record.contracts.map((c) => c.supplier),
    ...record.challenges.map((c) => c.supplier),
  ];
  return (
    parties.find((p) => p.id === supplierId && p.name)?.name ??
    w.l(`el proveedor ${supplierId}`, `supplier ${supplierId}`)
  );
}

/** `null` for a contract signed for 0.00 (an open contract, LAASSP art. 47): no percentage of nothing. */
function changeFromOriginal(original: Money, now: Money): string | null {
  if (original.amount === 0) return null;
  const basisPoints = Math.round(((now.amount - original.amount) * 10_000) / original.amount);
  return `${basisPoints >= 0 ? '+' : '−'}${percentOf(Math.abs(basisPoints))}`;
}

const capitalize = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
