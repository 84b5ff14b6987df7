import { conflict, reservation } from '@licita/shared';

/**
 * One account per email across streams: the (normalized) email's reservation stream `account-email-<email>`
 * (the shared reservation rule, libs/shared/reservation.ts). It also finds the account of an email at login.
 */
export const emailTaken = (email: string) =>
  conflict('account.email_taken', `an account with email ${email} already exists`, { email });

export const emailReservation = reservation({
  streamPrefix: 'account-email-',
  value: 'email',
  holder: 'accountId',
  reserved: 'AccountEmailReserved',
  // Let go by a registration that lost after creating its account (AccountRegistry.abandon).
  released: 'AccountEmailReleased',
  taken: emailTaken,
});

export const accountEmailStream = emailReservation.stream;
