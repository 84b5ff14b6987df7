import { Command } from '@nestjs/cqrs';
import type { CommandContext } from '@licita/event-store';
import type { Principal } from '@licita/identity';
import type { Money } from '@licita/shared';
import type { Audience } from '../domain/quotation.events';
import type { QuotationLaw } from '../domain/thresholds';
import type { QuotationOutcome } from './quotation-writer';

/** A command as the bus carries it: what was asked, who asks, and the request's context (time, actor, key). */
abstract class QuotationMessage<P, R = QuotationOutcome> extends Command<R> {
  constructor(
    readonly input: P,
    readonly principal: Principal,
    readonly context: CommandContext,
  ) {
    super();
  }
}

export type PublishQuotationRequestInput = {
  rfqId: string;
  buyingUnitId: string;
  law: QuotationLaw;
  title: string;
  description?: string;
  classifierCode?: string;
  quantity: number;
  unit?: string;
  estimatedValue: Money;
  /** Whom to ask; a mini-competition asks the agreement's suppliers of the item, whatever this says. */
  audience?: Audience;
  deadline: string;
  /** A mini-competition: the framework agreement and its item whose price is not fixed. */
  framework?: { agreementId: string; itemId: string };
};

export type QuotationReceipt = { rfqId: string; quotationId: string; commitment: string; submittedAt: string };

export class PublishQuotationRequest extends QuotationMessage<PublishQuotationRequestInput> {}
export class SubmitQuotation extends QuotationMessage<
  { rfqId: string; amount: Money; notes?: string },
  QuotationReceipt
> {}
export class OpenQuotations extends QuotationMessage<{ rfqId: string }> {}
export class MarkQuotationNonCompliant extends QuotationMessage<{
  rfqId: string;
  quotationId: string;
  reason: string;
}> {}
export class IssuePurchaseOrder extends QuotationMessage<{ rfqId: string; orderId: string }> {}
