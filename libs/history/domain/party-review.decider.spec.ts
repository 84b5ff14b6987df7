import type { HistoricalPartyRecorded } from './history.events';
import { historicalPartyDecider, type HistoricalPartyEvent, type ReviewHistoricalParty } from './party-review.decider';

const NOW = new Date('2026-12-07T12:00:00.000Z');
const recorded = (registeredId: string | null): HistoricalPartyRecorded => ({
  type: 'HistoricalPartyRecorded',
  data: {
    partyId: 'p1',
    role: 'supplier',
    name: 'Uno',
    code: null,
    rfc: null,
    registeredId,
    matchedBy: registeredId ? 'name' : null,
    importId: 'import-1',
  },
});
const stateAfter = (...events: HistoricalPartyEvent[]) =>
  events.reduce(historicalPartyDecider.evolve, historicalPartyDecider.initialState());
const review = (decision: ReviewHistoricalParty['decision'], registeredId?: string): ReviewHistoricalParty => ({
  type: 'ReviewHistoricalParty',
  partyId: 'p1',
  decision,
  registeredId,
});
const decide = (command: ReviewHistoricalParty, state = stateAfter(recorded('s1'))) =>
  historicalPartyDecider.decide(command, state, { now: NOW, actor: 'account-r' });

describe('reviewing an imported party', () => {
  it('confirms the match the import made', () => {
    expect(decide(review('confirmed'))).toEqual([
      {
        type: 'HistoricalPartyReviewed',
        data: { partyId: 'p1', decision: 'confirmed', registeredId: 's1', reviewedAt: NOW.toISOString() },
      },
    ]);
  });

  it('links to a register id, which linking needs', () => {
    expect(decide(review('linked', 's9'))[0].data.registeredId).toBe('s9');
    expect(() => decide(review('linked'))).toThrow(expect.objectContaining({ code: 'import.review_invalid' }));
  });

  it('cannot confirm a party the import matched to nothing', () => {
    expect(() => decide(review('confirmed'), stateAfter(recorded(null)))).toThrow(
      expect.objectContaining({ code: 'import.review_invalid' }),
    );
  });

  it('marks it unregistered; the same review again decides nothing', () => {
    const [event] = decide(review('unregistered'));
    expect(event.data.registeredId).toBeNull();
    const after = historicalPartyDecider.evolve(stateAfter(recorded('s1')), event);
    expect(decide(review('unregistered'), after)).toEqual([]);
    expect(decide(review('linked', 's2'), after)).toHaveLength(1);
  });

  it('refuses a party no import recorded', () => {
    expect(() => decide(review('unregistered'), historicalPartyDecider.initialState())).toThrow(
      expect.objectContaining({ code: 'import.party_not_found', kind: 'not_found' }),
    );
  });
});
