import { recordedAs } from '@licita/shared';
import type { RegisterBuyingUnit } from './buying-unit.commands';
import type { BuyingUnitEvent } from './buying-unit.events';

export const BUYING_UNIT_ID = '0b6a7c1e-2f0d-4f5e-8a61-5d1c3e9b7a02';

export const registerBuyingUnit = (overrides: Partial<RegisterBuyingUnit> = {}): RegisterBuyingUnit => ({
  type: 'RegisterBuyingUnit',
  buyingUnitId: BUYING_UNIT_ID,
  code: '012000999',
  name: 'Dirección General de Recursos Materiales y Servicios Generales',
  level: 'federal',
  parentInstitution: 'Secretaría de Salud',
  ...overrides,
});

export const buyingUnitRegistered = (overrides: Partial<RegisterBuyingUnit> = {}): BuyingUnitEvent => {
  const { location, ...unit } = registerBuyingUnit(overrides);
  const place = location && { stateCode: location.stateCode, municipalityCode: location.municipalityCode ?? null };
  return recordedAs('BuyingUnitRegistered', place ? { ...unit, location: place } : unit);
};
