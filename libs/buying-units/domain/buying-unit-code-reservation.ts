import { conflict, reservation } from '@licita/shared';

/**
 * One buying unit per code across streams: the code's reservation stream `buying-unit-code-<code>` (the
 * shared reservation rule, libs/shared/reservation.ts).
 */
export const codeTaken = (code: string) =>
  conflict('buying_unit.code_taken', `a buying unit with code ${code} is already registered`, { code });

export const codeReservation = reservation({
  streamPrefix: 'buying-unit-code-',
  value: 'code',
  holder: 'buyingUnitId',
  reserved: 'BuyingUnitCodeReserved',
  taken: codeTaken,
});

export const buyingUnitCodeStream = codeReservation.stream;
