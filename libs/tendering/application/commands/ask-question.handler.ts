import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type * as C from '../../domain/tender.commands';
import { TenderMessage, TenderWriter, type TenderOutcome } from '../tender-writer';

/** What a supplier asks: the handler adds its standing in the supplier register at `now`. */
export type QuestionInput = Omit<C.AskQuestion, 'type' | 'supplier'> & { supplierId: string };

/** A supplier's question during the enquiry period (published without the asker). */
export class AskQuestion extends TenderMessage<QuestionInput> {}

/**
 * Authorizes the asker against the tender, then looks up its standing (verified, sanctioned) so the decider
 * refuses a supplier that may not take part (#16 point 7).
 */
@CommandHandler(AskQuestion)
export class AskQuestionHandler implements ICommandHandler<AskQuestion> {
  constructor(private readonly tenders: TenderWriter) {}

  execute({ command, principal, context }: AskQuestion): Promise<TenderOutcome> {
    const { supplierId, ...question } = command;
    return this.tenders.decide(command.tenderId, context, async (state) => {
      this.tenders.authorize(state, 'AskQuestion', principal, { supplierId });
      const supplier = await this.tenders.standingOf(supplierId, context.now);
      return { type: 'AskQuestion', ...question, supplier };
    });
  }
}
