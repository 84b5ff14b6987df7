import { at, deciderSpec } from '../../../../test/support/decider-spec';
import { deskCalendarDecider, type DeskCalendarFeedIssued, type IssueDeskCalendarFeed } from './desk-calendar';

const given = deciderSpec(deskCalendarDecider);
const NOW = '2026-03-02T16:00:00.000Z';

const issue = (feedId: string): IssueDeskCalendarFeed => ({
  type: 'IssueDeskCalendarFeed',
  accountId: 'account-1',
  feedId,
  desk: 'supplier',
  ownerId: 'supplier-1',
});
const issued = (feedId: string, revokedFeedId: string | null): DeskCalendarFeedIssued => ({
  type: 'DeskCalendarFeedIssued',
  data: { accountId: 'account-1', feedId, desk: 'supplier', ownerId: 'supplier-1', revokedFeedId, issuedAt: NOW },
});

describe('a desk calendar address', () => {
  it('is issued with who it is for and when, revoking nothing the first time', () =>
    given().when(issue('feed-1'), at(NOW)).then(issued('feed-1', null)));

  it('revokes the address before when a new one is issued', () =>
    given(issued('feed-1', null)).when(issue('feed-2'), at(NOW)).then(issued('feed-2', 'feed-1')));

  it('is only the latest one in the state', () =>
    expect(given(issued('feed-1', null)).when(issue('feed-2'), at(NOW)).thenState()).toEqual({
      current: { feedId: 'feed-2', desk: 'supplier', ownerId: 'supplier-1' },
    }));
});
