import { Injectable } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ClassifierLookup } from '@licita/classifier';
import { CommandExecutor, type CommandContext } from '@licita/event-store';
import { assertAuthorized, type Principal } from '@licita/identity';
import { notFound } from '@licita/shared';
import { tenderDecider, tenderStream } from '@licita/tendering';
import type {
  AnswerMarketResearch as AnswerInput,
  RequestMarketResearch as RequestInput,
  TenderFacts,
} from '../domain/market-research.commands';
import { marketResearchDecider } from '../domain/market-research.decider';
import { marketResearchStream } from '../domain/market-research.events';
import { Addressees } from './addressees';

/** What a command answers: the research, and for an answer its revision (the position travels in a header). */
export type ResearchOutcome = { researchId: string; supplierCount?: number; revision?: number; offer?: false };

abstract class ResearchMessage<P> extends Command<ResearchOutcome> {
  constructor(
    readonly command: P,
    readonly principal: Principal,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** A buyer asks the suppliers of the items' codes (or the suppliers it invites) for indicative prices. */
export class RequestMarketResearch extends ResearchMessage<
  Omit<RequestInput, 'type' | 'addressees'> & { invitedSupplierIds?: string[] | null }
> {}

/** A supplier answers a research addressed to it (again: a revision), as itself. */
export class AnswerMarketResearch extends ResearchMessage<Omit<AnswerInput, 'type' | 'supplierId'>> {}

/** A buyer of the research's unit attaches it to a tender of that unit. */
export class AttachMarketResearch extends ResearchMessage<{ researchId: string; tenderId: string }> {}

@Injectable()
@CommandHandler(RequestMarketResearch)
export class RequestMarketResearchHandler implements ICommandHandler<RequestMarketResearch> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly classifier: ClassifierLookup,
    private readonly addressees: Addressees,
  ) {}

  async execute({ command, principal, context }: RequestMarketResearch): Promise<ResearchOutcome> {
    assertAuthorized({ type: 'RequestMarketResearch', buyingUnitId: command.buyingUnitId }, principal);
    const codes = (command.items ?? []).map((item) =>
      String(item.classifierCode ?? '')
        .trim()
        .toUpperCase(),
    );
    await this.classifier.assertKnown(codes.filter(Boolean));
    const invited = command.invitedSupplierIds ?? [];
    const addressees =
      invited.length > 0 ? await this.addressees.invited(invited) : await this.addressees.dealingIn(codes);
    const outcome = await this.executor.execute(
      marketResearchStream(command.researchId),
      marketResearchDecider,
      { type: 'RequestMarketResearch', ...command, addressees },
      context,
      { replayFirstOutcome: true },
    );
    const state = outcome.state;
    return { researchId: command.researchId, supplierCount: state.requested ? state.supplierIds.length : 0 };
  }
}

@Injectable()
@CommandHandler(AnswerMarketResearch)
export class AnswerMarketResearchHandler implements ICommandHandler<AnswerMarketResearch> {
  constructor(private readonly executor: CommandExecutor) {}

  async execute({ command, principal, context }: AnswerMarketResearch): Promise<ResearchOutcome> {
    const supplierId = principal.kind === 'account' ? principal.supplierId : undefined;
    assertAuthorized({ type: 'AnswerMarketResearch', supplierId }, principal);
    const outcome = await this.executor.execute(
      marketResearchStream(command.researchId),
      marketResearchDecider,
      { type: 'AnswerMarketResearch', ...command, supplierId: supplierId as string },
      context,
    );
    const state = outcome.state;
    const revision = state.requested ? state.revisions[supplierId as string] : undefined;
    return { researchId: command.researchId, revision, offer: false };
  }
}

@Injectable()
@CommandHandler(AttachMarketResearch)
export class AttachMarketResearchHandler implements ICommandHandler<AttachMarketResearch> {
  constructor(private readonly executor: CommandExecutor) {}

  async execute({ command, principal, context }: AttachMarketResearch): Promise<ResearchOutcome> {
    const stream = marketResearchStream(command.researchId);
    const { state } = await this.executor.load(stream, marketResearchDecider);
    if (!state.requested) throw notFound('market_research.not_found', `no market research ${command.researchId}`);
    assertAuthorized({ type: 'AttachMarketResearch', buyingUnitId: state.buyingUnitId }, principal);
    const tender = await this.tenderFacts(command.tenderId);
    await this.executor.execute(
      stream,
      marketResearchDecider,
      { type: 'AttachMarketResearch', ...command, tender },
      context,
    );
    return { researchId: command.researchId };
  }

  /** The tender's unit and status from its own stream (the write side: no read model lag). */
  private async tenderFacts(tenderId: string): Promise<TenderFacts> {
    if (!/^[0-9a-f-]{36}$/i.test(tenderId)) return null;
    const { state } = await this.executor.load(tenderStream(tenderId), tenderDecider);
    if (state.status === 'none' || !state.content) return null;
    return { buyingUnitId: state.content.buyingUnitId, status: state.status };
  }
}

export const MARKET_RESEARCH_COMMAND_HANDLERS = [
  RequestMarketResearchHandler,
  AnswerMarketResearchHandler,
  AttachMarketResearchHandler,
];
