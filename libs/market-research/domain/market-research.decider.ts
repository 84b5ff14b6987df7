import { conflict, DomainError, invalid, notFound, type DecisionContext, type Decider } from '@licita/shared';
import type {
  AnswerMarketResearch,
  AttachMarketResearch,
  MarketResearchCommand,
  RequestMarketResearch,
} from './market-research.commands';
import type { AnswerData, MarketResearchEvent, ResearchItem } from './market-research.events';

export type MarketResearchState =
  | { requested: false }
  | {
      requested: true;
      researchId: string;
      buyingUnitId: string;
      items: ResearchItem[];
      deadline: string;
      supplierIds: string[];
      /** Each answering supplier's latest revision number. */
      revisions: Record<string, number>;
      tenderId: string | null;
    };

export const initialState = (): MarketResearchState => ({ requested: false });

export const MAX_ITEMS = 100;
const ISO_4217 = /^[A-Z]{3}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** A procedure that ended without a contract cannot take a research any more. */
const CLOSED_TENDER_STATUSES = ['cancelled', 'deserted'];

export function decide(
  command: MarketResearchCommand,
  state: MarketResearchState,
  { now }: DecisionContext,
): MarketResearchEvent[] {
  switch (command.type) {
    case 'RequestMarketResearch':
      return request(command, state, now);
    case 'AnswerMarketResearch':
      return answer(command, state, now);
    case 'AttachMarketResearch':
      return attach(command, state, now);
  }
}

function request(command: RequestMarketResearch, state: MarketResearchState, now: Date): MarketResearchEvent[] {
  if (state.requested)
    throw conflict('market_research.already_exists', `market research ${command.researchId} was already requested`);
  const title = text(command.title, 300);
  if (!title) throw badRequest('title', 'the title is required (at most 300 characters)');
  const items = checkItems(command.items);
  const deadline = Date.parse(command.deadline);
  if (Number.isNaN(deadline) || deadline <= now.getTime())
    throw invalid('market_research.invalid_deadline', 'the deadline is an instant after now', {
      field: 'deadline',
      now: now.toISOString(),
    });
  const supplierIds = [...new Set(command.addressees)].sort();
  if (supplierIds.length === 0)
    throw invalid('market_research.no_suppliers', 'no verified supplier of the register deals in these codes', {
      classifierCodes: [...new Set(items.map((item) => item.classifierCode))],
    });
  return [
    {
      type: 'MarketResearchRequested',
      data: {
        researchId: command.researchId,
        buyingUnitId: command.buyingUnitId,
        title,
        items,
        deadline: new Date(deadline).toISOString(),
        invited: (command.invitedSupplierIds ?? []).length > 0,
        supplierIds,
        requestedAt: now.toISOString(),
      },
    },
  ];
}

function checkItems(items: RequestMarketResearch['items']): ResearchItem[] {
  if (!Array.isArray(items) || items.length === 0 || items.length > MAX_ITEMS)
    throw badRequest('items', `from 1 to ${MAX_ITEMS} items`);
  const checked = items.map((item, i): ResearchItem => {
    const field = (name: string) => `items[${i}].${name}`;
    const classifierCode = typeof item.classifierCode === 'string' ? item.classifierCode.trim().toUpperCase() : '';
    if (!classifierCode) throw badRequest(field('classifierCode'), 'a classifier code is required');
    const description = text(item.description, 500);
    if (!description) throw badRequest(field('description'), 'a description is required (at most 500 characters)');
    if (!isQuantity(item.quantity))
      throw badRequest(field('quantity'), 'a positive quantity with at most three decimals');
    const unit = text(item.unit, 50);
    if (!unit) throw badRequest(field('unit'), 'a unit of measure is required (at most 50 characters)');
    const itemId = item.itemId === undefined ? `item-${i + 1}` : text(item.itemId, 64);
    if (!itemId) throw badRequest(field('itemId'), 'an item id has 1 to 64 characters');
    return { itemId, classifierCode, description, quantity: item.quantity, unit };
  });
  const ids = checked.map((item) => item.itemId);
  const repeated = ids.find((id, i) => ids.indexOf(id) !== i);
  if (repeated) throw badRequest('items', `the item id ${repeated} is repeated`);
  return checked;
}

function answer(command: AnswerMarketResearch, state: MarketResearchState, now: Date): MarketResearchEvent[] {
  if (!state.requested) throw notFound('market_research.not_found', `no market research ${command.researchId}`);
  if (!state.supplierIds.includes(command.supplierId))
    throw new DomainError('market_research.not_addressed', 'this research was not addressed to you', 'forbidden');
  if (now.getTime() >= Date.parse(state.deadline))
    throw conflict('market_research.closed', 'the research took answers until its deadline', {
      deadline: state.deadline,
    });
  const revision = (state.revisions[command.supplierId] ?? 0) + 1;
  const data: AnswerData = {
    researchId: state.researchId,
    supplierId: command.supplierId,
    prices: checkPrices(command.prices, state.items),
    notes: checkNotes(command.notes),
    validUntil: checkValidity(command.validUntil),
    answeredAt: now.toISOString(),
    revision,
  };
  return [{ type: revision === 1 ? 'MarketResearchAnswered' : 'MarketResearchAnswerRevised', data }];
}

function checkPrices(prices: AnswerMarketResearch['prices'], items: ResearchItem[]) {
  if (!Array.isArray(prices) || prices.length === 0) throw badAnswer('prices', 'price at least one item');
  const known = new Set(items.map((item) => item.itemId));
  const seen = new Set<string>();
  return prices.map(({ itemId, unitPrice }, i) => {
    if (!known.has(itemId)) throw badAnswer(`prices[${i}].itemId`, `the research has no item ${itemId}`);
    if (seen.has(itemId)) throw badAnswer(`prices[${i}].itemId`, `the item ${itemId} is priced twice`);
    seen.add(itemId);
    const amount = unitPrice?.amount;
    if (!Number.isSafeInteger(amount) || amount <= 0)
      throw badAnswer(`prices[${i}].unitPrice.amount`, 'a unit price is a positive integer number of centavos');
    const currency = unitPrice.currency;
    if (typeof currency !== 'string' || !ISO_4217.test(currency))
      throw badAnswer(`prices[${i}].unitPrice.currency`, 'the currency is an ISO 4217 code (MXN, USD…)');
    return { itemId, unitPrice: { amount, currency } };
  });
}

function checkNotes(notes: string | null | undefined): string | null {
  if (notes === undefined || notes === null || notes.trim() === '') return null;
  const checked = text(notes, 2000);
  if (!checked) throw badAnswer('notes', 'notes have at most 2000 characters');
  return checked;
}

function checkValidity(validUntil: string | null | undefined): string | null {
  if (validUntil === undefined || validUntil === null || validUntil === '') return null;
  if (!DAY.test(validUntil) || Number.isNaN(Date.parse(`${validUntil}T00:00:00Z`)))
    throw badAnswer('validUntil', 'a day, YYYY-MM-DD');
  return validUntil;
}

function attach(command: AttachMarketResearch, state: MarketResearchState, now: Date): MarketResearchEvent[] {
  if (!state.requested) throw notFound('market_research.not_found', `no market research ${command.researchId}`);
  if (state.tenderId === command.tenderId) return [];
  if (state.tenderId !== null)
    throw conflict('market_research.already_attached', `the research is attached to tender ${state.tenderId}`, {
      tenderId: state.tenderId,
    });
  if (command.tender === null) throw notFound('tender.not_found', `no tender ${command.tenderId}`);
  if (command.tender.buyingUnitId !== state.buyingUnitId)
    throw invalid('market_research.tender_of_other_unit', 'the tender belongs to another buying unit', {
      field: 'tenderId',
    });
  if (CLOSED_TENDER_STATUSES.includes(command.tender.status))
    throw conflict('market_research.tender_closed', `the tender is ${command.tender.status}`, {
      status: command.tender.status,
    });
  if (now.getTime() < Date.parse(state.deadline))
    throw conflict('market_research.still_open', 'answers are taken until the deadline; attach it after', {
      deadline: state.deadline,
    });
  return [
    {
      type: 'MarketResearchAttached',
      data: {
        researchId: state.researchId,
        tenderId: command.tenderId,
        buyingUnitId: state.buyingUnitId,
        attachedAt: now.toISOString(),
      },
    },
  ];
}

export function evolve(state: MarketResearchState, event: MarketResearchEvent): MarketResearchState {
  switch (event.type) {
    case 'MarketResearchRequested': {
      const { researchId, buyingUnitId, items, deadline, supplierIds } = event.data;
      return { requested: true, researchId, buyingUnitId, items, deadline, supplierIds, revisions: {}, tenderId: null };
    }
    case 'MarketResearchAnswered':
    case 'MarketResearchAnswerRevised':
      if (!state.requested) return state;
      return { ...state, revisions: { ...state.revisions, [event.data.supplierId]: event.data.revision } };
    case 'MarketResearchAttached':
      return state.requested ? { ...state, tenderId: event.data.tenderId } : state;
  }
}

export const marketResearchDecider: Decider<MarketResearchCommand, MarketResearchEvent, MarketResearchState> = {
  initialState,
  decide,
  evolve,
};

const badRequest = (field: string, message: string) => invalid('market_research.invalid_request', message, { field });
const badAnswer = (field: string, message: string) => invalid('market_research.invalid_answer', message, { field });

function text(value: unknown, max: number): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim().replace(/\s+/g, ' ');
  return trimmed.length > 0 && trimmed.length <= max ? trimmed : null;
}

function isQuantity(value: unknown): value is number {
  return (
    typeof value === 'number' &&
    Number.isFinite(value) &&
    value > 0 &&
    value < 1e12 &&
    Math.abs(Math.round(value * 1000) - value * 1000) < 1e-6
  );
}
