import { DomainError } from '@licita/shared';
import { ANONYMOUS, type Principal } from '../domain/roles';
import type { AccountRegistry } from './account-registry';
import type { PasswordHasher } from './password-hasher';
import type { TokenPair, TokenService } from './token-service';

const invalidCredentials = () => new DomainError('auth.invalid_credentials', 'wrong email or password', 'unauthorized');

/**
 * Login, refresh, and the principal of a request. Wrong email and wrong password get the same answer
 * after the same work (a scrypt run against a dummy hash), so the answer does not reveal which emails
 * have accounts.
 */
export class Authentication {
  private dummyHash?: Promise<string>;

  constructor(
    private readonly accounts: AccountRegistry,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenService,
  ) {}

  async login(email: string, password: string, now: Date): Promise<TokenPair> {
    const account = await this.accounts.findByEmail(email);
    if (!account) {
      await this.hasher.verify(typeof password === 'string' ? password : '', await this.dummy());
      throw invalidCredentials();
    }
    if (!(await this.hasher.verify(password, account.passwordHash))) throw invalidCredentials();
    if (account.status === 'disabled')
      throw new DomainError('auth.account_disabled', 'the account is disabled', 'forbidden');
    return this.tokens.issue(account, now);
  }

  /** A new pair for a refresh token whose account is still active and whose session is still current. */
  async refresh(refreshToken: string, now: Date): Promise<TokenPair> {
    const { accountId, sessionVersion } = this.tokens.verifyRefresh(refreshToken, now);
    const account = await this.accounts.load(accountId);
    if (account.status !== 'active' || account.sessionVersion !== sessionVersion) {
      throw new DomainError('auth.session_ended', 'log in again', 'unauthorized');
    }
    return this.tokens.issue(account, now);
  }

  /** From an `Authorization` header (or a Socket.IO handshake token): none is anonymous, a bad one is 401. */
  principalOf(authorization: string | undefined, now: Date): Principal {
    if (authorization === undefined || authorization === '') return ANONYMOUS;
    const bearer = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    return this.tokens.verifyAccess(bearer ? bearer[1] : authorization.trim(), now);
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= this.hasher.hash('not-a-password-anyone-has');
    return this.dummyHash;
  }
}
