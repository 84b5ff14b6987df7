import type { Role } from './roles';

/**
 * Account streams hold password hashes (never clear text): public projections and feeds must leave
 * `account-*` streams out. The one projection that reads them, the staff-only `accounts`
 * (projections/accounts.projection.ts), copies a whitelist of fields and never a hash.
 */
export const accountStream = (accountId: string) => `account-${accountId}`;

export type AccountCreated = {
  type: 'AccountCreated';
  data: {
    accountId: string;
    email: string;
    role: Role;
    supplierId: string | null;
    buyingUnitId: string | null;
    /** A `state_admin`'s state (INEGI key); absent on accounts created before the role. */
    stateCode?: string | null;
    passwordHash: string;
    mustChangePassword: boolean;
  };
};
export type PasswordChanged = { type: 'PasswordChanged'; data: { accountId: string; passwordHash: string } };
export type AccountDisabled = { type: 'AccountDisabled'; data: { accountId: string; reason: string } };
export type AccountEnabled = { type: 'AccountEnabled'; data: { accountId: string; reason: string } };

/** Every token issued before it stops working (the session version goes up). */
export type SessionsRevoked = { type: 'SessionsRevoked'; data: { accountId: string; reason: string } };

export type AccountEvent = AccountCreated | PasswordChanged | AccountDisabled | AccountEnabled | SessionsRevoked;
