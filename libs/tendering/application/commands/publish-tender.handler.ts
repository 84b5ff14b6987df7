import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type * as C from '../../domain/tender.commands';
import { ProcedureNumbers } from '../procedure-numbers';
import { TenderKeyStore } from '../tender-keys';
import { TenderMessage, TenderWriter, type TenderOutcome } from '../tender-writer';

/** Publishes the call of a draft. */
export class PublishTender extends TenderMessage<{ tenderId: string }> {}

/**
 * Publishes the call: creates the tender's data key for sealing, checks every invitee's standing at `now`, and
 * reserves the procedure's number. Anything but a competitive draft is refused by the decider before the key
 * matters: no key is made for it; the number is reserved only once the publication is decided possible without
 * it, so a refused publication takes no number.
 */
@CommandHandler(PublishTender)
export class PublishTenderHandler implements ICommandHandler<PublishTender> {
  constructor(
    private readonly tenders: TenderWriter,
    private readonly keys: TenderKeyStore,
    private readonly numbers: ProcedureNumbers,
  ) {}

  execute({ command: { tenderId }, principal, context }: PublishTender): Promise<TenderOutcome> {
    const { tenders } = this;
    return tenders.decide(tenderId, context, async (state) => {
      const content = tenders.authorize(state, 'PublishTender', principal);
      const invited = content.procedureType === 'invitation' ? content.invitedSupplierIds : [];
      const invitees = await Promise.all(invited.map((id) => tenders.standingOf(id, context.now)));
      const tenderKeyId =
        state.status === 'draft' && content.schedule !== null ? await this.keys.keyIdFor(tenderId) : '';
      const command: C.PublishTender = { type: 'PublishTender', tenderId, tenderKeyId, invitees };
      if (state.number !== null || !tenders.wouldAccept(command, state, context)) return command;
      return { ...command, number: await this.numbers.reserve(tenderId, content, context) };
    });
  }
}
