import { HttpException } from '@nestjs/common';

/** A query parameter the API cannot use: 400 problem+json with a stable `code` (`transparency.invalid_cursor`…). */
export const badRequest = (code: string, detail: string, details?: Record<string, unknown>) =>
  new HttpException({ code, detail, details }, 400);

/** Opaque cursors: base64url of a JSON array. */
export const encodeCursor = (parts: unknown[]): string =>
  Buffer.from(JSON.stringify(parts), 'utf8').toString('base64url');

export function decodeCursor(cursor: string, code: string): unknown[] {
  try {
    const parts: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parts)) return parts;
  } catch {
    // answered below
  }
  throw badRequest(code, 'the cursor is not one this API returned');
}
