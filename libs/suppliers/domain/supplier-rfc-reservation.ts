import { conflict } from '@licita/shared';
import type { IsoDateTime } from './supplier.commands';

/**
 * One supplier per RFC across streams. Each RFC has a reservation stream; whoever appends to it at the
 * revision they read (the first one with `no_stream`) holds the RFC, so of N concurrent registrations the
 * event store lets exactly one through.
 *
 * A reservation is only a claim: the holder's own stream says whether it really uses the RFC. A claim
 * whose holder does not use the RFC (a crash between the two appends, or an RFC changed away) is stale; a
 * different supplier may take it over once STALE_RESERVATION_MS have passed, long after any request that
 * made it could still be writing. The same supplier id may always claim again, so a retry just continues.
 */
export const supplierRfcStream = (rfc: string) => `supplier-rfc-${rfc}`;

export const STALE_RESERVATION_MS = 10 * 60_000;

export type SupplierRfcReserved = {
  type: 'SupplierRfcReserved';
  data: { rfc: string; supplierId: string; reservedAt: IsoDateTime; replaces?: string };
};
export type SupplierRfcReleased = { type: 'SupplierRfcReleased'; data: { rfc: string; supplierId: string } };
export type RfcReservationEvent = SupplierRfcReserved | SupplierRfcReleased;

export type RfcReservation = { holder: string | null; reservedAt: IsoDateTime | null };

export const initialReservation = (): RfcReservation => ({ holder: null, reservedAt: null });

export function evolveReservation(state: RfcReservation, event: RfcReservationEvent): RfcReservation {
  switch (event.type) {
    case 'SupplierRfcReserved':
      return { holder: event.data.supplierId, reservedAt: event.data.reservedAt };
    case 'SupplierRfcReleased':
      return event.data.supplierId === state.holder ? initialReservation() : state;
  }
}

/**
 * What claiming `rfc` for `supplierId` appends: nothing if it already holds it, a reservation if the RFC is
 * free or its claim is stale, else `supplier.rfc_taken` (409). `holderUsesRfc`: the holder's supplier
 * stream has this RFC now (only asked when someone else holds it).
 */
export function decideRfcClaim(
  reservation: RfcReservation,
  claim: { rfc: string; supplierId: string; holderUsesRfc: boolean },
  now: Date,
): SupplierRfcReserved[] {
  const { rfc, supplierId } = claim;
  const reserve = (replaces?: string): SupplierRfcReserved[] => [
    {
      type: 'SupplierRfcReserved',
      data: { rfc, supplierId, reservedAt: now.toISOString(), ...(replaces ? { replaces } : {}) },
    },
  ];
  if (reservation.holder === null) return reserve();
  if (reservation.holder === supplierId) return [];
  const stale =
    !claim.holderUsesRfc && now.getTime() - Date.parse(reservation.reservedAt ?? '') >= STALE_RESERVATION_MS;
  if (stale) return reserve(reservation.holder);
  throw rfcTaken(rfc);
}

/** Gives the RFC up after the supplier moved to another one; nothing if it does not hold it. */
export function decideRfcRelease(reservation: RfcReservation, rfc: string, supplierId: string): SupplierRfcReleased[] {
  return reservation.holder === supplierId ? [{ type: 'SupplierRfcReleased', data: { rfc, supplierId } }] : [];
}

export const rfcTaken = (rfc: string) =>
  conflict('supplier.rfc_taken', `a supplier with RFC ${rfc} is already registered`, { rfc });
