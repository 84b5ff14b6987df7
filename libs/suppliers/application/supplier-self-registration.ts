import { Injectable } from '@nestjs/common';
import { deterministicUuid, type CommandContext } from '@licita/event-store/command-executor';
import { AccountRegistry } from '@licita/identity/application/account-registry';
import { checkPassword } from '@licita/identity/application/password-hasher';
import { emailTaken } from '@licita/identity/domain/account-email-reservation';
import { normalizeEmail } from '@licita/identity/domain/account.decider';
import type { RegisterSupplier } from '../domain/supplier.commands';
import { initialState, supplierDecider } from '../domain/supplier.decider';
import { SupplierRegistry } from './supplier-registry';

export type SelfRegistration = {
  supplierId: string;
  accountId: string;
  rfc: string;
  email: string;
  alreadyRegistered: boolean;
};

/**
 * The id of a supplier's own account: derived from the supplier, so a registration sent again completes
 * the same account and can never add a second one (another email for the same id is `account.already_exists`).
 */
export const supplierAccountId = (supplierId: string) => deterministicUuid(`supplier-account|${supplierId}`);

/**
 * `POST /api/suppliers`: the supplier and its account in one request, in two steps (register, then create
 * the account), each idempotent by id. A request that stopped in between is completed by sending it again
 * with the same `supplierId` (or the same Idempotency-Key, from which the id derives).
 */
@Injectable()
export class SupplierSelfRegistration {
  constructor(
    private readonly suppliers: SupplierRegistry,
    private readonly accounts: AccountRegistry,
  ) {}

  /** `onBehalf`: a registrar registers the supplier, so the password it sets is a one-time password. */
  async register(
    command: RegisterSupplier,
    account: { email: string; password: string },
    context: CommandContext,
    onBehalf = false,
  ): Promise<SelfRegistration> {
    supplierDecider.decide(command, initialState(), context); // every rule of the data (422) before anything is read or written
    checkPassword(account.password);
    const accountId = supplierAccountId(command.supplierId);
    const holder = await this.accounts.findByEmail(account.email);
    if (holder && holder.accountId !== accountId) throw emailTaken(normalizeEmail(account.email)); // before the RFC is claimed
    const supplier = await this.suppliers.register(command, context);
    const created = await this.accounts.create(
      {
        accountId,
        email: account.email,
        role: 'supplier',
        supplierId: supplier.supplierId,
        password: account.password,
        mustChangePassword: onBehalf,
      },
      context,
    );
    return {
      supplierId: supplier.supplierId,
      accountId,
      rfc: supplier.rfc,
      email: created.email,
      alreadyRegistered: supplier.alreadyRegistered && created.alreadyCreated,
    };
  }
}
