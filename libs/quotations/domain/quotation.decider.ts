import {
  conflict,
  DomainError,
  invalid,
  lineTotal,
  notFound,
  type Decider,
  type DecisionContext,
  type Money,
} from '@licita/shared';
import { matchesCommitment } from './commitment';
import type {
  IssuePurchaseOrder,
  MarkQuotationNonCompliant,
  OpenQuotations,
  PublishQuotationRequest,
  QuotationCommand,
  QuotationContent,
  SubmitQuotation,
} from './quotation.commands';
import type {
  PurchaseOrderIssued,
  QuotationEvent,
  QuotationRequestPublished,
  QuotationSubmitted,
  RevealedQuotation,
} from './quotation.events';
import { QUOTATION_LAWS, thresholdFor, type QuotationThresholds } from './thresholds';

export type QuotationRequestStatus = 'open' | 'opened' | 'deserted' | 'ordered';

export type RankedQuotation = RevealedQuotation & { compliant: boolean; reason: string | null };

export type QuotationRequestState =
  | { published: false }
  | {
      published: true;
      request: QuotationRequestPublished['data'];
      status: QuotationRequestStatus;
      /** The sealed quotation in force of each supplier, by supplier id. */
      sealed: Record<string, QuotationSubmitted['data']>;
      revealed: RankedQuotation[];
      order: PurchaseOrderIssued['data'] | null;
    };

/** A deadline is hours to days away: at least one hour, at most ten days after publication. */
export const QUOTATION_DEADLINE = { minHours: 1, maxDays: 10 } as const;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const CODE = /^[0-9A-Z][0-9A-Z.-]{1,19}$/;

export const initialState = (): QuotationRequestState => ({ published: false });

export function createQuotationDecider(
  thresholds: QuotationThresholds,
): Decider<QuotationCommand, QuotationEvent, QuotationRequestState> {
  return { initialState, decide: (command, state, context) => decide(command, state, context, thresholds), evolve };
}

export function decide(
  command: QuotationCommand,
  state: QuotationRequestState,
  { now }: DecisionContext,
  thresholds: QuotationThresholds,
): QuotationEvent[] {
  if (command.type === 'PublishQuotationRequest') return publish(command, state, now, thresholds);
  if (!state.published)
    throw notFound('quotation.request_not_found', `there is no request for quotations ${command.rfqId}`);
  switch (command.type) {
    case 'SubmitQuotation':
      return submit(command, state, now);
    case 'OpenQuotations':
      return open(command, state, now);
    case 'MarkQuotationNonCompliant':
      return markNonCompliant(command, state, now);
    case 'IssuePurchaseOrder':
      return issueOrder(command, state, now);
  }
}

type Published = Extract<QuotationRequestState, { published: true }>;

function publish(
  command: PublishQuotationRequest,
  state: QuotationRequestState,
  now: Date,
  thresholds: QuotationThresholds,
): QuotationEvent[] {
  if (state.published) {
    if (state.request.buyingUnitId === command.buyingUnitId && state.request.title === command.title) return [];
    throw conflict('quotation.already_exists', `request for quotations ${command.rfqId} exists`);
  }
  const checked = checkRequest(command, now);
  const threshold =
    command.kind === 'quick' ? thresholdFor(thresholds, command.law, now, command.estimatedValue.currency) : null;
  if (threshold && command.estimatedValue.amount > threshold.amount)
    throw invalid(
      'quotation.above_threshold',
      'a quick quotation is for purchases up to the threshold; above it, run a tender',
      {
        amount: command.estimatedValue.amount,
        threshold: threshold.amount,
        currency: threshold.currency,
        law: command.law,
      },
    );
  return [
    {
      type: 'QuotationRequestPublished',
      data: { ...checked, threshold, publishedAt: now.toISOString() },
    },
  ];
}

/** Every rule of a request's content (422); the threshold is checked apart, with the year's table. */
export function checkRequest(
  command: PublishQuotationRequest,
  now: Date,
): Omit<QuotationRequestPublished['data'], 'threshold' | 'publishedAt'> {
  const wrong = (field: string, message: string) => invalid('quotation.invalid_request', message, { field });
  const title = text(command.title, 200);
  if (!title) throw wrong('title', 'the title is required (at most 200 characters)');
  const description = text(command.description ?? '', 2000) ?? '';
  if (!QUOTATION_LAWS.includes(command.law)) throw wrong('law', `the law is one of ${QUOTATION_LAWS.join(', ')}`);
  const classifierCode = typeof command.classifierCode === 'string' ? command.classifierCode.trim().toUpperCase() : '';
  if (!CODE.test(classifierCode)) throw wrong('classifierCode', 'a classifier code is required');
  if (!(typeof command.quantity === 'number' && command.quantity > 0 && Number.isFinite(command.quantity)))
    throw wrong('quantity', 'the quantity is a positive number');
  const unit = text(command.unit, 50);
  if (!unit) throw wrong('unit', 'the unit is required');
  const value = command.estimatedValue;
  if (!value || !Number.isSafeInteger(value.amount) || value.amount <= 0 || !/^[A-Z]{3}$/.test(value.currency ?? ''))
    throw wrong('estimatedValue', 'the estimated value is positive integer centavos with an ISO 4217 currency');
  const deadline = Date.parse(command.deadline);
  if (Number.isNaN(deadline)) throw wrong('deadline', 'the deadline is an ISO 8601 instant');
  if (
    deadline < now.getTime() + QUOTATION_DEADLINE.minHours * HOUR ||
    deadline > now.getTime() + QUOTATION_DEADLINE.maxDays * DAY
  )
    throw invalid(
      'quotation.invalid_deadline',
      `the deadline is between ${QUOTATION_DEADLINE.minHours} hour and ${QUOTATION_DEADLINE.maxDays} days away`,
      { field: 'deadline', ...QUOTATION_DEADLINE },
    );
  const audience = command.audience;
  if (audience?.kind === 'invited') {
    const supplierIds = [...new Set(audience.supplierIds ?? [])].filter((id) => typeof id === 'string' && id);
    if (supplierIds.length === 0) throw wrong('audience', 'an invitation names at least one supplier');
    if (command.kind === 'mini_competition' && !command.framework)
      throw wrong('framework', 'a mini-competition names its framework agreement');
    return {
      ...base(command, title, description, classifierCode, unit),
      audience: { kind: 'invited', supplierIds },
      deadline: new Date(deadline).toISOString(),
    };
  }
  if (audience?.kind !== 'classifier') throw wrong('audience', 'the audience is "classifier" or "invited"');
  if (command.kind === 'mini_competition')
    throw wrong('audience', "a mini-competition invites the agreement's suppliers");
  return {
    ...base(command, title, description, classifierCode, unit),
    audience: { kind: 'classifier' },
    deadline: new Date(deadline).toISOString(),
  };
}

function base(
  command: PublishQuotationRequest,
  title: string,
  description: string,
  classifierCode: string,
  unit: string,
) {
  return {
    rfqId: command.rfqId,
    kind: command.kind,
    buyingUnitId: command.buyingUnitId,
    law: command.law,
    title,
    description,
    classifierCode,
    quantity: command.quantity,
    unit,
    estimatedValue: { amount: command.estimatedValue.amount, currency: command.estimatedValue.currency },
    framework: command.framework ?? null,
    keyId: command.keyId,
  };
}

function submit(command: SubmitQuotation, state: Published, now: Date): QuotationEvent[] {
  if (state.status !== 'open' || now.getTime() >= Date.parse(state.request.deadline))
    throw conflict('quotation.deadline_passed', 'quotations are received until the deadline (exclusive)', {
      deadline: state.request.deadline,
    });
  if (command.eligibility === 'not_invited')
    throw new DomainError(
      'quotation.supplier_not_invited',
      'this request is for the suppliers it names or of its code',
      'forbidden',
    );
  if (command.eligibility === 'not_eligible')
    throw new DomainError(
      'quotation.supplier_not_eligible',
      'only verified suppliers without a sanction in force may quote',
      'forbidden',
    );
  const previous = state.sealed[command.supplierId];
  if (previous?.commitment === command.commitment) return [];
  return [
    {
      type: 'QuotationSubmitted',
      data: {
        rfqId: command.rfqId,
        quotationId: command.quotationId,
        supplierId: command.supplierId,
        commitment: command.commitment,
        sealed: command.sealed,
        replaces: previous?.quotationId ?? null,
        submittedAt: now.toISOString(),
      },
    },
  ];
}

function open(command: OpenQuotations, state: Published, now: Date): QuotationEvent[] {
  if (state.status !== 'open') return [];
  if (now.getTime() < Date.parse(state.request.deadline))
    throw conflict('quotation.still_sealed', 'quotations open at the deadline', { deadline: state.request.deadline });
  const sealed = Object.values(state.sealed);
  if (sealed.length === 0)
    return [{ type: 'QuotationRequestDeserted', data: { rfqId: command.rfqId, desertedAt: state.request.deadline } }];
  const quotations = sealed.map((quotation): RevealedQuotation => {
    const content = command.revealed.find((r) => r.quotationId === quotation.quotationId)?.content;
    if (!content || !matchesCommitment(content, quotation.commitment))
      throw conflict('quotation.commitment_mismatch', 'a revealed quotation does not match its commitment', {
        quotationId: quotation.quotationId,
      });
    return {
      quotationId: quotation.quotationId,
      supplierId: quotation.supplierId,
      amount: content.amount,
      notes: content.notes,
      submittedAt: quotation.submittedAt,
    };
  });
  return [{ type: 'QuotationsOpened', data: { rfqId: command.rfqId, openedAt: now.toISOString(), quotations } }];
}

function markNonCompliant(command: MarkQuotationNonCompliant, state: Published, now: Date): QuotationEvent[] {
  if (state.status !== 'opened')
    throw conflict('quotation.not_opened', 'quotations are judged after they open and before the order', {
      status: state.status,
    });
  const quotation = state.revealed.find((q) => q.quotationId === command.quotationId);
  if (!quotation) throw notFound('quotation.not_found', `there is no quotation ${command.quotationId} in this request`);
  const reason = text(command.reason, 1000);
  if (!reason) throw invalid('quotation.reason_required', 'say why the quotation does not comply', { field: 'reason' });
  if (!quotation.compliant) return [];
  return [
    {
      type: 'QuotationMarkedNonCompliant',
      data: {
        rfqId: command.rfqId,
        quotationId: quotation.quotationId,
        supplierId: quotation.supplierId,
        reason,
        markedAt: now.toISOString(),
      },
    },
  ];
}

function issueOrder(command: IssuePurchaseOrder, state: Published, now: Date): QuotationEvent[] {
  if (state.status === 'ordered') {
    if (state.order?.orderId === command.orderId) return [];
    throw conflict('quotation.already_ordered', 'the order of this request was issued', {
      orderId: state.order?.orderId,
    });
  }
  if (state.status !== 'opened')
    throw conflict('quotation.not_opened', 'the order follows the opening of the quotations', { status: state.status });
  const winner = winnerOf(state.revealed);
  if (!winner) throw conflict('quotation.no_compliant_quotation', 'every quotation was found non-compliant');
  const framework = state.request.framework;
  if (framework && !command.frameworkOrderId)
    throw invalid('quotation.framework_order_required', 'a mini-competition orders against its agreement');
  return [
    {
      type: 'PurchaseOrderIssued',
      data: {
        rfqId: command.rfqId,
        orderId: command.orderId,
        kind: state.request.kind,
        buyingUnitId: state.request.buyingUnitId,
        supplierId: winner.supplierId,
        quotationId: winner.quotationId,
        classifierCode: state.request.classifierCode,
        amount: orderAmount(state.request, winner.amount),
        framework: framework ? { ...framework, frameworkOrderId: command.frameworkOrderId as string } : null,
        issuedAt: now.toISOString(),
      },
    },
  ];
}

/**
 * A quick quotation quotes the total; a mini-competition quotes the unit price of the agreement's item (the order
 * is a line of the agreement), so its order is the quantity times the winning unit price, rounded half up.
 */
export const orderAmount = (request: QuotationRequestPublished['data'], quoted: Money): Money =>
  request.kind === 'mini_competition'
    ? { amount: lineTotal(request.quantity, quoted.amount), currency: quoted.currency }
    : quoted;

export function evolve(state: QuotationRequestState, event: QuotationEvent): QuotationRequestState {
  if (event.type === 'QuotationRequestPublished')
    return { published: true, request: event.data, status: 'open', sealed: {}, revealed: [], order: null };
  if (!state.published) return state;
  switch (event.type) {
    case 'QuotationSubmitted':
      return { ...state, sealed: { ...state.sealed, [event.data.supplierId]: event.data } };
    case 'QuotationsOpened':
      return {
        ...state,
        status: 'opened',
        revealed: rank(event.data.quotations.map((q) => ({ ...q, compliant: true, reason: null }))),
      };
    case 'QuotationRequestDeserted':
      return { ...state, status: 'deserted' };
    case 'QuotationMarkedNonCompliant':
      return {
        ...state,
        revealed: state.revealed.map((q) =>
          q.quotationId === event.data.quotationId ? { ...q, compliant: false, reason: event.data.reason } : q,
        ),
      };
    case 'PurchaseOrderIssued':
      return { ...state, status: 'ordered', order: event.data };
  }
}

/**
 * The order of the quotations: lower amount first; a tie goes to the quotation in force submitted earlier (a
 * replacement counts from its own time), then to the lower quotation id, so the ranking never depends on
 * anything but the record.
 */
export function rank<T extends { amount: Money; submittedAt: string; quotationId: string }>(quotations: T[]): T[] {
  return [...quotations].sort(
    (a, b) =>
      a.amount.amount - b.amount.amount ||
      Date.parse(a.submittedAt) - Date.parse(b.submittedAt) ||
      a.quotationId.localeCompare(b.quotationId),
  );
}

/** The lowest compliant quotation, or null when none is left. */
export const winnerOf = (revealed: RankedQuotation[]): RankedQuotation | null =>
  rank(revealed).find((q) => q.compliant) ?? null;

/** A supplier's quotation before it is sealed (422 `quotation.invalid_content`), in the request's currency. */
export function checkQuotationContent(
  content: { amount?: unknown; notes?: unknown },
  currency: string,
): Omit<QuotationContent, 'salt'> {
  const amount = content.amount as Partial<Money> | undefined;
  if (!amount || !Number.isSafeInteger(amount.amount) || (amount.amount as number) <= 0)
    throw invalid('quotation.invalid_content', 'the amount is positive integer centavos', { field: 'amount' });
  if (amount.currency !== currency)
    throw invalid('quotation.invalid_content', `the amount is in the request's currency, ${currency}`, {
      field: 'currency',
      currency,
    });
  const notes = content.notes === undefined || content.notes === '' ? '' : text(content.notes, 2000);
  if (notes === null)
    throw invalid('quotation.invalid_content', 'notes are text of at most 2000 characters', { field: 'notes' });
  return { amount: { amount: amount.amount as number, currency }, notes };
}

export const isOpenAt = (state: QuotationRequestState, now: Date): boolean =>
  state.published && state.status === 'open' && now.getTime() < Date.parse(state.request.deadline);

function text(value: unknown, max: number): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim().replace(/\s+/g, ' ');
  return trimmed.length > 0 && trimmed.length <= max ? trimmed : null;
}
