import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The classifier's usage columns are moved by deltas (libs/classifier/projections/classifier-usage.ts) instead
 * of being derived from a row per (code or ancestor, kind, subject): that table held two million rows for a
 * million events and writing it was most of a rebuild. What the deltas need instead: the codes each supplier
 * registered, and per (code, supplier) how many tenders award the supplier something at or below the code.
 * The projection's version goes up with this, so its read model is rebuilt from zero.
 */
export class CountClassifierUsageByDeltas1763856650000 implements MigrationInterface {
  name = 'CountClassifierUsageByDeltas1763856650000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE classifier_usage');
    await queryRunner.query('ALTER TABLE classifier_tenders DROP COLUMN supplier_ids');
    await queryRunner.query(`
      CREATE TABLE classifier_suppliers (
        supplier_id text PRIMARY KEY,
        codes text[] NOT NULL
      )`);
    await queryRunner.query(
      `COMMENT ON TABLE classifier_suppliers IS 'The codes each supplier of the register offers, as it registered them'`,
    );
    await queryRunner.query(`
      CREATE TABLE classifier_supplier_awards (
        scheme text NOT NULL,
        code text NOT NULL,
        supplier_id text NOT NULL,
        uses integer NOT NULL,
        PRIMARY KEY (scheme, code, supplier_id)
      )`);
    await queryRunner.query(
      `COMMENT ON COLUMN classifier_supplier_awards.uses IS 'Public tenders with a standing award of the supplier for an item at or below the code'`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE classifier_supplier_awards, classifier_suppliers');
    await queryRunner.query(`ALTER TABLE classifier_tenders ADD COLUMN supplier_ids text[] NOT NULL DEFAULT '{}'`);
    await queryRunner.query('CREATE INDEX classifier_tenders_suppliers ON classifier_tenders USING gin (supplier_ids)');
    await queryRunner.query(`
      CREATE TABLE classifier_usage (
        scheme text NOT NULL,
        code text NOT NULL,
        kind text NOT NULL,
        subject_id text NOT NULL,
        amount bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (scheme, code, kind, subject_id)
      )`);
    await queryRunner.query('CREATE INDEX classifier_usage_subject ON classifier_usage (kind, subject_id)');
  }
}
