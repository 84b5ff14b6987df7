import type {
  ImposeSanction,
  IsoDateTime,
  SupplierData,
  SupplierDataChanges,
  SupplierDocument,
} from './supplier.commands';

/** Streams of this context: one per supplier. */
export const supplierStream = (supplierId: string) => `supplier-${supplierId}`;

export type SupplierRegistered = { type: 'SupplierRegistered'; data: { supplierId: string } & SupplierData };
export type SupplierVerified = { type: 'SupplierVerified'; data: { supplierId: string } };
export type SupplierRejected = { type: 'SupplierRejected'; data: { supplierId: string; reason: string } };
export type SupplierSuspended = { type: 'SupplierSuspended'; data: { supplierId: string; reason: string } };
export type SupplierReinstated = { type: 'SupplierReinstated'; data: { supplierId: string; reason: string } };
/** Only the fields that changed, with their new values. */
export type SupplierDataChanged = {
  type: 'SupplierDataChanged';
  data: { supplierId: string; changes: SupplierDataChanges };
};
/** The supplier is `pending` again: its RFC or legal name changed, or a rejected supplier corrected its data. */
export type SupplierReverificationRequired = {
  type: 'SupplierReverificationRequired';
  data: { supplierId: string; changedFields: Array<keyof SupplierDataChanges> };
};
/** Documents the supplier added for the registrar (events before #18 have none: a supplier without documents). */
export type SupplierDocumentsAttached = {
  type: 'SupplierDocumentsAttached';
  data: { supplierId: string; documents: SupplierDocument[] };
};

/** The sanction as the auditor resolved it (the command's fields). */
export type SanctionImposed = { type: 'SanctionImposed'; data: Omit<ImposeSanction, 'type'> };
/** Lifted early by an auditor. */
export type SanctionLifted = {
  type: 'SanctionLifted';
  data: { supplierId: string; sanctionId: string; liftedAt: IsoDateTime; reason: string };
};
/** Its end date passed; `expiredAt` is that end date, whenever the platform noticed. */
export type SanctionExpired = {
  type: 'SanctionExpired';
  data: { supplierId: string; sanctionId: string; expiredAt: IsoDateTime };
};

export type SupplierEvent =
  | SupplierRegistered
  | SupplierVerified
  | SupplierRejected
  | SupplierSuspended
  | SupplierReinstated
  | SupplierDataChanged
  | SupplierReverificationRequired
  | SupplierDocumentsAttached
  | SanctionImposed
  | SanctionLifted
  | SanctionExpired;

export const SUPPLIER_EVENT_TYPES: ReadonlyArray<SupplierEvent['type']> = [
  'SupplierRegistered',
  'SupplierVerified',
  'SupplierRejected',
  'SupplierSuspended',
  'SupplierReinstated',
  'SupplierDataChanged',
  'SupplierReverificationRequired',
  'SupplierDocumentsAttached',
  'SanctionImposed',
  'SanctionLifted',
  'SanctionExpired',
];
