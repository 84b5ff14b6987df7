import { Injectable } from '@nestjs/common';
import { invalid } from '@licita/shared';
import { DataSource } from 'typeorm';

/**
 * Whom a research goes to, read from the single register's directory (`supplier_directory`, the suppliers'
 * declared classifier codes) and the classifier's tree (`classifier_codes.ancestors`): eventually consistent, as
 * every lookup of another context's facts before a decision. Only verified suppliers receive a research.
 */
@Injectable()
export class Addressees {
  constructor(private readonly db: DataSource) {}

  /**
   * The verified suppliers that deal in any of the codes: a supplier declared the item's code itself or one of its
   * ancestors (a supplier of "30200000-1 Equipo de cómputo" deals in "30213100-6 Computadoras portátiles").
   */
  async dealingIn(codes: string[]): Promise<string[]> {
    const rows: Array<{ supplier_id: string }> = await this.db.query(
      `WITH wanted AS (
         SELECT unnest($1::text[]) AS code
         UNION SELECT unnest(ancestors) FROM classifier_codes WHERE code = ANY ($1::text[]) AND NOT retired
       )
       SELECT supplier_id FROM supplier_directory
        WHERE status = 'verified' AND classifier_codes && ARRAY (SELECT code FROM wanted)
        ORDER BY supplier_id`,
      [codes],
    );
    return rows.map((row) => row.supplier_id);
  }

  /** The invited suppliers, each verified in the register; 422 `market_research.unknown_supplier` names the others. */
  async invited(supplierIds: string[]): Promise<string[]> {
    const wanted = [...new Set(supplierIds)];
    const rows: Array<{ supplier_id: string }> = await this.db.query(
      `SELECT supplier_id FROM supplier_directory WHERE status = 'verified' AND supplier_id = ANY ($1::text[])`,
      [wanted],
    );
    const found = new Set(rows.map((row) => row.supplier_id));
    const missing = wanted.filter((id) => !found.has(id));
    if (missing.length > 0)
      throw invalid('market_research.unknown_supplier', 'invite only verified suppliers of the register', {
        field: 'invitedSupplierIds',
        supplierIds: missing,
      });
    return wanted;
  }
}
