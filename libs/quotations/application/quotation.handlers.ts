import { ClassifierLookup } from '@licita/classifier';
import { CommandBus, CommandHandler, QueryBus, type ICommandHandler } from '@nestjs/cqrs';
import type { CommandContext } from '@licita/event-store';
import {
  GetFrameworkAgreementQuery,
  PlaceFrameworkOrderCommand,
  toDecimal,
  type FrameworkAgreementView,
} from '@licita/frameworks';
import { assertAuthorized, newId } from '@licita/identity';
import { conflict, DomainError, invalid, notFound } from '@licita/shared';
import { canParticipate, SupplierRegistry } from '@licita/suppliers';
import { openProposal, randomIv, randomSalt, saltForRequest, sealProposal, TenderKeyStore } from '@licita/tendering';
import type { PublishQuotationRequest as PublishCommand, QuotationContent } from '../domain/quotation.commands';
import type { Audience } from '../domain/quotation.events';
import { checkQuotationContent, winnerOf, type QuotationRequestState } from '../domain/quotation.decider';
import {
  IssuePurchaseOrder,
  MarkQuotationNonCompliant,
  OpenQuotations,
  PublishQuotationRequest,
  SubmitQuotation,
  type PublishQuotationRequestInput,
  type QuotationReceipt,
} from './quotation.commands';
import { QuotationWriter } from './quotation-writer';

/** The key store row of a request's data key: the tenders' key store, under `rfq:<id>`. */
export const keyOwner = (rfqId: string) => `rfq:${rfqId}`;

@CommandHandler(PublishQuotationRequest)
export class PublishQuotationRequestHandler implements ICommandHandler<PublishQuotationRequest> {
  constructor(
    private readonly writer: QuotationWriter,
    private readonly keys: TenderKeyStore,
    private readonly queries: QueryBus,
    private readonly classifier: ClassifierLookup,
  ) {}

  async execute({ input, principal, context }: PublishQuotationRequest) {
    assertAuthorized({ type: 'PublishQuotationRequest', buyingUnitId: input.buyingUnitId }, principal);
    const { framework: link, ...request } = input;
    const mini = link ? await this.miniCompetition(input, link, context.now) : null;
    if (!mini && typeof input.classifierCode === 'string' && input.classifierCode.trim() !== '')
      await this.classifier.assertKnown([input.classifierCode]);
    const keyId = await this.keys.keyIdFor(keyOwner(input.rfqId));
    return this.writer.decide(
      input.rfqId,
      context,
      (): PublishCommand => ({
        type: 'PublishQuotationRequest',
        ...request,
        description: input.description ?? '',
        audience: mini?.audience ?? (input.audience as Audience),
        classifierCode: mini?.classifierCode ?? input.classifierCode ?? '',
        unit: mini?.unit ?? input.unit ?? '',
        kind: mini ? 'mini_competition' : 'quick',
        framework: mini?.framework ?? null,
        keyId,
      }),
      { creates: true },
    );
  }

  /**
   * A mini-competition's facts from its framework agreement (GetFrameworkAgreementQuery): in force, open to the
   * buyer's unit, an item whose price is not fixed; the invitees are the agreement's suppliers that offer the item.
   */
  private async miniCompetition(
    input: PublishQuotationRequestInput,
    link: { agreementId: string; itemId: string },
    now: Date,
  ) {
    const agreement: FrameworkAgreementView | undefined = await this.queries.execute(
      new GetFrameworkAgreementQuery(link.agreementId),
    );
    if (!agreement)
      throw notFound('quotation.framework_not_found', `there is no framework agreement ${link.agreementId}`);
    const inForce =
      agreement.status !== 'pending' &&
      Date.parse(agreement.validFrom) <= now.getTime() &&
      now.getTime() < Date.parse(agreement.validTo);
    if (!inForce) throw conflict('quotation.framework_not_in_force', 'the framework agreement is not in force');
    const units = agreement.authorisedBuyingUnitIds;
    if (units !== 'all' && !units.includes(input.buyingUnitId) && agreement.centralBuyingUnitId !== input.buyingUnitId)
      throw new DomainError(
        'quotation.framework_not_authorised',
        'this unit may not order under the agreement',
        'forbidden',
      );
    const item = agreement.items.find((i) => i.itemId === link.itemId);
    if (!item)
      throw invalid('quotation.framework_item_not_found', `the agreement has no item ${link.itemId}`, {
        field: 'framework.itemId',
      });
    if (item.priceFixed)
      throw invalid('quotation.framework_price_fixed', 'an item with a fixed price is ordered from the catalogue', {
        field: 'framework.itemId',
      });
    const supplierIds = item.offeredBy.length > 0 ? item.offeredBy : agreement.suppliers.map((s) => s.supplierId);
    return {
      audience: { kind: 'invited' as const, supplierIds },
      classifierCode: item.classification.id,
      unit: item.unit,
      framework: { agreementId: agreement.agreementId, ocid: agreement.ocid, itemId: item.itemId },
    };
  }
}

/**
 * Seals a quotation: the supplier's standing and audience at `now`, the content checked in the request's currency,
 * a salt (random, or derived from the Idempotency-Key so a retried request seals the same commitment), AES-256-GCM
 * with the request's data key; the decider sees only the commitment and the box.
 */
@CommandHandler(SubmitQuotation)
export class SubmitQuotationHandler implements ICommandHandler<SubmitQuotation> {
  constructor(
    private readonly writer: QuotationWriter,
    private readonly keys: TenderKeyStore,
    private readonly suppliers: SupplierRegistry,
    private readonly classifier: ClassifierLookup,
  ) {}

  async execute({ input, principal, context }: SubmitQuotation): Promise<QuotationReceipt> {
    const supplierId = principal.kind === 'account' ? principal.supplierId : undefined;
    assertAuthorized({ type: 'SubmitQuotation', supplierId }, principal);
    const quotationId = newId(context, 'quotation');
    const outcome = await this.writer.decide(input.rfqId, context, async (state) => {
      if (!state.published || supplierId === undefined)
        throw notFound('quotation.request_not_found', `there is no request for quotations ${input.rfqId}`);
      const fields = checkQuotationContent(input, state.request.estimatedValue.currency);
      const dataKey = await this.keys.dataKey(state.request.keyId);
      const salt = context.idempotencyKey ? saltForRequest(dataKey, context.idempotencyKey) : randomSalt();
      const content: QuotationContent = { ...fields, salt };
      const { commitment, sealed } = sealProposal(content, dataKey, randomIv(), state.request.keyId);
      return {
        type: 'SubmitQuotation',
        rfqId: input.rfqId,
        quotationId,
        supplierId,
        commitment,
        sealed,
        eligibility: await this.eligibility(state, supplierId, context.now),
      };
    });
    const state = outcome.state;
    const own = state.published && supplierId ? state.sealed[supplierId] : undefined;
    if (!own) throw conflict('quotation.deadline_passed', 'the quotation was not recorded');
    return {
      rfqId: input.rfqId,
      quotationId: own.quotationId,
      commitment: own.commitment,
      submittedAt: own.submittedAt,
    };
  }

  private async eligibility(state: Extract<QuotationRequestState, { published: true }>, supplierId: string, now: Date) {
    const supplier = await this.suppliers.load(supplierId);
    const audience = state.request.audience;
    // The request's code or an ancestor of it among the supplier's register codes (as market research addresses).
    const codes = audience.kind === 'invited' ? [] : await this.classifier.withAncestors(state.request.classifierCode);
    const inAudience =
      audience.kind === 'invited'
        ? audience.supplierIds.includes(supplierId)
        : (supplier.data?.classifierCodes ?? []).some((code) => codes.includes(code));
    if (!inAudience) return 'not_invited' as const;
    return canParticipate(supplier, now) ? ('eligible' as const) : ('not_eligible' as const);
  }
}

/**
 * The opening (the scheduler's `system` at the deadline, or the request's buyer any time after it): the data key is
 * unwrapped only when the deadline has passed, every quotation in force is decrypted and all are revealed in one
 * event, which the decider accepts only if each matches its commitment.
 */
@CommandHandler(OpenQuotations)
export class OpenQuotationsHandler implements ICommandHandler<OpenQuotations> {
  constructor(
    private readonly writer: QuotationWriter,
    private readonly keys: TenderKeyStore,
  ) {}

  execute({ input, principal, context }: OpenQuotations) {
    return this.writer.decide(input.rfqId, context, async (state) => {
      this.writer.authorizeBuyer(state, 'OpenQuotations', principal);
      const due =
        state.published && state.status === 'open' && context.now.getTime() >= Date.parse(state.request.deadline);
      if (!due || !state.published) return { type: 'OpenQuotations', rfqId: input.rfqId, revealed: [] };
      const key = await this.keys.dataKey(state.request.keyId);
      const revealed = Object.values(state.sealed).map((q) => ({
        quotationId: q.quotationId,
        content: openProposal(q.sealed, key) as QuotationContent,
      }));
      return { type: 'OpenQuotations', rfqId: input.rfqId, revealed };
    });
  }
}

@CommandHandler(MarkQuotationNonCompliant)
export class MarkQuotationNonCompliantHandler implements ICommandHandler<MarkQuotationNonCompliant> {
  constructor(private readonly writer: QuotationWriter) {}

  execute({ input, principal, context }: MarkQuotationNonCompliant) {
    return this.writer.decide(input.rfqId, { ...context, reason: input.reason }, (state) => {
      this.writer.authorizeBuyer(state, 'MarkQuotationNonCompliant', principal);
      return { type: 'MarkQuotationNonCompliant', ...input };
    });
  }
}

/**
 * The order to the lowest compliant quotation. For a mini-competition the framework agreement records it first
 * (PlaceFrameworkOrderCommand: one line, the item at the winning unit price, checked against the agreement's ceiling)
 * under the same order id, then the request records `PurchaseOrderIssued` naming it. A retry after a crash between
 * the two finds the agreement's order already placed (`framework.order_exists`) and completes the request.
 */
@CommandHandler(IssuePurchaseOrder)
export class IssuePurchaseOrderHandler implements ICommandHandler<IssuePurchaseOrder> {
  constructor(
    private readonly writer: QuotationWriter,
    private readonly queries: QueryBus,
    private readonly commands: CommandBus,
  ) {}

  async execute({ input, principal, context }: IssuePurchaseOrder) {
    const state = await this.writer.load(input.rfqId);
    this.writer.authorizeBuyer(state, 'IssuePurchaseOrder', principal);
    const frameworkOrderId =
      state.published && state.request.framework && state.status === 'opened'
        ? await this.placeFrameworkOrder(state, input.orderId, context)
        : undefined;
    return this.writer.decide(input.rfqId, context, (current) => {
      this.writer.authorizeBuyer(current, 'IssuePurchaseOrder', principal);
      return { type: 'IssuePurchaseOrder', ...input, ...(frameworkOrderId ? { frameworkOrderId } : {}) };
    });
  }

  private async placeFrameworkOrder(
    state: Extract<QuotationRequestState, { published: true }>,
    orderId: string,
    context: CommandContext,
  ): Promise<string | undefined> {
    const winner = winnerOf(state.revealed);
    const framework = state.request.framework;
    if (!winner || !framework) return undefined; // the decider says why
    try {
      const placed: { orderId: string } = await this.commands.execute(
        new PlaceFrameworkOrderCommand({
          agreementId: framework.agreementId,
          buyingUnitId: state.request.buyingUnitId,
          supplierId: winner.supplierId,
          lines: [{ itemId: framework.itemId, quantity: state.request.quantity, unitPrice: toDecimal(winner.amount) }],
          origin: { kind: 'mini-competition', competitionId: state.request.rfqId },
          actor: context.actor,
          reason: context.reason ?? `Minicompetencia ${state.request.rfqId}: cotización más baja que cumple`,
          orderId,
          context: { correlationId: context.correlationId, now: context.now },
        }),
      );
      return placed.orderId;
    } catch (error) {
      if (error instanceof DomainError && error.code === 'framework.order_exists') return orderId;
      throw error;
    }
  }
}

export const QUOTATION_COMMAND_HANDLERS = [
  PublishQuotationRequestHandler,
  SubmitQuotationHandler,
  OpenQuotationsHandler,
  MarkQuotationNonCompliantHandler,
  IssuePurchaseOrderHandler,
];
