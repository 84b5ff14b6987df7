import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { deterministicUuid } from '@licita/event-store';
import { AccountRegistry, checkPassword, emailTaken, normalizeEmail } from '@licita/identity';
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
 * The supplier and its account in one command, in two steps (register, then create the account), each
 * idempotent by id. A request that stopped in between is completed by sending it again with the same
 * `supplierId` (or the same Idempotency-Key, from which the id derives). Every rule of the data and the
 * password (422) is checked before anything is read or written, and a taken email before the RFC is claimed.
 */
@CommandHandler(RegisterSupplier)
export class RegisterSupplierHandler implements ICommandHandler<RegisterSupplier> {
  constructor(
    private readonly suppliers: SupplierRegistry,
    private readonly accounts: AccountRegistry,
  ) {}

  async execute({ supplier, account, onBehalf, context }: RegisterSupplier): Promise<SelfRegistration> {
    const command = { type: 'RegisterSupplier' as const, ...supplier };
    const checked = checkRegistration(command);
    checkPassword(account.password);
    const accountId = supplierAccountId(command.supplierId);
    const holder = await this.accounts.findByEmail(account.email);
    if (holder && holder.accountId !== accountId) throw emailTaken(normalizeEmail(account.email));
    const registered = await this.suppliers.registerChecked(command, checked, context);
    const created = await this.accounts.create(
      {
        accountId,
        email: account.email,
        role: 'supplier',
        supplierId: registered.supplierId,
        password: account.password,
        mustChangePassword: onBehalf,
      },
      context,
    );
    return {
      supplierId: registered.supplierId,
      accountId,
      rfc: registered.rfc,
      email: created.email,
      alreadyRegistered: registered.alreadyRegistered && created.alreadyCreated,
    };
  }
}
