import { createSecretKey, type KeyObject } from 'node:crypto';
import { JsonWebTokenError, JwtService, TokenExpiredError } from '@nestjs/jwt';
import { DomainError } from '@licita/shared';

/**
 * JSON Web Tokens signed with HS256 (RFC 7519) through @nestjs/jwt, checked against the injected clock
 * instead of Date.now(). Only HS256 is accepted: a token naming another algorithm ("none", RS256...) is refused.
 */
export type JwtClaims = { iat: number; exp: number; [claim: string]: unknown };

const jwt = new JwtService();

export function signJwt(claims: JwtClaims, secret: string | Buffer): string {
  return jwt.sign(claims, { secret, algorithm: 'HS256' });
}

/**
 * The secret as a key object, made once per secret. Given the text, jsonwebtoken first tries it as a public key
 * on every verification (a thrown and caught parse), then makes the secret key: 5 % of the live auction's thread,
 * where every Socket.IO message checks its token (#23).
 */
let lastKey: { secret: string | Buffer; key: KeyObject } | undefined;
function secretKeyOf(secret: string | Buffer): KeyObject {
  if (lastKey?.secret !== secret) lastKey = { secret, key: createSecretKey(Buffer.from(secret)) };
  return lastKey.key;
}

/** The claims, or `auth.invalid_token` / `auth.token_expired` (401). */
export function verifyJwt(token: string, secret: string | Buffer, now: Date): JwtClaims {
  let claims: Partial<JwtClaims>;
  try {
    claims = jwt.verify<Partial<JwtClaims>>(typeof token === 'string' ? token : '', {
      // A KeyObject is what jsonwebtoken verifies with; @nestjs/jwt passes it on unchanged.
      secret: secretKeyOf(secret) as unknown as string,
      algorithms: ['HS256'],
      clockTimestamp: Math.floor(now.getTime() / 1000),
    });
  } catch (error) {
    if (error instanceof TokenExpiredError)
      throw new DomainError('auth.token_expired', 'the token has expired', 'unauthorized');
    throw invalidToken(error instanceof JsonWebTokenError ? why(error.message) : 'malformed token');
  }
  if (typeof claims.exp !== 'number' || typeof claims.iat !== 'number') throw invalidToken('no expiry');
  return claims as JwtClaims;
}

function why(message: string): string {
  if (message === 'invalid algorithm') return 'unexpected algorithm';
  if (message === 'invalid signature') return 'bad signature';
  return 'malformed token';
}

const invalidToken = (why: string) => new DomainError('auth.invalid_token', `invalid token: ${why}`, 'unauthorized');
