import { conflict, DomainError, invalid, lineTotal, notFound, type Decider, type Money } from '@licita/shared';
import { toCentavos, toDecimal, type DecimalMoney } from './decimal-amount';
import type {
  AgreementItemInput,
  EstablishFrameworkAgreement,
  FrameworkAgreementCommand,
  PlaceFrameworkOrder,
} from './framework.commands';
import type {
  AgreementItem,
  FrameworkAgreementEstablished,
  FrameworkAgreementEvent,
  FrameworkOrderPlaced,
  OrderLine,
} from './framework.events';

export type OrderStatus = 'placed' | 'accepted' | 'rejected';
export type OrderState = Omit<FrameworkOrderPlaced['data'], 'agreementId'> & {
  status: OrderStatus;
  rejectionReason: string | null;
};

export type FrameworkAgreementState =
  | { established: false }
  | {
      established: true;
      agreement: FrameworkAgreementEstablished['data'];
      orders: Record<string, OrderState>;
      /** Per currency: the centavos of the orders not rejected. */
      committed: Record<string, number>;
      /** Per item: the thousandths of a unit ordered by orders not rejected (quantities have at most 3 decimals). */
      orderedMilli: Record<string, number>;
    };
export type Established = Extract<FrameworkAgreementState, { established: true }>;

export const initialState = (): FrameworkAgreementState => ({ established: false });

const forbidden = (code: string, message: string) => new DomainError(code, message, 'forbidden');
const milli = (quantity: number) => Math.round(quantity * 1000);

export function decide(
  command: FrameworkAgreementCommand,
  state: FrameworkAgreementState,
  { now }: { now: Date },
): FrameworkAgreementEvent[] {
  if (command.type === 'EstablishFrameworkAgreement') {
    if (state.established)
      throw conflict('framework.already_established', `framework agreement ${command.agreementId} already exists`);
    return [{ type: 'FrameworkAgreementEstablished', data: checkEstablishment(command, now) }];
  }
  if (!state.established) throw notFound('framework.not_found', `no framework agreement ${command.agreementId}`);
  switch (command.type) {
    case 'PlaceFrameworkOrder':
      return [{ type: 'FrameworkOrderPlaced', data: checkOrder(command, state, now) }];
    case 'AcceptFrameworkOrder': {
      const order = placedOrderOf(state, command.orderId, command.supplierId);
      if (order.status === 'accepted') return [];
      return [
        {
          type: 'FrameworkOrderAccepted',
          data: {
            agreementId: command.agreementId,
            orderId: order.orderId,
            supplierId: order.supplierId,
            acceptedAt: now.toISOString(),
          },
        },
      ];
    }
    case 'RejectFrameworkOrder': {
      const reason = typeof command.reason === 'string' ? command.reason.trim() : '';
      if (!reason || reason.length > 1000)
        throw invalid('framework.reason_required', 'say why the order is rejected (at most 1000 characters)', {
          field: 'reason',
        });
      const order = placedOrderOf(state, command.orderId, command.supplierId);
      if (order.status === 'rejected') return [];
      if (order.status === 'accepted')
        throw conflict('framework.order_already_accepted', `order ${order.orderId} was already accepted`);
      return [
        {
          type: 'FrameworkOrderRejected',
          data: {
            agreementId: command.agreementId,
            orderId: order.orderId,
            supplierId: order.supplierId,
            reason,
            rejectedAt: now.toISOString(),
          },
        },
      ];
    }
  }
}

export function evolve(state: FrameworkAgreementState, event: FrameworkAgreementEvent): FrameworkAgreementState {
  if (event.type === 'FrameworkAgreementEstablished')
    return { established: true, agreement: event.data, orders: {}, committed: {}, orderedMilli: {} };
  if (!state.established) return state;
  switch (event.type) {
    case 'FrameworkOrderPlaced': {
      const { agreementId: _agreementId, ...order } = event.data;
      return {
        ...state,
        orders: { ...state.orders, [order.orderId]: { ...order, status: 'placed', rejectionReason: null } },
        committed: counted(state.committed, order.totals, 1),
        orderedMilli: quantities(state.orderedMilli, order.lines, 1),
      };
    }
    case 'FrameworkOrderAccepted':
      return withOrder(state, event.data.orderId, { status: 'accepted' });
    case 'FrameworkOrderRejected': {
      const order = state.orders[event.data.orderId];
      if (!order) return state;
      return {
        ...withOrder(state, order.orderId, { status: 'rejected', rejectionReason: event.data.reason }),
        committed: counted(state.committed, order.totals, -1),
        orderedMilli: quantities(state.orderedMilli, order.lines, -1),
      };
    }
  }
}

export const frameworkAgreementDecider: Decider<
  FrameworkAgreementCommand,
  FrameworkAgreementEvent,
  FrameworkAgreementState
> = { initialState, decide, evolve };

/** What is left of each ceiling (centavos, per currency). */
export function remainingOf(state: Established): Money[] {
  return state.agreement.ceilings.map((ceiling) => ({
    amount: ceiling.amount - (state.committed[ceiling.currency] ?? 0),
    currency: ceiling.currency,
  }));
}

/** Before `validFrom`: pending; from it to `validTo` (exclusive): active; after: expired. */
export function agreementStatusAt(agreement: FrameworkAgreementEstablished['data'], now: Date) {
  if (now < new Date(agreement.validFrom)) return 'pending' as const;
  return now < new Date(agreement.validTo) ? ('active' as const) : ('expired' as const);
}

function withOrder(state: Established, orderId: string, change: Partial<OrderState>): Established {
  const order = state.orders[orderId];
  return order ? { ...state, orders: { ...state.orders, [orderId]: { ...order, ...change } } } : state;
}

function counted(committed: Record<string, number>, totals: Money[], sign: 1 | -1) {
  const next = { ...committed };
  for (const total of totals) next[total.currency] = (next[total.currency] ?? 0) + sign * total.amount;
  return next;
}

function quantities(ordered: Record<string, number>, lines: OrderLine[], sign: 1 | -1) {
  const next = { ...ordered };
  for (const line of lines) next[line.itemId] = (next[line.itemId] ?? 0) + sign * milli(line.quantity);
  return next;
}

function placedOrderOf(state: Established, orderId: string, supplierId: string): OrderState {
  const order = state.orders[orderId];
  if (!order) throw notFound('framework.order_not_found', `no order ${orderId} under this agreement`);
  if (order.supplierId !== supplierId)
    throw forbidden('framework.not_order_supplier', 'only the supplier the order is addressed to answers it');
  return order;
}

// ---- establishing ----------------------------------------------------------------------------------------------

const ITEM_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

function checkEstablishment(command: EstablishFrameworkAgreement, now: Date): FrameworkAgreementEstablished['data'] {
  const { facts } = command;
  if (!facts.centralBody)
    throw forbidden('framework.not_central_body', 'only a central purchasing body establishes framework agreements');
  const procedure = facts.procedure;
  if (!procedure || procedure.awardedSupplierIds.length === 0)
    throw invalid('framework.procedure_not_awarded', 'the agreement results from an awarded procedure', {
      field: 'tenderId',
    });
  if (procedure.buyingUnitId !== command.centralBuyingUnitId)
    throw invalid('framework.procedure_not_own', "the procedure is not the central body's own", { field: 'tenderId' });
  const title = text(command.title, 300);
  if (!title)
    throw invalid('framework.invalid_title', 'the title is required (at most 300 characters)', { field: 'title' });
  const validFrom = instant(command.validFrom, 'validFrom');
  const validTo = instant(command.validTo, 'validTo');
  if (validTo <= validFrom || validTo <= now)
    throw invalid('framework.invalid_validity', 'the validity ends after it starts, and in the future', {
      field: 'validTo',
    });
  const regions = checkRegions(command.regions, facts.knownStateCodes);
  const authorised = checkAuthorised(command.authorisedBuyingUnitIds);
  const supplierIds = checkSuppliers(command.supplierIds ?? procedure.awardedSupplierIds, procedure.awardedSupplierIds);
  const items = checkItems(command.items, supplierIds);
  const ceilings = checkCeilings(command.ceilings, items);
  for (const item of items)
    for (const price of item.prices)
      if (ceilings.length > 0 && price.unitPrice && !ceilings.some((c) => c.currency === price.unitPrice?.currency))
        throw invalid('framework.currency_not_covered', `no ceiling in ${price.unitPrice.currency}`, {
          field: 'ceilings',
        });
  return {
    agreementId: command.agreementId,
    tenderId: command.tenderId,
    centralBuyingUnitId: command.centralBuyingUnitId,
    title,
    validFrom: validFrom.toISOString(),
    validTo: validTo.toISOString(),
    regions,
    authorisedBuyingUnitIds: authorised,
    suppliers: supplierIds.map((supplierId) => ({ supplierId })),
    items,
    ceilings,
    establishedAt: now.toISOString(),
  };
}

function checkRegions(regions: unknown, known: readonly string[]): string[] {
  const list = Array.isArray(regions) ? [...new Set(regions)] : [];
  if (list.length === 0 || list.some((code) => typeof code !== 'string' || !known.includes(code)))
    throw invalid('framework.invalid_region', 'regions are one or more INEGI state keys ("01" to "32")', {
      field: 'regions',
    });
  return (list as string[]).sort();
}

function checkAuthorised(units: unknown): string[] | 'all' {
  if (units === 'all') return 'all';
  if (!Array.isArray(units) || units.length === 0 || units.some((id) => typeof id !== 'string' || !id))
    throw invalid('framework.invalid_authorised_units', 'authorise "all" buying units or a list of them', {
      field: 'authorisedBuyingUnitIds',
    });
  return [...new Set(units as string[])];
}

function checkSuppliers(chosen: unknown, awarded: string[]): string[] {
  const list = Array.isArray(chosen) ? [...new Set(chosen as string[])] : [];
  if (list.length === 0 || list.some((id) => !awarded.includes(id)))
    throw invalid('framework.supplier_not_awarded', "the agreement's suppliers are the procedure's winners", {
      field: 'supplierIds',
    });
  return list;
}

function checkItems(items: unknown, supplierIds: string[]): AgreementItem[] {
  if (!Array.isArray(items) || items.length === 0 || items.length > 500)
    throw invalid('framework.invalid_item', 'the agreement lists 1 to 500 catalogue items', { field: 'items' });
  const seen = new Set<string>();
  return (items as AgreementItemInput[]).map((input, index) => {
    const item = checkItem(input, index, supplierIds);
    if (seen.has(item.itemId))
      throw invalid('framework.invalid_item', `item id ${item.itemId} appears twice`, {
        field: `items[${index}].itemId`,
      });
    seen.add(item.itemId);
    return item;
  });
}

function checkItem(input: AgreementItemInput, index: number, supplierIds: string[]): AgreementItem {
  const field = `items[${index}]`;
  const bad = (what: string) => invalid('framework.invalid_item', what, { field });
  const itemId = input?.itemId ?? String(index + 1);
  if (!ITEM_ID.test(itemId)) throw bad('an item id is letters, digits, dots, hyphens or underscores');
  const scheme = text(input.classification?.scheme, 20);
  const code = text(input.classification?.id, 40);
  if (!scheme || !code) throw bad('an item is classified (scheme and code)');
  const description = text(input.description, 1000);
  const unit = text(input.unit, 60);
  if (!description || !unit) throw bad('an item has a description and a unit');
  const maxQuantity = input.maxQuantity ?? null;
  if (maxQuantity !== null && !(typeof maxQuantity === 'number' && maxQuantity > 0 && Number.isFinite(maxQuantity)))
    throw bad('the maximum quantity is a positive number');
  const priceFixed = input.priceFixed !== false;
  const given = Array.isArray(input.prices) ? input.prices : [];
  const offering = given.length ? given : supplierIds.map((supplierId) => ({ supplierId, unitPrice: null }));
  const prices = offering.map((price, i) => {
    if (!supplierIds.includes(price?.supplierId))
      throw invalid('framework.supplier_not_awarded', 'a price is from one of the agreement suppliers', {
        field: `${field}.prices[${i}].supplierId`,
      });
    if (!priceFixed) return { supplierId: price.supplierId, unitPrice: null };
    const unitPrice = toCentavos(price.unitPrice ?? undefined, `${field}.prices[${i}].unitPrice`);
    if (unitPrice.amount <= 0) throw bad('a fixed unit price is more than zero');
    return { supplierId: price.supplierId, unitPrice };
  });
  if (new Set(prices.map((p) => p.supplierId)).size !== prices.length) throw bad('one price per supplier');
  return {
    itemId,
    classification: { scheme: scheme.toUpperCase(), id: code },
    description,
    unit,
    priceFixed,
    prices,
    maxQuantity,
  };
}

/** A maximum amount per currency; none only when every item has a maximum quantity (the agreement's limit then). */
function checkCeilings(ceilings: unknown, items: AgreementItem[]): Money[] {
  const list: DecimalMoney[] = Array.isArray(ceilings) ? (ceilings as DecimalMoney[]) : [];
  if (list.length === 0 && items.every((item) => item.maxQuantity !== null)) return [];
  if (list.length === 0)
    throw invalid('framework.invalid_ceiling', 'a maximum amount, or a maximum quantity for every item', {
      field: 'ceilings',
    });
  const checked = list.map((ceiling, i) => toCentavos(ceiling, `ceilings[${i}]`));
  if (checked.some((c) => c.amount <= 0) || new Set(checked.map((c) => c.currency)).size !== checked.length)
    throw invalid('framework.invalid_ceiling', 'one positive maximum amount per currency', { field: 'ceilings' });
  return checked;
}

// ---- ordering --------------------------------------------------------------------------------------------------

function checkOrder(command: PlaceFrameworkOrder, state: Established, now: Date): FrameworkOrderPlaced['data'] {
  const { agreement } = state;
  if (state.orders[command.orderId]) throw conflict('framework.order_exists', `order ${command.orderId} exists`);
  if (agreementStatusAt(agreement, now) !== 'active')
    throw conflict('framework.not_in_force', 'the agreement is not in force at this time');
  if (agreement.authorisedBuyingUnitIds !== 'all' && !agreement.authorisedBuyingUnitIds.includes(command.buyingUnitId))
    throw forbidden('framework.buying_unit_not_authorised', 'this buying unit may not order under the agreement');
  if (!command.buyingUnitStateCode || !agreement.regions.includes(command.buyingUnitStateCode))
    throw forbidden('framework.outside_region', "the buying unit is outside the agreement's regions");
  if (!agreement.suppliers.some((s) => s.supplierId === command.supplierId))
    throw invalid('framework.supplier_not_party', 'the supplier is not a party to the agreement', {
      field: 'supplierId',
    });
  const lines = checkLines(command, agreement.items);
  const totals = totalsOf(lines);
  checkCeilingsLeft(state, totals);
  checkQuantitiesLeft(state, lines);
  return {
    agreementId: agreement.agreementId,
    orderId: command.orderId,
    buyingUnitId: command.buyingUnitId,
    supplierId: command.supplierId,
    lines,
    totals,
    origin: checkOrigin(command.origin),
    placedAt: now.toISOString(),
  };
}

/** Each currency's total within what remains of its ceiling (no ceilings: the items' maximum quantities limit). */
function checkCeilingsLeft(state: Established, totals: Money[]): void {
  const { ceilings } = state.agreement;
  if (ceilings.length === 0) return;
  for (const total of totals) {
    const ceiling = ceilings.find((c) => c.currency === total.currency);
    if (!ceiling)
      throw invalid('framework.currency_not_covered', `the agreement has no ceiling in ${total.currency}`, {
        field: 'lines',
      });
    const remaining = ceiling.amount - (state.committed[total.currency] ?? 0);
    if (total.amount > remaining)
      throw new DomainError('framework.ceiling_exceeded', 'the order exceeds what remains of the ceiling', 'conflict', {
        remaining: toDecimal({ amount: remaining, currency: total.currency }).amount,
        currency: total.currency,
      });
  }
}

/** Each item's quantity, with the orders before it, within the item's maximum. */
function checkQuantitiesLeft(state: Established, lines: OrderLine[]): void {
  for (const item of state.agreement.items) {
    if (item.maxQuantity === null) continue;
    const ordered = lines.filter((l) => l.itemId === item.itemId).reduce((sum, l) => sum + milli(l.quantity), 0);
    if (ordered > 0 && (state.orderedMilli[item.itemId] ?? 0) + ordered > milli(item.maxQuantity))
      throw conflict(
        'framework.item_quantity_exceeded',
        `the order exceeds the maximum quantity of item ${item.itemId}`,
      );
  }
}

function checkOrigin(origin: PlaceFrameworkOrder['origin']): PlaceFrameworkOrder['origin'] {
  if (origin?.kind === 'catalogue') return { kind: 'catalogue' };
  if (origin?.kind === 'mini-competition' && typeof origin.competitionId === 'string' && origin.competitionId)
    return { kind: 'mini-competition', competitionId: origin.competitionId };
  throw invalid('framework.invalid_origin', 'an order comes from the catalogue or a mini-competition', {
    field: 'origin',
  });
}

function checkLines(command: PlaceFrameworkOrder, items: AgreementItem[]): OrderLine[] {
  if (!Array.isArray(command.lines) || command.lines.length === 0 || command.lines.length > 200)
    throw invalid('framework.invalid_order_line', 'an order has 1 to 200 lines', { field: 'lines' });
  return command.lines.map((line, index) => {
    const field = `lines[${index}]`;
    const item = items.find((i) => i.itemId === line?.itemId);
    if (!item) throw invalid('framework.item_not_found', `no item ${line?.itemId} in the agreement`, { field });
    const quantity = line.quantity;
    if (typeof quantity !== 'number' || !(quantity > 0) || milli(quantity) !== quantity * 1000 || quantity > 1e9)
      throw invalid('framework.invalid_order_line', 'a quantity is positive, with at most 3 decimals', { field });
    const offer = item.prices.find((p) => p.supplierId === command.supplierId);
    if (!offer) throw invalid('framework.item_not_offered', 'the supplier does not offer this item', { field });
    const unitPrice = toCentavos(line.unitPrice, `${field}.unitPrice`);
    if (unitPrice.amount <= 0) throw invalid('framework.invalid_amount', 'a unit price is more than zero', { field });
    checkPrice(command, item, offer.unitPrice, unitPrice, field);
    return {
      itemId: item.itemId,
      quantity,
      unitPrice,
      total: { amount: lineTotal(quantity, unitPrice.amount), currency: unitPrice.currency },
    };
  });
}

/** A catalogue order pays the agreement's price; a mini-competition sets the price, never above the agreement's. */
function checkPrice(
  command: PlaceFrameworkOrder,
  item: AgreementItem,
  agreed: Money | null,
  given: Money,
  field: string,
) {
  if (command.origin?.kind === 'catalogue') {
    if (!item.priceFixed || !agreed)
      throw invalid('framework.price_not_fixed', 'this item is priced by a mini-competition', { field });
    if (agreed.amount !== given.amount || agreed.currency !== given.currency)
      throw conflict('framework.price_mismatch', "the unit price is not the agreement's", { field });
    return;
  }
  if (agreed && (agreed.currency !== given.currency || given.amount > agreed.amount))
    throw invalid('framework.price_above_agreement', "the unit price is above the agreement's", { field });
}

function totalsOf(lines: OrderLine[]): Money[] {
  const byCurrency = new Map<string, number>();
  for (const line of lines)
    byCurrency.set(line.total.currency, (byCurrency.get(line.total.currency) ?? 0) + line.total.amount);
  return [...byCurrency].map(([currency, amount]) => ({ amount, currency }));
}

function instant(value: unknown, field: string): Date {
  const date = typeof value === 'string' ? new Date(value) : new Date(NaN);
  if (Number.isNaN(date.getTime()))
    throw invalid('framework.invalid_validity', 'the validity is given as ISO 8601 instants', { field });
  return date;
}

function text(value: unknown, max: number): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim().replace(/\s+/g, ' ');
  return trimmed.length > 0 && trimmed.length <= max ? trimmed : null;
}
