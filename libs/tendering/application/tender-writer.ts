import { Inject, Injectable, Optional } from '@nestjs/common';
import { Command, QueryBus, type ICommandHandler } from '@nestjs/cqrs';
import { buyingUnitDecider, buyingUnitStream } from '@licita/buying-units';
import { ClassifierLookup } from '@licita/classifier';
import { CommandExecutor, type CommandContext, type CommandOutcome } from '@licita/event-store';
import { assertAuthorized, type Principal } from '@licita/identity';
import { LICITA_CONFIG, type LicitaConfig } from '@licita/platform';
import { DomainError, invalid, notFound, type Decider } from '@licita/shared';
import { sanctionsInForce, SupplierRegistry } from '@licita/suppliers';
import type * as C from '../domain/tender.commands';
import { createTenderDecider } from '../domain/tender.decider';
import { tenderStream, type TenderEvent } from '../domain/tender.events';
import { DEFAULT_TENDER_POLICY, type TenderPolicy } from '../domain/tender.policy';
import { MAX_TIME_ACCELERATION } from '../domain/time-acceleration';
import { initialState, statusAt, type TenderState } from '../domain/tender.state';
import type { DocumentRef, SupplierStanding, TenderContent, TenderLot } from '../domain/tender.types';
import { assertUploadedDocumentsFit } from './uploaded-documents';

/** Optional provider: the periods of the procedures (tender.policy.ts); DEFAULT_TENDER_POLICY otherwise. */
export const TENDER_POLICY = Symbol('TENDER_POLICY');

export type TenderOutcome = CommandOutcome<TenderEvent, TenderState>;

/**
 * A command as the command bus carries it: what was asked (`command`), who asks (`principal`, authorized against
 * the tender or contract once it is loaded) and the request's context (time, actor, idempotency key). `R` is
 * what its handler answers.
 */
export abstract class CommandMessage<P, R> extends Command<R> {
  constructor(
    readonly command: P,
    readonly principal: Principal,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** A tender command (at least the tender's id); its handler answers the outcome, with the log position, by default. */
export abstract class TenderMessage<P extends { tenderId: string }, R = TenderOutcome> extends CommandMessage<P, R> {}

/**
 * The write path every tender command handler shares: load the stream once, let the handler authorize and
 * gather the facts other contexts own (asynchronously, on the state just loaded) into the domain command,
 * decide once, check the classifier codes the events name, append at the revision read. A conflict (409)
 * carries the tender's current status in `details.status`.
 */
@Injectable()
export class TenderWriter {
  readonly decider: Decider<C.TenderCommand, TenderEvent, TenderState>;

  constructor(
    private readonly executor: CommandExecutor,
    private readonly suppliers: SupplierRegistry,
    private readonly classifier: ClassifierLookup,
    @Optional() @Inject(TENDER_POLICY) policy?: TenderPolicy,
    @Optional() private readonly queries?: QueryBus,
    @Optional() @Inject(LICITA_CONFIG) config?: Pick<LicitaConfig, 'mode'>,
  ) {
    // Practice mode alone lets a tender run on accelerated time (domain/time-acceleration.ts).
    const given = policy ?? DEFAULT_TENDER_POLICY;
    this.decider = createTenderDecider(
      config?.mode === 'sandbox' ? { ...given, maxTimeAcceleration: MAX_TIME_ACCELERATION } : given,
    );
  }

  async decide(
    tenderId: string,
    context: CommandContext,
    commandFor: (state: TenderState) => C.TenderCommand | Promise<C.TenderCommand>,
    { creates = false } = {},
  ): Promise<TenderOutcome> {
    let seen = initialState();
    const decide = async (state: TenderState) => {
      seen = state;
      if (!creates && state.content === null) throw notFound('tender.not_found', `there is no tender ${tenderId}`);
      const events = this.decider.decide(await commandFor(state), state, { now: context.now, actor: context.actor });
      await this.assertKnownCodes(lotsNamedIn(events)); // after every rule of the content: 422 content first
      await this.assertRegisteredParticipants(events);
      await assertUploadedDocumentsFit(this.queries, documentsNamedIn(events), buyingUnitOf(state, events), 'tender');
      return events;
    };
    try {
      // A creation retried with its Idempotency-Key after a crash answers what it first answered (#16 point 9).
      return await this.executor.decideWith(tenderStream(tenderId), this.decider, decide, context, {
        replayFirstOutcome: creates,
      });
    } catch (error) {
      throw withStatus(error, statusAt(seen, context.now));
    }
  }

  /**
   * Whether the decider would accept `command` on `state` at the context's time: a dry run before reserving
   * something for it elsewhere (a procedure number), so a refused command takes nothing. The real decision
   * still follows and still decides.
   */
  wouldAccept(command: C.TenderCommand, state: TenderState, context: CommandContext): boolean {
    try {
      this.decider.decide(command, state, { now: context.now, actor: context.actor });
      return true;
    } catch {
      return false;
    }
  }

  /** The tender as its stream says now (`tender.not_found` when there is none), for checks outside a decision. */
  async load(tenderId: string): Promise<TenderState> {
    const { state } = await this.executor.load(tenderStream(tenderId), this.decider);
    if (state.content === null) throw notFound('tender.not_found', `there is no tender ${tenderId}`);
    return state;
  }

  /** A command that needs nothing but the tender and its sender's authorization; a supplier's carries its own id. */
  send({ command, principal, context }: TenderMessage<C.TenderCommand>): Promise<TenderOutcome> {
    const fields = 'supplierId' in command ? { supplierId: command.supplierId } : {};
    return this.decide(command.tenderId, withReason(command, context), (state) => {
      this.authorize(state, command.type, principal, fields);
      return command;
    });
  }

  /** The tender's content, if the principal may send it this command (`decide` made sure there is a tender). */
  authorize(
    state: TenderState,
    type: C.TenderCommand['type'],
    principal: Principal,
    fields: Record<string, unknown> = {},
  ): TenderContent {
    const content = state.content as TenderContent;
    assertAuthorized({ type, buyingUnitId: content.buyingUnitId, ...fields }, principal);
    return content;
  }

  /** What the supplier register says about a supplier at `now`; an unknown supplier is not verified. */
  async standingOf(supplierId: string, now: Date): Promise<SupplierStanding> {
    const supplier = await this.suppliers.load(supplierId);
    return {
      supplierId,
      verified: supplier.status === 'verified',
      sanctioned: sanctionsInForce(supplier, now).length > 0,
    };
  }

  /** The supplier's RFC in the register, to match against its e.firma certificate; `undefined` if unknown. */
  async rfcOf(supplierId: string): Promise<string | undefined> {
    return (await this.suppliers.load(supplierId)).data?.rfc;
  }

  /** A consolidated purchase's participating units are units of the register (each signs its own contract). */
  private async assertRegisteredParticipants(events: TenderEvent[]): Promise<void> {
    const participants = events.flatMap((event) => {
      const content =
        event.type === 'TenderCreated'
          ? event.data.content
          : event.type === 'TenderDraftUpdated'
            ? event.data.changes
            : null;
      return content?.consolidation?.participants.map((p) => p.buyingUnitId) ?? [];
    });
    for (const buyingUnitId of participants) {
      const { state } = await this.executor.load(buyingUnitStream(buyingUnitId), buyingUnitDecider);
      if (!state.registered)
        throw invalid('tender.consolidation_unit_unknown', `there is no buying unit ${buyingUnitId} in the register`, {
          buyingUnitId,
        });
    }
  }

  private async assertKnownCodes(lots: TenderLot[]): Promise<void> {
    if (lots.length > 0)
      await this.classifier.assertKnown(lots.flatMap((lot) => lot.items.map((item) => item.classifierCode)));
  }
}

/** The handler of a command that needs nothing but the tender (questions, evaluation, challenges, cancellation…). */
@Injectable()
export abstract class SendToTender implements ICommandHandler<TenderMessage<C.TenderCommand>> {
  constructor(protected readonly tenders: TenderWriter) {}

  execute(message: TenderMessage<C.TenderCommand>): Promise<TenderOutcome> {
    return this.tenders.send(message);
  }
}

/** The command's reason (an amendment's, a cancellation's...) goes into its events' metadata too. */
export function withReason(command: object, context: CommandContext): CommandContext {
  const reason = 'reason' in command ? command.reason : undefined;
  return typeof reason === 'string' && !context.reason ? { ...context, reason } : context;
}

/** The documents a draft, an update, an amendment, an answer or clarification minutes name. */
function documentsNamedIn(events: TenderEvent[]): DocumentRef[] {
  return events.flatMap((event) => {
    if (event.type === 'TenderCreated') return event.data.content.documents;
    if (event.type === 'TenderDraftUpdated') return event.data.changes.documents ?? [];
    if (event.type === 'TenderAmended') return event.data.amended.documents ?? [];
    if (event.type === 'QuestionAnswered') return event.data.documents ?? [];
    if (event.type === 'ClarificationMinutesPublished') return event.data.documents;
    return [];
  });
}

const buyingUnitOf = (state: TenderState, events: TenderEvent[]): string | undefined => {
  const created = events.find((event) => event.type === 'TenderCreated');
  return (
    state.content?.buyingUnitId ?? (created?.type === 'TenderCreated' ? created.data.content.buyingUnitId : undefined)
  );
};

/** The lots whose items a draft, an update or an amendment names: their classifier codes must be known. */
function lotsNamedIn(events: TenderEvent[]): TenderLot[] {
  return events.flatMap((event) => {
    if (event.type === 'TenderCreated') return event.data.content.lots;
    if (event.type === 'TenderDraftUpdated') return event.data.changes.lots ?? [];
    if (event.type === 'TenderAmended') return event.data.amended.lots ?? [];
    return [];
  });
}

/** A conflict says what the tender's status is now (`details.status`), when the rule that refused did not. */
function withStatus(error: unknown, status: string): unknown {
  if (!(error instanceof DomainError) || error.kind !== 'conflict' || error.details?.status !== undefined) return error;
  return new DomainError(error.code, error.message, error.kind, { ...error.details, status });
}
