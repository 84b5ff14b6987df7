import type { Role } from './roles';

/**
 * How an account comes to be: a registrar creating a staff or buyer account (`registrar`), a supplier's own
 * registration (`supplier_registration`: the only way to a supplier account), or the first start / `admin:create`
 * (`first_start`), or a follower's own sign-up (`follower_signup`: the only way to a follower account, and it
 * gives nothing else). No role may mint a login for another party, so a supplier account never comes from a registrar.
 */
export type AccountOrigin = 'registrar' | 'supplier_registration' | 'first_start' | 'follower_signup';
export const ACCOUNT_ORIGINS: readonly AccountOrigin[] = [
  'registrar',
  'supplier_registration',
  'first_start',
  'follower_signup',
];

/** `passwordHash` is computed by the application (scrypt); clear-text passwords never reach the domain. */
export type CreateAccount = {
  type: 'CreateAccount';
  accountId: string;
  origin: AccountOrigin;
  email: string;
  role: Role;
  supplierId?: string;
  buyingUnitId?: string;
  /** For a `state_admin`: the INEGI key (`01`–`32`) of the state it manages. */
  stateCode?: string;
  passwordHash: string;
  /** Set for a generated one-time password: the holder must choose their own before anything else. */
  mustChangePassword?: boolean;
};
export type ChangePassword = { type: 'ChangePassword'; accountId: string; passwordHash: string };
export type DisableAccount = { type: 'DisableAccount'; accountId: string; reason: string };
export type EnableAccount = { type: 'EnableAccount'; accountId: string; reason: string };

/** Ends every session of the account now (a supplier suspended or sanctioned). */
export type RevokeSessions = { type: 'RevokeSessions'; accountId: string; reason: string };

export type AccountCommand = CreateAccount | ChangePassword | DisableAccount | EnableAccount | RevokeSessions;
