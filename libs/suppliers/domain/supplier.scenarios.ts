/** Scenario builders for supplier tests: commands and past events with valid defaults. */
import { recordedAs } from '@licita/shared';
import type { ImposeSanction, RegisterSupplier, SupplierData } from './supplier.commands';
import type { SanctionImposed, SupplierEvent } from './supplier.events';

export const SUPPLIER_ID = '6f1c2a0e-6b8e-4c55-9a43-2f4f8e0b1a01';

/** The SAT's test taxpayer "Escuela Kemper Urgate": a valid legal-entity RFC that belongs to no real firm. */
export const aSupplierData = (overrides: Partial<SupplierData> = {}): SupplierData => ({
  rfc: 'EKU9003173C9',
  legalName: 'Escuela Kemper Urgate, S.A. de C.V.',
  personType: 'legal_entity',
  size: 'small',
  address: { street: 'Av. Juárez 100', municipality: 'Guadalajara', state: 'MX-JAL', postalCode: '44100' },
  contact: { name: 'Ana Pérez', email: 'ana@kemper.example.mx', phone: '+52 33 1234 5678' },
  classifierCodes: ['45210000-2', '33100000-1'],
  ...overrides,
});

export const registerSupplier = (overrides: Partial<SupplierData> = {}): RegisterSupplier => ({
  type: 'RegisterSupplier',
  supplierId: SUPPLIER_ID,
  ...aSupplierData(overrides),
});

export const supplierRegistered = (overrides: Partial<SupplierData> = {}): SupplierEvent => ({
  type: 'SupplierRegistered',
  data: { supplierId: SUPPLIER_ID, ...aSupplierData(overrides) },
});
export const supplierVerified = (): SupplierEvent => ({ type: 'SupplierVerified', data: { supplierId: SUPPLIER_ID } });
export const supplierRejected = (reason = 'the deed of incorporation is illegible'): SupplierEvent => ({
  type: 'SupplierRejected',
  data: { supplierId: SUPPLIER_ID, reason },
});
export const supplierSuspended = (reason = 'false statements in a proposal'): SupplierEvent => ({
  type: 'SupplierSuspended',
  data: { supplierId: SUPPLIER_ID, reason },
});

export const aPendingSupplier = (overrides: Partial<SupplierData> = {}) => [supplierRegistered(overrides)];
export const aVerifiedSupplier = (overrides: Partial<SupplierData> = {}) => [
  supplierRegistered(overrides),
  supplierVerified(),
];
export const aRejectedSupplier = () => [supplierRegistered(), supplierRejected()];
export const aSuspendedSupplier = () => [...aVerifiedSupplier(), supplierSuspended()];

/** A sanction of 2026 (from 1 March to 1 September, UTC) unless told otherwise. */
export const imposeSanction = (overrides: Partial<ImposeSanction> = {}): ImposeSanction => ({
  type: 'ImposeSanction',
  supplierId: SUPPLIER_ID,
  sanctionId: 'sanction-1',
  startsAt: '2026-03-01T06:00:00.000Z',
  endsAt: '2026-09-01T06:00:00.000Z',
  reason: 'Did not sign the awarded contract without justified cause',
  resolutionNumber: 'SFP/OIC/RS/0042/2026',
  ...overrides,
});

export const sanctionImposed = (overrides: Partial<ImposeSanction> = {}): SanctionImposed =>
  recordedAs('SanctionImposed', imposeSanction(overrides));
