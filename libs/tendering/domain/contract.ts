import { conflict, invalid, money, notFound, type DecisionContext, type Decider, type Money } from '@licita/shared';
import { fieldDiff, type FieldChange } from './field-diff';
import { checkMultiYear, type FiscalYearShare, type MultiYearTerms } from './multi-year';
import { checkDocuments, checkId, instant, requiredText, validQuantity } from './tender-content';
import type { DocumentRef, IsoDateTime, OpenContractTerms } from './tender.types';

/**
 * The contract of one awarded lot (stream `contract-<contractId>`), an aggregate of the tendering context:
 * it outlives the tender's procedure (amendments, completion) so it has its own stream. The tender records
 * its signature and closing (`RecordContractSigned`, `RecordContractClosed`); the handler issues both with the
 * same `contractId`, and both deciders treat a repeat as done.
 */
export const contractStream = (contractId: string) => `contract-${contractId}`;

/**
 * LAASSP art. 52: amendments may change the amount or the quantities while, in total, they stay within 20 %
 * of what the contract originally set. We measure the net change against the original (a decrease counts as
 * much as an increase), per amount and per item quantity; exactly 20 % is allowed. An open contract's amount
 * (LAASSP art. 47) is measured against its maximum instead (see `limitBase`).
 */
export const CONTRACT_MODIFICATION_LIMIT_PERCENT = 20;

export type ContractItem = { itemId: string; description: string; quantity: number; unit: string };

export type SignContract = {
  type: 'SignContract';
  contractId: string;
  tenderId: string;
  lotId: string;
  buyingUnitId: string;
  supplierId: string;
  amount: Money;
  items: ContractItem[];
  startDate: IsoDateTime;
  endDate: IsoDateTime;
  /** From a direct award (adjudicación directa), marked so everywhere. */
  directAward: boolean;
  /** An open contract (LAASSP art. 47), from its lot: the amount may be 0.00, up to the maximum. Absent otherwise. */
  openContract?: OpenContractTerms;
  /** The signed contract first, then its annexes: uploads of the buying unit, public with the contract. */
  documents?: DocumentRef[];
  /** A multi-year contract (plurianual): its amount per fiscal year, adding up to `amount`. Absent otherwise. */
  multiYear?: MultiYearTerms;
};
/** Only what changes: the new amount (centavos), new item quantities, a new end date. */
export type AmendContract = {
  type: 'AmendContract';
  contractId: string;
  amendmentId: string;
  amount?: number;
  quantities?: Array<{ itemId: string; quantity: number }>;
  endDate?: IsoDateTime;
  /**
   * A multi-year contract's new amounts per fiscal year; required when its amount changes (they must add up to the
   * new amount), optional otherwise (moving money between years). Refused on a contract that is not multi-year.
   */
  fiscalYears?: FiscalYearShare[];
  reason: string;
  /** The amendment's signed agreement and annexes, public with it. */
  documents?: DocumentRef[];
};
export type CompleteContract = { type: 'CompleteContract'; contractId: string };
/** LAASSP art. 54 (rescission for the supplier's breach) and 54 Bis (early termination in the general interest). */
export type TerminateContract = {
  type: 'TerminateContract';
  contractId: string;
  kind: 'early_termination' | 'rescission';
  reason: string;
};

export type ContractCommand = SignContract | AmendContract | CompleteContract | TerminateContract;

type Event<T extends string, D> = { type: T; data: { contractId: string } & D };
export type ContractSigned = Event<
  'ContractSigned',
  Omit<SignContract, 'type' | 'contractId'> & { signedAt: IsoDateTime }
>;
export type ContractAmended = Event<
  'ContractAmended',
  {
    amendmentId: string;
    reason: string;
    changes: FieldChange[];
    amount: Money;
    items: ContractItem[];
    endDate: IsoDateTime;
    amendedAt: IsoDateTime;
    /** Absent when the amendment carries none. */
    documents?: DocumentRef[];
    /** A multi-year contract's amounts per fiscal year after the amendment; absent on any other contract. */
    multiYear?: MultiYearTerms;
  }
>;
export type ContractCompleted = Event<'ContractCompleted', { completedAt: IsoDateTime }>;
export type ContractTerminated = Event<
  'ContractTerminated',
  { kind: TerminateContract['kind']; reason: string; terminatedAt: IsoDateTime }
>;
export type ContractEvent = ContractSigned | ContractAmended | ContractCompleted | ContractTerminated;

export const CONTRACT_EVENT_TYPES: ReadonlyArray<ContractEvent['type']> = [
  'ContractSigned',
  'ContractAmended',
  'ContractCompleted',
  'ContractTerminated',
];

export type ContractStatus = 'none' | 'active' | 'completed' | 'terminated';

export type ContractState = {
  status: ContractStatus;
  /** As signed: the base of the 20 % rule. */
  original: ContractSigned['data'] | null;
  amount: Money | null;
  items: ContractItem[];
  endDate: IsoDateTime | null;
  amendmentIds: string[];
  /** As last signed or amended; null on a contract that is not multi-year. */
  multiYear: MultiYearTerms | null;
};

export const initialContractState = (): ContractState => ({
  status: 'none',
  original: null,
  amount: null,
  items: [],
  endDate: null,
  amendmentIds: [],
  multiYear: null,
});

export function decideContract(
  command: ContractCommand,
  state: ContractState,
  { now }: DecisionContext,
): ContractEvent[] {
  if (command.type === 'SignContract') return sign(command, state, now);
  if (state.status === 'none') throw notFound('contract.not_found', `there is no contract ${command.contractId}`);
  if (state.status !== 'active') {
    throw conflict(
      'contract.invalid_transition',
      `${command.type} is not possible while the contract is ${state.status}`,
      { status: state.status, command: command.type },
    );
  }
  switch (command.type) {
    case 'AmendContract':
      return amend(command, state, now);
    case 'CompleteContract':
      if (now.getTime() < Date.parse(original(state).startDate)) {
        throw conflict('contract.not_started', 'a contract completes after its start date', {
          startDate: original(state).startDate,
        });
      }
      return [{ type: 'ContractCompleted', data: { contractId: command.contractId, completedAt: now.toISOString() } }];
    case 'TerminateContract': {
      if (command.kind !== 'early_termination' && command.kind !== 'rescission') {
        throw invalid('contract.invalid_termination', 'a termination is early_termination or rescission');
      }
      const reason = requiredText(command.reason, 'reason', 10_000, 'contract.reason_required');
      return [
        {
          type: 'ContractTerminated',
          data: { contractId: command.contractId, kind: command.kind, reason, terminatedAt: now.toISOString() },
        },
      ];
    }
  }
}

export function evolveContract(state: ContractState, event: ContractEvent): ContractState {
  switch (event.type) {
    case 'ContractSigned':
      return {
        ...state,
        status: 'active',
        original: event.data,
        amount: event.data.amount,
        items: event.data.items,
        endDate: event.data.endDate,
        multiYear: event.data.multiYear ?? null,
      };
    case 'ContractAmended': {
      const { amount, items, endDate, amendmentId } = event.data;
      const multiYear = event.data.multiYear ?? state.multiYear;
      return { ...state, amount, items, endDate, multiYear, amendmentIds: [...state.amendmentIds, amendmentId] };
    }
    case 'ContractCompleted':
      return { ...state, status: 'completed' };
    case 'ContractTerminated':
      return { ...state, status: 'terminated' };
  }
}

export const contractDecider: Decider<ContractCommand, ContractEvent, ContractState> = {
  initialState: initialContractState,
  decide: decideContract,
  evolve: evolveContract,
};

function sign(command: SignContract, state: ContractState, now: Date): ContractEvent[] {
  if (state.status !== 'none') {
    const same = state.original?.tenderId === command.tenderId && state.original?.lotId === command.lotId;
    if (same) return [];
    throw conflict('contract.already_exists', `contract ${command.contractId} exists`);
  }
  const openContract = command.openContract;
  checkAmount(command.amount?.amount, openContract);
  const maximum = openContract?.maximum?.amount;
  if (maximum !== undefined && command.amount.amount > maximum)
    throw invalid('contract.above_maximum', `the amount is above the open contract's maximum`, {
      amount: command.amount.amount,
      maximum,
    });
  const startDate = instant(command.startDate, 'startDate');
  const endDate = instant(command.endDate, 'endDate');
  if (Date.parse(endDate) <= Date.parse(startDate))
    throw invalid('contract.invalid_dates', 'the contract ends after it starts', { startDate, endDate });
  const items = (command.items ?? []).map((item) => {
    if (!validQuantity(item.quantity))
      throw invalid('contract.invalid_quantity', `item ${item.itemId} needs a positive quantity`, {
        itemId: item.itemId,
      });
    return {
      itemId: checkId(item.itemId, 'items.itemId'),
      description: item.description,
      quantity: item.quantity,
      unit: item.unit,
    };
  });
  const amount = money(command.amount.amount, command.amount.currency);
  const multiYear = command.multiYear ? checkMultiYear(command.multiYear, amount, { startDate, endDate }) : undefined;
  return [
    {
      type: 'ContractSigned',
      data: {
        contractId: checkId(command.contractId, 'contractId'),
        tenderId: command.tenderId,
        lotId: command.lotId,
        buyingUnitId: command.buyingUnitId,
        supplierId: command.supplierId,
        amount,
        items,
        startDate,
        endDate,
        directAward: command.directAward === true,
        ...(openContract ? { openContract } : {}),
        signedAt: now.toISOString(),
        ...withDocuments(command.documents),
        ...(multiYear ? { multiYear } : {}),
      },
    },
  ];
}

function amend(command: AmendContract, state: ContractState, now: Date): ContractEvent[] {
  if (state.amendmentIds.includes(command.amendmentId)) return [];
  const reason = requiredText(command.reason, 'reason', 10_000, 'contract.reason_required');
  const signed = original(state);
  const current = { amount: state.amount as Money, items: state.items, endDate: state.endDate as string };

  const amount = command.amount === undefined ? current.amount : { ...current.amount, amount: command.amount };
  checkAmount(amount.amount, signed.openContract);
  withinLimit('amount', signed.amount.amount, amount.amount, 1, limitBase(signed));

  const quantities = new Map((command.quantities ?? []).map((q) => [q.itemId, q.quantity]));
  const unknown = [...quantities.keys()].find((itemId) => !current.items.some((item) => item.itemId === itemId));
  if (unknown !== undefined)
    throw invalid('contract.unknown_item', `the contract has no item ${unknown}`, { itemId: unknown });
  const items = current.items.map((item) => {
    const quantity = quantities.get(item.itemId) ?? item.quantity;
    if (!validQuantity(quantity))
      throw invalid('contract.invalid_quantity', `item ${item.itemId} needs a positive quantity`, {
        itemId: item.itemId,
      });
    const signedQuantity = signed.items.find((i) => i.itemId === item.itemId)?.quantity as number;
    withinLimit(`items[${item.itemId}].quantity`, signedQuantity, quantity, 1000);
    return { ...item, quantity };
  });

  const endDate = command.endDate === undefined ? current.endDate : instant(command.endDate, 'endDate');
  if (Date.parse(endDate) <= Date.parse(signed.startDate))
    throw invalid('contract.invalid_dates', 'the contract ends after it starts', {
      startDate: signed.startDate,
      endDate,
    });

  const multiYear = amendedMultiYear(command, state, amount, { startDate: signed.startDate, endDate });
  const before = state.multiYear ? { ...current, fiscalYears: state.multiYear.fiscalYears } : current;
  const after = multiYear ? { amount, items, endDate, fiscalYears: multiYear.fiscalYears } : { amount, items, endDate };
  const changes = fieldDiff(before, after);
  if (changes.length === 0) throw invalid('contract.amendment_empty', 'the amendment changes nothing');
  return [
    {
      type: 'ContractAmended',
      data: {
        contractId: command.contractId,
        amendmentId: command.amendmentId,
        reason,
        changes,
        amount,
        items,
        endDate,
        amendedAt: now.toISOString(),
        ...withDocuments(command.documents),
        ...(multiYear ? { multiYear } : {}),
      },
    },
  ];
}

/**
 * A multi-year contract stays consistent: its years add up to the amended amount and fall within the amended
 * period. A new amount needs new years (the buyer says which years change); the same amount keeps the years unless
 * told, checked again against a new end date.
 */
function amendedMultiYear(
  command: AmendContract,
  state: ContractState,
  amount: Money,
  period: { startDate: IsoDateTime; endDate: IsoDateTime },
): MultiYearTerms | undefined {
  if (state.multiYear === null) {
    if (command.fiscalYears === undefined) return undefined;
    throw invalid('contract.not_multi_year', 'the contract is not multi-year: it has no fiscal years to amend');
  }
  if (command.fiscalYears === undefined && amount.amount !== (state.amount as Money).amount)
    throw invalid(
      'contract.fiscal_years_required',
      "a multi-year contract's new amount needs its amounts per fiscal year",
      {
        amount: amount.amount,
      },
    );
  const fiscalYears = command.fiscalYears ?? state.multiYear.fiscalYears;
  return checkMultiYear({ ...state.multiYear, fiscalYears }, amount, period);
}

/**
 * A positive integer of centavos; an open contract's (LAASSP art. 47) may be 0.00: its amount is what the calls
 * against it will add up to.
 */
function checkAmount(amount: unknown, openContract: OpenContractTerms | undefined): void {
  const least = openContract ? 0 : 1;
  if (Number.isSafeInteger(amount) && (amount as number) >= least) return;
  throw invalid(
    'contract.invalid_amount',
    openContract
      ? 'the amount of an open contract is a non-negative integer of centavos'
      : 'the amount is a positive integer of centavos',
    { openContract: openContract !== undefined },
  );
}

/**
 * What the 20 % of art. 52 is measured against: the amount as signed, or, for an open contract with a maximum,
 * that maximum (art. 52 applies the increase of an open contract to its maximum). Never a division: an open
 * contract signed for 0.00 without a maximum has a base of 0, so its amount cannot be amended.
 */
const limitBase = (signed: ContractSigned['data']): number =>
  signed.openContract?.maximum?.amount ?? signed.amount.amount;

/**
 * |proposed − original| ≤ 20 % of `base` (the original unless told), compared in integers (quantities scaled to
 * thousandths).
 */
function withinLimit(field: string, originalValue: number, proposed: number, scale = 1, base = originalValue): void {
  const [before, after] = [Math.round(originalValue * scale), Math.round(proposed * scale)];
  if (Math.abs(after - before) * 100 <= Math.round(base * scale) * CONTRACT_MODIFICATION_LIMIT_PERCENT) return;
  throw invalid(
    'contract.amendment_exceeds_limit',
    `${field} would change by more than ${CONTRACT_MODIFICATION_LIMIT_PERCENT} % of the original`,
    {
      field,
      original: originalValue,
      proposed,
      limitPercent: CONTRACT_MODIFICATION_LIMIT_PERCENT,
      ...(base === originalValue ? {} : { limitBase: base }),
    },
  );
}

/** `{ documents }` when there are any (checked as a tender's), `{}` otherwise: events without documents stay as before. */
function withDocuments(documents: DocumentRef[] | undefined): { documents?: DocumentRef[] } {
  const checked = checkDocuments(documents ?? [], 'contract.invalid_document');
  return checked.length > 0 ? { documents: checked } : {};
}

const original = (state: ContractState) => state.original as ContractSigned['data'];
