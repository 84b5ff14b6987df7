import { sqlMigration } from './sql-migration';

/**
 * The public ledger (libs/ledger): one entry per event of the log in global order with its leaf and chain
 * hashes, the complete subtrees of the Merkle tree over the leaves (for proofs), and the signed checkpoints.
 * Append-only: a trigger refuses UPDATE, DELETE and TRUNCATE. An owner of the database can still drop the
 * trigger; what catches that is the signatures, which the database cannot forge.
 */
export const CreateLedger1763856600000 = sqlMigration('CreateLedger1763856600000', {
  up: [
    `
      CREATE TABLE ledger_entries (
        position bigint PRIMARY KEY,
        leaf_index bigint NOT NULL UNIQUE,
        event_id uuid NOT NULL,
        event_type text NOT NULL,
        stream_id text,
        stream_revision bigint NOT NULL,
        leaf_hash bytea NOT NULL,
        chain_hash bytea NOT NULL,
        sealed_at timestamptz NOT NULL DEFAULT now()
      )`,
    'CREATE INDEX ledger_entries_stream ON ledger_entries (stream_id, stream_revision)',
    `COMMENT ON COLUMN ledger_entries.leaf_hash IS
      'SHA-256 of the canonical JSON of the event''s public form (libs/ledger/domain/public-form.ts)'`,
    `COMMENT ON COLUMN ledger_entries.chain_hash IS 'SHA-256(previous chain_hash || leaf_hash); 32 zero bytes before the first'`,
    `COMMENT ON COLUMN ledger_entries.stream_id IS 'NULL when the stream''s name is private (it holds an email address or an RFC)'`,
    `
      CREATE TABLE ledger_nodes (
        level smallint NOT NULL,
        idx bigint NOT NULL,
        hash bytea NOT NULL,
        PRIMARY KEY (level, idx)
      )`,
    `COMMENT ON TABLE ledger_nodes IS
      'Complete subtrees of the RFC 9162 Merkle tree over ledger_entries.leaf_hash: 2^level leaves from idx * 2^level (level 0 is computed from the entries)'`,
    `
      CREATE TABLE ledger_checkpoints (
        tree_size bigint PRIMARY KEY,
        position bigint NOT NULL,
        root_hash bytea NOT NULL,
        chain_hash bytea NOT NULL,
        issued_at timestamptz NOT NULL,
        key_id text NOT NULL,
        signature bytea NOT NULL
      )`,
    `COMMENT ON TABLE ledger_checkpoints IS
      'Signed tree heads: Ed25519 (LICITA_LEDGER_KEY) over the canonical JSON of {log, treeSize, position, rootHash, chainHash, issuedAt}'`,
    `
      CREATE FUNCTION ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'the ledger is append-only: % on % refused', TG_OP, TG_TABLE_NAME;
      END $$`,
    ...['ledger_entries', 'ledger_nodes', 'ledger_checkpoints'].flatMap((table) => [
      `CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION ledger_append_only()`,
      `CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION ledger_append_only()`,
    ]),
  ],
  down: [
    'DROP TABLE ledger_checkpoints',
    'DROP TABLE ledger_nodes',
    'DROP TABLE ledger_entries',
    'DROP FUNCTION ledger_append_only()',
  ],
});
