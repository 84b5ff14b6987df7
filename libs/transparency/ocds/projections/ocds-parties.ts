import type { BuyingUnitRegistered } from '@licita/buying-units';
import { MEXICAN_STATES } from '@licita/suppliers';
import type { SupplierDataChanged, SupplierRegistered } from '@licita/suppliers';

/**
 * The organizations OCDS releases name (`parties`), kept from the register's events in `ocds_parties`:
 * suppliers by RFC (identifier scheme `MX-RFC`) and buying units by their CompraNet code (scheme `MX-UC`, a
 * local scheme: org-id.guide has none for Mexican buying units). Party ids are Licita's own, stable even if a
 * supplier's RFC changes: `supplier-<id>`, `buying-unit-<id>`.
 *
 * What is published follows the public supplier directory (libs/suppliers/application/supplier-queries.ts):
 * an individual (persona física) shows name, RFC, municipality and state only; a legal entity also its
 * street, postal code and business contact.
 */
export type OcdsParty = {
  id: string;
  name: string;
  identifier: { scheme: string; id: string; legalName: string };
  address?: { streetAddress?: string; locality: string; region: string; postalCode?: string; countryName: string };
  contactPoint?: { name: string; email: string; telephone: string };
  details?: Record<string, string>;
};

export const PARTY_EVENT_TYPES = ['SupplierRegistered', 'SupplierDataChanged', 'BuyingUnitRegistered'] as const;
export type PartyEvent = SupplierRegistered | SupplierDataChanged | BuyingUnitRegistered;

export const supplierPartyId = (supplierId: string) => `supplier-${supplierId}`;
export const buyingUnitPartyId = (buyingUnitId: string) => `buying-unit-${buyingUnitId}`;

/** What the register knows, as it needs to be kept to render a party (the person type decides what shows). */
export type PartyRecord =
  { kind: 'supplier'; data: SupplierRegistered['data'] } | { kind: 'buying-unit'; data: BuyingUnitRegistered['data'] };

export const partyIdOf = (event: PartyEvent): string =>
  event.type === 'BuyingUnitRegistered'
    ? buyingUnitPartyId(event.data.buyingUnitId)
    : supplierPartyId(event.data.supplierId);

export function applyPartyEvent(record: PartyRecord | undefined, event: PartyEvent): PartyRecord | undefined {
  switch (event.type) {
    case 'SupplierRegistered':
      return { kind: 'supplier', data: event.data };
    case 'SupplierDataChanged':
      return record?.kind === 'supplier'
        ? { kind: 'supplier', data: { ...record.data, ...event.data.changes } }
        : record;
    case 'BuyingUnitRegistered':
      return { kind: 'buying-unit', data: event.data };
  }
}

export function renderParty(partyId: string, record: PartyRecord): OcdsParty {
  if (record.kind === 'buying-unit') {
    const unit = record.data;
    return {
      id: partyId,
      name: unit.name,
      identifier: { scheme: 'MX-UC', id: unit.code, legalName: unit.name },
      details: { governmentLevel: unit.level, parentInstitution: unit.parentInstitution },
    };
  }
  const supplier = record.data;
  const region = MEXICAN_STATES[supplier.address.state] ?? supplier.address.state;
  const party: OcdsParty = {
    id: partyId,
    name: supplier.legalName,
    identifier: { scheme: 'MX-RFC', id: supplier.rfc, legalName: supplier.legalName },
    address: { locality: supplier.address.municipality, region, countryName: 'México' },
  };
  if (supplier.personType === 'individual') return party;
  return {
    ...party,
    address: {
      streetAddress: supplier.address.street,
      ...party.address,
      postalCode: supplier.address.postalCode,
    } as OcdsParty['address'],
    contactPoint: { name: supplier.contact.name, email: supplier.contact.email, telephone: supplier.contact.phone },
  };
}
