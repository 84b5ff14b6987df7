import type { Decider } from '@licita/shared';

/** Stream of one account's subscription URL for its desk's calendar. */
export const deskCalendarStream = (accountId: string) => `desk-calendar-${accountId}`;

/** Whose dates a desk's calendar holds: a buyer's unit's procedures, or a supplier's own procedures and auctions. */
export type DeskScope = { desk: 'buyer'; ownerId: string } | { desk: 'supplier'; ownerId: string };

/** A new secret URL for the account's desk calendar; it replaces (revokes) the one before. */
export type IssueDeskCalendarFeed = { type: 'IssueDeskCalendarFeed'; accountId: string; feedId: string } & DeskScope;

export type DeskCalendarFeedIssued = {
  type: 'DeskCalendarFeedIssued';
  data: { accountId: string; feedId: string; revokedFeedId: string | null; issuedAt: string } & DeskScope;
};

export type DeskCalendarState = { current: ({ feedId: string } & DeskScope) | null };

/**
 * One account's desk-calendar URL: issuing records the new feed id (the secret URL's nonce) and the one it
 * revokes; only the latest is honoured (application/desk-calendar-feeds.ts).
 */
export const deskCalendarDecider: Decider<IssueDeskCalendarFeed, DeskCalendarFeedIssued, DeskCalendarState> = {
  initialState: () => ({ current: null }),
  decide: (command, state, { now }) => [
    {
      type: 'DeskCalendarFeedIssued',
      data: {
        accountId: command.accountId,
        feedId: command.feedId,
        desk: command.desk,
        ownerId: command.ownerId,
        revokedFeedId: state.current?.feedId ?? null,
        issuedAt: now.toISOString(),
      },
    },
  ],
  evolve: (_state, { data }) => ({ current: { feedId: data.feedId, desk: data.desk, ownerId: data.ownerId } }),
};
