import { Inject, Injectable } from '@nestjs/common';
import {
  CommandExecutor,
  type CommandContext,
  type CommandOutcome,
  type EventStore,
  EVENT_STORE,
} from '@licita/event-store';
import { assertAuthorized, type Principal } from '@licita/identity';
import { type Decider } from '@licita/shared';
import type { QuotationCommand } from '../domain/quotation.commands';
import { createQuotationDecider, type QuotationRequestState } from '../domain/quotation.decider';
import { quotationRequestStream, type QuotationEvent } from '../domain/quotation.events';
import { parseThresholds, type QuotationThresholds } from '../domain/thresholds';

/** The ceilings of quick quotations: the domain's table with `LICITA_QUICK_QUOTATION_THRESHOLDS` merged over it. */
export const QUOTATION_THRESHOLDS = Symbol('QUOTATION_THRESHOLDS');
export const thresholdsFromEnvironment = (): QuotationThresholds =>
  parseThresholds(process.env.LICITA_QUICK_QUOTATION_THRESHOLDS);

export type QuotationOutcome = CommandOutcome<QuotationEvent, QuotationRequestState>;

/**
 * The write path of a request for quotations: load `rfq-<id>`, let the handler authorize and gather facts on the
 * state just read, decide, append at the revision read (a concurrent write decides again, up to the executor's
 * retries).
 */
@Injectable()
export class QuotationWriter {
  readonly decider: Decider<QuotationCommand, QuotationEvent, QuotationRequestState>;
  private readonly executor: CommandExecutor;

  constructor(@Inject(EVENT_STORE) store: EventStore, @Inject(QUOTATION_THRESHOLDS) thresholds: QuotationThresholds) {
    this.executor = new CommandExecutor(store);
    this.decider = createQuotationDecider(thresholds);
  }

  decide(
    rfqId: string,
    context: CommandContext,
    commandFor: (state: QuotationRequestState) => QuotationCommand | Promise<QuotationCommand>,
    { creates = false } = {},
  ): Promise<QuotationOutcome> {
    return this.executor.decideWith(
      quotationRequestStream(rfqId),
      this.decider,
      async (state) => this.decider.decide(await commandFor(state), state, { now: context.now, actor: context.actor }),
      context,
      { replayFirstOutcome: creates },
    );
  }

  async load(rfqId: string): Promise<QuotationRequestState> {
    return (await this.executor.load(quotationRequestStream(rfqId), this.decider)).state;
  }

  /** A buyer acts on its own unit's requests only (COMMAND_POLICY's `ownBuyingUnit`, on the loaded request). */
  authorizeBuyer(state: QuotationRequestState, type: string, principal: Principal): void {
    if (!state.published) return; // the decider answers 404
    assertAuthorized({ type, buyingUnitId: state.request.buyingUnitId }, principal);
  }
}
