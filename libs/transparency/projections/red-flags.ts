import { CONTRACT_MODIFICATION_LIMIT_PERCENT } from '@licita/tendering';
import { DEFAULT_TENDER_POLICY } from '@licita/tendering';
import { PAYMENT_TERM_DAYS, PAYMENT_TERM_REFERENCE } from '@licita/execution';
import {
  count,
  daysBetween,
  percentOf,
  spanishMoney,
  writerFor,
  type TextLanguage,
  type Writer,
} from './plain-language';
import type { TenderRecord } from './tender-record';

/**
 * Integrity indicators after the Open Contracting Partnership's red flags for procurement ("Red Flags for
 * Integrity", 2016; the Cardinal library's indicators). A flag is a reason to look closer, not a finding.
 * Each explains itself: what was measured, the numbers, and the threshold.
 */
export type RedFlag = {
  code: RedFlagCode;
  title: string;
  /** Plain Spanish (or English, when asked for), with the numbers of this case. */
  explanation: string;
  /** The value measured and the threshold it crossed, in the unit named. */
  value: number;
  threshold: number;
  unit: 'bidders' | 'days' | 'percent' | 'contracts' | 'centavos';
};

export type TenderFlagCode =
  | 'single_bidder'
  | 'short_submission_period'
  | 'late_amendment'
  | 'contract_amendment_near_limit'
  | 'supplier_recently_registered'
  | 'zero_amount_contract';
export type UnitFlagCode = 'direct_award_share' | 'winner_concentration' | 'split_purchase';
/** Flags of a contract's execution, judged at the time of asking (projections/execution-red-flags.ts). */
export type ContractFlagCode = 'missing_delivery' | 'late_delivery' | 'late_payment';
export type RedFlagCode = TenderFlagCode | UnitFlagCode | ContractFlagCode;

export const THRESHOLDS = {
  /** Fewer bidders than this at the opening act of a competitive procedure. */
  minBidders: 2,
  /** The standard minimum submission periods (LAASSP art. 32, RLAASSP art. 77): a shorter one was reduced. */
  standardSubmissionDays: DEFAULT_TENDER_POLICY.minSubmissionPeriodDays,
  /** An amendment closer than this to the submission deadline then in force (LAASSP art. 33: seven days). */
  amendmentNoticeDays: DEFAULT_TENDER_POLICY.amendmentNoticeDays,
  /** A contract's amount changed by at least this share of the original (three quarters of the 20 % limit, LAASSP art. 52). */
  contractChangePercent: (CONTRACT_MODIFICATION_LIMIT_PERCENT * 3) / 4,
  /** A winner registered fewer days than this before the award. */
  recentRegistrationDays: 30,
  /** Direct awards above this share of a unit's awarded amount (LAASSP art. 42 caps exceptions at 30 % of the budget). */
  directAwardSharePercent: 30,
  /**
   * One supplier with at least this share of the amount a unit awarded in a calendar year (Mexico City) and one
   * currency… (OCP, "Red flags for integrity", 2016: "high number of contract awards to one bidder"; the guide
   * sets no figure: half the unit's money going to one winner is Licita's reading of it.)
   */
  concentrationSharePercent: 50,
  /** …when the unit made at least this many awards in that year and currency (fewer say nothing). */
  concentrationMinAwards: 3,
  /**
   * Quick-quotation orders of one unit, code and supplier within this many days whose sum exceeds the threshold
   * each stayed under: a purchase possibly split to avoid a tender (fraccionamiento). Licita's choice of window.
   */
  splitWindowDays: 30,
} as const;

type Definition = {
  title: string;
  scope: 'tender' | 'buying_unit' | 'contract';
  description: string;
  /** The same title and description in English. */
  en: { title: string; description: string };
};

export const RED_FLAGS: Record<RedFlagCode, Definition> = {
  single_bidder: {
    title: 'Un solo licitante',
    scope: 'tender',
    description: `Un procedimiento competitivo con menos de ${THRESHOLDS.minBidders} licitantes en el acto de apertura: no hubo competencia.`,
    en: {
      title: 'Single bidder',
      description: `A competitive procedure with fewer than ${THRESHOLDS.minBidders} bidders at the opening act: there was no competition.`,
    },
  },
  short_submission_period: {
    title: 'Plazo corto para presentar propuestas',
    scope: 'tender',
    description: `Menos días entre la publicación y la fecha límite que el plazo ordinario (${THRESHOLDS.standardSubmissionDays.public_national} nacional, ${THRESHOLDS.standardSubmissionDays.public_international} internacional, ${THRESHOLDS.standardSubmissionDays.invitation} invitación): pocos pueden preparar una propuesta.`,
    en: {
      title: 'Short submission period',
      description: `Fewer days between publication and the deadline than the ordinary period (${THRESHOLDS.standardSubmissionDays.public_national} national, ${THRESHOLDS.standardSubmissionDays.public_international} international, ${THRESHOLDS.standardSubmissionDays.invitation} invitation): few can prepare a proposal.`,
    },
  },
  late_amendment: {
    title: 'Modificación cercana a la fecha límite',
    scope: 'tender',
    description: `La convocatoria se modificó a menos de ${THRESHOLDS.amendmentNoticeDays} días de la fecha límite vigente.`,
    en: {
      title: 'Amendment close to the deadline',
      description: `The call was amended less than ${THRESHOLDS.amendmentNoticeDays} days before the deadline then in force.`,
    },
  },
  contract_amendment_near_limit: {
    title: 'Modificación del contrato cerca del límite del 20 %',
    scope: 'tender',
    description: `El monto de un contrato cambió en ${THRESHOLDS.contractChangePercent} % o más respecto del original (el límite legal es ${CONTRACT_MODIFICATION_LIMIT_PERCENT} %).`,
    en: {
      title: 'Contract amendment close to the 20 % limit',
      description: `A contract's amount changed by ${THRESHOLDS.contractChangePercent} % or more from the original (the legal limit is ${CONTRACT_MODIFICATION_LIMIT_PERCENT} %).`,
    },
  },
  supplier_recently_registered: {
    title: 'Adjudicación a un proveedor de registro reciente',
    scope: 'tender',
    description: `El ganador se inscribió en el registro de proveedores menos de ${THRESHOLDS.recentRegistrationDays} días antes de la adjudicación.`,
    en: {
      title: 'Award to a recently registered supplier',
      description: `The winner joined the supplier register less than ${THRESHOLDS.recentRegistrationDays} days before the award.`,
    },
  },
  zero_amount_contract: {
    title: 'Contrato por monto 0',
    scope: 'tender',
    description:
      'Un contrato registrado por monto 0: un contrato abierto (LAASSP art. 47, con mínimos y máximos) o un dato faltante.',
    en: {
      title: 'Contract of amount 0',
      description:
        'A contract recorded with amount 0: an open contract (LAASSP art. 47, with a minimum and a maximum) or missing data.',
    },
  },
  direct_award_share: {
    title: 'Alta proporción de adjudicaciones directas',
    scope: 'buying_unit',
    description: `Más del ${THRESHOLDS.directAwardSharePercent} % del monto adjudicado por la unidad compradora fue por adjudicación directa.`,
    en: {
      title: 'High share of direct awards',
      description: `More than ${THRESHOLDS.directAwardSharePercent} % of the amount awarded by the buying unit was by direct award.`,
    },
  },
  winner_concentration: {
    title: 'Concentración de adjudicaciones en un proveedor',
    scope: 'buying_unit',
    description: `Un proveedor recibió ${THRESHOLDS.concentrationSharePercent} % o más del monto que la unidad compradora adjudicó en un año calendario, en una moneda (con al menos ${THRESHOLDS.concentrationMinAwards} adjudicaciones de la unidad ese año).`,
    en: {
      title: 'Awards concentrated on one supplier',
      description: `One supplier received ${THRESHOLDS.concentrationSharePercent} % or more of the amount the buying unit awarded in a calendar year, in one currency (with at least ${THRESHOLDS.concentrationMinAwards} awards by the unit that year).`,
    },
  },
  split_purchase: {
    title: 'Posible fraccionamiento de una compra',
    scope: 'buying_unit',
    description: `Dos o más órdenes de cotización ágil de la unidad compradora, para la misma clave del clasificador y el mismo proveedor, en ${THRESHOLDS.splitWindowDays} días, suman más que el umbral que cada una respetó: la compra pudo dividirse para no licitar.`,
    en: {
      title: 'Possibly split purchase',
      description: `Two or more quick-quotation orders of the buying unit, for the same classifier code and supplier, within ${THRESHOLDS.splitWindowDays} days, add up to more than the threshold each stayed under: the purchase may have been split to avoid a tender.`,
    },
  },
  missing_delivery: {
    title: 'Entrega faltante',
    scope: 'contract',
    description:
      'Una entrega del contrato cuya fecha límite ya pasó y de la que se ha aceptado menos de lo programado (días en la Ciudad de México, a la fecha de la consulta).',
    en: {
      title: 'Missing delivery',
      description:
        'A delivery of the contract whose due date has passed and of which less than scheduled has been accepted (Mexico City days, as of the time of asking).',
    },
  },
  late_delivery: {
    title: 'Entrega atrasada',
    scope: 'contract',
    description: 'Una entrega del contrato completada después de su fecha límite.',
    en: { title: 'Late delivery', description: 'A delivery of the contract completed after its due date.' },
  },
  late_payment: {
    title: 'Pago atrasado',
    scope: 'contract',
    description: `Una factura aceptada pagada después del plazo legal, o sin pagar pasado ese plazo: ${PAYMENT_TERM_DAYS} días naturales desde su aceptación (${PAYMENT_TERM_REFERENCE.citation}).`,
    en: {
      title: 'Late payment',
      description: `An accepted invoice paid after the legal term, or still unpaid after it: ${PAYMENT_TERM_DAYS} calendar days from its acceptance (${PAYMENT_TERM_REFERENCE.citation}).`,
    },
  },
};

/** A flag's title and description in the language. */
export const redFlagDefinition = (code: RedFlagCode, language: TextLanguage = 'es') => {
  const { title, description, scope, en } = RED_FLAGS[code];
  return language === 'en' ? { title: en.title, scope, description: en.description } : { title, scope, description };
};

const flag = (
  w: Writer,
  code: RedFlagCode,
  explanation: string,
  value: number,
  threshold: number,
  unit: RedFlag['unit'],
): RedFlag => ({
  code,
  title: redFlagDefinition(code, w.language).title,
  explanation,
  value,
  threshold,
  unit,
});

/** The flags a procedure raises, from its public record alone, explained in the language. */
export function tenderRedFlags(record: TenderRecord, language: TextLanguage = 'es'): RedFlag[] {
  if (!record.isPublic) return [];
  const w = writerFor(language);
  return [
    singleBidder,
    shortSubmissionPeriod,
    lateAmendment,
    contractAmendmentNearLimit,
    supplierRecentlyRegistered,
    zeroAmountContract,
  ]
    .map((check) => check(record, w))
    .filter((found): found is RedFlag => found !== null);
}

function singleBidder(record: TenderRecord, w: Writer): RedFlag | null {
  const bidders = record.opening?.bidders;
  if (
    record.procedureType === 'direct_award' ||
    bidders === undefined ||
    bidders === 0 ||
    bidders >= THRESHOLDS.minBidders
  )
    return null;
  return flag(
    w,
    'single_bidder',
    w.l(
      `Solo ${count(bidders, 'licitante presentó', 'licitantes presentaron')} propuesta en el acto de apertura (umbral: menos de ${THRESHOLDS.minBidders}).`,
      `Only ${count(bidders, 'bidder', 'bidders')} submitted a proposal by the opening act (threshold: fewer than ${THRESHOLDS.minBidders}).`,
    ),
    bidders,
    THRESHOLDS.minBidders,
    'bidders',
  );
}

/** `to` as far from `from` as it is on a practice tender's clock (`factor` times the real time). */
const acceleratedInstant = (from: string, to: string, factor: number): string =>
  new Date(Date.parse(from) + (Date.parse(to) - Date.parse(from)) * factor).toISOString();

function shortSubmissionPeriod(record: TenderRecord, w: Writer): RedFlag | null {
  if (record.procedureType === 'direct_award' || !record.schedule || !record.publishedAt) return null;
  const standard = THRESHOLDS.standardSubmissionDays[record.procedureType];
  // A practice tender's days are its own (README "Sandbox (practice mode)"): real time × its factor.
  const factor = record.timeAcceleration ?? 1;
  const days =
    factor === 1
      ? daysBetween(record.publishedAt, record.schedule.submissionDeadline)
      : daysBetween(
          record.publishedAt,
          acceleratedInstant(record.publishedAt, record.schedule.submissionDeadline, factor),
        );
  if (days >= standard) return null;
  const why =
    (record.periodReduction
      ? w.l(' Justificación de la reducción: ', ' Why it was shortened: ') + record.periodReduction.justification
      : '') +
    (factor === 1
      ? ''
      : w.l(
          ` Días de práctica: el tiempo corre acelerado ×${factor}.`,
          ` Practice days: time runs accelerated ×${factor}.`,
        ));
  return flag(
    w,
    'short_submission_period',
    w.l(
      `Hubo ${days} días entre la publicación (${w.date(record.publishedAt)}) y la fecha límite (${w.date(record.schedule.submissionDeadline)}); el plazo ordinario es de ${standard} días.${why}`,
      `There were ${days} days between publication (${w.date(record.publishedAt)}) and the deadline (${w.date(record.schedule.submissionDeadline)}); the ordinary period is ${standard} days.${why}`,
    ),
    days,
    standard,
    'days',
  );
}

function lateAmendment(record: TenderRecord, w: Writer): RedFlag | null {
  const late = record.amendments.filter(
    (a) => a.daysBeforeDeadline !== null && a.daysBeforeDeadline < THRESHOLDS.amendmentNoticeDays,
  );
  if (late.length === 0) return null;
  const closest = Math.min(...late.map((a) => a.daysBeforeDeadline as number));
  return flag(
    w,
    'late_amendment',
    w.l(
      `${count(late.length, 'modificación', 'modificaciones')} de la convocatoria a menos de ${THRESHOLDS.amendmentNoticeDays} días de la fecha límite vigente; la más cercana, a ${closest} días.`,
      `${count(late.length, 'amendment')} of the call less than ${THRESHOLDS.amendmentNoticeDays} days before the deadline then in force; the closest, ${closest} days before.`,
    ),
    closest,
    THRESHOLDS.amendmentNoticeDays,
    'days',
  );
}

function contractAmendmentNearLimit(record: TenderRecord, w: Writer): RedFlag | null {
  const changes = record.contracts
    .filter((c) => c.amendments.length > 0 && c.originalValue.amount > 0)
    .map((c) => ({
      contract: c,
      basisPoints: Math.round((Math.abs(c.value.amount - c.originalValue.amount) * 10_000) / c.originalValue.amount),
    }))
    .filter(({ basisPoints }) => basisPoints >= THRESHOLDS.contractChangePercent * 100)
    .sort((a, b) => b.basisPoints - a.basisPoints);
  if (changes.length === 0) return null;
  const [largest] = changes;
  return flag(
    w,
    'contract_amendment_near_limit',
    w.l(
      `El contrato ${largest.contract.contractId} cambió su monto en ${percentOf(largest.basisPoints)} respecto del original (umbral: ${THRESHOLDS.contractChangePercent} %; límite legal: ${CONTRACT_MODIFICATION_LIMIT_PERCENT} %).`,
      `Contract ${largest.contract.contractId} changed its amount by ${percentOf(largest.basisPoints)} from the original (threshold: ${THRESHOLDS.contractChangePercent} %; legal limit: ${CONTRACT_MODIFICATION_LIMIT_PERCENT} %).`,
    ),
    largest.basisPoints / 100,
    THRESHOLDS.contractChangePercent,
    'percent',
  );
}

function supplierRecentlyRegistered(record: TenderRecord, w: Writer): RedFlag | null {
  const recent = record.awards
    .filter((a) => a.status === 'active' && a.supplierRegisteredAt !== null)
    .map((a) => ({ award: a, days: daysBetween(a.supplierRegisteredAt as string, a.awardedAt) }))
    .filter(({ days }) => days < THRESHOLDS.recentRegistrationDays)
    .sort((a, b) => a.days - b.days);
  if (recent.length === 0) return null;
  const [first] = recent;
  const who = first.award.supplier.name ?? first.award.supplier.id;
  return flag(
    w,
    'supplier_recently_registered',
    w.l(
      `${who} se inscribió en el registro de proveedores ${first.days} días antes de la adjudicación (umbral: menos de ${THRESHOLDS.recentRegistrationDays}).`,
      `${who} joined the supplier register ${first.days} days before the award (threshold: fewer than ${THRESHOLDS.recentRegistrationDays}).`,
    ),
    first.days,
    THRESHOLDS.recentRegistrationDays,
    'days',
  );
}

/** Contracts of amount 0 (open contracts, LAASSP art. 47, or missing data: imported records hold both). */
function zeroAmountContract(record: TenderRecord, w: Writer): RedFlag | null {
  const zero = record.contracts.filter((c) => c.value.amount === 0);
  if (zero.length === 0) return null;
  const ids = zero.map((c) => c.contractId).join(', ');
  return flag(
    w,
    'zero_amount_contract',
    w.l(
      `${count(zero.length, 'contrato', 'contratos')} por monto 0 (${ids}): contrato abierto o dato faltante.`,
      `${count(zero.length, 'contract')} of amount 0 (${ids}): an open contract or missing data.`,
    ),
    zero.length,
    1,
    'contracts',
  );
}

/**
 * What a buying unit awarded in one calendar year (Mexico City time, by award date) and one currency, to judge
 * the unit-level flags: standing awards only. Amounts in different currencies are never added together.
 */
export type UnitAwards = {
  buyingUnit: { id: string; name: string | null };
  currency: string;
  year: number;
  awards: number;
  awardedAmount: number;
  directAwardAmount: number;
  /** The supplier with the largest part of `awardedAmount` (ties: the smallest id). */
  topSupplier: { id: string; name: string | null; awards: number; amount: number } | null;
};

/** The unit-level flags of one year and currency; a year with nothing awarded (total 0) raises none. */
export function unitRedFlags(unit: UnitAwards, language: TextLanguage = 'es'): RedFlag[] {
  if (unit.awardedAmount <= 0) return [];
  const w = writerFor(language);
  return [directAwardShare(unit, w), winnerConcentration(unit, w)].filter((found): found is RedFlag => found !== null);
}

function directAwardShare(unit: UnitAwards, w: Writer): RedFlag | null {
  // Compared in integers: a rounded share would cross the threshold a centavo early.
  if (unit.directAwardAmount * 100 <= THRESHOLDS.directAwardSharePercent * unit.awardedAmount) return null;
  const directShare = share(unit.directAwardAmount, unit.awardedAmount);
  return flag(
    w,
    'direct_award_share',
    w.l(
      `El ${directShare} % del monto adjudicado en ${unit.year} (${unit.currency}) fue por adjudicación directa (umbral: más del ${THRESHOLDS.directAwardSharePercent} %).`,
      `${directShare} % of the amount awarded in ${unit.year} (${unit.currency}) was by direct award (threshold: more than ${THRESHOLDS.directAwardSharePercent} %).`,
    ),
    directShare,
    THRESHOLDS.directAwardSharePercent,
    'percent',
  );
}

/** The supplier's share of the unit's awarded amount: top supplier's amount ÷ the unit's total, same year and currency. */
function winnerConcentration(unit: UnitAwards, w: Writer): RedFlag | null {
  const top = unit.topSupplier;
  if (!top || unit.awards < THRESHOLDS.concentrationMinAwards) return null;
  if (top.amount * 100 < THRESHOLDS.concentrationSharePercent * unit.awardedAmount) return null;
  const topShare = share(top.amount, unit.awardedAmount);
  const who = top.name ?? top.id;
  const where = unit.buyingUnit.name ?? unit.buyingUnit.id;
  const part = spanishMoney({ amount: top.amount, currency: unit.currency });
  const whole = spanishMoney({ amount: unit.awardedAmount, currency: unit.currency });
  return flag(
    w,
    'winner_concentration',
    w.l(
      `El proveedor ${who} recibió ${topShare} % del monto adjudicado por la unidad ${where} en ${unit.year} (${unit.currency}): ${part} de ${whole}, en ${count(top.awards, 'adjudicación', 'adjudicaciones')} de ${unit.awards} (umbral: ${THRESHOLDS.concentrationSharePercent} % con al menos ${THRESHOLDS.concentrationMinAwards} adjudicaciones de la unidad en el año).`,
      `Supplier ${who} received ${topShare} % of the amount awarded by the unit ${where} in ${unit.year} (${unit.currency}): ${part} of ${whole}, in ${count(top.awards, 'award')} of ${unit.awards} (threshold: ${THRESHOLDS.concentrationSharePercent} % with at least ${THRESHOLDS.concentrationMinAwards} awards by the unit in the year).`,
    ),
    topShare,
    THRESHOLDS.concentrationSharePercent,
    'percent',
  );
}

/** `part` as a percentage of `whole`, two decimals; 0 when `whole` is 0 (nothing to divide by). */
export const share = (part: number, whole: number): number =>
  whole > 0 ? Math.round((part * 10_000) / whole) / 100 : 0;
