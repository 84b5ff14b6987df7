import { invalid, lineTotal, money, type Money } from '@licita/shared';
import { checkConsolidation } from './consolidation';
import { checkSubmissionPeriod, submissionPeriodRule, type SubmissionPeriodRule } from './legal-calendar';
import type { TenderPolicy } from './tender.policy';
import { acceleratedPeriodCheck, checkTimeAcceleration } from './time-acceleration';
import {
  DAY_MS,
  PROCEDURE_TYPES,
  PROCUREMENT_CATEGORIES,
  type AwardCriterion,
  type CompetitiveProcedure,
  type DirectAwardTerms,
  type DocumentRef,
  OPEN_CONTRACT_MINIMUM_PERCENT,
  type OpenContractTerms,
  type TenderContent,
  type TenderContentInput,
  type TenderItem,
  type TenderLot,
  type TenderSchedule,
} from './tender.types';

/**
 * Checks the content of a tender and returns it normalized (trimmed text, lowercase hashes, instants as UTC
 * ISO strings), or throws a DomainError (kind `invalid`, 422) whose code names the rule and whose details
 * name the field.
 */
export function checkTenderContent(content: TenderContentInput, policy: TenderPolicy): TenderContent {
  const procedureType = oneOf(content.procedureType, PROCEDURE_TYPES, 'tender.invalid_procedure_type', 'procedureType');
  const currency = checkCurrency(content.currency ?? 'MXN');
  const lots = checkLots(content.lots, currency);
  const competitive = procedureType !== 'direct_award';
  const checked: TenderContent = {
    buyingUnitId: checkId(content.buyingUnitId, 'buyingUnitId'),
    title: requiredText(content.title, 'title', 300),
    description: requiredText(content.description, 'description', 10_000),
    category: oneOf(content.category, PROCUREMENT_CATEGORIES, 'tender.invalid_category', 'category'),
    procedureType,
    awardCriterion: checkAwardCriterion(content.awardCriterion),
    reverseAuction: checkReverseAuction(content.reverseAuction, competitive),
    currency,
    lots,
    estimatedTotal: checkTotal(content.estimatedTotal, lots, currency),
    documents: checkDocuments(content.documents ?? []),
    schedule: null,
    invitedSupplierIds: checkInvitees(content.invitedSupplierIds ?? [], procedureType, policy),
    directAward: checkDirectAwardTerms(content.directAward ?? null, competitive),
    periodReduction: checkPeriodReduction(content.periodReduction ?? null, procedureType),
    ...checkSignatureRequirement(content.requireProposalSignature, competitive),
    ...checkTimeAcceleration(content.timeAcceleration, policy),
    ...checkFederalFunds(content.federalFunds),
    ...(content.consolidation ? { consolidation: checkConsolidation(content.consolidation, lots, currency) } : {}),
  };
  if (!competitive) {
    if (content.schedule)
      throw invalid('tender.schedule_not_applicable', 'a direct award has no call, so no schedule', {
        field: 'schedule',
      });
    return checked;
  }
  if (!content.schedule) throw invalid('tender.field_required', 'a tender needs its schedule', { field: 'schedule' });
  return { ...checked, schedule: checkSchedule(content.schedule, checked, policy) };
}

/**
 * The schedule's instants in order, the submission period long enough for the procedure under the law in force at
 * its publication (legal-calendar.ts: calendar days in Mexico City; LAASSP art. 32, LOPSRM for works) or the
 * policy's longer minimum, and the award within the days after the opening act the policy allows (LAASSP art. 35).
 */
export function checkSchedule(schedule: TenderSchedule, content: PeriodContent, policy: TenderPolicy): TenderSchedule {
  const checked: TenderSchedule = {
    publicationDate: instant(schedule.publicationDate, 'schedule.publicationDate'),
    questionsDeadline: instant(schedule.questionsDeadline, 'schedule.questionsDeadline'),
    submissionDeadline: instant(schedule.submissionDeadline, 'schedule.submissionDeadline'),
    openingDate: instant(schedule.openingDate, 'schedule.openingDate'),
    awardDate: instant(schedule.awardDate, 'schedule.awardDate'),
  };
  inOrder(checked, 'publicationDate', 'questionsDeadline', 'strictly');
  inOrder(checked, 'questionsDeadline', 'submissionDeadline', 'strictly');
  inOrder(checked, 'submissionDeadline', 'openingDate', 'or_same');
  inOrder(checked, 'openingDate', 'awardDate', 'or_same');

  requireSubmissionPeriod(checked, content, policy);
  const awardDays = daysBetween(checked.openingDate, checked.awardDate);
  if (awardDays > policy.maxDaysFromOpeningToAward) {
    throw invalid(
      'tender.award_date_too_late',
      `the award must come within ${policy.maxDaysFromOpeningToAward} days of the opening act`,
      {
        maxDays: policy.maxDaysFromOpeningToAward,
        actualDays: awardDays,
      },
    );
  }
  return checked;
}

type PeriodContent = Pick<TenderContent, 'category' | 'procedureType' | 'periodReduction'>;

/** The law's rule for the procedure published at `publicationDate`, and the minimum that binds it. */
export type SubmissionPeriod = {
  rule: SubmissionPeriodRule;
  /** The rule's minimum, or the policy's when longer. */
  minimumDays: number;
  /** The policy, not the law, set the minimum. */
  byPolicy: boolean;
};

export function submissionPeriodOf(
  content: PeriodContent,
  publicationDate: string,
  policy: TenderPolicy,
): SubmissionPeriod {
  const reduced = content.periodReduction !== null;
  const procedureType = content.procedureType as CompetitiveProcedure;
  const rule = submissionPeriodRule({ category: content.category, procedureType, reduced }, publicationDate);
  const configured = reduced ? policy.reducedSubmissionPeriodDays : policy.minSubmissionPeriodDays[procedureType];
  const byPolicy = configured > rule.minimumDays;
  return { rule, minimumDays: byPolicy ? configured : rule.minimumDays, byPolicy };
}

export const minimumSubmissionDays = (content: PeriodContent, publicationDate: string, policy: TenderPolicy): number =>
  submissionPeriodOf(content, publicationDate, policy).minimumDays;

function requireSubmissionPeriod(schedule: TenderSchedule, content: PeriodContent, policy: TenderPolicy): void {
  const { rule, minimumDays, byPolicy } = submissionPeriodOf(content, schedule.publicationDate, policy);
  // Practice mode: an accelerated tender counts real time × its factor in 24-hour spans (time-acceleration.ts).
  const period =
    policy.timeAcceleration === undefined
      ? checkSubmissionPeriod(schedule.publicationDate, schedule.submissionDeadline, minimumDays)
      : acceleratedPeriodCheck(
          schedule.publicationDate,
          schedule.submissionDeadline,
          minimumDays,
          policy.timeAcceleration,
        );
  if (period.ok) return;
  throw invalid(
    'tender.schedule_too_short',
    `the submission period must last at least ${minimumDays} calendar days (${rule.reference}); the earliest deadline is ${period.earliestEndDate}`,
    {
      procedureType: content.procedureType,
      minimumDays,
      actualDays: period.actualDays,
      earliestDeadline: period.earliestEndDate,
      law: rule.law,
      lawVersion: rule.version,
      reference: rule.reference,
      ...(byPolicy ? { part: 'policy', legalMinimumDays: rule.minimumDays } : {}),
    },
  );
}

export function lotValue(lot: Pick<TenderLot, 'items'>): number {
  return lot.items.reduce((sum, item) => sum + lineTotal(item.quantity, item.estimatedUnitPrice), 0);
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,99}$/;
const SHA256 = /^[0-9a-f]{64}$/;

export function checkId(value: unknown, field: string): string {
  if (typeof value !== 'string' || !ID.test(value)) {
    throw invalid(
      'tender.invalid_id',
      `${field} is an identifier of letters, digits, '.', '_', ':' or '-' (at most 100)`,
      { field },
    );
  }
  return value;
}

export function requiredText(value: unknown, field: string, max: number, code = 'tender.field_required'): string {
  const trimmed = typeof value === 'string' ? value.trim().replace(/[ \t]+/g, ' ') : '';
  if (trimmed === '' || trimmed.length > max)
    throw invalid(code, `${field} is required (at most ${max} characters)`, { field });
  return trimmed;
}

export function instant(value: unknown, field: string): string {
  const time = typeof value === 'string' ? Date.parse(value) : NaN;
  if (Number.isNaN(time))
    throw invalid('tender.invalid_schedule', `${field} is not a date and time (ISO 8601)`, { field });
  return new Date(time).toISOString();
}

export function checkSha256(value: unknown, field: string, code: string): string {
  const hex = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (!SHA256.test(hex)) throw invalid(code, `${field} is a SHA-256 in hex (64 characters)`, { field });
  return hex;
}

/** Whole days from `from` to `to`, with fractions: 14.5 days is not 15. */
export const daysBetween = (from: string, to: string): number => (Date.parse(to) - Date.parse(from)) / DAY_MS;

function oneOf<T extends string>(value: unknown, allowed: readonly T[], code: string, field: string): T {
  if (!allowed.includes(value as T))
    throw invalid(code, `${field} is one of ${allowed.join(', ')}`, { field, allowed: [...allowed] });
  return value as T;
}

function checkCurrency(currency: string): string {
  return money(0, currency).currency;
}

function checkAwardCriterion(criterion: AwardCriterion | undefined): AwardCriterion {
  if (criterion?.type === 'lowest_price') return { type: 'lowest_price' };
  if (criterion?.type === 'points_and_percentages') {
    const { technicalWeight, economicWeight } = criterion;
    const weight = (w: number) => Number.isInteger(w) && w >= 0 && w <= 100;
    if (weight(technicalWeight) && weight(economicWeight) && technicalWeight + economicWeight === 100) {
      return { type: 'points_and_percentages', technicalWeight, economicWeight };
    }
    throw invalid(
      'tender.invalid_award_criterion',
      'the technical and economic weights are whole percentages summing to 100',
      {
        technicalWeight,
        economicWeight,
      },
    );
  }
  throw invalid('tender.invalid_award_criterion', 'the award criterion is lowest_price or points_and_percentages');
}

function checkReverseAuction(value: unknown, competitive: boolean): boolean {
  if (value === true && !competitive)
    throw invalid('tender.auction_not_applicable', 'a direct award has no reverse auction');
  return value === true;
}

/** Kept only when the buyer said it, so the contents drafted before the rule read as they did. */
/** Only `true` is recorded: a tender without the flag (as every tender drafted before it) spends its unit's own money. */
function checkFederalFunds(value: unknown): Pick<TenderContent, 'federalFunds'> {
  if (value === undefined || value === null || value === false) return {};
  if (value !== true)
    throw invalid('tender.invalid_federal_funds', 'federalFunds is true or false', { field: 'federalFunds' });
  return { federalFunds: true };
}

function checkSignatureRequirement(
  value: unknown,
  competitive: boolean,
): Pick<TenderContent, 'requireProposalSignature'> {
  if (value === undefined || value === null) return {};
  if (value === true && !competitive)
    throw invalid('efirma.not_applicable', 'a direct award receives no proposals to sign', {
      field: 'requireProposalSignature',
    });
  return { requireProposalSignature: value === true };
}

function checkLots(lots: TenderLot[] | undefined, currency: string): TenderLot[] {
  if (!Array.isArray(lots) || lots.length === 0) throw invalid('tender.no_lots', 'a tender has at least one lot');
  const checked = lots.map((lot) => checkLot(lot, currency));
  unique(checked.map((lot) => lot.lotId));
  unique(checked.flatMap((lot) => lot.items.map((item) => item.itemId)));
  return checked;
}

function checkLot(lot: TenderLot, currency: string): TenderLot {
  const lotId = checkId(lot.lotId, 'lots.lotId');
  if (!Array.isArray(lot.items) || lot.items.length === 0)
    throw invalid('tender.lot_without_items', `lot ${lotId} has no items`, { lotId });
  const items = lot.items.map((item) => checkItem(item, lotId));
  const estimatedValue = checkMoney(lot.estimatedValue, currency, `lots[${lotId}].estimatedValue`);
  const expected = lotValue({ items });
  if (estimatedValue.amount !== expected) {
    throw invalid('tender.lot_value_mismatch', `the estimated value of lot ${lotId} is not the sum of its items`, {
      lotId,
      declared: estimatedValue.amount,
      expected,
    });
  }
  const title = requiredText(lot.title, `lots[${lotId}].title`, 300);
  const openContract = checkOpenContract(lot.openContract, currency, lotId);
  return { lotId, title, items, estimatedValue, ...(openContract ? { openContract } : {}) };
}

/** LAASSP art. 47: an open contract's minimum and maximum, each optional; the minimum at least 40 % of the maximum. */
function checkOpenContract(
  terms: OpenContractTerms | null | undefined,
  currency: string,
  lotId: string,
): OpenContractTerms | null {
  if (terms === undefined || terms === null) return null;
  const bound = (value: Money | null | undefined, field: string) =>
    value === undefined || value === null ? null : checkMoney(value, currency, `lots[${lotId}].openContract.${field}`);
  const minimum = bound(terms.minimum, 'minimum');
  const maximum = bound(terms.maximum, 'maximum');
  const wrong = (problem: string) =>
    invalid('tender.invalid_open_contract', `the open contract of lot ${lotId} is not valid: ${problem}`, {
      lotId,
      problem,
      minimumPercent: OPEN_CONTRACT_MINIMUM_PERCENT,
    });
  if (minimum && maximum) {
    if (minimum.amount > maximum.amount) throw wrong('minimum_above_maximum');
    if (minimum.amount * 100 < maximum.amount * OPEN_CONTRACT_MINIMUM_PERCENT) throw wrong('minimum_below_40_percent');
  }
  if (maximum && maximum.amount === 0) throw wrong('maximum_zero');
  return { minimum, maximum };
}

function checkItem(item: TenderItem, lotId: string): TenderItem {
  const itemId = checkId(item.itemId, 'items.itemId');
  const wrong = (field: string, message: string) => invalid('tender.invalid_item', message, { lotId, itemId, field });
  const classifierCode = typeof item.classifierCode === 'string' ? item.classifierCode.trim().toUpperCase() : '';
  if (!/^[0-9A-Z][0-9A-Z.-]{0,31}$/.test(classifierCode))
    throw wrong('classifierCode', 'the classifier code is required');
  const { quantity, estimatedUnitPrice } = item;
  if (!validQuantity(quantity)) throw wrong('quantity', 'the quantity is positive with at most three decimals');
  if (!Number.isSafeInteger(estimatedUnitPrice) || estimatedUnitPrice < 0) {
    throw wrong('estimatedUnitPrice', 'the estimated unit price is a non-negative integer of centavos');
  }
  if (!Number.isSafeInteger(lineTotal(quantity, estimatedUnitPrice)))
    throw wrong('estimatedUnitPrice', 'quantity × unit price is too large');
  return {
    itemId,
    classifierCode,
    description: requiredText(item.description, `items[${itemId}].description`, 1000),
    quantity,
    unit: requiredText(item.unit, `items[${itemId}].unit`, 50),
    estimatedUnitPrice,
  };
}

export function validQuantity(quantity: unknown): quantity is number {
  return (
    typeof quantity === 'number' &&
    Number.isFinite(quantity) &&
    quantity > 0 &&
    quantity <= 1e12 &&
    Math.abs(Math.round(quantity * 1000) - quantity * 1000) < 1e-6
  );
}

function checkTotal(total: Money | undefined, lots: TenderLot[], currency: string): Money {
  const declared = checkMoney(total, currency, 'estimatedTotal');
  const expected = lots.reduce((sum, lot) => sum + lot.estimatedValue.amount, 0);
  if (declared.amount !== expected) {
    throw invalid('tender.total_value_mismatch', 'the estimated total is not the sum of the lots', {
      declared: declared.amount,
      expected,
    });
  }
  return declared;
}

function checkMoney(value: Money | undefined, currency: string, field: string): Money {
  if (!value || !Number.isSafeInteger(value.amount) || value.amount < 0) {
    throw invalid('tender.invalid_amount', `${field} is a non-negative integer of centavos`, { field });
  }
  const checked = money(value.amount, value.currency ?? currency);
  if (checked.currency !== currency)
    throw invalid('tender.currency_mismatch', `${field} is not in ${currency}`, { field, currency });
  return checked;
}

export function checkDocuments<T extends DocumentRef>(documents: T[], code = 'tender.invalid_document'): T[] {
  if (!Array.isArray(documents)) throw invalid(code, 'documents is a list', { field: 'documents' });
  const checked = documents.map((doc) => ({
    ...doc,
    documentId: checkId(doc.documentId, 'documents.documentId'),
    title: requiredText(doc.title, 'documents.title', 300, code),
    fileName: requiredText(doc.fileName, 'documents.fileName', 255, code),
    mediaType: requiredText(doc.mediaType, 'documents.mediaType', 100, code),
    sha256: checkSha256(doc.sha256, 'documents.sha256', code),
  }));
  unique(checked.map((doc) => doc.documentId));
  return checked;
}

function checkInvitees(ids: string[], procedureType: string, policy: TenderPolicy): string[] {
  if (procedureType !== 'invitation') {
    if (ids.length > 0)
      throw invalid('tender.invitees_not_applicable', 'only an invitation names invited suppliers', {
        field: 'invitedSupplierIds',
      });
    return [];
  }
  const invited = [...new Set(ids.map((id) => checkId(id, 'invitedSupplierIds')))];
  if (invited.length < policy.minInvitees) {
    throw invalid('tender.too_few_invitees', `an invitation goes to at least ${policy.minInvitees} suppliers`, {
      minimum: policy.minInvitees,
      invited: invited.length,
    });
  }
  return invited;
}

function checkDirectAwardTerms(terms: DirectAwardTerms | null, competitive: boolean): DirectAwardTerms | null {
  if (competitive) {
    if (terms !== null)
      throw invalid('tender.direct_award_not_applicable', 'only a direct award names its supplier in advance', {
        field: 'directAward',
      });
    return null;
  }
  if (terms === null)
    throw invalid('tender.field_required', 'a direct award states its legal justification', {
      field: 'directAward',
    });
  const supplierId = terms.supplierId ?? null;
  return {
    ...(supplierId === null ? {} : { supplierId: checkId(supplierId, 'directAward.supplierId') }),
    justification: {
      article: requiredText(
        terms.justification?.article,
        'directAward.justification.article',
        200,
        'tender.justification_required',
      ),
      text: requiredText(
        terms.justification?.text,
        'directAward.justification.text',
        10_000,
        'tender.justification_required',
      ),
    },
  };
}

function checkPeriodReduction(
  reduction: { justification: string } | null,
  procedureType: string,
): { justification: string } | null {
  if (reduction === null) return null;
  if (procedureType !== 'public_national' && procedureType !== 'public_international') {
    throw invalid('tender.period_reduction_not_applicable', 'only a public tender may reduce its submission period', {
      field: 'periodReduction',
    });
  }
  return {
    justification: requiredText(
      reduction.justification,
      'periodReduction.justification',
      10_000,
      'tender.justification_required',
    ),
  };
}

function inOrder(
  schedule: TenderSchedule,
  first: keyof TenderSchedule,
  second: keyof TenderSchedule,
  mode: 'strictly' | 'or_same',
): void {
  const a = Date.parse(schedule[first]);
  const b = Date.parse(schedule[second]);
  if (mode === 'strictly' ? b > a : b >= a) return;
  throw invalid(
    'tender.invalid_schedule',
    `${second} must come ${mode === 'strictly' ? 'after' : 'at or after'} ${first}`,
    {
      field: `schedule.${second}`,
      mustFollow: `schedule.${first}`,
    },
  );
}

function unique(ids: string[]): void {
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) throw invalid('tender.duplicate_id', `the identifier ${id} is used twice`, { id });
    seen.add(id);
  }
}
