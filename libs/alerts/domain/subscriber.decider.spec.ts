import { at, deciderSpec } from '../../../test/support/decider-spec';
import type { Subscriber } from './alert.commands';
import type { AlertSubscriberEvent } from './alert.events';
import { MAX_SAVED_SEARCHES, subscriberDecider } from './subscriber.decider';

const given = deciderSpec(subscriberDecider);
const NOW = '2026-03-02T16:00:00.000Z';
const ana: Subscriber = { accountId: 'acc-1', email: 'ana@example.mx', language: 'es', supplierId: null };

const requested = (email = ana.email): AlertSubscriberEvent => ({
  type: 'AlertEmailConfirmationRequested',
  data: { accountId: 'acc-1', email, language: 'es', supplierId: null, requestedAt: NOW },
});
const confirmed = (email = ana.email): AlertSubscriberEvent => ({
  type: 'AlertEmailConfirmed',
  data: { accountId: 'acc-1', email, confirmedAt: NOW },
});
const saved = (
  searchId = 's-1',
  filters: Record<string, string | number> = { q: 'paracetamol' },
): AlertSubscriberEvent => ({
  type: 'SearchSaved',
  data: { accountId: 'acc-1', searchId, name: 'Medicinas', filters, savedAt: NOW },
});
const followed = (id = 't-1'): AlertSubscriberEvent => ({
  type: 'FollowStarted',
  data: { accountId: 'acc-1', target: { kind: 'procedure', id }, startedAt: NOW },
});
const saveSearch = (searchId = 's-1', filters: Record<string, string | number> = { q: 'paracetamol' }) => ({
  type: 'SaveSearch' as const,
  subscriber: ana,
  searchId,
  name: ' Medicinas ',
  filters,
});

describe('a subscriber of alerts', () => {
  it('records the address to confirm before its first subscription, so nothing is mailed before it is confirmed', () =>
    given().when(saveSearch(), at(NOW)).then(requested(), saved()));

  it('saves a further search without asking for the address again', () =>
    given(requested(), confirmed())
      .when(saveSearch('s-2', { sort: 'deadline', classifierCode: '51000000-9' }), at(NOW))
      .then(saved('s-2', { classifierCode: '51000000-9' })));

  it('answers the same search saved again with nothing new, and refuses other filters under its id', () => {
    given(requested(), saved()).when(saveSearch(), at(NOW)).thenNothing();
    given(requested(), saved())
      .when(saveSearch('s-1', { q: 'gasas' }), at(NOW))
      .thenThrows('alerts.search_exists');
  });

  it('refuses a search without a name, filters that are not plain values, and more than the most searches', () => {
    given()
      .when({ ...saveSearch(), name: '  ' }, at(NOW))
      .thenThrows('alerts.invalid_name');
    given()
      .when(saveSearch('s-1', { q: { $ne: 1 } } as never), at(NOW))
      .thenThrows('alerts.invalid_filters');
    const many = Array.from({ length: MAX_SAVED_SEARCHES }, (_, i) => saved(`s-${i}`));
    given(requested(), ...many)
      .when(saveSearch('one-more'), at(NOW))
      .thenThrows('alerts.too_many');
  });

  it('follows a procedure once, and stops following it', () => {
    given(requested())
      .when({ type: 'StartFollowing', subscriber: ana, target: { kind: 'procedure', id: 't-1' } }, at(NOW))
      .then(followed());
    given(requested(), followed())
      .when({ type: 'StartFollowing', subscriber: ana, target: { kind: 'procedure', id: 't-1' } }, at(NOW))
      .thenNothing();
    given(requested(), followed())
      .when({ type: 'StopFollowing', accountId: 'acc-1', target: { kind: 'procedure', id: 't-1' } }, at(NOW))
      .then({
        type: 'FollowStopped',
        data: { accountId: 'acc-1', target: { kind: 'procedure', id: 't-1' }, stoppedAt: NOW },
      });
  });

  it('refuses to follow anything but a procedure, a buying unit or a supplier', () =>
    given()
      .when({ type: 'StartFollowing', subscriber: ana, target: { kind: 'planet' as never, id: 'x' } }, at(NOW))
      .thenThrows('alerts.invalid_target'));

  it('confirms only the address the link was made for', () => {
    given(requested())
      .when({ type: 'ConfirmAlertEmail', accountId: 'acc-1', email: ana.email }, at(NOW))
      .then(confirmed());
    given(requested(), confirmed())
      .when({ type: 'ConfirmAlertEmail', accountId: 'acc-1', email: ana.email }, at(NOW))
      .thenNothing();
    given(requested('old@example.mx'), requested())
      .when({ type: 'ConfirmAlertEmail', accountId: 'acc-1', email: 'old@example.mx' }, at(NOW))
      .thenThrows('alerts.confirmation_stale');
  });

  it('unsubscribes from one subscription by its link, and a second click changes nothing', () => {
    const state = given(requested(), saved(), followed())
      .when({ type: 'Unsubscribe', accountId: 'acc-1', key: 'search:s-1' }, at(NOW))
      .thenState();
    expect(state).toMatchObject({ searches: {}, follows: ['procedure:t-1'] });
    given(requested(), followed())
      .when({ type: 'Unsubscribe', accountId: 'acc-1', key: 'search:s-1' }, at(NOW))
      .thenNothing();
  });

  it('unsubscribes from everything with a digest link', () =>
    expect(
      given(requested(), saved(), followed())
        .when({ type: 'Unsubscribe', accountId: 'acc-1', key: null }, at(NOW))
        .thenState(),
    ).toMatchObject({ searches: {}, follows: [] }));

  it('changes to a daily digest, and refuses another delivery', () => {
    given(requested())
      .when({ type: 'ChangeDeliveryPreference', subscriber: ana, delivery: 'daily' }, at(NOW))
      .then({
        type: 'DeliveryPreferenceChanged',
        data: { accountId: 'acc-1', delivery: 'daily', language: 'es', changedAt: NOW },
      });
    given(requested())
      .when({ type: 'ChangeDeliveryPreference', subscriber: ana, delivery: 'hourly' as never }, at(NOW))
      .thenThrows('alerts.invalid_delivery');
  });
});
