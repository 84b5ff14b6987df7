import type { MexicanState } from './mexican-states';
import type { PersonType } from './rfc';

export type SupplierSize = 'micro' | 'small' | 'medium' | 'large';
export const SUPPLIER_SIZES: readonly SupplierSize[] = ['micro', 'small', 'medium', 'large'];

/** Instants travel as ISO 8601 strings so commands and events serialize as they are. */
export type IsoDateTime = string;

export type SupplierAddress = {
  street: string;
  municipality: string;
  state: MexicanState;
  postalCode: string;
};

export type SupplierContact = {
  name: string;
  email: string;
  phone: string;
};

export type SupplierData = {
  rfc: string;
  legalName: string;
  personType: PersonType;
  size: SupplierSize;
  address: SupplierAddress;
  contact: SupplierContact;
  /** Codes of what the supplier offers (CPV `45210000-2` or CUCoP); checked against the catalog by the caller. */
  classifierCodes: string[];
};

/** What a supplier may change about itself; the person type follows the RFC and cannot change. */
export type SupplierDataChanges = Partial<Omit<SupplierData, 'personType'>>;

/** Self-service: anyone may register a supplier; it waits as `pending` for a registrar. */
export type RegisterSupplier = { type: 'RegisterSupplier'; supplierId: string } & SupplierData;
export type VerifySupplier = { type: 'VerifySupplier'; supplierId: string };
export type RejectSupplier = { type: 'RejectSupplier'; supplierId: string; reason: string };
export type SuspendSupplier = { type: 'SuspendSupplier'; supplierId: string; reason: string };
export type ReinstateSupplier = { type: 'ReinstateSupplier'; supplierId: string; reason: string };
export type UpdateSupplierData = { type: 'UpdateSupplierData'; supplierId: string; changes: SupplierDataChanges };

/** What a supplier register asks for (SAT's constancia, acta constitutiva, the representative's ID and powers...). */
export const SUPPLIER_DOCUMENT_KINDS = [
  'constancia_situacion_fiscal',
  'acta_constitutiva',
  'identificacion_representante',
  'poder_representante',
  'comprobante_domicilio',
  'otro',
] as const;
export type SupplierDocumentKind = (typeof SUPPLIER_DOCUMENT_KINDS)[number];

/** A document the supplier uploaded (POST /api/documents) and names for the registrar: personal data, never public. */
export type SupplierDocument = {
  kind: SupplierDocumentKind;
  documentId: string;
  sha256: string;
  mediaType: string;
  size: number;
  name: string;
};

/** While pending (or rejected, to correct), the supplier adds documents for the registrar to check. */
export type AttachSupplierDocuments = {
  type: 'AttachSupplierDocuments';
  supplierId: string;
  documents: SupplierDocument[];
};

/** A disqualification (inhabilitación) resolved by an auditor; `endsAt: null` means until lifted. */
export type ImposeSanction = {
  type: 'ImposeSanction';
  supplierId: string;
  sanctionId: string;
  startsAt: IsoDateTime;
  endsAt: IsoDateTime | null;
  reason: string;
  resolutionNumber: string;
};
export type LiftSanction = { type: 'LiftSanction'; supplierId: string; sanctionId: string; reason: string };
/** Sent by the platform's durable scheduler (actor `system`); records every sanction whose end date passed. */
export type LiftExpiredSanctions = { type: 'LiftExpiredSanctions'; supplierId: string };

export type SupplierCommand =
  | RegisterSupplier
  | VerifySupplier
  | RejectSupplier
  | SuspendSupplier
  | ReinstateSupplier
  | UpdateSupplierData
  | AttachSupplierDocuments
  | ImposeSanction
  | LiftSanction
  | LiftExpiredSanctions;
