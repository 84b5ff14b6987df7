import { deciderSpec } from '../../../test/support/decider-spec';
import { buyingUnitDecider } from './buying-unit.decider';
import {
  BUYING_UNIT_ID,
  buyingUnitRegistered,
  GUADALAJARA,
  JALISCO,
  registerBuyingUnit,
  SALUD,
} from './buying-unit.scenarios';
import type { RegisterOrganisation } from './organisation.commands';
import { organisationDecider } from './organisation.decider';
import type { OrganisationEvent } from './organisation.events';
import { organisationKey } from './organisation-key-reservation';

const organisations = deciderSpec(organisationDecider);
const units = deciderSpec(buyingUnitDecider);
const reason = 'Alta en el padrón de entes públicos';

const registerOrganisation = (overrides: Partial<RegisterOrganisation> = {}): RegisterOrganisation => ({
  type: 'RegisterOrganisation',
  organisationId: 'org-new',
  level: 'municipal',
  name: 'Municipio de Zapopan',
  stateCode: '14',
  municipalityCode: '120',
  parentId: JALISCO.organisationId,
  parent: JALISCO,
  reason,
  ...overrides,
});
const registered = (data: Partial<OrganisationEvent['data']> = {}): OrganisationEvent => ({
  type: 'OrganisationRegistered',
  data: {
    organisationId: 'org-new',
    level: 'municipal',
    name: 'Municipio de Zapopan',
    stateCode: '14',
    municipalityCode: '120',
    parentId: JALISCO.organisationId,
    reason,
    ...data,
  },
});

describe('the government tree', () => {
  it('registers a municipality (GM) under its state, with the reason', () =>
    organisations().when(registerOrganisation()).then(registered()));

  it('registers a state (GE) at the root by its INEGI key, and a federal entity (APF) without keys', () => {
    organisations()
      .when(
        registerOrganisation({ level: 'state', name: 'Gobierno de Jalisco', municipalityCode: null, parentId: null }),
      )
      .then(registered({ level: 'state', name: 'Gobierno de Jalisco', municipalityCode: null, parentId: null }));
    organisations()
      .when(
        registerOrganisation({
          level: 'federal',
          name: 'IMSS',
          stateCode: null,
          municipalityCode: null,
          parentId: null,
        }),
      )
      .then(registered({ level: 'federal', name: 'IMSS', stateCode: null, municipalityCode: null, parentId: null }));
    organisations()
      .when(
        registerOrganisation({
          level: 'federal',
          name: 'COFEPRIS',
          stateCode: null,
          municipalityCode: null,
          parentId: SALUD.organisationId,
          parent: SALUD,
        }),
      )
      .then(
        registered({
          level: 'federal',
          name: 'COFEPRIS',
          stateCode: null,
          municipalityCode: null,
          parentId: SALUD.organisationId,
        }),
      );
  });

  it.each([
    ['a state key outside 01–32', { stateCode: '33' }],
    ['a municipality key of two digits', { municipalityCode: '39' }],
    ['municipality 000', { municipalityCode: '000' }],
    ['a municipality without its key', { municipalityCode: null }],
    ['a federal entity with a state key', { level: 'federal' as const, municipalityCode: null, parentId: null }],
    ['a state with a municipality key', { level: 'state' as const, parentId: null }],
  ])('refuses %s (organisation.invalid_key)', (_case, overrides) =>
    organisations().when(registerOrganisation(overrides)).thenThrows('organisation.invalid_key'),
  );

  it.each([
    ['a municipality without a parent', { parentId: null, parent: null }],
    ['a municipality under another state', { stateCode: '09', parent: JALISCO }],
    ['a municipality under a municipality', { parentId: GUADALAJARA.organisationId, parent: GUADALAJARA }],
    ['a parent that does not exist', { parentId: 'org-none', parent: null }],
    ['a state under anything', { level: 'state' as const, municipalityCode: null }],
    [
      'a federal entity under a state',
      { level: 'federal' as const, stateCode: null, municipalityCode: null, parent: JALISCO },
    ],
  ])('refuses %s (organisation.invalid_parent)', (_case, overrides) =>
    organisations().when(registerOrganisation(overrides)).thenThrows('organisation.invalid_parent'),
  );

  it('asks for a name and a reason, and a level of the three', () => {
    organisations()
      .when(registerOrganisation({ name: ' ' }))
      .thenThrows('organisation.invalid_name');
    organisations()
      .when(registerOrganisation({ reason: '' }))
      .thenThrows('organisation.reason_required');
    organisations()
      .when(registerOrganisation({ level: 'regional' as never }))
      .thenThrows('organisation.invalid_level');
  });

  it('registers an organisation once', () =>
    organisations(registered()).when(registerOrganisation()).thenThrows('organisation.already_registered'));

  it('reserves the INEGI key of a state or municipality, none for a federal entity', () => {
    expect(organisationKey(JALISCO)).toBe('14');
    expect(organisationKey(GUADALAJARA)).toBe('14039');
    expect(organisationKey(SALUD)).toBeNull();
  });
});

describe('a buying unit in the tree', () => {
  it("takes its organisation's level and place when it gives none", () =>
    units()
      .when(
        registerBuyingUnit({
          level: undefined,
          organisationId: GUADALAJARA.organisationId,
          organisation: GUADALAJARA,
        }),
      )
      .then(
        buyingUnitRegistered({
          level: 'municipal',
          location: { stateCode: '14', municipalityCode: '039' },
          organisationId: GUADALAJARA.organisationId,
        }),
      ));

  it("refuses a level other than its organisation's, and a place outside it", () => {
    units()
      .when(registerBuyingUnit({ level: 'federal', organisationId: JALISCO.organisationId, organisation: JALISCO }))
      .thenThrows('buying_unit.level_mismatch', { organisationLevel: 'state' });
    units()
      .when(
        registerBuyingUnit({
          level: 'state',
          organisationId: JALISCO.organisationId,
          organisation: JALISCO,
          location: { stateCode: '09' },
        }),
      )
      .thenThrows('buying_unit.location_outside_organisation');
    units()
      .when(registerBuyingUnit({ organisationId: 'org-none', organisation: null }))
      .thenThrows('buying_unit.organisation_not_found');
  });

  it('keeps a federal unit anywhere: a federal organisation has no place', () =>
    units()
      .when(
        registerBuyingUnit({
          organisationId: SALUD.organisationId,
          organisation: SALUD,
          location: { stateCode: '14' },
        }),
      )
      .then(buyingUnitRegistered({ location: { stateCode: '14' }, organisationId: SALUD.organisationId })));

  const assign = (
    organisation: typeof JALISCO | null,
    organisationId = organisation?.organisationId ?? 'org-none',
  ) => ({
    type: 'AssignBuyingUnitOrganisation' as const,
    buyingUnitId: BUYING_UNIT_ID,
    organisationId,
    organisation,
    reason: 'La unidad pertenece al municipio',
  });

  it('places a unit registered before the tree: its level and place follow the organisation; again, nothing', () => {
    const event = {
      type: 'BuyingUnitOrganisationAssigned' as const,
      data: {
        buyingUnitId: BUYING_UNIT_ID,
        organisationId: GUADALAJARA.organisationId,
        level: 'municipal' as const,
        location: { stateCode: '14', municipalityCode: '039' },
        reason: 'La unidad pertenece al municipio',
      },
    };
    units(buyingUnitRegistered()).when(assign(GUADALAJARA)).then(event);
    units(buyingUnitRegistered(), event).when(assign(GUADALAJARA)).thenNothing();
    const state = units(buyingUnitRegistered()).when(assign(GUADALAJARA)).thenState();
    expect(state).toMatchObject({ level: 'municipal', organisationId: GUADALAJARA.organisationId });
  });

  it('keeps a municipality already given when the unit joins its state', () =>
    units(buyingUnitRegistered({ location: { stateCode: '14', municipalityCode: '039' } }))
      .when(assign(JALISCO))
      .then({
        type: 'BuyingUnitOrganisationAssigned',
        data: {
          buyingUnitId: BUYING_UNIT_ID,
          organisationId: JALISCO.organisationId,
          level: 'state',
          location: { stateCode: '14', municipalityCode: '039' },
          reason: 'La unidad pertenece al municipio',
        },
      }));

  it('refuses an unknown organisation, an assignment without a reason, and a unit never registered', () => {
    units(buyingUnitRegistered()).when(assign(null)).thenThrows('buying_unit.organisation_not_found');
    units(buyingUnitRegistered())
      .when({ ...assign(JALISCO), reason: ' ' })
      .thenThrows('buying_unit.reason_required');
    units().when(assign(JALISCO)).thenThrows('buying_unit.not_found');
  });

  it("keeps a state or municipal unit in its organisation's state when its place is corrected", () =>
    units(
      buyingUnitRegistered({ level: 'state', organisationId: JALISCO.organisationId, location: { stateCode: '14' } }),
    )
      .when({ type: 'SetBuyingUnitLocation', buyingUnitId: BUYING_UNIT_ID, location: { stateCode: '09' } })
      .thenThrows('buying_unit.location_outside_organisation'));

  it('moves a unit of a federal organisation anywhere', () =>
    units(buyingUnitRegistered({ organisationId: SALUD.organisationId, location: { stateCode: '14' } }))
      .when({ type: 'SetBuyingUnitLocation', buyingUnitId: BUYING_UNIT_ID, location: { stateCode: '09' } })
      .then({
        type: 'BuyingUnitLocationSet',
        data: { buyingUnitId: BUYING_UNIT_ID, location: { stateCode: '09', municipalityCode: null } },
      }));
});
