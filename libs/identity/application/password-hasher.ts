import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { invalid } from '@licita/shared';

/** scrypt cost: N = 2^ln, block size r, parallelism p. */
export type ScryptCost = { ln: number; r: number; p: number };

/**
 * One of OWASP's equivalent minimums for scrypt (Password Storage Cheat Sheet): N = 2^15, r = 8, p = 3.
 * Same work as N = 2^17, p = 1 but 32 MiB per hash instead of 128 MiB, which matters with four hashes at
 * once on libuv's thread pool. About 0.27 s per hash on one core of the 2-core CI machine.
 */
export const DEFAULT_SCRYPT_COST: ScryptCost = { ln: 15, r: 8, p: 3 };

/**
 * Injection token of a cost other than the default, for the e2e tests only (test/support/api-app.ts provides
 * it from a module of its own): hundreds of logins per test run at 0.27 s of CPU each were minutes of the
 * run on two cores. No setting or variable of the program reaches it: a deployment always hashes at the default.
 */
export const PASSWORD_HASH_COST = Symbol('PASSWORD_HASH_COST');

const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
const STORED = /^\$scrypt\$ln=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 128;

/**
 * Salted scrypt in the PHC string format, `$scrypt$ln=17,r=8,p=1$<salt>$<hash>` (base64 without padding),
 * so each hash carries the cost it was made with and stronger settings apply to new hashes only.
 * Passwords are NFKC-normalized first (the same password typed on another keyboard still matches).
 */
export class PasswordHasher {
  constructor(private readonly cost: ScryptCost = DEFAULT_SCRYPT_COST) {}

  async hash(password: string): Promise<string> {
    checkPassword(password);
    const salt = randomBytes(SALT_LENGTH);
    const key = await derive(password, salt, this.cost);
    const { ln, r, p } = this.cost;
    return `$scrypt$ln=${ln},r=${r},p=${p}$${b64(salt)}$${b64(key)}`;
  }

  /** Constant-time comparison; a malformed stored hash never matches. */
  async verify(password: string, stored: string): Promise<boolean> {
    const parsed = parse(stored);
    if (!parsed || typeof password !== 'string' || password.length > PASSWORD_MAX_LENGTH) return false;
    const key = await derive(password, parsed.salt, parsed.cost);
    return key.length === parsed.key.length && timingSafeEqual(key, parsed.key);
  }

  /** The stored hash was made with a lower cost than this hasher's: hash again after the next login. */
  needsRehash(stored: string): boolean {
    const parsed = parse(stored);
    return !parsed || parsed.cost.ln < this.cost.ln || parsed.cost.r < this.cost.r || parsed.cost.p < this.cost.p;
  }
}

/** Length only (NIST SP 800-63B): at least 12 characters, at most 128. */
export function checkPassword(password: unknown): asserts password is string {
  const length = typeof password === 'string' ? [...password.normalize('NFKC')].length : 0;
  if (length < PASSWORD_MIN_LENGTH || length > PASSWORD_MAX_LENGTH) {
    throw invalid(
      'account.weak_password',
      `a password has ${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters`,
      {
        minLength: PASSWORD_MIN_LENGTH,
        maxLength: PASSWORD_MAX_LENGTH,
      },
    );
  }
}

function derive(password: string, salt: Buffer, { ln, r, p }: ScryptCost): Promise<Buffer> {
  const N = 2 ** ln;
  const options: ScryptOptions = { N, r, p, maxmem: 256 * N * r + 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, options, (error, key) =>
      error ? reject(error) : resolve(key),
    ),
  );
}

function parse(stored: string): { cost: ScryptCost; salt: Buffer; key: Buffer } | null {
  const match = typeof stored === 'string' ? STORED.exec(stored) : null;
  if (!match) return null;
  const [ln, r, p] = [match[1], match[2], match[3]].map(Number);
  if (ln < 1 || ln > 24 || r < 1 || r > 32 || p < 1 || p > 16) return null;
  return { cost: { ln, r, p }, salt: Buffer.from(match[4], 'base64'), key: Buffer.from(match[5], 'base64') };
}

const b64 = (bytes: Buffer) => bytes.toString('base64').replace(/=+$/, '');
