import type { GovernmentLevel } from './buying-unit.commands';
import type { BuyingUnitLocation } from './location';

export const buyingUnitStream = (buyingUnitId: string) => `buying-unit-${buyingUnitId}`;

export type BuyingUnitRegistered = {
  type: 'BuyingUnitRegistered';
  data: {
    buyingUnitId: string;
    code: string;
    name: string;
    level: GovernmentLevel;
    parentInstitution: string;
    /** Absent on units registered before locations (and when the registrar did not give one). */
    location?: BuyingUnitLocation;
    /** The organisation of the government tree; absent on units registered before the tree (they read as before). */
    organisationId?: string;
  };
};

/** A registrar or administrator says where a unit is (or corrects it): the state and municipality searches read it. */
export type BuyingUnitLocationSet = {
  type: 'BuyingUnitLocationSet';
  data: { buyingUnitId: string; location: BuyingUnitLocation };
};

/**
 * The unit now belongs to `organisationId`: its level becomes the organisation's, and a state or municipal
 * organisation's place becomes the unit's (within the state, a municipality already given is kept).
 */
export type BuyingUnitOrganisationAssigned = {
  type: 'BuyingUnitOrganisationAssigned';
  data: {
    buyingUnitId: string;
    organisationId: string;
    level: GovernmentLevel;
    location: BuyingUnitLocation | null;
    reason: string;
  };
};

export type BuyingUnitEvent = BuyingUnitRegistered | BuyingUnitLocationSet | BuyingUnitOrganisationAssigned;
