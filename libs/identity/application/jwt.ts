import { createHmac, timingSafeEqual } from 'node:crypto';
import { DomainError } from '@licita/shared';

/**
 * JSON Web Tokens signed with HS256 (RFC 7519), small enough to read in one go and driven by the injected
 * clock instead of Date.now(). Tokens are interchangeable with jsonwebtoken / @nestjs/jwt using the same
 * secret. Only HS256 is accepted: a token naming another algorithm ("none", RS256...) is refused.
 */
export type JwtClaims = { iat: number; exp: number; [claim: string]: unknown };

const HEADER = b64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

export function signJwt(claims: JwtClaims, secret: string | Buffer): string {
  const body = `${HEADER}.${b64url(JSON.stringify(claims))}`;
  return `${body}.${sign(body, secret)}`;
}

/** The claims, or `auth.invalid_token` / `auth.token_expired` (401). */
export function verifyJwt(token: string, secret: string | Buffer, now: Date): JwtClaims {
  const parts = typeof token === 'string' ? token.split('.') : [];
  if (parts.length !== 3) throw invalidToken('malformed token');
  const [header, payload, signature] = parts;
  const expected = Buffer.from(sign(`${header}.${payload}`, secret));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw invalidToken('bad signature');
  const { alg } = parseJson(header) as { alg?: unknown };
  if (alg !== 'HS256') throw invalidToken('unexpected algorithm');
  const claims = parseJson(payload) as Partial<JwtClaims>;
  if (typeof claims.exp !== 'number' || typeof claims.iat !== 'number') throw invalidToken('no expiry');
  if (Math.floor(now.getTime() / 1000) >= claims.exp)
    throw new DomainError('auth.token_expired', 'the token has expired', 'unauthorized');
  return claims as JwtClaims;
}

const sign = (body: string, secret: string | Buffer) => createHmac('sha256', secret).update(body).digest('base64url');

function b64url(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

function parseJson(part: string): unknown {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    if (value === null || typeof value !== 'object') throw new Error('not an object');
    return value;
  } catch {
    throw invalidToken('malformed token');
  }
}

const invalidToken = (why: string) => new DomainError('auth.invalid_token', `invalid token: ${why}`, 'unauthorized');
