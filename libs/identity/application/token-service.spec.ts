import type { ActiveAccount } from './token-service';
import { TokenService } from './token-service';

const tokens = new TokenService({ secret: 'a-test-secret-that-is-long-enough-1234' });
const now = new Date('2026-03-01T12:00:00Z');
const later = (seconds: number) => new Date(now.getTime() + seconds * 1000);
const anAccount = (overrides: Partial<ActiveAccount> = {}): ActiveAccount => ({
  status: 'active',
  accountId: 'acc-1',
  email: 'ana@kemper.example.mx',
  role: 'supplier',
  supplierId: 'sup-1',
  buyingUnitId: null,
  passwordHash: '$scrypt$…',
  mustChangePassword: false,
  sessionVersion: 3,
  ...overrides,
});

it('puts the principal in the access token, and nothing secret', () => {
  const { accessToken } = tokens.issue(anAccount(), now);
  expect(tokens.verifyAccess(accessToken, now)).toEqual({
    kind: 'account',
    accountId: 'acc-1',
    role: 'supplier',
    supplierId: 'sup-1',
  });
  const payload = Buffer.from(accessToken.split('.')[1], 'base64url').toString();
  expect(payload).not.toContain('scrypt');
  expect(payload).not.toContain('ana@');
});

it('carries a buyer unit and a pending password change', () => {
  const { accessToken } = tokens.issue(
    anAccount({ role: 'buyer', supplierId: null, buyingUnitId: 'unit-1', mustChangePassword: true }),
    now,
  );
  expect(tokens.verifyAccess(accessToken, now)).toEqual({
    kind: 'account',
    accountId: 'acc-1',
    role: 'buyer',
    buyingUnitId: 'unit-1',
    mustChangePassword: true,
  });
});

it('lets access tokens live 15 minutes and refresh tokens 7 days', () => {
  const pair = tokens.issue(anAccount(), now);
  expect(pair).toMatchObject({ tokenType: 'Bearer', expiresIn: 900, refreshExpiresIn: 604_800 });
  expect(() => tokens.verifyAccess(pair.accessToken, later(899))).not.toThrow();
  expect(() => tokens.verifyAccess(pair.accessToken, later(900))).toThrow(
    expect.objectContaining({ code: 'auth.token_expired' }),
  );
  expect(tokens.verifyRefresh(pair.refreshToken, later(604_799))).toEqual({ accountId: 'acc-1', sessionVersion: 3 });
  expect(() => tokens.verifyRefresh(pair.refreshToken, later(604_800))).toThrow(
    expect.objectContaining({ code: 'auth.token_expired' }),
  );
});

it('does not take a refresh token for an access token, or the other way round', () => {
  const pair = tokens.issue(anAccount(), now);
  expect(() => tokens.verifyAccess(pair.refreshToken, now)).toThrow(
    expect.objectContaining({ code: 'auth.invalid_token', kind: 'unauthorized' }),
  );
  expect(() => tokens.verifyRefresh(pair.accessToken, now)).toThrow(
    expect.objectContaining({ code: 'auth.invalid_token' }),
  );
});

it('refuses tokens of another issuer with the same secret', () => {
  const other = new TokenService({ secret: 'a-test-secret-that-is-long-enough-1234', issuer: 'elsewhere' });
  expect(() => tokens.verifyAccess(other.issue(anAccount(), now).accessToken, now)).toThrow(
    expect.objectContaining({ code: 'auth.invalid_token' }),
  );
});

it('refuses to start with a short secret', () => {
  expect(() => new TokenService({ secret: 'short' })).toThrow('at least 32 characters');
});
