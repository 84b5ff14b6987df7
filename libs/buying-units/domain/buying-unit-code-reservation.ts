import { conflict } from '@licita/shared';

/**
 * One buying unit per code, the same way as one supplier per RFC: a reservation stream per code appended
 * at the revision read (`no_stream` first). A claim whose holder never wrote its own stream (a crash
 * between the two appends) may be taken over by another unit after STALE_RESERVATION_MS; the same unit
 * claiming again simply continues.
 */
export const buyingUnitCodeStream = (code: string) => `buying-unit-code-${code}`;

export const STALE_RESERVATION_MS = 10 * 60_000;

export type BuyingUnitCodeReserved = {
  type: 'BuyingUnitCodeReserved';
  data: { code: string; buyingUnitId: string; reservedAt: string; replaces?: string };
};

export type CodeReservation = { holder: string | null; reservedAt: string | null };

export const initialReservation = (): CodeReservation => ({ holder: null, reservedAt: null });

export const evolveReservation = (_state: CodeReservation, event: BuyingUnitCodeReserved): CodeReservation => ({
  holder: event.data.buyingUnitId,
  reservedAt: event.data.reservedAt,
});

/** `holderUsesCode`: the holder's stream carries this code (asked only when someone else holds it). */
export function decideCodeClaim(
  reservation: CodeReservation,
  claim: { code: string; buyingUnitId: string; holderUsesCode: boolean },
  now: Date,
): BuyingUnitCodeReserved[] {
  const { code, buyingUnitId } = claim;
  const reserve = (replaces?: string): BuyingUnitCodeReserved[] => [
    {
      type: 'BuyingUnitCodeReserved',
      data: { code, buyingUnitId, reservedAt: now.toISOString(), ...(replaces ? { replaces } : {}) },
    },
  ];
  if (reservation.holder === null) return reserve();
  if (reservation.holder === buyingUnitId) return [];
  const stale =
    !claim.holderUsesCode && now.getTime() - Date.parse(reservation.reservedAt ?? '') >= STALE_RESERVATION_MS;
  if (stale) return reserve(reservation.holder);
  throw codeTaken(code);
}

export const codeTaken = (code: string) =>
  conflict('buying_unit.code_taken', `a buying unit with code ${code} is already registered`, { code });
