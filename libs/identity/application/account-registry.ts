import {
  claimReservation,
  CommandExecutor,
  createReserved,
  releaseReservation,
  type CommandContext,
  type CommandOutcome,
  type EventStore,
} from '@licita/event-store';
import { conflict, DomainError } from '@licita/shared';
import { accountEmailStream, emailReservation } from '../domain/account-email-reservation';
import type { CreateAccount, DisableAccount, EnableAccount, RevokeSessions } from '../domain/account.commands';
import { accountDecider, checkNewAccount, normalizeEmail, type AccountState } from '../domain/account.decider';
import { accountStream, type AccountCreated, type AccountEvent } from '../domain/account.events';
import { AccountSessionReads } from './account-session-reads';
import { PasswordHasher } from './password-hasher';

/** What the caller gives: the clear-text password is hashed here and never stored, logged or put in an event. */
export type NewAccount = Omit<CreateAccount, 'type' | 'passwordHash'> & { password: string };

export type AccountRegistryOptions = {
  /** Whether the supplier or buying unit an account is bound to exists; wired by the API to those registries. */
  bindingExists?: (binding: { supplierId: string | null; buyingUnitId: string | null }) => Promise<boolean>;
};

/**
 * Accounts: each in its stream `account-<id>`, its email claimed in `account-email-<email>` first (the
 * same reservation technique as the supplier RFC). The reservation also answers "which account has this
 * email" at login, with no read model.
 */
export class AccountRegistry {
  private readonly executor: CommandExecutor;
  private readonly sessionReads: AccountSessionReads;

  constructor(
    store: EventStore,
    private readonly hasher: PasswordHasher,
    private readonly options: AccountRegistryOptions = {},
  ) {
    this.executor = new CommandExecutor(store);
    this.sessionReads = new AccountSessionReads(store);
  }

  /** The account as of a read begun now, read together with the other session checks asked in the same tick. */
  loadForSessionCheck(accountId: string): Promise<AccountState> {
    return this.sessionReads.load(accountId);
  }

  /** Every rule of the new account (422) first; then its stream is loaded once and the account decided once. */
  async create(
    input: NewAccount,
    context: CommandContext,
  ): Promise<{ accountId: string; email: string; alreadyCreated: boolean }> {
    const { password, ...fields } = input;
    const command: CreateAccount = { type: 'CreateAccount', ...fields, passwordHash: await this.hasher.hash(password) };
    const wanted = checkNewAccount(command);
    const { accountId, email } = wanted;
    const created = await createReserved(
      this.executor,
      { stream: accountStream(accountId), decider: accountDecider, command },
      {
        existing: (state) => (state.status === 'none' ? undefined : sameAccount(state, wanted)),
        reserve: async () => {
          // A supplier's own registration creates its account first and the supplier right after (so no
          // supplier is ever without its account): the supplier it binds to is the one being registered.
          if (command.origin !== 'supplier_registration') await this.assertBindingExists(wanted);
          await this.claimEmail(email, accountId, context);
        },
        created: { accountId, email, alreadyCreated: false },
      },
      context,
    );
    // The same creation again (a retried registration) holds its email again if `abandon` let it go.
    // Decided on the reservation's state (a claim by its holder is nothing new), so without the key's event ids:
    // those of the first claim are already in the stream and would make this append a no-op.
    if (created.alreadyCreated) await this.claimEmail(email, accountId, withoutKey(context));
    return created;
  }

  /**
   * A registration that created its account and then lost (its RFC taken in a race): the email is let go at
   * once, so the account can no longer log in (login finds an account through its email's holder) and the
   * applicant may register again. The same registration retried holds it again (`create`).
   */
  async abandon(accountId: string, email: string, context: CommandContext): Promise<void> {
    await releaseReservation(
      this.executor,
      emailReservation,
      { value: normalizeEmail(email), holder: accountId },
      withoutKey(context),
    );
  }

  /**
   * The current password must match (`account.wrong_password`, 403); the new one is hashed here. The account is
   * loaded once and the change decided once on it.
   */
  async changePassword(
    { accountId, currentPassword, newPassword }: { accountId: string; currentPassword: string; newPassword: string },
    context: CommandContext,
  ): Promise<CommandOutcome<AccountEvent, AccountState>> {
    const decide = async (account: AccountState) => {
      if (account.status === 'none' || !(await this.hasher.verify(currentPassword, account.passwordHash))) {
        throw new DomainError('account.wrong_password', 'the current password is not right', 'forbidden');
      }
      const passwordHash = await this.hasher.hash(newPassword);
      return accountDecider.decide({ type: 'ChangePassword', accountId, passwordHash }, account, context);
    };
    return this.executor.decideWith(accountStream(accountId), accountDecider, decide, context);
  }

  async handle(
    command: DisableAccount | EnableAccount | RevokeSessions,
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
    const { state } = await this.executor.load(accountEmailStream(normalized), emailReservation);
    if (state.holder === null) return null;
    const account = await this.load(state.holder);
    return account.status !== 'none' && account.email === normalized ? account : null;
  }

  private async assertBindingExists({ supplierId, buyingUnitId }: AccountCreated['data']): Promise<void> {
    if (!this.options.bindingExists || (await this.options.bindingExists({ supplierId, buyingUnitId }))) return;
    throw new DomainError(
      'account.binding_not_found',
      'the supplier or buying unit of the account does not exist',
      'invalid',
      { supplierId, buyingUnitId },
    );
  }

  private async claimEmail(email: string, accountId: string, context: CommandContext): Promise<void> {
    const holderUses = async (holder: string) => {
      const account = await this.load(holder);
      return account.status !== 'none' && account.email === email;
    };
    await claimReservation(this.executor, emailReservation, { value: email, holder: accountId }, holderUses, context);
  }
}

function withoutKey({ idempotencyKey: _key, ...context }: CommandContext): CommandContext {
  return context;
}

/** A repeated creation answers with the account made, as long as it is the same email, role and binding. */
function sameAccount(existing: AccountState, wanted: AccountCreated['data']) {
  const same =
    existing.status !== 'none' &&
    existing.email === wanted.email &&
    existing.role === wanted.role &&
    existing.supplierId === wanted.supplierId &&
    existing.buyingUnitId === wanted.buyingUnitId &&
    (existing.stateCode ?? null) === (wanted.stateCode ?? null);
  if (!same) throw conflict('account.already_exists', `account ${wanted.accountId} already exists`);
  return { accountId: wanted.accountId, email: wanted.email, alreadyCreated: true };
}
