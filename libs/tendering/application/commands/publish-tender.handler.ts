import { TenderKeyStore } from '../tender-keys';
import { factGatheringHandler } from '../tender-fact-handler';
import { TenderMessage } from '../tender-writer';

/** Publishes the call of a draft. */
export class PublishTender extends TenderMessage<{ tenderId: string }> {}

/**
 * Publishes the call: creates the tender's data key for sealing, and checks every invitee's standing at `now`.
 * Anything but a competitive draft is refused by the decider before the key matters: no key is made for it.
 */
export const PublishTenderHandler = factGatheringHandler(
  PublishTender,
  'PublishTender',
  TenderKeyStore,
  async (keys, { tenders, state, content }, { command: { tenderId }, context }) => {
    const invited = content.procedureType === 'invitation' ? content.invitedSupplierIds : [];
    const invitees = await Promise.all(invited.map((id) => tenders.standingOf(id, context.now)));
    const tenderKeyId = state.status === 'draft' && content.schedule !== null ? await keys.keyIdFor(tenderId) : '';
    return { type: 'PublishTender', tenderId, tenderKeyId, invitees };
  },
);
