import { queryOf } from '@licita/platform';
import type { Principal, Role } from '../../domain/roles';
import type { HandshakeSocket } from '../../http/socket-auth';

export type AccountView = {
  accountId: string;
  email: string;
  role: Role;
  supplierId: string | null;
  buyingUnitId: string | null;
  /** A state administrator's state (INEGI key); `null` for every other role. */
  stateCode: string | null;
  status: 'active' | 'disabled';
  mustChangePassword: boolean;
};

/** An account without its password hash; `account.not_found` (404). */
export class AccountById extends queryOf<AccountView, { accountId: string }>('accountId') {}

/**
 * Whether a supplier was registered, asked when a supplier account is created. Identity owns the question,
 * the suppliers context answers it (its @QueryHandler), so identity never imports suppliers.
 */
export class SupplierExists extends queryOf<boolean, { supplierId: string }>('supplierId') {}

/** Whether a buying unit was registered, for a buyer account; the buying-units context answers it. */
export class BuyingUnitExists extends queryOf<boolean, { buyingUnitId: string }>('buyingUnitId') {}

/**
 * The INEGI state key of a buying unit's place (`null`: unknown, or no such unit), for a state administrator
 * creating a buyer account; the buying-units context answers it.
 */
export class BuyingUnitStateCode extends queryOf<string | null, { buyingUnitId: string }>('buyingUnitId') {}

/**
 * The principal of a Socket.IO connection, for gateways that inject only the buses: the access token of
 * `io(url, { auth: { token } })` or an `Authorization: Bearer …` header; none is the anonymous public, a bad or
 * expired one is 401 (`auth.invalid_token`, `auth.token_expired`), one whose session ended since it was issued
 * 401 `auth.session_ended`. Checked against the account stream each time it is asked: ask it on every message
 * and on a timer, and disconnect on a refusal.
 */
export class PrincipalOfHandshake extends queryOf<Principal, { socket: HandshakeSocket }>('socket') {}

/** One account of the staff list (the `accounts` projection): never a password hash. */
export type AccountListEntry = {
  accountId: string;
  email: string;
  role: Role;
  buyingUnitId: string | null;
  supplierId: string | null;
  status: 'active' | 'disabled';
  createdAt: string;
  createdBy: string;
  lastChange: string;
  lastChangeAt: string;
};

/** The staff list of accounts, by email, at most 1,000; for registrars and auditors (the controller checks). */
export class ListAccounts extends queryOf<AccountListEntry[], { filter: { role?: Role; buyingUnitId?: string } }>(
  'filter',
) {}
