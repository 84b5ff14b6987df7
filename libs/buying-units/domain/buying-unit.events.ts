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
  };
};

/** A registrar or administrator says where a unit is (or corrects it): the state and municipality searches read it. */
export type BuyingUnitLocationSet = {
  type: 'BuyingUnitLocationSet';
  data: { buyingUnitId: string; location: BuyingUnitLocation };
};

export type BuyingUnitEvent = BuyingUnitRegistered | BuyingUnitLocationSet;
