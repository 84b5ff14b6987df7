import { Inject, Injectable, Optional } from '@nestjs/common';
import { CLOCK, type Clock, invalid, systemClock } from '@licita/shared';
import { DataSource } from 'typeorm';

/**
 * Whom a research goes to, read from the single register's directory (`supplier_directory`, the suppliers'
 * declared classifier codes) and the classifier's tree (`classifier_codes.ancestors`): eventually consistent, as
 * every lookup of another context's facts before a decision. Only verified suppliers without a sanction in force
 * (inhabilitación, as `sanctionsInForce` of the register reads it: started, not ended, not lifted) receive a
 * research: a supplier that may not contract gives no useful price.
 */
@Injectable()
export class Addressees {
  constructor(
    private readonly db: DataSource,
    @Optional() @Inject(CLOCK) private readonly clock: Clock = systemClock,
  ) {}

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
       SELECT supplier_id FROM supplier_directory d
        WHERE status = 'verified' AND classifier_codes && ARRAY (SELECT code FROM wanted)
          AND ${NOT_SANCTIONED}
        ORDER BY supplier_id`,
      [codes, this.clock.now()],
    );
    return rows.map((row) => row.supplier_id);
  }

  /**
   * The invited suppliers, each verified in the register; 422 `market_research.unknown_supplier` names the others,
   * 422 `market_research.supplier_sanctioned` those under a sanction in force.
   */
  async invited(supplierIds: string[]): Promise<string[]> {
    const wanted = [...new Set(supplierIds)];
    const rows: Array<{ supplier_id: string; sanctioned: boolean }> = await this.db.query(
      `SELECT supplier_id, NOT ${NOT_SANCTIONED} AS sanctioned
         FROM supplier_directory d WHERE status = 'verified' AND supplier_id = ANY ($1::text[])`,
      [wanted, this.clock.now()],
    );
    const found = new Set(rows.map((row) => row.supplier_id));
    const missing = wanted.filter((id) => !found.has(id));
    if (missing.length > 0)
      throw invalid('market_research.unknown_supplier', 'invite only verified suppliers of the register', {
        field: 'invitedSupplierIds',
        supplierIds: missing,
      });
    const sanctioned = rows.filter((row) => row.sanctioned).map((row) => row.supplier_id);
    if (sanctioned.length > 0)
      throw invalid('market_research.supplier_sanctioned', 'a supplier under a sanction in force may not be asked', {
        field: 'invitedSupplierIds',
        supplierIds: sanctioned.sort(),
      });
    return wanted;
  }
}

/** `d` (a `supplier_directory` row) has no sanction in force at `$2`: the SQL twin of the register's `sanctionsInForce`. */
const NOT_SANCTIONED = `NOT EXISTS (
  SELECT 1 FROM supplier_sanctions s
   WHERE s.supplier_id = d.supplier_id AND s.starts_at <= $2
     AND (s.lifted_at IS NULL OR s.lifted_at > $2) AND (s.ends_at IS NULL OR s.ends_at > $2))`;
