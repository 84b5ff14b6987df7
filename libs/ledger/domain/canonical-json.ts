import { canonicalJson as encode } from '@licita/shared';

/** The encoding every ledger hash is taken over: the shared canonical JSON, bigints as decimal strings. */
export const canonicalJson = (value: unknown): string => encode(value, { bigint: 'decimal-string' });
