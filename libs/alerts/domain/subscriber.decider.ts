import { conflict, invalid, notFound, type DecisionContext, type Decider } from '@licita/shared';
import type { AlertSubscriberCommand, Subscriber } from './alert.commands';
import {
  DELIVERIES,
  FOLLOW_KINDS,
  followKey,
  searchKey,
  type AlertLanguage,
  type AlertSubscriberEvent,
  type Delivery,
  type SavedFilters,
} from './alert.events';

export type SubscriberState = {
  email: string | null;
  confirmed: boolean;
  language: AlertLanguage;
  delivery: Delivery;
  searches: Record<string, { name: string; filters: SavedFilters }>;
  /** Keys of the follows (`procedure:<id>`, …). */
  follows: string[];
};

export const initialState = (): SubscriberState => ({
  email: null,
  confirmed: false,
  language: 'es',
  delivery: 'immediate',
  searches: {},
  follows: [],
});

export const MAX_SAVED_SEARCHES = 50;
export const MAX_FOLLOWS = 500;
const MAX_NAME = 120;
const MAX_FILTERS = 30;

export function decide(
  command: AlertSubscriberCommand,
  state: SubscriberState,
  { now }: DecisionContext,
): AlertSubscriberEvent[] {
  const at = now.toISOString();
  switch (command.type) {
    case 'RequestAlertConfirmation':
      return state.confirmed && state.email === command.subscriber.email
        ? []
        : [confirmationRequested(command.subscriber, at)];
    case 'ConfirmAlertEmail':
      if (state.email !== command.email)
        throw conflict('alerts.confirmation_stale', 'the link is for an address this account no longer uses');
      return state.confirmed
        ? []
        : [{ type: 'AlertEmailConfirmed', data: { ...accountOf(command), email: command.email, confirmedAt: at } }];
    case 'SaveSearch': {
      const name = checkName(command.name);
      const filters = checkFilters(command.filters);
      const existing = state.searches[command.searchId];
      if (existing) {
        if (existing.name === name && sameFilters(existing.filters, filters)) return [];
        throw conflict('alerts.search_exists', `search ${command.searchId} is already saved with other filters`);
      }
      if (Object.keys(state.searches).length >= MAX_SAVED_SEARCHES)
        throw conflict('alerts.too_many', `at most ${MAX_SAVED_SEARCHES} saved searches`, {
          limit: MAX_SAVED_SEARCHES,
        });
      return [
        ...addressFirst(state, command.subscriber, at),
        {
          type: 'SearchSaved',
          data: { accountId: command.subscriber.accountId, searchId: command.searchId, name, filters, savedAt: at },
        },
      ];
    }
    case 'RemoveSearch':
      if (!state.searches[command.searchId])
        throw notFound('alerts.search_not_found', `no saved search ${command.searchId}`);
      return [{ type: 'SearchRemoved', data: { ...accountOf(command), searchId: command.searchId, removedAt: at } }];
    case 'StartFollowing': {
      if (!FOLLOW_KINDS.includes(command.target.kind))
        throw invalid('alerts.invalid_target', `one follows a ${FOLLOW_KINDS.join(', ')}`, { field: 'kind' });
      if (state.follows.includes(followKey(command.target))) return [];
      if (state.follows.length >= MAX_FOLLOWS)
        throw conflict('alerts.too_many', `at most ${MAX_FOLLOWS} follows`, { limit: MAX_FOLLOWS });
      const target = { kind: command.target.kind, id: command.target.id };
      return [
        ...addressFirst(state, command.subscriber, at),
        { type: 'FollowStarted', data: { accountId: command.subscriber.accountId, target, startedAt: at } },
      ];
    }
    case 'StopFollowing':
      return state.follows.includes(followKey(command.target))
        ? [{ type: 'FollowStopped', data: { ...accountOf(command), target: command.target, stoppedAt: at } }]
        : [];
    case 'ChangeDeliveryPreference': {
      if (!DELIVERIES.includes(command.delivery))
        throw invalid('alerts.invalid_delivery', `delivery is one of ${DELIVERIES.join(', ')}`);
      const language = command.language ?? state.language;
      if (state.email !== null && state.delivery === command.delivery && state.language === language) return [];
      return [
        ...addressFirst(state, command.subscriber, at),
        {
          type: 'DeliveryPreferenceChanged',
          data: { accountId: command.subscriber.accountId, delivery: command.delivery, language, changedAt: at },
        },
      ];
    }
    case 'Unsubscribe':
      return subscribedTo(state, command.key)
        ? [{ type: 'Unsubscribed', data: { ...accountOf(command), key: command.key, unsubscribedAt: at } }]
        : [];
  }
}

export function evolve(state: SubscriberState, event: AlertSubscriberEvent): SubscriberState {
  switch (event.type) {
    case 'AlertEmailConfirmationRequested':
      return {
        ...state,
        email: event.data.email,
        language: event.data.language,
        confirmed: state.confirmed && state.email === event.data.email,
      };
    case 'AlertEmailConfirmed':
      return { ...state, confirmed: true };
    case 'SearchSaved':
      return {
        ...state,
        searches: { ...state.searches, [event.data.searchId]: { name: event.data.name, filters: event.data.filters } },
      };
    case 'SearchRemoved':
      return { ...state, searches: without(state.searches, event.data.searchId) };
    case 'FollowStarted':
      return { ...state, follows: [...state.follows, followKey(event.data.target)] };
    case 'FollowStopped':
      return { ...state, follows: state.follows.filter((key) => key !== followKey(event.data.target)) };
    case 'DeliveryPreferenceChanged':
      return { ...state, delivery: event.data.delivery, language: event.data.language };
    case 'Unsubscribed': {
      const { key } = event.data;
      if (key === null) return { ...state, searches: {}, follows: [] };
      const searches = Object.fromEntries(Object.entries(state.searches).filter(([id]) => searchKey(id) !== key));
      return { ...state, searches, follows: state.follows.filter((follow) => follow !== key) };
    }
  }
}

export const subscriberDecider: Decider<AlertSubscriberCommand, AlertSubscriberEvent, SubscriberState> = {
  initialState,
  decide,
  evolve,
};

/** Whether the subscriber has this subscription (any, for a null key): a link clicked twice changes nothing. */
const subscribedTo = (state: SubscriberState, key: string | null) =>
  key === null
    ? state.follows.length > 0 || Object.keys(state.searches).length > 0
    : state.follows.includes(key) || Object.keys(state.searches).some((id) => searchKey(id) === key);

const accountOf = (command: { accountId: string }) => ({ accountId: command.accountId });

function confirmationRequested(subscriber: Subscriber, at: string): AlertSubscriberEvent {
  const { accountId, email, language, supplierId } = subscriber;
  return { type: 'AlertEmailConfirmationRequested', data: { accountId, email, language, supplierId, requestedAt: at } };
}

/** A subscriber's first subscription records the address to confirm, so nothing is mailed before it is. */
const addressFirst = (state: SubscriberState, subscriber: Subscriber, at: string): AlertSubscriberEvent[] =>
  state.email === null ? [confirmationRequested(subscriber, at)] : [];

function checkName(name: unknown): string {
  const trimmed = typeof name === 'string' ? name.trim() : '';
  if (trimmed.length === 0 || trimmed.length > MAX_NAME)
    throw invalid('alerts.invalid_name', `a saved search has a name of 1 to ${MAX_NAME} characters`, { field: 'name' });
  return trimmed;
}

/** Strings and numbers only, at most a few dozen: the public search's filters, never sort or paging. */
function checkFilters(filters: unknown): SavedFilters {
  if (typeof filters !== 'object' || filters === null || Array.isArray(filters))
    throw invalid('alerts.invalid_filters', 'filters are an object of search parameters', { field: 'filters' });
  const entries = Object.entries(filters).filter(([key]) => !['sort', 'cursor', 'limit'].includes(key));
  const bad = entries.find(([, value]) => !['string', 'number'].includes(typeof value) || String(value).length > 200);
  if (bad || entries.length > MAX_FILTERS)
    throw invalid('alerts.invalid_filters', 'each filter is a short text or a number', { field: bad?.[0] });
  return Object.fromEntries<string | number>(
    (entries as Array<[string, string | number]>).sort(([a], [b]) => a.localeCompare(b)),
  );
}

const sameFilters = (a: SavedFilters, b: SavedFilters) => JSON.stringify(a) === JSON.stringify(b);

function without<T>(record: Record<string, T>, key: string): Record<string, T> {
  const { [key]: _gone, ...rest } = record;
  return rest;
}
