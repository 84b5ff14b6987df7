import { CommandHandler, QueryBus, type ICommandHandler } from '@nestjs/cqrs';
import { assertAuthorized, newId } from '@licita/identity';
import { conflict, DomainError, notFound } from '@licita/shared';
import { canParticipate, SupplierRegistry } from '@licita/suppliers';
import { openProposal, randomIv, randomSalt, saltForRequest, sealProposal, TenderKeyStore } from '@licita/tendering';
import type { QuotationContent } from '../domain/quotation.commands';
import { checkQuotationContent, type QuotationRequestState } from '../domain/quotation.decider';
import {
  IssuePurchaseOrder,
  MarkQuotationNonCompliant,
  OpenQuotations,
  PublishQuotationRequest,
  SubmitQuotation,
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
  ) {}

  async execute({ input, principal, context }: PublishQuotationRequest) {
    assertAuthorized({ type: 'PublishQuotationRequest', buyingUnitId: input.buyingUnitId }, principal);
    const keyId = await this.keys.keyIdFor(keyOwner(input.rfqId));
    return this.writer.decide(
      input.rfqId,
      context,
      () => ({
        type: 'PublishQuotationRequest',
        ...input,
        description: input.description ?? '',
        kind: 'quick',
        framework: null,
        keyId,
      }),
      { creates: true },
    );
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
    const inAudience =
      audience.kind === 'invited'
        ? audience.supplierIds.includes(supplierId)
        : (supplier.data?.classifierCodes ?? []).includes(state.request.classifierCode);
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

@CommandHandler(IssuePurchaseOrder)
export class IssuePurchaseOrderHandler implements ICommandHandler<IssuePurchaseOrder> {
  constructor(
    private readonly writer: QuotationWriter,
    private readonly queries: QueryBus,
  ) {}

  execute({ input, principal, context }: IssuePurchaseOrder) {
    return this.writer.decide(input.rfqId, context, (state) => {
      this.writer.authorizeBuyer(state, 'IssuePurchaseOrder', principal);
      if (state.published && state.request.framework)
        throw new DomainError(
          'quotation.framework_unavailable',
          'mini-competition orders are not available',
          'conflict',
        );
      return { type: 'IssuePurchaseOrder', ...input };
    });
  }
}

export const QUOTATION_COMMAND_HANDLERS = [
  PublishQuotationRequestHandler,
  SubmitQuotationHandler,
  OpenQuotationsHandler,
  MarkQuotationNonCompliantHandler,
  IssuePurchaseOrderHandler,
];
