import { conflict, reservation } from '@licita/shared';

/**
 * One supplier per RFC across streams: the RFC's reservation stream `supplier-rfc-<rfc>` (the shared
 * reservation rule, libs/shared/reservation.ts). An RFC changed away is released.
 */
export const rfcTaken = (rfc: string) =>
  conflict('supplier.rfc_taken', `a supplier with RFC ${rfc} is already registered`, { rfc });

export const rfcReservation = reservation({
  streamPrefix: 'supplier-rfc-',
  value: 'rfc',
  holder: 'supplierId',
  reserved: 'SupplierRfcReserved',
  released: 'SupplierRfcReleased',
  taken: rfcTaken,
});

export const supplierRfcStream = rfcReservation.stream;
