import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { assertAuthorized } from '@licita/identity';
import type * as C from '../../domain/tender.commands';
import { TenderMessage, TenderWriter, type TenderOutcome } from '../tender-writer';

/** A draft of a public tender, an invitation or a direct award, by a buyer of the unit it names. */
export class CreateTender extends TenderMessage<C.CreateTender> {}

@CommandHandler(CreateTender)
export class CreateTenderHandler implements ICommandHandler<CreateTender> {
  constructor(private readonly tenders: TenderWriter) {}

  execute({ command, principal, context }: CreateTender): Promise<TenderOutcome> {
    assertAuthorized({ type: command.type, buyingUnitId: command.content?.buyingUnitId }, principal);
    return this.tenders.decide(command.tenderId, context, () => command, { creates: true });
  }
}
