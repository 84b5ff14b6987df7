import { Inject, Injectable, Optional } from '@nestjs/common';
import { buyingUnitDecider, buyingUnitStream, INEGI_STATE_CODES } from '@licita/buying-units';
import { CommandExecutor, EVENT_STORE, type CommandContext, type EventStore } from '@licita/event-store';
import { LICITA_CONFIG, type LicitaConfig } from '@licita/platform';
import { evolveTender, initialTenderState, tenderStream, type TenderEvent } from '@licita/tendering';
import { CLOCK, systemClock, type Clock } from '@licita/shared';
import { centralPurchasingBodyDecider } from '../domain/central-purchasing-body.decider';
import type { EstablishFrameworkAgreement, PlaceFrameworkOrder, ProcedureFacts } from '../domain/framework.commands';
import {
  agreementStatusAt,
  frameworkAgreementDecider,
  remainingOf,
  type Established,
} from '../domain/framework-agreement.decider';
import { toDecimal } from '../domain/decimal-amount';
import { centralPurchasingBodyStream, frameworkAgreementStream } from '../domain/framework.events';
import type { FrameworkAgreementView } from './framework-agreement.view';

export type Written = { position: string | null };
type EstablishInput = Omit<EstablishFrameworkAgreement, 'type' | 'facts'>;
type OrderInput = Omit<PlaceFrameworkOrder, 'type' | 'buyingUnitStateCode'>;

/**
 * Many concurrent orders on one agreement each decide on the state they read and append at its revision: one
 * wins per round and the rest decide again (the ceiling re-checked), so the budget is a few rounds per writer.
 */
const ORDER_RETRIES = 40;

/**
 * The write side of framework agreements: looks up the facts a decision needs (the unit's designation and place,
 * the awarded procedure), decides and appends with the revision read. Every order is appended to its
 * agreement's stream, so the ceiling is checked against every order before it, exactly once.
 */
@Injectable()
export class FrameworkAgreements {
  private readonly executor: CommandExecutor;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Optional() @Inject(CLOCK) private readonly clock: Clock = systemClock,
    @Inject(LICITA_CONFIG) private readonly config: Pick<LicitaConfig, 'ocidPrefix'>,
  ) {
    this.executor = new CommandExecutor(store);
  }

  async designate(buyingUnitId: string, context: CommandContext): Promise<Written & { changed: boolean }> {
    const unit = await this.executor.load(buyingUnitStream(buyingUnitId), buyingUnitDecider);
    const outcome = await this.executor.execute(
      centralPurchasingBodyStream(buyingUnitId),
      centralPurchasingBodyDecider,
      { type: 'DesignateCentralPurchasingBody', buyingUnitId, unitExists: unit.state.registered },
      context,
    );
    return { changed: outcome.events.length > 0, position: outcome.position?.toString() ?? null };
  }

  async isCentralBody(buyingUnitId: string): Promise<boolean> {
    return (await this.executor.load(centralPurchasingBodyStream(buyingUnitId), centralPurchasingBodyDecider)).state
      .designated;
  }

  async establish(input: EstablishInput, context: CommandContext): Promise<Written & { agreementId: string }> {
    const facts = {
      centralBody: await this.isCentralBody(input.centralBuyingUnitId),
      procedure: await this.procedureFacts(input.tenderId),
      knownStateCodes: INEGI_STATE_CODES,
    };
    const outcome = await this.executor.execute(
      frameworkAgreementStream(input.agreementId),
      frameworkAgreementDecider,
      { type: 'EstablishFrameworkAgreement', ...input, facts },
      context,
      { replayFirstOutcome: true },
    );
    return { agreementId: input.agreementId, position: outcome.position?.toString() ?? null };
  }

  async placeOrder(input: OrderInput, context: CommandContext): Promise<Written & { orderId: string }> {
    const unit = (await this.executor.load(buyingUnitStream(input.buyingUnitId), buyingUnitDecider)).state;
    const buyingUnitStateCode = unit.registered ? (unit.location?.stateCode ?? null) : null;
    const outcome = await this.executor.execute(
      frameworkAgreementStream(input.agreementId),
      frameworkAgreementDecider,
      { type: 'PlaceFrameworkOrder', ...input, buyingUnitStateCode },
      context,
      { retries: ORDER_RETRIES, replayFirstOutcome: true },
    );
    return { orderId: input.orderId, position: outcome.position?.toString() ?? null };
  }

  async answerOrder(
    answer: { agreementId: string; orderId: string; supplierId: string; reason?: string },
    accept: boolean,
    context: CommandContext,
  ): Promise<Written & { changed: boolean }> {
    const command = accept
      ? ({ type: 'AcceptFrameworkOrder', ...answer } as const)
      : ({ type: 'RejectFrameworkOrder', ...answer, reason: answer.reason ?? '' } as const);
    const outcome = await this.executor.execute(
      frameworkAgreementStream(answer.agreementId),
      frameworkAgreementDecider,
      command,
      { ...context, ...(answer.reason ? { reason: answer.reason } : {}) },
      { retries: ORDER_RETRIES },
    );
    return { changed: outcome.events.length > 0, position: outcome.position?.toString() ?? null };
  }

  /** The agreement as its stream says now (strongly consistent: what an order will be checked against). */
  async get(agreementId: string): Promise<FrameworkAgreementView | undefined> {
    const { state } = await this.executor.load(frameworkAgreementStream(agreementId), frameworkAgreementDecider);
    return state.established ? this.view(state) : undefined;
  }

  async load(agreementId: string) {
    return (await this.executor.load(frameworkAgreementStream(agreementId), frameworkAgreementDecider)).state;
  }

  private view(state: Established): FrameworkAgreementView {
    const { agreement } = state;
    return {
      agreementId: agreement.agreementId,
      ocid: `${this.config.ocidPrefix}${agreement.tenderId}`,
      tenderId: agreement.tenderId,
      title: agreement.title,
      status: agreementStatusAt(agreement, this.clock.now()),
      validFrom: agreement.validFrom,
      validTo: agreement.validTo,
      centralBuyingUnitId: agreement.centralBuyingUnitId,
      authorisedBuyingUnitIds: agreement.authorisedBuyingUnitIds,
      regions: agreement.regions,
      suppliers: agreement.suppliers,
      items: agreement.items.map((item) => ({
        itemId: item.itemId,
        classification: item.classification,
        description: item.description,
        unit: item.unit,
        priceFixed: item.priceFixed,
        maxQuantity: item.maxQuantity,
        orderedQuantity: (state.orderedMilli[item.itemId] ?? 0) / 1000,
        prices: item.prices.flatMap((price) =>
          price.unitPrice ? [{ supplierId: price.supplierId, unitPrice: toDecimal(price.unitPrice) }] : [],
        ),
        offeredBy: item.prices.map((price) => price.supplierId),
      })),
      ceilings: agreement.ceilings.map(toDecimal),
      remaining: remainingOf(state).map(toDecimal),
      orders: Object.values(state.orders).map((order) => ({
        orderId: order.orderId,
        ocid: `${this.config.ocidPrefix}${order.orderId}`,
        buyingUnitId: order.buyingUnitId,
        supplierId: order.supplierId,
        status: order.status,
        rejectionReason: order.rejectionReason,
        origin: order.origin,
        placedAt: order.placedAt,
        lines: order.lines.map((line) => ({
          itemId: line.itemId,
          quantity: line.quantity,
          unitPrice: toDecimal(line.unitPrice),
          total: toDecimal(line.total),
        })),
        totals: order.totals.map(toDecimal),
      })),
    };
  }

  /** The procedure's unit and the suppliers awarded a lot (null: no such procedure). */
  private async procedureFacts(tenderId: string): Promise<ProcedureFacts> {
    if (typeof tenderId !== 'string' || !tenderId) return null;
    const { state } = await this.executor.load<TenderEvent, ReturnType<typeof initialTenderState>>(
      tenderStream(tenderId),
      { initialState: initialTenderState, evolve: evolveTender },
    );
    if (!state.content) return null;
    const awarded = Object.values(state.lots).flatMap((lot) => (lot.award ? [lot.award.supplierId] : []));
    return { buyingUnitId: state.content.buyingUnitId, awardedSupplierIds: [...new Set(awarded)] };
  }
}
