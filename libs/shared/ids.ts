/**
 * What an identifier named by a client may look like (a UUID, `uc-imss-001`, an ocid, a classifier code
 * `45210000-2`, a release id): letters, digits and `. _ : -`, starting with a letter or digit, at most 200
 * characters. Anything else (NUL and other control characters, spaces, quotes, slashes, emoji, 10 KB) is refused
 * at the edge, before it reaches a query or a stream name.
 */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;

export const isWellFormedId = (value: unknown): value is string => typeof value === 'string' && ID_PATTERN.test(value);
