/**
 * Which of the buyer's actions on a tender or a contract are possible now, and when they will be otherwise. Pure:
 * from the view and `now` only (the server's rules, tendering/domain/tender.decider.ts and contract.ts, stay the
 * judge; this only decides what the desk offers). A refusal carries a message in Spanish with `{date}`/`{lot}` to
 * fill, which the page translates with `t` (its English is in en.ts) and fills with the formatted instant.
 */
import type { TenderView } from './types';

export type Availability = { possible: true } | { possible: false; message: string; at: string | null; lot?: string };

export type TenderAction = 'publish' | 'amend' | 'cancel' | 'answer' | 'open' | 'evaluate' | 'award';

/** The refusals, by what they wait for; `{date}` is the instant in `at`. */
export const WHY = {
  publishDirect: 'La adjudicación directa no tiene convocatoria: adjudícala abajo.',
  notPublished: 'Es posible una vez publicada la convocatoria.',
  published: 'La convocatoria ya está publicada.',
  amendClosed: 'Las modificaciones a la convocatoria eran posibles hasta el {date}, el límite para propuestas.',
  answerClosed: 'Las respuestas eran posibles hasta el {date}, el límite para propuestas.',
  openingTooEarly: 'El acto de apertura es posible a partir del {date}.',
  openingDone: 'El acto de apertura ya se celebró.',
  evaluateBeforeOpening: 'La evaluación es posible después del acto de apertura, a partir del {date}.',
  evaluationDone: 'La evaluación ya concluyó.',
  awardAfterEvaluation: 'El fallo es posible al concluir la evaluación.',
  awardAfterAuction: 'El fallo es posible al cerrar la subasta de la partida {lot}.',
  awardAfterAuctionAt: 'El fallo es posible a partir del {date}, al cerrar la subasta de la partida {lot}.',
  awardScheduleAuction: 'El fallo es posible después de la subasta de la partida {lot}: prográmala primero.',
  awarded: 'El fallo ya se emitió.',
  cancelContracted: 'La cancelación ya no es posible: hay un contrato firmado.',
  closed: 'El procedimiento ya terminó.',
  signObjection: 'La firma del contrato es posible a partir del {date}, al terminar el periodo de inconformidades.',
  signChallenge: 'La firma del contrato es posible al resolverse la inconformidad presentada contra el fallo.',
  signNotAwarded: 'La firma del contrato es posible una vez adjudicada la partida.',
  signed: 'El contrato ya está firmado.',
  contractClosed: 'El contrato ya terminó.',
  completeTooEarly: 'La conclusión del contrato es posible a partir del {date}, su fecha de inicio.',
} as const;

const yes: Availability = { possible: true };
const no = (message: string, at: string | null = null, lot?: string): Availability => ({
  possible: false,
  message,
  at,
  ...(lot ? { lot } : {}),
});

/** The part of the tender view the rules read (a view folded by the API, status as of now). */
export type TenderFacts = Pick<
  TenderView,
  | 'status'
  | 'procedureType'
  | 'schedule'
  | 'opening'
  | 'evaluationCompletedAt'
  | 'lotResults'
  | 'challenges'
  | 'cancellation'
>;

/** A lot's auction as the public record has it (`startsAt`/`endsAt`), when it is scheduled. */
export type AuctionTimes = { lotId: string; endsAt: string; closed?: boolean };

const FINISHED = ['completed', 'cancelled', 'deserted'];
const BEFORE_OPENING = ['active.enquiries', 'active.tendering'];
const before = (now: Date, iso: string | null | undefined) => iso != null && now.getTime() < Date.parse(iso);

/** Every tender action of the buyer at `now`. */
export function tenderActions(
  view: TenderFacts,
  now: Date,
  auctions: AuctionTimes[] = [],
): Record<TenderAction, Availability> {
  return {
    publish: publish(view),
    amend: beforeDeadline(view, now, WHY.amendClosed),
    answer: beforeDeadline(view, now, WHY.answerClosed),
    cancel: cancel(view),
    open: open(view, now),
    evaluate: evaluate(view),
    award: award(view, now, auctions),
  };
}

function publish(view: TenderFacts): Availability {
  if (view.status !== 'draft') return no(WHY.published);
  return view.procedureType === 'direct_award' ? no(WHY.publishDirect) : yes;
}

function beforeDeadline(view: TenderFacts, now: Date, closed: string): Availability {
  if (view.status === 'draft' || view.procedureType === 'direct_award') return no(WHY.notPublished);
  if (FINISHED.includes(view.status)) return no(WHY.closed);
  const deadline = view.schedule?.submissionDeadline ?? null;
  if (!BEFORE_OPENING.includes(view.status) || !before(now, deadline)) return no(closed, deadline);
  return yes;
}

function cancel(view: TenderFacts): Availability {
  if (FINISHED.includes(view.status)) return no(WHY.closed);
  if (view.status === 'contracted' || view.lotResults.some((lot) => lot.contractId !== null))
    return no(WHY.cancelContracted);
  return yes;
}

function open(view: TenderFacts, now: Date): Availability {
  if (view.procedureType === 'direct_award') return no(WHY.publishDirect);
  if (view.status === 'draft') return no(WHY.notPublished);
  if (view.opening) return no(WHY.openingDone);
  if (FINISHED.includes(view.status)) return no(WHY.closed);
  const openingDate = view.schedule?.openingDate ?? null;
  if (before(now, openingDate)) return no(WHY.openingTooEarly, openingDate);
  return yes;
}

function evaluate(view: TenderFacts): Availability {
  if (view.evaluationCompletedAt) return no(WHY.evaluationDone);
  if (FINISHED.includes(view.status)) return no(WHY.closed);
  if (!view.opening) return no(WHY.evaluateBeforeOpening, view.schedule?.openingDate ?? null);
  return yes;
}

function award(view: TenderFacts, now: Date, auctions: AuctionTimes[]): Availability {
  if (FINISHED.includes(view.status)) return no(WHY.closed);
  if (view.procedureType === 'direct_award') return view.status === 'draft' ? yes : no(WHY.awarded);
  if (view.lotResults.some((lot) => lot.award)) return no(WHY.awarded);
  if (!view.evaluationCompletedAt) return no(WHY.awardAfterEvaluation);
  for (const lot of view.lotResults.filter((l) => l.status === 'auction')) {
    const auction = auctions.find((a) => a.lotId === lot.lotId);
    if (!auction && !lot.auctionId) return no(WHY.awardScheduleAuction, null, lot.lotId);
    if (!auction) return no(WHY.awardAfterAuction, null, lot.lotId);
    if (!auction.closed) {
      const at = before(now, auction.endsAt) ? auction.endsAt : null;
      return no(at ? WHY.awardAfterAuctionAt : WHY.awardAfterAuction, at, lot.lotId);
    }
  }
  return yes;
}

/** Whether the contract of `lotId` may be signed at `now`: awarded, objection period over, no challenge open. */
export function signAvailability(view: TenderFacts, lotId: string, now: Date): Availability {
  const lot = view.lotResults.find((l) => l.lotId === lotId);
  if (!lot || !lot.award) return no(WHY.signNotAwarded);
  if (lot.contractId) return no(WHY.signed);
  if (view.status === 'cancelled') return no(WHY.closed);
  const ends = lot.award.objectionPeriodEndsAt;
  if (before(now, ends)) return no(WHY.signObjection, ends);
  const pending = view.challenges.some((c) => c.lotId === lotId && c.resolution === null);
  return pending ? no(WHY.signChallenge) : yes;
}

export type ContractAction = 'amend' | 'complete' | 'terminate';
export type ContractFacts = { status: 'active' | 'completed' | 'terminated'; startDate: string };

/** Every contract action of the buyer at `now`: all of them only while the contract is in force. */
export function contractActions(contract: ContractFacts, now: Date): Record<ContractAction, Availability> {
  if (contract.status !== 'active') {
    const closed = no(WHY.contractClosed);
    return { amend: closed, complete: closed, terminate: closed };
  }
  return {
    amend: yes,
    complete: before(now, contract.startDate) ? no(WHY.completeTooEarly, contract.startDate) : yes,
    terminate: yes,
  };
}

/**
 * The amounts a contract may be amended to: within 20 % of the original, in total (LAASSP art. 52), in centavos;
 * for an open contract (art. 47) `base` is its maximum (domain/contract.ts, `limitBase`).
 */
export const contractAmountLimits = (original: number, base = original) => ({
  min: Math.max(0, original - Math.floor((base * 20) / 100)),
  max: original + Math.floor((base * 20) / 100),
});
