import { Inject, type Type } from '@nestjs/common';
import { CommandHandler } from '@nestjs/cqrs';
import type * as C from '../domain/tender.commands';
import type { TenderState } from '../domain/tender.state';
import type { TenderContent } from '../domain/tender.types';
import { TenderWriter, type TenderMessage, type TenderOutcome } from './tender-writer';

export type TenderCommandHandler<M> = { execute(message: M): Promise<TenderOutcome> };

/** The tender as a fact-gathering handler sees it: just loaded, the sender authorized; and the writer. */
export type LoadedTender = { tenders: TenderWriter; state: TenderState; content: TenderContent };

/**
 * The one `@CommandHandler` of a tender command that gathers facts from another service (`source`: the
 * tender's keys, the query bus) before deciding: the tender is loaded, the sender authorized for `type`,
 * then `commandFor(source, loaded, message)` builds the domain command, once per attempt. Still one handler
 * class per command, constructed as `new Handler(tenders, source)`, without writing the same
 * constructor-load-authorize frame for each. Register the result as a provider of the module.
 */
export function factGatheringHandler<M extends TenderMessage<{ tenderId: string }>, S>(
  message: Type<M>,
  type: C.TenderCommand['type'],
  source: Type<S>,
  commandFor: (source: S, loaded: LoadedTender, message: M) => Promise<C.TenderCommand>,
): Type<TenderCommandHandler<M>> {
  @CommandHandler(message)
  class Handler implements TenderCommandHandler<M> {
    constructor(
      private readonly tenders: TenderWriter,
      @Inject(source) private readonly source: S,
    ) {}

    execute(asked: M): Promise<TenderOutcome> {
      const { tenders } = this;
      return tenders.decide(asked.command.tenderId, asked.context, (state) => {
        const content = tenders.authorize(state, type, asked.principal);
        return commandFor(this.source, { tenders, state, content }, asked);
      });
    }
  }
  Object.defineProperty(Handler, 'name', { value: `${message.name}Handler` });
  return Handler;
}
