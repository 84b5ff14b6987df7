import { DEFAULT_SCRYPT_COST, PasswordHasher } from './password-hasher';

/** A low cost keeps these tests fast; the format and the comparison are the same at any cost. */
const hasher = new PasswordHasher({ ln: 10, r: 8, p: 1 });
const password = 'correct horse battery staple';

it('stores salt, cost and hash in the PHC format, never the password', async () => {
  const stored = await hasher.hash(password);
  expect(stored).toMatch(/^\$scrypt\$ln=10,r=8,p=1\$[A-Za-z0-9+/]{22}\$[A-Za-z0-9+/]{43}$/);
  expect(stored).not.toContain(password);
});

it('salts every hash: the same password hashes differently each time', async () => {
  expect(await hasher.hash(password)).not.toBe(await hasher.hash(password));
});

it('accepts the password and refuses any other', async () => {
  const stored = await hasher.hash(password);
  expect(await hasher.verify(password, stored)).toBe(true);
  expect(await hasher.verify('correct horse battery stapler', stored)).toBe(false);
  expect(await hasher.verify('', stored)).toBe(false);
});

it('verifies with the cost stored in the hash, not the current one', async () => {
  const stored = await hasher.hash(password);
  expect(await new PasswordHasher({ ln: 11, r: 8, p: 1 }).verify(password, stored)).toBe(true);
});

it('matches the same password typed in another Unicode form (NFKC)', async () => {
  const stored = await hasher.hash('contraseña segura 2026');
  expect(await hasher.verify('contrasen\u0303a segura 2026', stored)).toBe(true);
});

it('never matches a malformed or tampered hash', async () => {
  const stored = await hasher.hash(password);
  expect(await hasher.verify(password, 'plain-text')).toBe(false);
  expect(await hasher.verify(password, stored.replace('ln=10', 'ln=40'))).toBe(false);
  expect(await hasher.verify(password, stored.slice(0, -2) + (stored.endsWith('AA') ? 'BB' : 'AA'))).toBe(false);
});

it('refuses passwords shorter than 12 or longer than 128 characters', async () => {
  await expect(hasher.hash('short-pass1')).rejects.toMatchObject({ code: 'account.weak_password', kind: 'invalid' });
  await expect(hasher.hash('x'.repeat(129))).rejects.toMatchObject({ code: 'account.weak_password' });
  await expect(hasher.hash('ñ'.repeat(12))).resolves.toMatch(/^\$scrypt\$/);
});

it('asks for a new hash when the stored cost is below the current one', async () => {
  const stored = await hasher.hash(password);
  expect(hasher.needsRehash(stored)).toBe(false);
  expect(new PasswordHasher(DEFAULT_SCRYPT_COST).needsRehash(stored)).toBe(true);
});

it('works at the default cost (an OWASP minimum: N = 2^15, r = 8, p = 3)', async () => {
  const strong = new PasswordHasher();
  const stored = await strong.hash(password);
  expect(stored).toMatch(/^\$scrypt\$ln=15,r=8,p=3\$/);
  expect(await strong.verify(password, stored)).toBe(true);
});
