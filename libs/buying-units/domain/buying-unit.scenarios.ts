import type { RegisterBuyingUnit } from './buying-unit.commands';
import type { BuyingUnitEvent, BuyingUnitRegistered } from './buying-unit.events';
import type { OrganisationSummary } from './organisation.commands';

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

export const buyingUnitRegistered = (
  overrides: Partial<RegisterBuyingUnit> & { organisationId?: string } = {},
): BuyingUnitEvent => {
  const { location, organisation: _loaded, organisationId, type: _type, ...unit } = registerBuyingUnit(overrides);
  const place = location && { stateCode: location.stateCode, municipalityCode: location.municipalityCode ?? null };
  const data: BuyingUnitRegistered['data'] = {
    ...unit,
    level: unit.level ?? 'federal',
    ...(place ? { location: place } : {}),
    ...(organisationId ? { organisationId } : {}),
  };
  return { type: 'BuyingUnitRegistered', data };
};

/** Nodes of the government tree, as the application hands them to the deciders. */
export const JALISCO: OrganisationSummary = {
  organisationId: 'org-14',
  level: 'state',
  name: 'Gobierno del Estado de Jalisco',
  stateCode: '14',
  municipalityCode: null,
};
export const GUADALAJARA: OrganisationSummary = {
  organisationId: 'org-14039',
  level: 'municipal',
  name: 'Municipio de Guadalajara',
  stateCode: '14',
  municipalityCode: '039',
};
export const SALUD: OrganisationSummary = {
  organisationId: 'org-salud',
  level: 'federal',
  name: 'Secretaría de Salud',
  stateCode: null,
  municipalityCode: null,
};
