import { conflict, DomainError, invalid, notFound, type Decider } from '@licita/shared';
import { ACCOUNT_ORIGINS, type AccountCommand, type CreateAccount } from './account.commands';
import type { AccountCreated, AccountEvent } from './account.events';
import { ROLES, type Role } from './roles';

export type AccountState =
  | { status: 'none' }
  | (AccountCreated['data'] & {
      status: 'active' | 'disabled';
      /**
       * Goes up when the password changes, the account is disabled or its sessions are revoked: every access and
       * refresh token of an older version stops working at its next use.
       */
      sessionVersion: number;
    });

export const initialState = (): AccountState => ({ status: 'none' });

/** An INEGI state key, `01` to `32` (identity keeps no catalogue: the buying-units context has the names). */
const STATE_KEY = /^(0[1-9]|[12]\d|3[0-2])$/;

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Trimmed and lower-cased: the form in which an email is unique. */
export const normalizeEmail = (email: unknown): string =>
  typeof email === 'string' ? email.normalize('NFC').trim().toLowerCase() : '';

export function decide(command: AccountCommand, state: AccountState): AccountEvent[] {
  if (command.type === 'CreateAccount') {
    if (state.status !== 'none')
      throw conflict('account.already_exists', `account ${command.accountId} already exists`);
    return [{ type: 'AccountCreated', data: checkNewAccount(command) }];
  }
  if (state.status === 'none') throw notFound('account.not_found', `account ${command.accountId} does not exist`);
  const { accountId } = command;

  switch (command.type) {
    case 'ChangePassword':
      if (state.status === 'disabled')
        throw conflict('account.disabled', 'a disabled account cannot change its password');
      return [{ type: 'PasswordChanged', data: { accountId, passwordHash: checkHash(command.passwordHash) } }];
    case 'DisableAccount':
      return state.status === 'disabled'
        ? []
        : [{ type: 'AccountDisabled', data: { accountId, reason: requireReason(command.reason) } }];
    case 'EnableAccount':
      return state.status === 'active'
        ? []
        : [{ type: 'AccountEnabled', data: { accountId, reason: requireReason(command.reason) } }];
    case 'RevokeSessions':
      return [{ type: 'SessionsRevoked', data: { accountId, reason: requireReason(command.reason) } }];
  }
}

export function evolve(state: AccountState, event: AccountEvent): AccountState {
  if (event.type === 'AccountCreated') return { ...event.data, status: 'active', sessionVersion: 0 };
  if (state.status === 'none') return state;
  switch (event.type) {
    case 'PasswordChanged':
      return {
        ...state,
        passwordHash: event.data.passwordHash,
        mustChangePassword: false,
        sessionVersion: state.sessionVersion + 1,
      };
    case 'AccountDisabled':
      return { ...state, status: 'disabled', sessionVersion: state.sessionVersion + 1 };
    case 'AccountEnabled':
      return { ...state, status: 'active' };
    case 'SessionsRevoked':
      return { ...state, sessionVersion: state.sessionVersion + 1 };
  }
}

export const accountDecider: Decider<AccountCommand, AccountEvent, AccountState> = { initialState, decide, evolve };

/**
 * A supplier account acts for exactly one supplier, a buyer for one buying unit; staff for neither. The rules of a
 * new account (422), checked by `decide` and, before anything is read or written, by the registry.
 */
export function checkNewAccount(command: CreateAccount): AccountCreated['data'] {
  const email = normalizeEmail(command.email);
  if (email.length > 254 || !EMAIL.test(email))
    throw invalid('account.invalid_email', 'the email is not an address', { field: 'email' });
  if (!ROLES.includes(command.role))
    throw invalid('account.invalid_role', `the role is one of ${ROLES.join(', ')}`, { allowed: [...ROLES] });
  if (!ACCOUNT_ORIGINS.includes(command.origin))
    throw invalid('account.invalid_origin', `an account comes from one of ${ACCOUNT_ORIGINS.join(', ')}`);
  // A supplier's login comes only from the supplier's own registration: a registrar (or anyone) naming a
  // supplierId would otherwise hold that supplier's credentials and read its decrypted sealed proposals.
  if (command.role === 'supplier' && command.origin !== 'supplier_registration')
    throw new DomainError(
      'account.supplier_self_registration_only',
      'a supplier account is created only by the supplier registering itself',
      'forbidden',
      { origin: command.origin },
    );
  // Anyone may sign up as a follower, so that sign-up must never give another role, and a follower comes from
  // nowhere else (a registrar has no reason to make one).
  if ((command.role === 'follower') !== (command.origin === 'follower_signup'))
    throw new DomainError(
      'account.follower_self_signup_only',
      'a follower account comes only from its own sign-up, and a sign-up makes only follower accounts',
      'forbidden',
      { origin: command.origin, role: command.role },
    );
  const supplierId = command.supplierId ?? null;
  const buyingUnitId = command.buyingUnitId ?? null;
  const needs: Record<Role, [boolean, boolean]> = {
    supplier: [true, false],
    buyer: [false, true],
    registrar: [false, false],
    auditor: [false, false],
    follower: [false, false],
    state_admin: [false, false],
  };
  const stateCode = command.stateCode ?? null;
  if ((command.role === 'state_admin') !== (stateCode !== null) || (stateCode !== null && !STATE_KEY.test(stateCode)))
    throw invalid(
      'account.invalid_binding',
      'a state_admin account names its state (INEGI key 01 to 32), no other does',
      {
        role: command.role,
        field: 'stateCode',
      },
    );
  const [needsSupplier, needsUnit] = needs[command.role];
  if ((supplierId !== null) !== needsSupplier || (buyingUnitId !== null) !== needsUnit) {
    const message = needsSupplier
      ? 'a supplier account names its supplier'
      : needsUnit
        ? 'a buyer account names its buying unit'
        : `a ${command.role} account belongs to no supplier or unit`;
    throw invalid('account.invalid_binding', message, { role: command.role });
  }
  return {
    accountId: command.accountId,
    email,
    role: command.role,
    supplierId,
    buyingUnitId,
    ...(stateCode ? { stateCode } : {}),
    passwordHash: checkHash(command.passwordHash),
    mustChangePassword: command.mustChangePassword === true,
  };
}

function checkHash(hash: unknown): string {
  if (typeof hash !== 'string' || hash.length === 0)
    throw invalid('account.invalid_password_hash', 'the password hash is missing');
  return hash;
}

function requireReason(reason: unknown): string {
  if (typeof reason !== 'string' || reason.trim() === '')
    throw invalid('account.reason_required', 'a reason is required');
  return reason.trim();
}
