import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * OCDS open data (libs/transparency/ocds): the releases served by /api/ocds, and what the `ocds` projection
 * keeps to write them: each contracting process's folded facts, the parties from the register, and the tender
 * of each contract.
 */
export class CreateOcdsReleases1763856500000 implements MigrationInterface {
  name = 'CreateOcdsReleases1763856500000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE ocds_releases (
        release_id text PRIMARY KEY,
        ocid text NOT NULL,
        tender_id text NOT NULL,
        position bigint NOT NULL UNIQUE,
        date timestamptz NOT NULL,
        tags text[] NOT NULL,
        release json NOT NULL
      )`);
    await queryRunner.query('CREATE INDEX ocds_releases_ocid ON ocds_releases (ocid, position)');
    await queryRunner.query(`COMMENT ON COLUMN ocds_releases.position IS
      'Global event-log position of the last event the release shows: the order and cursor of /api/ocds/releases'`);
    await queryRunner.query(`COMMENT ON COLUMN ocds_releases.release IS
      'The OCDS release as published (json, not jsonb: served verbatim, keys in their written order)'`);
    await queryRunner.query(`
      CREATE TABLE ocds_processes (
        tender_id text PRIMARY KEY,
        ocid text NOT NULL UNIQUE,
        state jsonb NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE ocds_parties (
        party_id text PRIMARY KEY,
        record jsonb NOT NULL
      )`);
    await queryRunner.query(`
      CREATE TABLE ocds_contracts (
        contract_id text PRIMARY KEY,
        tender_id text NOT NULL
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE ocds_contracts');
    await queryRunner.query('DROP TABLE ocds_parties');
    await queryRunner.query('DROP TABLE ocds_processes');
    await queryRunner.query('DROP TABLE ocds_releases');
  }
}
