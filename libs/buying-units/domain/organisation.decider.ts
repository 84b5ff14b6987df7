import { conflict, invalid, type Decider } from '@licita/shared';
import { GOVERNMENT_LEVELS } from './buying-unit.commands';
import type { OrganisationCommand, OrganisationSummary, RegisterOrganisation } from './organisation.commands';
import type { OrganisationEvent, OrganisationRegistered } from './organisation.events';
import { INEGI_STATE_CODES, MUNICIPALITY_CODE } from './location';

export type OrganisationState = { registered: false } | ({ registered: true } & OrganisationRegistered['data']);

export const initialOrganisationState = (): OrganisationState => ({ registered: false });

export function decideOrganisation(command: OrganisationCommand, state: OrganisationState): OrganisationEvent[] {
  if (state.registered)
    throw conflict('organisation.already_registered', `organisation ${command.organisationId} is already registered`);
  return [{ type: 'OrganisationRegistered', data: checkOrganisation(command) }];
}

export function evolveOrganisation(state: OrganisationState, event: OrganisationEvent): OrganisationState {
  return event.type === 'OrganisationRegistered' ? { registered: true, ...event.data } : state;
}

export const organisationDecider: Decider<OrganisationCommand, OrganisationEvent, OrganisationState> = {
  initialState: initialOrganisationState,
  decide: decideOrganisation,
  evolve: evolveOrganisation,
};

export const summaryOf = (state: OrganisationState): OrganisationSummary | null =>
  state.registered
    ? {
        organisationId: state.organisationId,
        level: state.level,
        name: state.name,
        stateCode: state.stateCode,
        municipalityCode: state.municipalityCode,
      }
    : null;

/** The rules of a new node (422), checked by `decide` and, before anything is read or written, by the registry. */
export function checkOrganisation(command: RegisterOrganisation): OrganisationRegistered['data'] {
  const level = command.level;
  if (!GOVERNMENT_LEVELS.includes(level))
    throw invalid('organisation.invalid_level', `the level is one of ${GOVERNMENT_LEVELS.join(', ')}`, {
      field: 'level',
      allowed: [...GOVERNMENT_LEVELS],
    });
  const name = text(command.name);
  if (!name)
    throw invalid('organisation.invalid_name', 'the name is required (at most 300 characters)', { field: 'name' });
  const reason = text(command.reason);
  if (!reason)
    throw invalid('organisation.reason_required', 'say why the organisation is registered', { field: 'reason' });
  const { stateCode, municipalityCode } = keysOf(command);
  const parentId = checkParent(command, stateCode);
  return { organisationId: command.organisationId, level, name, stateCode, municipalityCode, parentId, reason };
}

/** A federal node has no keys; a state its state key; a municipality its state key and 3 digits (not `000`). */
function keysOf(command: RegisterOrganisation): { stateCode: string | null; municipalityCode: string | null } {
  const stateCode = command.stateCode ?? null;
  const municipalityCode = command.municipalityCode ?? null;
  const refuse = (message: string) =>
    invalid('organisation.invalid_key', message, { field: 'stateCode', level: command.level });
  if (command.level === 'federal') {
    if (stateCode !== null || municipalityCode !== null) throw refuse('a federal organisation has no INEGI keys');
    return { stateCode, municipalityCode };
  }
  if (typeof stateCode !== 'string' || !INEGI_STATE_CODES.includes(stateCode))
    throw refuse('stateCode is an INEGI state key, 01 to 32');
  if (command.level === 'state') {
    if (municipalityCode !== null) throw refuse('a state organisation has no municipality key');
    return { stateCode, municipalityCode };
  }
  if (typeof municipalityCode !== 'string' || !MUNICIPALITY_CODE.test(municipalityCode) || municipalityCode === '000')
    throw refuse('municipalityCode is the 3-digit INEGI key within the state (001 to 999)');
  return { stateCode, municipalityCode };
}

/**
 * Where a node hangs: a state at the root; a municipality under its own state's organisation; a federal node at
 * the root or under another federal one.
 */
function checkParent(command: RegisterOrganisation, stateCode: string | null): string | null {
  const parentId = command.parentId ?? null;
  const parent = command.parent ?? null;
  const refuse = (message: string) => invalid('organisation.invalid_parent', message, { field: 'parentId', parentId });
  if (command.level === 'state') {
    if (parentId !== null) throw refuse('a state organisation is at the root of the tree');
    return null;
  }
  if (parentId === null) {
    if (command.level === 'municipal') throw refuse("a municipality hangs under its state's organisation");
    return null;
  }
  if (!parent || parent.organisationId !== parentId) throw refuse(`no organisation ${parentId}`);
  if (command.level === 'federal' && parent.level !== 'federal')
    throw refuse('a federal organisation hangs only under another federal one');
  if (command.level === 'municipal' && (parent.level !== 'state' || parent.stateCode !== stateCode))
    throw refuse("a municipality hangs under its own state's organisation");
  return parentId;
}

function text(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim().replace(/\s+/g, ' ');
  return trimmed.length > 0 && trimmed.length <= 300 ? trimmed : null;
}
