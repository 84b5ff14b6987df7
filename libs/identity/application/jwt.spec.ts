import { createHmac } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { signJwt, verifyJwt } from './jwt';

const secret = 'a-test-secret-that-is-long-enough-1234';
const now = new Date('2026-03-01T12:00:00Z');
const iat = Math.floor(now.getTime() / 1000);
const claims = { sub: 'acc-1', role: 'buyer', iat, exp: iat + 900 };
const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

it('reads back what it signed until the expiry, by the injected clock', () => {
  const token = signJwt(claims, secret);
  expect(verifyJwt(token, secret, now)).toEqual(claims);
  expect(verifyJwt(token, secret, new Date(now.getTime() + 899_000))).toEqual(claims);
  expect(() => verifyJwt(token, secret, new Date(now.getTime() + 900_000))).toThrow(
    expect.objectContaining({ code: 'auth.token_expired', kind: 'unauthorized' }),
  );
});

it('refuses a token signed with another secret or with a changed payload', () => {
  const token = signJwt(claims, secret);
  expect(() => verifyJwt(token, 'another-secret-that-is-long-enough-00', now)).toThrow(
    expect.objectContaining({ code: 'auth.invalid_token' }),
  );
  const [header, , signature] = token.split('.');
  const forged = `${header}.${b64({ ...claims, role: 'registrar' })}.${signature}`;
  expect(() => verifyJwt(forged, secret, now)).toThrow(expect.objectContaining({ code: 'auth.invalid_token' }));
});

it('refuses "alg: none" and any algorithm but HS256, even correctly signed', () => {
  const unsigned = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`;
  expect(() => verifyJwt(unsigned, secret, now)).toThrow(expect.objectContaining({ code: 'auth.invalid_token' }));
  const body = `${b64({ alg: 'HS512', typ: 'JWT' })}.${b64(claims)}`;
  const hs512 = `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
  expect(() => verifyJwt(hs512, secret, now)).toThrow(
    expect.objectContaining({ code: 'auth.invalid_token', message: 'invalid token: unexpected algorithm' }),
  );
});

it('refuses garbage', () => {
  for (const token of ['', 'a.b', 'a.b.c', `${b64({ alg: 'HS256' })}.not-json.sig`]) {
    expect(() => verifyJwt(token, secret, now)).toThrow(expect.objectContaining({ code: 'auth.invalid_token' }));
  }
});

it('interoperates with @nestjs/jwt (jsonwebtoken) in both directions', () => {
  const nest = new JwtService({ secret });
  expect(nest.verify(signJwt(claims, secret), { clockTimestamp: iat })).toMatchObject({ sub: 'acc-1', role: 'buyer' });
  const theirs = nest.sign({ sub: 'acc-2', iat }, { expiresIn: 60 });
  expect(verifyJwt(theirs, secret, now)).toMatchObject({ sub: 'acc-2', exp: iat + 60 });
});
