import { Injectable } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { ClassifierLookup } from '@licita/classifier';
import { CommandExecutor, type CommandContext, type CommandOutcome } from '@licita/event-store';
import { assertAuthorized, type Principal } from '@licita/identity';
import { fiscalYearOf, notFound } from '@licita/shared';
import { evolveTender, initialTenderState, tenderStream, type TenderEvent } from '@licita/tendering';
import type { LinkProcedure, PublishPlanRevision, TenderFacts } from '../domain/plan.commands';
import { checkFiscalYear, checkLines, planDecider, type PlanState } from '../domain/plan.decider';
import { planStream, type PlanEvent } from '../domain/plan.events';

export type PlanOutcome = CommandOutcome<PlanEvent, PlanState>;

/** What a plan command answers: the revision now current and the lines' links (the position is in `Licita-Position`). */
export type PlanAnswer = { buyingUnitId: string; fiscalYear: number; revision: number; links: Record<string, string> };

abstract class PlanMessage<P> extends Command<PlanAnswer> {
  constructor(
    readonly command: P,
    readonly principal: Principal,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** A buyer publishes the plan of its unit for a year, or revises it (the whole list of lines, and why). */
export class PublishPlanRevisionMessage extends PlanMessage<Omit<PublishPlanRevision, 'type'>> {}
/** A buyer links a procedure of its unit to the plan line it executes. */
export class LinkProcedureMessage extends PlanMessage<Omit<LinkProcedure, 'type' | 'tender'> & { tenderId: string }> {}

const answer = (buyingUnitId: string, fiscalYear: number, { state }: PlanOutcome): PlanAnswer => ({
  buyingUnitId,
  fiscalYear,
  revision: state.revision,
  links: state.links,
});

/**
 * Checks the lines (the rules of `decide`, then every classifier code against the classifier) before the stream
 * is read, and appends the revision at the revision read (a concurrent revision is decided again on the new plan).
 */
@CommandHandler(PublishPlanRevisionMessage)
export class PublishPlanRevisionHandler implements ICommandHandler<PublishPlanRevisionMessage> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly classifier: ClassifierLookup,
  ) {}

  async execute({ command, principal, context }: PublishPlanRevisionMessage): Promise<PlanAnswer> {
    assertAuthorized({ type: 'PublishPlanRevision', buyingUnitId: command.buyingUnitId }, principal);
    checkFiscalYear(command.fiscalYear);
    const lines = checkLines(command.lines);
    await this.classifier.assertKnown([...new Set(lines.map((line) => line.classifierCode))]);
    const outcome = await this.executor.execute(
      planStream(command.buyingUnitId, command.fiscalYear),
      planDecider,
      { type: 'PublishPlanRevision', ...command },
      withReason(context, command.reason),
    );
    return answer(command.buyingUnitId, command.fiscalYear, outcome);
  }
}

/** Reads the tender's own stream for its unit and fiscal year (that of its publication, else of its creation). */
@Injectable()
export class TenderFactsReader {
  constructor(private readonly executor: CommandExecutor) {}

  async factsOf(tenderId: string): Promise<TenderFacts> {
    let createdAt: string | null = null;
    const { state } = await this.executor.load<TenderEvent, ReturnType<typeof initialTenderState>>(
      tenderStream(tenderId),
      {
        initialState: initialTenderState,
        evolve: (state, event) => {
          if (event.type === 'TenderCreated') createdAt = event.data.createdAt;
          return evolveTender(state, event);
        },
      },
    );
    if (state.content === null || createdAt === null)
      throw notFound('tender.not_found', `there is no tender ${tenderId}`, { tenderId });
    return {
      tenderId,
      buyingUnitId: state.content.buyingUnitId,
      fiscalYear: fiscalYearOf(state.publishedAt ?? createdAt),
    };
  }
}

@CommandHandler(LinkProcedureMessage)
export class LinkProcedureHandler implements ICommandHandler<LinkProcedureMessage> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly tenders: TenderFactsReader,
  ) {}

  async execute({ command, principal, context }: LinkProcedureMessage): Promise<PlanAnswer> {
    assertAuthorized({ type: 'LinkProcedure', buyingUnitId: command.buyingUnitId }, principal);
    checkFiscalYear(command.fiscalYear);
    const { tenderId, ...rest } = command;
    const tender = await this.tenders.factsOf(tenderId);
    const outcome = await this.executor.execute(
      planStream(command.buyingUnitId, command.fiscalYear),
      planDecider,
      { type: 'LinkProcedure', ...rest, tender },
      withReason(context, command.reason),
    );
    return answer(command.buyingUnitId, command.fiscalYear, outcome);
  }
}

function withReason(context: CommandContext, reason: string | null | undefined): CommandContext {
  return typeof reason === 'string' && reason.trim() && !context.reason
    ? { ...context, reason: reason.trim() }
    : context;
}
