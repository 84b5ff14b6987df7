import { thrownBy } from '../../../test/support/decider-spec';
import { claimsOf } from '../../../test/support/reservation-spec';
import { STALE_RESERVATION_MS, type ReservationEvent, type ReservationState } from '@licita/shared';
import { rfcReservation, supplierRfcStream } from './supplier-rfc-reservation';

type RfcReservationEvent = ReservationEvent<'rfc', 'supplierId', 'SupplierRfcReserved', 'SupplierRfcReleased'>;
const { evolve: evolveReservation, initialState: initialReservation } = rfcReservation;
const decideRfcClaim = claimsOf(rfcReservation, { value: 'rfc', holder: 'supplierId', uses: 'holderUsesRfc' });
const decideRfcRelease = (state: ReservationState, rfc: string, supplierId: string) =>
  rfcReservation.decide({ type: 'Release', value: rfc, holder: supplierId }, state, { now: new Date(), actor: 'test' });

const rfc = 'EKU9003173C9';
const now = new Date('2026-03-01T12:00:00.000Z');
const reservedBy = (supplierId: string, reservedAt = now.toISOString()): RfcReservationEvent => ({
  type: 'SupplierRfcReserved',
  data: { rfc, supplierId, reservedAt },
});
const reservation = (...events: RfcReservationEvent[]) => events.reduce(evolveReservation, initialReservation());
const minutesAgo = (minutes: number) => new Date(now.getTime() - minutes * 60_000).toISOString();
/** B claims the RFC that A reserved `minutes` ago; `holderUsesRfc` says whether A's supplier stream names it. */
const bClaimsFromA = (minutes: number, holderUsesRfc: boolean) =>
  decideRfcClaim(reservation(reservedBy('A', minutesAgo(minutes))), { rfc, supplierId: 'B', holderUsesRfc }, now);

it('names one stream per RFC', () => expect(supplierRfcStream(rfc)).toBe('supplier-rfc-EKU9003173C9'));

it('reserves a free RFC for the claimant', () =>
  expect(decideRfcClaim(reservation(), { rfc, supplierId: 'A', holderUsesRfc: false }, now)).toEqual([
    reservedBy('A'),
  ]));

it('appends nothing when the claimant already holds it (a retry continues)', () =>
  expect(decideRfcClaim(reservation(reservedBy('A')), { rfc, supplierId: 'A', holderUsesRfc: false }, now)).toEqual(
    [],
  ));

it('refuses an RFC another supplier uses with supplier.rfc_taken (409)', () =>
  expect(thrownBy(() => bClaimsFromA(600, true))).toMatchObject({
    code: 'supplier.rfc_taken',
    kind: 'conflict',
    details: { rfc },
  }));

it('refuses a fresh reservation whose supplier stream is not written yet: that registration may be in flight', () =>
  expect(thrownBy(() => bClaimsFromA(9, false))).toMatchObject({
    code: 'supplier.rfc_taken',
  }));

it('takes over a stale reservation (its holder never used the RFC) after the grace period', () =>
  expect(bClaimsFromA(STALE_RESERVATION_MS / 60_000, false)).toEqual([
    { type: 'SupplierRfcReserved', data: { rfc, supplierId: 'B', reservedAt: now.toISOString(), replaces: 'A' } },
  ]));

it('frees the RFC when its holder releases it, and ignores a release by anyone else', () => {
  expect(decideRfcRelease(reservation(reservedBy('A')), rfc, 'B')).toEqual([]);
  const [released] = decideRfcRelease(reservation(reservedBy('A')), rfc, 'A');
  expect(released).toEqual({ type: 'SupplierRfcReleased', data: { rfc, supplierId: 'A' } });
  expect(
    decideRfcClaim(reservation(reservedBy('A'), released), { rfc, supplierId: 'B', holderUsesRfc: false }, now),
  ).toEqual([reservedBy('B')]);
});
