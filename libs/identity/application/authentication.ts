import { DomainError } from '@licita/shared';
import { ANONYMOUS, type Principal } from '../domain/roles';
import type { AccountRegistry } from './account-registry';
import { NO_LOGIN_THROTTLING, type LoginAttempts } from './login-attempts';
import type { PasswordHasher } from './password-hasher';
import type { TokenPair, TokenService } from './token-service';

const bearerOf = (authorization: string) => {
  const bearer = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  return bearer ? bearer[1] : authorization.trim();
};

const invalidCredentials = () => new DomainError('auth.invalid_credentials', 'wrong email or password', 'unauthorized');

const throttled = (retryAfterMs: number) =>
  new DomainError(
    'auth.login_throttled',
    `too many failed logins for this account from this address: retry after ${Math.ceil(retryAfterMs / 1000)} s`,
    'too_many_requests',
    { retryAfterMs },
  );

/**
 * Login, refresh, and the principal of a request. Wrong email and wrong password get the same answer
 * after the same work (a scrypt run against a dummy hash), so the answer does not reveal which emails
 * have accounts.
 *
 * Failed logins slow down the pair (email, client IP) that failed, exponentially, and never lock an account:
 * see `LoginAttempts`. A login still waiting is refused (`auth.login_throttled`, 429 with `Retry-After`) before
 * its password is checked. Every refusal is recorded as a security event.
 */
export class Authentication {
  private dummyHash?: Promise<string>;

  constructor(
    private readonly accounts: AccountRegistry,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly attempts: LoginAttempts = NO_LOGIN_THROTTLING,
  ) {}

  async login(email: string, password: string, now: Date, ip = 'unknown'): Promise<TokenPair> {
    const who = typeof email === 'string' ? email.trim().toLowerCase().slice(0, 320) : '';
    const waitMs = await this.attempts.waitBefore(who, ip);
    if (waitMs > 0) {
      await this.attempts.refused({ kind: 'login.throttled', email: who, ip, details: { retryAfterMs: waitMs } });
      throw throttled(waitMs);
    }
    const account = await this.accounts.findByEmail(email);
    const passwordMatches = account
      ? await this.hasher.verify(password, account.passwordHash)
      : await this.hasher.verify(typeof password === 'string' ? password : '', await this.dummy()).then(() => false);
    if (!account || !passwordMatches) {
      const nextWaitMs = await this.attempts.failed(who, ip);
      await this.attempts.refused({ kind: 'login.failed', email: who, ip, details: { nextWaitMs } });
      throw invalidCredentials();
    }
    await this.attempts.succeeded(who, ip);
    if (account.status === 'disabled') {
      await this.attempts.refused({ kind: 'login.account_disabled', email: who, ip });
      throw new DomainError('auth.account_disabled', 'the account is disabled', 'forbidden');
    }
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

  /**
   * From an `Authorization` header (or a Socket.IO handshake token): none is anonymous, a bad one is 401. Checks
   * the token alone (signature, expiry), not whether its session was ended since: use `currentPrincipal`.
   */
  principalOf(authorization: string | undefined, now: Date): Principal {
    if (authorization === undefined || authorization === '') return ANONYMOUS;
    return this.tokens.verifyAccess(bearerOf(authorization), now);
  }

  /**
   * The principal of a request or socket message, checked on every use: the token (401 `auth.invalid_token`,
   * `auth.token_expired`) and its session against the account stream. A password change, a disabled account, a
   * revocation (a supplier suspended or sanctioned, a role changed) raises the account's session version, and a
   * token of an older version, or of an account that is not active, is 401 `auth.session_ended` from then on.
   * `expiresAt`: when the token stops working by itself (sockets are disconnected then).
   */
  async currentSession(
    authorization: string | undefined,
    now: Date,
  ): Promise<{ principal: Principal; expiresAt: Date | null }> {
    if (authorization === undefined || authorization === '') return { principal: ANONYMOUS, expiresAt: null };
    const { principal, sessionVersion, exp } = this.tokens.verifyAccessSession(bearerOf(authorization), now);
    const account = await this.accounts.loadForSessionCheck(principal.accountId);
    if (account.status !== 'active' || account.sessionVersion !== sessionVersion)
      throw new DomainError('auth.session_ended', 'this session has ended: log in again', 'unauthorized');
    return { principal, expiresAt: new Date(exp * 1000) };
  }

  async currentPrincipal(authorization: string | undefined, now: Date): Promise<Principal> {
    return (await this.currentSession(authorization, now)).principal;
  }

  private dummy(): Promise<string> {
    this.dummyHash ??= this.hasher.hash('not-a-password-anyone-has');
    return this.dummyHash;
  }
}
