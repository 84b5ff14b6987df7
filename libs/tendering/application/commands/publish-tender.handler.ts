import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { TenderKeyStore } from '../tender-keys';
import { TenderMessage, TenderWriter, type TenderOutcome } from '../tender-writer';

/** Publishes the call of a draft. */
export class PublishTender extends TenderMessage<{ tenderId: string }> {}

/**
 * Publishes the call: creates the tender's data key for sealing, and checks every invitee's standing at `now`.
 * Anything but a competitive draft is refused by the decider before the key matters: no key is made for it.
 */
@CommandHandler(PublishTender)
export class PublishTenderHandler implements ICommandHandler<PublishTender> {
  constructor(
    private readonly tenders: TenderWriter,
    private readonly keys: TenderKeyStore,
  ) {}

  execute({ command: { tenderId }, principal, context }: PublishTender): Promise<TenderOutcome> {
    return this.tenders.decide(tenderId, context, async (state) => {
      const content = this.tenders.authorize(state, 'PublishTender', principal);
      const invited = content.procedureType === 'invitation' ? content.invitedSupplierIds : [];
      const invitees = await Promise.all(invited.map((id) => this.tenders.standingOf(id, context.now)));
      const tenderKeyId =
        state.status === 'draft' && content.schedule !== null ? await this.keys.keyIdFor(tenderId) : '';
      return { type: 'PublishTender', tenderId, tenderKeyId, invitees };
    });
  }
}
