import { sqlMigration } from './sql-migration';

/**
 * OCDS open data (libs/transparency/ocds): the releases served by /api/ocds, and what the `ocds` projection
 * keeps to write them: each contracting process's folded facts, the parties from the register, and the tender
 * of each contract.
 */
export const CreateOcdsReleases1763856500000 = sqlMigration('CreateOcdsReleases1763856500000', {
  up: [
    `
      CREATE TABLE ocds_releases (
        release_id text PRIMARY KEY,
        ocid text NOT NULL,
        tender_id text NOT NULL,
        position bigint NOT NULL UNIQUE,
        date timestamptz NOT NULL,
        tags text[] NOT NULL,
        release json NOT NULL
      )`,
    'CREATE INDEX ocds_releases_ocid ON ocds_releases (ocid, position)',
    `COMMENT ON COLUMN ocds_releases.position IS
      'Global event-log position of the last event the release shows: the order and cursor of /api/ocds/releases'`,
    `COMMENT ON COLUMN ocds_releases.release IS
      'The OCDS release as published (json, not jsonb: served verbatim, keys in their written order)'`,
    `
      CREATE TABLE ocds_processes (
        tender_id text PRIMARY KEY,
        ocid text NOT NULL UNIQUE,
        state jsonb NOT NULL
      )`,
    `
      CREATE TABLE ocds_parties (
        party_id text PRIMARY KEY,
        record jsonb NOT NULL
      )`,
    `
      CREATE TABLE ocds_contracts (
        contract_id text PRIMARY KEY,
        tender_id text NOT NULL
      )`,
  ],

  down: [
    'DROP TABLE ocds_contracts',
    'DROP TABLE ocds_parties',
    'DROP TABLE ocds_processes',
    'DROP TABLE ocds_releases',
  ],
});
