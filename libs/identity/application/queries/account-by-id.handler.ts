import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DomainError } from '@licita/shared';
import { AccountRegistry } from '../account-registry';
import { AccountById, type AccountView } from './identity.queries';

@QueryHandler(AccountById)
export class AccountByIdHandler implements IQueryHandler<AccountById> {
  constructor(private readonly accounts: AccountRegistry) {}

  async execute({ accountId }: AccountById): Promise<AccountView> {
    const account = await this.accounts.load(accountId);
    if (account.status === 'none')
      throw new DomainError('account.not_found', 'the account of this token does not exist', 'not_found');
    const { email, role, supplierId, buyingUnitId, status, mustChangePassword } = account;
    const stateCode = account.stateCode ?? null;
    return { accountId, email, role, supplierId, buyingUnitId, stateCode, status, mustChangePassword };
  }
}
