import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The tokens of the links in e-mails, that act without a login: `confirm` (the address is the holder's) and
 * `unsubscribe` (one subscription, or all with an empty key). An HMAC-SHA256 over the purpose, account and
 * subject with the alerts' secret; base64url `<payload>.<mac>`. No expiry: an unsubscribe link must keep
 * working in an old e-mail.
 */
export type LinkPurpose = 'confirm' | 'unsubscribe';
export type LinkClaims = { purpose: LinkPurpose; accountId: string; subject: string };

export function signLink(secret: string, claims: LinkClaims): string {
  const payload = Buffer.from(JSON.stringify([claims.purpose, claims.accountId, claims.subject])).toString('base64url');
  return `${payload}.${mac(secret, payload)}`;
}

/** The claims of a token this secret signed for this purpose, or null. */
export function verifyLink(secret: string, token: unknown, purpose: LinkPurpose): LinkClaims | null {
  if (typeof token !== 'string' || token.length > 2000) return null;
  const [payload, given, ...rest] = token.split('.');
  if (!payload || !given || rest.length > 0) return null;
  const expected = Buffer.from(mac(secret, payload));
  const actual = Buffer.from(given);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
  try {
    const [kind, accountId, subject] = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown[];
    if (kind !== purpose || typeof accountId !== 'string' || typeof subject !== 'string') return null;
    return { purpose, accountId, subject };
  } catch {
    return null;
  }
}

const mac = (secret: string, payload: string) =>
  createHmac('sha256', secret).update(`licita-alerts|${payload}`).digest('base64url');
