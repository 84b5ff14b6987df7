import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type * as C from '../../domain/tender.commands';
import { ProcedureNumbers } from '../procedure-numbers';
import { TenderMessage, TenderWriter, type TenderOutcome } from '../tender-writer';

/** A direct award of a draft, with the awarded amount of each lot. */
export class AwardDirectly extends TenderMessage<Pick<C.AwardDirectly, 'tenderId' | 'lots'>> {}

/**
 * Awards to the supplier the draft names, whose standing is looked up at `now`; the procedure's number (`AA-…`)
 * is reserved once the award is decided possible without it.
 */
@CommandHandler(AwardDirectly)
export class AwardDirectlyHandler implements ICommandHandler<AwardDirectly> {
  constructor(
    private readonly tenders: TenderWriter,
    private readonly numbers: ProcedureNumbers,
  ) {}

  execute({ command: { tenderId, lots }, principal, context }: AwardDirectly): Promise<TenderOutcome> {
    return this.tenders.decide(tenderId, context, async (state) => {
      const content = this.tenders.authorize(state, 'AwardDirectly', principal);
      const supplierId = content.directAward?.supplierId;
      const supplier = supplierId
        ? await this.tenders.standingOf(supplierId, context.now)
        : { supplierId: '', verified: false, sanctioned: false };
      const command: C.AwardDirectly = { type: 'AwardDirectly', tenderId, supplier, lots };
      if (state.number !== null || !this.tenders.wouldAccept(command, state, context)) return command;
      return { ...command, number: await this.numbers.reserve(tenderId, content, context) };
    });
  }
}
