import { Query } from '@nestjs/cqrs';
import type { Role } from '../../domain/roles';

export type AccountView = {
  accountId: string;
  email: string;
  role: Role;
  supplierId: string | null;
  buyingUnitId: string | null;
  status: 'active' | 'disabled';
  mustChangePassword: boolean;
};

/** An account without its password hash; `account.not_found` (404). */
export class AccountById extends Query<AccountView> {
  constructor(readonly accountId: string) {
    super();
  }
}

/**
 * Whether a supplier was registered, asked when a supplier account is created. Identity owns the question,
 * the suppliers context answers it (its @QueryHandler), so identity never imports suppliers.
 */
export class SupplierExists extends Query<boolean> {
  constructor(readonly supplierId: string) {
    super();
  }
}

/** Whether a buying unit was registered, for a buyer account; the buying-units context answers it. */
export class BuyingUnitExists extends Query<boolean> {
  constructor(readonly buyingUnitId: string) {
    super();
  }
}
