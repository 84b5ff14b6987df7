/**
 * The PostgreSQL event store's schema. Installed by `installPostgresEventStoreSchema` (idempotent) and by the
 * TypeORM migration that wraps it, so the store works the same inside the app and on its own (tests, bench).
 *
 * Concurrency: `es_streams` holds each stream's last revision; an append locks that row, checks the expected
 * revision and moves it on, and `UNIQUE (stream_id, stream_revision)` backs it up.
 *
 * Gap-safe global order: positions come from an identity sequence (CACHE 1) and every appending transaction
 * takes the shared advisory lock "an append in flight" (7150300, 0) *before* its first position. Readers then
 * only deliver positions up to a frontier whose writers have all finished (see `SafeFrontier`); other
 * transactions in the cluster, however long, do not hold it back.
 *
 * Privileges: `es_append` is SECURITY DEFINER, so a role granted only SELECT on the tables and EXECUTE on it can
 * append and never change or delete an event.
 */
export const EVENT_STORE_SCHEMA_SQL = `
CREATE TABLE IF NOT EXISTS es_streams (
  stream_id text PRIMARY KEY,
  revision bigint NOT NULL
);

CREATE TABLE IF NOT EXISTS es_events (
  global_position bigint GENERATED ALWAYS AS IDENTITY (CACHE 1) PRIMARY KEY,
  stream_id text NOT NULL,
  stream_revision bigint NOT NULL,
  event_id uuid NOT NULL,
  type text NOT NULL,
  data jsonb NOT NULL,
  metadata jsonb NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT es_events_stream_revision_key UNIQUE (stream_id, stream_revision),
  CONSTRAINT es_events_stream_event_id_key UNIQUE (stream_id, event_id)
);

-- p_expected: -1 no_stream, -2 any, -3 stream_exists, >= 0 that exact revision.
-- Raises SQLSTATE LC409 with DETAIL = the actual revision (-1: no stream) on a mismatch.
CREATE OR REPLACE FUNCTION es_append(
  p_stream text, p_expected bigint, p_ids uuid[], p_types text[], p_data jsonb[], p_metadata jsonb[]
) RETURNS TABLE (next_revision bigint, last_position bigint)
LANGUAGE plpgsql AS $fn$
DECLARE
  v_current bigint;
  v_count bigint := cardinality(p_ids);
BEGIN
  -- Say "an append is in flight" before taking any position: readers rely on it to find a safe frontier.
  PERFORM pg_advisory_xact_lock_shared(7150300, 0);
  SELECT s.revision INTO v_current FROM es_streams s WHERE s.stream_id = p_stream FOR UPDATE;
  IF NOT FOUND THEN
    IF p_expected >= 0 OR p_expected = -3 THEN
      RAISE EXCEPTION 'wrong expected version' USING ERRCODE = 'LC409', DETAIL = '-1';
    END IF;
    INSERT INTO es_streams (stream_id, revision) VALUES (p_stream, v_count - 1) ON CONFLICT DO NOTHING;
    IF FOUND THEN
      v_current := -1;
    ELSE
      -- Another append created the stream between our read and our insert.
      SELECT s.revision INTO v_current FROM es_streams s WHERE s.stream_id = p_stream FOR UPDATE;
      IF p_expected = -1 THEN
        RAISE EXCEPTION 'wrong expected version' USING ERRCODE = 'LC409', DETAIL = v_current::text;
      END IF;
      UPDATE es_streams SET revision = v_current + v_count WHERE stream_id = p_stream;
    END IF;
  ELSE
    IF p_expected = -1 OR (p_expected >= 0 AND p_expected <> v_current) THEN
      RAISE EXCEPTION 'wrong expected version' USING ERRCODE = 'LC409', DETAIL = v_current::text;
    END IF;
    UPDATE es_streams SET revision = v_current + v_count WHERE stream_id = p_stream;
  END IF;
  RETURN QUERY
    WITH inserted AS (
      INSERT INTO es_events (stream_id, stream_revision, event_id, type, data, metadata)
      SELECT p_stream, v_current + e.ord, e.id, e.type, e.data, e.metadata
      FROM unnest(p_ids, p_types, p_data, p_metadata) WITH ORDINALITY AS e(id, type, data, metadata, ord)
      ORDER BY e.ord
      RETURNING global_position
    )
    SELECT v_current + v_count, max(inserted.global_position) FROM inserted;
END
$fn$;

-- Runs as its owner: an application role that may not write es_events or es_streams appends through it alone
-- (libs/platform/database-roles.ts). The search path is pinned (this schema, pg_temp last) so no caller can
-- put a table of its own in the function's way.
DO $security$ BEGIN
  EXECUTE format('ALTER FUNCTION es_append(text, bigint, uuid[], text[], jsonb[], jsonb[]) SECURITY DEFINER '
    'SET search_path = pg_catalog, %I, pg_temp', current_schema());
END
$security$;
`;

/** The body of `es_append` as installed; the store installs nothing when the database already has it. */
export const APPEND_FUNCTION_BODY = /\$fn\$([\s\S]*)\$fn\$/.exec(EVENT_STORE_SCHEMA_SQL)![1];

export const DROP_EVENT_STORE_SCHEMA_SQL = `
DROP FUNCTION IF EXISTS es_append(text, bigint, uuid[], text[], jsonb[], jsonb[]);
DROP TABLE IF EXISTS es_events;
DROP TABLE IF EXISTS es_streams;
`;

export const APPEND_NOTIFY_CHANNEL = 'licita_events_appended';
