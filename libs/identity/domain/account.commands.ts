import type { Role } from './roles';

/** `passwordHash` is computed by the application (scrypt); clear-text passwords never reach the domain. */
export type CreateAccount = {
  type: 'CreateAccount';
  accountId: string;
  email: string;
  role: Role;
  supplierId?: string;
  buyingUnitId?: string;
  passwordHash: string;
  /** Set for a generated one-time password: the holder must choose their own before anything else. */
  mustChangePassword?: boolean;
};
export type ChangePassword = { type: 'ChangePassword'; accountId: string; passwordHash: string };
export type DisableAccount = { type: 'DisableAccount'; accountId: string; reason: string };
export type EnableAccount = { type: 'EnableAccount'; accountId: string; reason: string };

export type AccountCommand = CreateAccount | ChangePassword | DisableAccount | EnableAccount;
