import type { GovernmentLevel } from './buying-unit.commands';

export const buyingUnitStream = (buyingUnitId: string) => `buying-unit-${buyingUnitId}`;

export type BuyingUnitRegistered = {
  type: 'BuyingUnitRegistered';
  data: { buyingUnitId: string; code: string; name: string; level: GovernmentLevel; parentInstitution: string };
};

export type BuyingUnitEvent = BuyingUnitRegistered;
