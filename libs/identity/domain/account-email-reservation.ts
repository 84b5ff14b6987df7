import { conflict } from '@licita/shared';

/**
 * One account per email, the same way as one supplier per RFC: a reservation stream per (normalized)
 * email appended at the revision read (`no_stream` first). A claim whose account was never written (a
 * crash between the two appends) may be taken over after STALE_RESERVATION_MS; the same account claiming
 * again simply continues. The reservation also finds the account of an email at login.
 */
export const accountEmailStream = (email: string) => `account-email-${email}`;

export const STALE_RESERVATION_MS = 10 * 60_000;

export type AccountEmailReserved = {
  type: 'AccountEmailReserved';
  data: { email: string; accountId: string; reservedAt: string; replaces?: string };
};

export type EmailReservation = { holder: string | null; reservedAt: string | null };

export const initialReservation = (): EmailReservation => ({ holder: null, reservedAt: null });

export const evolveReservation = (_state: EmailReservation, event: AccountEmailReserved): EmailReservation => ({
  holder: event.data.accountId,
  reservedAt: event.data.reservedAt,
});

/** `holderUsesEmail`: the holder's account exists with this email (asked only when someone else holds it). */
export function decideEmailClaim(
  reservation: EmailReservation,
  claim: { email: string; accountId: string; holderUsesEmail: boolean },
  now: Date,
): AccountEmailReserved[] {
  const { email, accountId } = claim;
  const reserve = (replaces?: string): AccountEmailReserved[] => [
    {
      type: 'AccountEmailReserved',
      data: { email, accountId, reservedAt: now.toISOString(), ...(replaces ? { replaces } : {}) },
    },
  ];
  if (reservation.holder === null) return reserve();
  if (reservation.holder === accountId) return [];
  const stale =
    !claim.holderUsesEmail && now.getTime() - Date.parse(reservation.reservedAt ?? '') >= STALE_RESERVATION_MS;
  if (stale) return reserve(reservation.holder);
  throw emailTaken(email);
}

export const emailTaken = (email: string) =>
  conflict('account.email_taken', `an account with email ${email} already exists`, { email });
