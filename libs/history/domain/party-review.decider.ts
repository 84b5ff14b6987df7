import { DomainError, invalid, type Decider } from '@licita/shared';
import type { HistoricalPartyRecorded, HistoricalPartyReviewed } from './history.events';

/** A registrar's review of a party an import met (command `ReviewHistoricalParty`). */
export type ReviewHistoricalParty = {
  type: 'ReviewHistoricalParty';
  partyId: string;
  decision: HistoricalPartyReviewed['data']['decision'];
  /** Required to link; ignored otherwise. */
  registeredId?: string | null;
};

export type HistoricalPartyState =
  | { recorded: false }
  | {
      recorded: true;
      partyId: string;
      role: 'buyer' | 'supplier';
      registeredId: string | null;
      review: HistoricalPartyReviewed['data'] | null;
    };

export type HistoricalPartyEvent = HistoricalPartyRecorded | HistoricalPartyReviewed;

/**
 * Confirm the import's match, link the party to a register entry, or mark it as not in the register. The same
 * review again decides nothing; a later different one is recorded (a registrar corrects an earlier review).
 */
export const historicalPartyDecider: Decider<ReviewHistoricalParty, HistoricalPartyEvent, HistoricalPartyState> = {
  initialState: () => ({ recorded: false }),
  decide(command, state, { now }) {
    if (!state.recorded)
      throw new DomainError('import.party_not_found', `no imported party ${command.partyId}`, 'not_found');
    const registeredId = registeredIdOf(command, state.registeredId);
    if (state.review?.decision === command.decision && state.review.registeredId === registeredId) return [];
    return [
      {
        type: 'HistoricalPartyReviewed',
        data: { partyId: state.partyId, decision: command.decision, registeredId, reviewedAt: now.toISOString() },
      },
    ];
  },
  evolve(state, event) {
    if (event.type === 'HistoricalPartyRecorded')
      return {
        recorded: true,
        partyId: event.data.partyId,
        role: event.data.role,
        registeredId: event.data.registeredId,
        review: null,
      };
    if (!state.recorded) return state;
    return { ...state, registeredId: event.data.registeredId, review: event.data };
  },
};

function registeredIdOf(command: ReviewHistoricalParty, matched: string | null): string | null {
  if (command.decision === 'unregistered') return null;
  if (command.decision === 'linked') {
    if (!command.registeredId) throw invalid('import.review_invalid', 'linking a party needs the register id');
    return command.registeredId;
  }
  if (!matched) throw invalid('import.review_invalid', 'there is no match to confirm: link it or mark it unregistered');
  return matched;
}
