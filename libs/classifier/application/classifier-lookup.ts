import { Injectable } from '@nestjs/common';
import { invalid } from '@licita/shared';
import { DataSource } from 'typeorm';
import { normalizeCode } from '../domain/classifier-version';

/**
 * For other contexts' command handlers: are these codes in a classifier in force? Tender items and supplier
 * registrations check their codes here before deciding (the read model, so a code is known once the
 * classifier projection has applied its version).
 */
@Injectable()
export class ClassifierLookup {
  constructor(private readonly db: DataSource) {}

  /** The codes (normalized as the register does: trimmed, upper case) that no scheme, or not `scheme`, has. */
  async unknownCodes(codes: string[], scheme?: string): Promise<string[]> {
    const wanted = [...new Set(codes.map((code) => normalizeCode(String(code))))];
    if (wanted.length === 0) return [];
    const rows: Array<{ code: string }> = await this.db.query(
      `SELECT DISTINCT code FROM classifier_codes
       WHERE code = ANY ($1::text[]) AND NOT retired AND ($2::text IS NULL OR lower(scheme) = lower($2))`,
      [wanted, scheme ?? null],
    );
    const known = new Set(rows.map((row) => row.code));
    return wanted.filter((code) => !known.has(code));
  }

  /**
   * The code and every ancestor of it in the tree (normalized; the code alone when the classifier lacks it): a
   * supplier registered for "30200000-1 Equipo de cómputo" deals in "30213100-6 Computadoras portátiles", so whoever
   * addresses the suppliers of a code matches these against the register's codes.
   */
  async withAncestors(code: string): Promise<string[]> {
    const wanted = normalizeCode(String(code));
    const rows: Array<{ ancestors: string[] }> = await this.db.query(
      'SELECT ancestors FROM classifier_codes WHERE code = $1 AND NOT retired',
      [wanted],
    );
    return [...new Set([wanted, ...rows.flatMap((row) => row.ancestors ?? [])])];
  }

  /** Throws 422 `classifier.unknown_code` naming every unknown code (`details.unknownCodes`). */
  async assertKnown(codes: string[], scheme?: string): Promise<void> {
    const unknown = await this.unknownCodes(codes, scheme);
    if (unknown.length === 0) return;
    const where = scheme ? ` in ${scheme}` : '';
    throw invalid(
      'classifier.unknown_code',
      `unknown classifier code${unknown.length === 1 ? '' : 's'}${where}: ${unknown.join(', ')}`,
      {
        unknownCodes: unknown,
      },
    );
  }
}
