import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type * as C from '../../domain/tender.commands';
import { TenderMessage, TenderWriter, type TenderOutcome } from '../tender-writer';

/** A direct award of a draft, with the awarded amount of each lot. */
export class AwardDirectly extends TenderMessage<Pick<C.AwardDirectly, 'tenderId' | 'lots'>> {}

/** Awards to the supplier the draft names, whose standing is looked up at `now`. */
@CommandHandler(AwardDirectly)
export class AwardDirectlyHandler implements ICommandHandler<AwardDirectly> {
  constructor(private readonly tenders: TenderWriter) {}

  execute({ command: { tenderId, lots }, principal, context }: AwardDirectly): Promise<TenderOutcome> {
    return this.tenders.decide(tenderId, context, async (state) => {
      const supplierId = this.tenders.authorize(state, 'AwardDirectly', principal).directAward?.supplierId;
      const supplier = supplierId
        ? await this.tenders.standingOf(supplierId, context.now)
        : { supplierId: '', verified: false, sanctioned: false };
      return { type: 'AwardDirectly', tenderId, supplier, lots };
    });
  }
}
