import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { deterministicUuid } from '@licita/event-store';
import { AccountRegistry, checkPassword, emailTaken, normalizeEmail } from '@licita/identity';
import { DomainError } from '@licita/shared';
import { checkRegistration } from '../../domain/supplier.decider';
import { SupplierRegistry } from '../supplier-registry';
import { RegisterSupplier } from './supplier.commands';

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
 * The supplier and its account in one command, in two steps, each idempotent by id: the account first (bound
 * to the supplier's id, its email claimed), then the supplier (its RFC claimed). So a supplier stream is only
 * ever written once its account exists: no race and no crash leaves a registered supplier without its login
 * (#16 point 9). Of concurrent registrations with one email exactly one gets past the email's claim before
 * any supplier is written. One that then loses its RFC to a concurrent registration lets its email go
 * (`abandon`): its account, bound to a supplier that never existed, cannot log in. A request that stopped in
 * between is completed by sending it again with the same `supplierId` (or Idempotency-Key). Every rule of the
 * data and the password (422), the classifier codes and a plainly taken RFC are checked before anything is
 * written.
 */
@CommandHandler(RegisterSupplier)
export class RegisterSupplierHandler implements ICommandHandler<RegisterSupplier> {
  constructor(
    private readonly suppliers: SupplierRegistry,
    private readonly accounts: AccountRegistry,
  ) {}

  async execute({ supplier, account, context }: RegisterSupplier): Promise<SelfRegistration> {
    const command = { type: 'RegisterSupplier' as const, ...supplier };
    const checked = checkRegistration(command);
    checkPassword(account.password);
    const accountId = supplierAccountId(command.supplierId);
    const holder = await this.accounts.findByEmail(account.email);
    if (holder && holder.accountId !== accountId) throw emailTaken(normalizeEmail(account.email));
    await this.suppliers.assertRegistrable(checked);
    const created = await this.accounts.create(
      {
        accountId,
        origin: 'supplier_registration',
        email: account.email,
        role: 'supplier',
        supplierId: checked.supplierId,
        password: account.password,
      },
      context,
    );
    let registered;
    try {
      registered = await this.suppliers.registerChecked(command, checked, context);
    } catch (error) {
      // Only an account whose supplier does not exist is let go: a registration naming a registered supplier's
      // id must not free that supplier's email.
      const orphan = error instanceof DomainError && (await this.suppliers.load(checked.supplierId)).data === null;
      if (orphan) await this.accounts.abandon(accountId, created.email, context);
      throw error;
    }
    return {
      supplierId: registered.supplierId,
      accountId,
      rfc: registered.rfc,
      email: created.email,
      alreadyRegistered: registered.alreadyRegistered && created.alreadyCreated,
    };
  }
}
