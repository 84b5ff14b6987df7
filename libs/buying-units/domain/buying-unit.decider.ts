import { conflict, invalid, notFound, type Decider } from '@licita/shared';
import {
  GOVERNMENT_LEVELS,
  type AssignBuyingUnitOrganisation,
  type BuyingUnitCommand,
  type RegisterBuyingUnit,
} from './buying-unit.commands';
import type { BuyingUnitEvent, BuyingUnitOrganisationAssigned, BuyingUnitRegistered } from './buying-unit.events';
import { checkLocation, type BuyingUnitLocation } from './location';
import type { OrganisationSummary } from './organisation.commands';

export type BuyingUnitState = { registered: false } | ({ registered: true } & BuyingUnitRegistered['data']);

export const initialState = (): BuyingUnitState => ({ registered: false });

const CODE = /^[A-Z0-9][A-Z0-9-]{1,19}$/;

export const normalizeBuyingUnitCode = (code: unknown) => (typeof code === 'string' ? code.trim().toUpperCase() : '');

export function decide(command: BuyingUnitCommand, state: BuyingUnitState): BuyingUnitEvent[] {
  switch (command.type) {
    case 'RegisterBuyingUnit':
      if (state.registered)
        throw conflict('buying_unit.already_registered', `buying unit ${command.buyingUnitId} is already registered`);
      return [{ type: 'BuyingUnitRegistered', data: checkRegistration(command) }];
    case 'SetBuyingUnitLocation': {
      const location = checkLocation(command.location ?? {});
      if (!state.registered) throw notFound('buying_unit.not_found', `no buying unit ${command.buyingUnitId}`);
      const same =
        state.location?.stateCode === location.stateCode &&
        (state.location?.municipalityCode ?? null) === location.municipalityCode;
      // A federal organisation has no place: only a state or municipal one keeps its units in its state.
      const bound = state.organisationId !== undefined && state.level !== 'federal';
      if (!same && bound && state.location && state.location.stateCode !== location.stateCode)
        throw invalid(
          'buying_unit.location_outside_organisation',
          "a unit of a state or municipal organisation stays in the organisation's state",
          { field: 'stateCode', stateCode: state.location.stateCode },
        );
      return same ? [] : [{ type: 'BuyingUnitLocationSet', data: { buyingUnitId: state.buyingUnitId, location } }];
    }
    case 'AssignBuyingUnitOrganisation':
      if (!state.registered) throw notFound('buying_unit.not_found', `no buying unit ${command.buyingUnitId}`);
      return assigned(command, state);
  }
}

function assigned(
  command: AssignBuyingUnitOrganisation,
  state: Extract<BuyingUnitState, { registered: true }>,
): BuyingUnitEvent[] {
  const organisation = loadedOrganisation(command.organisationId, command.organisation);
  const reason = text(command.reason);
  if (!reason)
    throw invalid('buying_unit.reason_required', 'say why the unit changes organisation', { field: 'reason' });
  if (state.organisationId === organisation.organisationId) return [];
  const current = state.location ?? null;
  const keepsPlace =
    !organisation.stateCode || (current?.stateCode === organisation.stateCode && organisation.level === 'state');
  const location = keepsPlace ? current : placeOf(organisation);
  const data: BuyingUnitOrganisationAssigned['data'] = {
    buyingUnitId: state.buyingUnitId,
    organisationId: organisation.organisationId,
    level: organisation.level,
    location,
    reason,
  };
  return [{ type: 'BuyingUnitOrganisationAssigned', data }];
}

export function evolve(state: BuyingUnitState, event: BuyingUnitEvent): BuyingUnitState {
  switch (event.type) {
    case 'BuyingUnitRegistered':
      return { registered: true, ...event.data };
    case 'BuyingUnitLocationSet':
      return state.registered ? { ...state, location: event.data.location } : state;
    case 'BuyingUnitOrganisationAssigned': {
      if (!state.registered) return state;
      const { organisationId, level, location } = event.data;
      return location ? { ...state, organisationId, level, location } : { ...state, organisationId, level };
    }
  }
}

export const buyingUnitDecider: Decider<BuyingUnitCommand, BuyingUnitEvent, BuyingUnitState> = {
  initialState,
  decide,
  evolve,
};

/** The rules of a new unit (422), checked by `decide` and, before anything is read or written, by the registry. */
export function checkRegistration(command: RegisterBuyingUnit): BuyingUnitRegistered['data'] {
  const code = normalizeBuyingUnitCode(command.code);
  if (!CODE.test(code))
    throw invalid('buying_unit.invalid_code', 'the code has 2 to 20 letters, digits or hyphens', { field: 'code' });
  const name = text(command.name);
  if (!name)
    throw invalid('buying_unit.invalid_name', 'the name is required (at most 300 characters)', { field: 'name' });
  const organisation = command.organisationId
    ? loadedOrganisation(command.organisationId, command.organisation ?? null)
    : null;
  const level = command.level ?? organisation?.level;
  if (!level || !GOVERNMENT_LEVELS.includes(level)) {
    throw invalid('buying_unit.invalid_level', `the level is one of ${GOVERNMENT_LEVELS.join(', ')}`, {
      field: 'level',
      allowed: [...GOVERNMENT_LEVELS],
    });
  }
  const parentInstitution = text(command.parentInstitution);
  if (!parentInstitution)
    throw invalid('buying_unit.invalid_parent_institution', 'the parent institution is required', {
      field: 'parentInstitution',
    });
  if (organisation && organisation.level !== level)
    throw invalid('buying_unit.level_mismatch', `the unit's level is its organisation's (${organisation.level})`, {
      field: 'level',
      organisationLevel: organisation.level,
    });
  const registered = { buyingUnitId: command.buyingUnitId, code, name, level, parentInstitution };
  const location = command.location ? checkLocation(command.location) : organisation ? placeOf(organisation) : null;
  if (organisation && location) checkWithin(organisation, location);
  return {
    ...registered,
    ...(location ? { location } : {}),
    ...(organisation ? { organisationId: organisation.organisationId } : {}),
  };
}

/** The organisation the command names, as the application loaded it (422 when it does not exist). */
function loadedOrganisation(organisationId: string, organisation: OrganisationSummary | null | undefined) {
  if (!organisation || organisation.organisationId !== organisationId)
    throw invalid('buying_unit.organisation_not_found', `no organisation ${organisationId}`, {
      field: 'organisationId',
    });
  return organisation;
}

/** A state or municipal organisation's place; a federal one has none (its units may be anywhere). */
const placeOf = (organisation: OrganisationSummary): BuyingUnitLocation | null =>
  organisation.stateCode
    ? { stateCode: organisation.stateCode, municipalityCode: organisation.municipalityCode }
    : null;

/** A unit of a state is in that state; a unit of a municipality is in that municipality. */
function checkWithin(organisation: OrganisationSummary, location: BuyingUnitLocation): void {
  if (!organisation.stateCode) return;
  const outside =
    location.stateCode !== organisation.stateCode ||
    (organisation.municipalityCode !== null && location.municipalityCode !== organisation.municipalityCode);
  if (outside)
    throw invalid('buying_unit.location_outside_organisation', "the unit's place is outside its organisation's", {
      field: 'location',
      stateCode: organisation.stateCode,
      municipalityCode: organisation.municipalityCode,
    });
}

function text(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim().replace(/\s+/g, ' ');
  return trimmed.length > 0 && trimmed.length <= 300 ? trimmed : null;
}
