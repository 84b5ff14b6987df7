import { CONTRACT_MODIFICATION_LIMIT_PERCENT } from '@licita/tendering';
import { DEFAULT_TENDER_POLICY } from '@licita/tendering';
import { count, daysBetween, percentOf, writerFor, type TextLanguage, type Writer } from './plain-language';
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
  unit: 'bidders' | 'days' | 'percent';
};

export type TenderFlagCode =
  | 'single_bidder'
  | 'short_submission_period'
  | 'late_amendment'
  | 'contract_amendment_near_limit'
  | 'supplier_recently_registered';
export type UnitFlagCode = 'direct_award_share' | 'winner_concentration';
export type RedFlagCode = TenderFlagCode | UnitFlagCode;

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
  /** One supplier with at least this share of a unit's awarded amount… */
  concentrationSharePercent: 50,
  /** …over at least this many awards (fewer say nothing). */
  concentrationMinAwards: 3,
} as const;

type Definition = {
  title: string;
  scope: 'tender' | 'buying_unit';
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
    description: `Un proveedor recibió ${THRESHOLDS.concentrationSharePercent} % o más del monto adjudicado por la unidad compradora (con al menos ${THRESHOLDS.concentrationMinAwards} adjudicaciones).`,
    en: {
      title: 'Awards concentrated on one supplier',
      description: `One supplier received ${THRESHOLDS.concentrationSharePercent} % or more of the amount awarded by the buying unit (with at least ${THRESHOLDS.concentrationMinAwards} awards).`,
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
  return [singleBidder, shortSubmissionPeriod, lateAmendment, contractAmendmentNearLimit, supplierRecentlyRegistered]
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

function shortSubmissionPeriod(record: TenderRecord, w: Writer): RedFlag | null {
  if (record.procedureType === 'direct_award' || !record.schedule || !record.publishedAt) return null;
  const standard = THRESHOLDS.standardSubmissionDays[record.procedureType];
  const days = daysBetween(record.publishedAt, record.schedule.submissionDeadline);
  if (days >= standard) return null;
  const why = record.periodReduction
    ? w.l(' Justificación de la reducción: ', ' Why it was shortened: ') + record.periodReduction.justification
    : '';
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

/** A buying unit's awarded amounts, in one currency, to judge the unit-level flags. */
export type UnitAwards = {
  currency: string;
  awards: number;
  awardedAmount: number;
  directAwardAmount: number;
  topSupplier: { id: string; name: string | null; awards: number; amount: number } | null;
};

export function unitRedFlags(unit: UnitAwards, language: TextLanguage = 'es'): RedFlag[] {
  const w = writerFor(language);
  const flags: RedFlag[] = [];
  if (unit.awardedAmount <= 0) return flags;
  const directShare = share(unit.directAwardAmount, unit.awardedAmount);
  if (directShare > THRESHOLDS.directAwardSharePercent) {
    flags.push(
      flag(
        w,
        'direct_award_share',
        w.l(
          `El ${directShare} % del monto adjudicado (${unit.currency}) fue por adjudicación directa (umbral: más del ${THRESHOLDS.directAwardSharePercent} %).`,
          `${directShare} % of the amount awarded (${unit.currency}) was by direct award (threshold: more than ${THRESHOLDS.directAwardSharePercent} %).`,
        ),
        directShare,
        THRESHOLDS.directAwardSharePercent,
        'percent',
      ),
    );
  }
  const top = unit.topSupplier;
  const topShare = top ? share(top.amount, unit.awardedAmount) : 0;
  if (top && unit.awards >= THRESHOLDS.concentrationMinAwards && topShare >= THRESHOLDS.concentrationSharePercent) {
    flags.push(
      flag(
        w,
        'winner_concentration',
        w.l(
          `${top.name ?? top.id} recibió el ${topShare} % del monto adjudicado (${unit.currency}) en ${count(top.awards, 'adjudicación', 'adjudicaciones')} de ${unit.awards} (umbral: ${THRESHOLDS.concentrationSharePercent} % con al menos ${THRESHOLDS.concentrationMinAwards} adjudicaciones).`,
          `${top.name ?? top.id} received ${topShare} % of the amount awarded (${unit.currency}) in ${count(top.awards, 'award')} of ${unit.awards} (threshold: ${THRESHOLDS.concentrationSharePercent} % with at least ${THRESHOLDS.concentrationMinAwards} awards).`,
        ),
        topShare,
        THRESHOLDS.concentrationSharePercent,
        'percent',
      ),
    );
  }
  return flags;
}

/** `part` as a percentage of `whole`, two decimals. */
export const share = (part: number, whole: number): number =>
  whole > 0 ? Math.round((part * 10_000) / whole) / 100 : 0;
