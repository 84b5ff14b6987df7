import type { AlertLanguage, Delivery, FollowTarget, SavedFilters } from './alert.events';

/**
 * Who subscribes: the account, its address and its supplier (suppliers get their auctions' reminders). The
 * first subscription of an account records the address to confirm before anything is mailed there.
 */
export type Subscriber = { accountId: string; email: string; language: AlertLanguage; supplierId: string | null };

export type RequestAlertConfirmation = { type: 'RequestAlertConfirmation'; subscriber: Subscriber };
export type ConfirmAlertEmail = { type: 'ConfirmAlertEmail'; accountId: string; email: string };
export type SaveSearch = {
  type: 'SaveSearch';
  subscriber: Subscriber;
  searchId: string;
  name: string;
  filters: SavedFilters;
};
export type RemoveSearch = { type: 'RemoveSearch'; accountId: string; searchId: string };
export type StartFollowing = { type: 'StartFollowing'; subscriber: Subscriber; target: FollowTarget };
export type StopFollowing = { type: 'StopFollowing'; accountId: string; target: FollowTarget };
export type ChangeDeliveryPreference = {
  type: 'ChangeDeliveryPreference';
  subscriber: Subscriber;
  delivery: Delivery;
  language?: AlertLanguage;
};
export type Unsubscribe = { type: 'Unsubscribe'; accountId: string; key: string | null };

export type AlertSubscriberCommand =
  | RequestAlertConfirmation
  | ConfirmAlertEmail
  | SaveSearch
  | RemoveSearch
  | StartFollowing
  | StopFollowing
  | ChangeDeliveryPreference
  | Unsubscribe;
