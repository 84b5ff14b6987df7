import { claim } from '@licita/event-store/claim';
import { CommandExecutor, type CommandContext, type CommandOutcome, type EventStore } from '@licita/event-store';
import { conflict, DomainError } from '@licita/shared';
import {
  accountEmailStream,
  decideEmailClaim,
  emailTaken,
  evolveReservation,
  initialReservation,
} from '../domain/account-email-reservation';
import type { CreateAccount, DisableAccount, EnableAccount } from '../domain/account.commands';
import { accountDecider, initialState, normalizeEmail, type AccountState } from '../domain/account.decider';
import { accountStream, type AccountCreated, type AccountEvent } from '../domain/account.events';
import { PasswordHasher } from './password-hasher';

/** What the caller gives: the clear-text password is hashed here and never stored, logged or put in an event. */
export type NewAccount = Omit<CreateAccount, 'type' | 'passwordHash'> & { password: string };

export type AccountRegistryOptions = {
  /** Whether the supplier or buying unit an account is bound to exists; wired by the API to those registries. */
  bindingExists?: (binding: { supplierId: string | null; buyingUnitId: string | null }) => Promise<boolean>;
};

const reservations = { initialState: initialReservation, evolve: evolveReservation }; // a fold, not a full decider

/**
 * Accounts: each in its stream `account-<id>`, its email claimed in `account-email-<email>` first (the
 * same reservation technique as the supplier RFC). The reservation also answers "which account has this
 * email" at login, with no read model.
 */
export class AccountRegistry {
  private readonly executor: CommandExecutor;

  constructor(
    store: EventStore,
    private readonly hasher: PasswordHasher,
    private readonly options: AccountRegistryOptions = {},
  ) {
    this.executor = new CommandExecutor(store);
  }

  async create(
    input: NewAccount,
    context: CommandContext,
  ): Promise<{ accountId: string; email: string; alreadyCreated: boolean }> {
    const { password, ...fields } = input;
    const command: CreateAccount = { type: 'CreateAccount', ...fields, passwordHash: await this.hasher.hash(password) };
    const [created] = accountDecider.decide(command, initialState(), context) as [AccountCreated]; // every rule, before any write
    const { accountId, email, supplierId, buyingUnitId } = created.data;
    const existing = await this.load(accountId);
    if (existing.status !== 'none') return sameAccount(existing, created.data);
    if (this.options.bindingExists && !(await this.options.bindingExists({ supplierId, buyingUnitId }))) {
      throw new DomainError(
        'account.binding_not_found',
        'the supplier or buying unit of the account does not exist',
        'invalid',
        { supplierId, buyingUnitId },
      );
    }

    await this.claimEmail(email, accountId, context);
    try {
      await this.executor.execute(accountStream(accountId), accountDecider, command, context);
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'account.already_exists')) throw error;
      return sameAccount(await this.load(accountId), created.data);
    }
    return { accountId, email, alreadyCreated: false };
  }

  /** The current password must match (`account.wrong_password`, 403); the new one is hashed here. */
  async changePassword(
    input: { accountId: string; currentPassword: string; newPassword: string },
    context: CommandContext,
  ): Promise<CommandOutcome<AccountEvent, AccountState>> {
    const account = await this.load(input.accountId);
    if (account.status === 'none' || !(await this.hasher.verify(input.currentPassword, account.passwordHash))) {
      throw new DomainError('account.wrong_password', 'the current password is not right', 'forbidden');
    }
    const passwordHash = await this.hasher.hash(input.newPassword);
    return this.executor.execute(
      accountStream(input.accountId),
      accountDecider,
      { type: 'ChangePassword', accountId: input.accountId, passwordHash },
      context,
    );
  }

  async handle(
    command: DisableAccount | EnableAccount,
    context: CommandContext,
  ): Promise<CommandOutcome<AccountEvent, AccountState>> {
    return this.executor.execute(
      accountStream(command.accountId),
      accountDecider,
      command,
      context.reason ? context : { ...context, reason: command.reason },
    );
  }

  async load(accountId: string): Promise<AccountState> {
    return (await this.executor.load(accountStream(accountId), accountDecider)).state;
  }

  /** The account that holds this email, if it was created with it. */
  async findByEmail(email: string): Promise<Extract<AccountState, { status: 'active' | 'disabled' }> | null> {
    const normalized = normalizeEmail(email);
    const { state } = await this.executor.load(accountEmailStream(normalized), reservations);
    if (state.holder === null) return null;
    const account = await this.load(state.holder);
    return account.status !== 'none' && account.email === normalized ? account : null;
  }

  private async claimEmail(email: string, accountId: string, context: CommandContext): Promise<void> {
    await claim(
      this.executor.decideWith(
        accountEmailStream(email),
        reservations,
        async (state) => {
          const holder = state.holder !== null && state.holder !== accountId ? await this.load(state.holder) : null;
          const holderUsesEmail = holder !== null && holder.status !== 'none' && holder.email === email;
          return decideEmailClaim(state, { email, accountId, holderUsesEmail }, context.now);
        },
        context,
        { retries: 1 },
      ),
      () => emailTaken(email),
    );
  }
}

/** A repeated creation answers with the account made, as long as it is the same email, role and binding. */
function sameAccount(existing: AccountState, wanted: AccountCreated['data']) {
  const same =
    existing.status !== 'none' &&
    existing.email === wanted.email &&
    existing.role === wanted.role &&
    existing.supplierId === wanted.supplierId &&
    existing.buyingUnitId === wanted.buyingUnitId;
  if (!same) throw conflict('account.already_exists', `account ${wanted.accountId} already exists`);
  return { accountId: wanted.accountId, email: wanted.email, alreadyCreated: true };
}
