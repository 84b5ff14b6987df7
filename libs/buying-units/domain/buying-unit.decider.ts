import { conflict, invalid, notFound, type Decider } from '@licita/shared';
import { GOVERNMENT_LEVELS, type BuyingUnitCommand, type RegisterBuyingUnit } from './buying-unit.commands';
import type { BuyingUnitEvent, BuyingUnitRegistered } from './buying-unit.events';
import { checkLocation } from './location';

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
      return same ? [] : [{ type: 'BuyingUnitLocationSet', data: { buyingUnitId: state.buyingUnitId, location } }];
    }
  }
}

export function evolve(state: BuyingUnitState, event: BuyingUnitEvent): BuyingUnitState {
  switch (event.type) {
    case 'BuyingUnitRegistered':
      return { registered: true, ...event.data };
    case 'BuyingUnitLocationSet':
      return state.registered ? { ...state, location: event.data.location } : state;
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
  if (!GOVERNMENT_LEVELS.includes(command.level)) {
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
  const registered = { buyingUnitId: command.buyingUnitId, code, name, level: command.level, parentInstitution };
  return command.location ? { ...registered, location: checkLocation(command.location) } : registered;
}

function text(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim().replace(/\s+/g, ' ');
  return trimmed.length > 0 && trimmed.length <= 300 ? trimmed : null;
}
