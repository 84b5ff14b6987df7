/**
 * The roles an account can have. A `state_admin` manages the organisations, buying units and buyer accounts of
 * one state's part of the government tree (the state government and its municipalities), nothing outside it. The anonymous public and the platform's own timers are not accounts. A
 * `follower` (a journalist, a citizen) signs up by itself and may only follow procedures and save searches
 * (libs/alerts): the fewest rights of all.
 */
export type Role = 'supplier' | 'buyer' | 'registrar' | 'auditor' | 'follower' | 'state_admin';
export const ROLES: readonly Role[] = ['supplier', 'buyer', 'registrar', 'auditor', 'follower', 'state_admin'];

/** Who is asking, as the API knows it after reading the token (or finding none). */
export type Principal =
  | { kind: 'anonymous' }
  /** The platform itself: durable schedulers such as the expiry of sanctions. Never from HTTP. */
  | { kind: 'system' }
  | AccountPrincipal;

export type AccountPrincipal = {
  kind: 'account';
  accountId: string;
  role: Role;
  /** Set for `supplier` accounts: the one supplier it acts for. */
  supplierId?: string;
  /** Set for `buyer` accounts: the buying unit it is an officer of. */
  buyingUnitId?: string;
  /** Set for `state_admin` accounts: the INEGI key of the state whose part of the government tree it manages. */
  stateCode?: string;
  /** A one-time password is still in use: only ChangePassword is allowed. */
  mustChangePassword?: boolean;
};

export const ANONYMOUS: Principal = { kind: 'anonymous' };
export const SYSTEM: Principal = { kind: 'system' };

/** The `actor` of event metadata for this principal. */
export const actorOf = (principal: Principal): string =>
  principal.kind === 'account' ? `account-${principal.accountId}` : principal.kind;
