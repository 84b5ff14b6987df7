import { randomUUID } from 'node:crypto';
import { DomainError } from '@licita/shared';
import type { AccountState } from '../domain/account.decider';
import type { AccountPrincipal, Role } from '../domain/roles';
import { signJwt, verifyJwt, type JwtClaims } from './jwt';

export type TokenSettings = {
  /** HS256 key from configuration (e.g. JWT_SECRET); at least 32 characters. */
  secret: string;
  /** Default 15 minutes. */
  accessTtlSeconds?: number;
  /** Default 7 days. */
  refreshTtlSeconds?: number;
  /** Default "licita". */
  issuer?: string;
};

export type TokenPair = {
  tokenType: 'Bearer';
  accessToken: string;
  /** Seconds the access token lives. */
  expiresIn: number;
  refreshToken: string;
  refreshExpiresIn: number;
};

export type ActiveAccount = Extract<AccountState, { status: 'active' | 'disabled' }>;

/**
 * Short-lived access tokens carry the principal (role and binding), so each request is authorized without
 * reading the store. Refresh tokens carry only the account and its session version: refreshing re-reads
 * the account, so a disabled account or a changed password ends every session at the next refresh.
 */
export class TokenService {
  private readonly accessTtl: number;
  private readonly refreshTtl: number;
  private readonly issuer: string;

  constructor(private readonly settings: TokenSettings) {
    if (typeof settings.secret !== 'string' || settings.secret.length < 32)
      throw new Error('the JWT secret must have at least 32 characters');
    this.accessTtl = settings.accessTtlSeconds ?? 15 * 60;
    this.refreshTtl = settings.refreshTtlSeconds ?? 7 * 24 * 3600;
    this.issuer = settings.issuer ?? 'licita';
  }

  issue(account: ActiveAccount, now: Date): TokenPair {
    const iat = Math.floor(now.getTime() / 1000);
    const common = { iss: this.issuer, sub: account.accountId, iat };
    const accessToken = signJwt(
      {
        ...common,
        exp: iat + this.accessTtl,
        typ: 'access',
        // The account's session version: every use of the token compares it with the account stream's
        // (Authentication.currentPrincipal), so a password change, a disabling or a revocation ends it at once.
        sv: account.sessionVersion,
        role: account.role,
        ...(account.supplierId ? { sup: account.supplierId } : {}),
        ...(account.buyingUnitId ? { bu: account.buyingUnitId } : {}),
        ...(account.stateCode ? { st: account.stateCode } : {}),
        ...(account.mustChangePassword ? { pwc: true } : {}),
      },
      this.settings.secret,
    );
    const refreshToken = signJwt(
      { ...common, exp: iat + this.refreshTtl, typ: 'refresh', sv: account.sessionVersion, jti: randomUUID() },
      this.settings.secret,
    );
    return {
      tokenType: 'Bearer',
      accessToken,
      expiresIn: this.accessTtl,
      refreshToken,
      refreshExpiresIn: this.refreshTtl,
    };
  }

  /** The principal of a valid access token; `auth.invalid_token` / `auth.token_expired` (401) otherwise. */
  verifyAccess(token: string, now: Date): AccountPrincipal {
    return principalOfClaims(this.verify(token, 'access', now));
  }

  /** `verifyAccess` plus what a session check needs: the session version and the expiry (seconds since 1970). */
  verifyAccessSession(token: string, now: Date): { principal: AccountPrincipal; sessionVersion: number; exp: number } {
    // One signature check: this runs on every Socket.IO message (a live auction's bids).
    const claims = this.verify(token, 'access', now);
    if (typeof claims.sv !== 'number') throw invalidToken();
    return { principal: principalOfClaims(claims), sessionVersion: claims.sv, exp: claims.exp };
  }

  verifyRefresh(token: string, now: Date): { accountId: string; sessionVersion: number } {
    const claims = this.verify(token, 'refresh', now);
    if (typeof claims.sv !== 'number') throw invalidToken();
    return { accountId: claims.sub as string, sessionVersion: claims.sv };
  }

  private verify(token: string, typ: 'access' | 'refresh', now: Date) {
    const claims = verifyJwt(token, this.settings.secret, now);
    if (claims.typ !== typ || claims.iss !== this.issuer || typeof claims.sub !== 'string') throw invalidToken();
    return claims;
  }
}

const invalidToken = () => new DomainError('auth.invalid_token', 'invalid token', 'unauthorized');

function principalOfClaims(claims: JwtClaims): AccountPrincipal {
  const principal: AccountPrincipal = { kind: 'account', accountId: claims.sub as string, role: claims.role as Role };
  if (typeof claims.sup === 'string') principal.supplierId = claims.sup;
  if (typeof claims.bu === 'string') principal.buyingUnitId = claims.bu;
  if (typeof claims.st === 'string') principal.stateCode = claims.st;
  if (claims.pwc === true) principal.mustChangePassword = true;
  return principal;
}
