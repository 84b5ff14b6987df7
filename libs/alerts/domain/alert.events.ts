/**
 * One stream per subscriber (`alert-subscriber-<accountId>`): the address alerts go to and whether it was
 * confirmed, the saved searches and follows, and how the subscriber wants them delivered.
 */
export const subscriberStream = (accountId: string) => `alert-subscriber-${accountId}`;

/** What can be followed: a procedure (tender), a buying unit, a supplier. */
export type FollowKind = 'procedure' | 'buyingUnit' | 'supplier';
export const FOLLOW_KINDS: readonly FollowKind[] = ['procedure', 'buyingUnit', 'supplier'];
export type FollowTarget = { kind: FollowKind; id: string };

export type Delivery = 'immediate' | 'daily';
export const DELIVERIES: readonly Delivery[] = ['immediate', 'daily'];
export type AlertLanguage = 'es' | 'en';

/**
 * The filters of a saved search: those of the public search (`TenderFilter` in libs/transparency), kept as
 * given so that a filter added there later works for searches saved before it.
 */
export type SavedFilters = Record<string, string | number>;

/** The key of one subscription: `search:<id>` or `<kind>:<id>`; an unsubscribe link names it. */
export const searchKey = (searchId: string) => `search:${searchId}`;
export const followKey = ({ kind, id }: FollowTarget) => `${kind}:${id}`;

type Event<T extends string, D> = { type: T; data: { accountId: string } & D };

/** The address alerts will go to, written before any alert is: a confirmation link is mailed to it. */
export type AlertEmailConfirmationRequested = Event<
  'AlertEmailConfirmationRequested',
  { email: string; language: AlertLanguage; supplierId: string | null; requestedAt: string }
>;
/** The holder opened the signed link: alerts may now be mailed there. */
export type AlertEmailConfirmed = Event<'AlertEmailConfirmed', { email: string; confirmedAt: string }>;
export type SearchSaved = Event<
  'SearchSaved',
  { searchId: string; name: string; filters: SavedFilters; savedAt: string }
>;
export type SearchRemoved = Event<'SearchRemoved', { searchId: string; removedAt: string }>;
export type FollowStarted = Event<'FollowStarted', { target: FollowTarget; startedAt: string }>;
export type FollowStopped = Event<'FollowStopped', { target: FollowTarget; stoppedAt: string }>;
export type DeliveryPreferenceChanged = Event<
  'DeliveryPreferenceChanged',
  { delivery: Delivery; language: AlertLanguage; changedAt: string }
>;
/** From an e-mail's one-click link (no login): one subscription (`key`) or all of them (`key` null). */
export type Unsubscribed = Event<'Unsubscribed', { key: string | null; unsubscribedAt: string }>;

export type AlertSubscriberEvent =
  | AlertEmailConfirmationRequested
  | AlertEmailConfirmed
  | SearchSaved
  | SearchRemoved
  | FollowStarted
  | FollowStopped
  | DeliveryPreferenceChanged
  | Unsubscribed;

export const SUBSCRIBER_EVENT_TYPES: ReadonlyArray<AlertSubscriberEvent['type']> = [
  'AlertEmailConfirmationRequested',
  'AlertEmailConfirmed',
  'SearchSaved',
  'SearchRemoved',
  'FollowStarted',
  'FollowStopped',
  'DeliveryPreferenceChanged',
  'Unsubscribed',
];
