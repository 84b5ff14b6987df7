/**
 * The PostgreSQL event store's schema. Installed by `installPostgresEventStoreSchema` (idempotent) and by the
 * TypeORM migration that wraps it, so the store works the same inside the app and on its own (tests, bench).
 *
 * Concurrency: `es_streams` holds each stream's last revision; an append locks that row, checks the expected
 * revision and moves it on (one UPDATE), and `UNIQUE (stream_id, stream_revision)` backs it up.
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
  CONSTRAINT es_events_stream_revision_key UNIQUE (stream_id, stream_revision)
);

-- Idempotent ids: an event id at most once in its stream. The key is the stream's 64-bit hash and the id, 32
-- bytes an entry whatever the stream's name (a UNIQUE (stream_id, event_id) took 72 for a stream named like
-- "tender-<uuid>", and its entries were a fifth of the WAL of every appended event); a stream's entries stay
-- together as before. Two streams whose names hash alike cannot both hold one id: stricter, never weaker. A
-- database from before holds the constraint on (stream_id, event_id): the index replaces it, under the same name.
DO $ids$ BEGIN
  IF EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'es_events_stream_event_id_key'
             AND conrelid = 'es_events'::regclass) THEN
    ALTER TABLE es_events DROP CONSTRAINT es_events_stream_event_id_key;
  END IF;
END
$ids$;
CREATE UNIQUE INDEX IF NOT EXISTS es_events_stream_event_id_key
  ON es_events ((hashtextextended(stream_id, 0)), event_id);

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
  IF p_expected = -1 THEN
    -- A new stream: its row, in one statement. A stream created meanwhile is a conflict (ON CONFLICT waits for
    -- its creator, so a rolled-back one is no conflict).
    INSERT INTO es_streams (stream_id, revision) VALUES (p_stream, v_count - 1) ON CONFLICT DO NOTHING;
    IF NOT FOUND THEN
      SELECT s.revision INTO v_current FROM es_streams s WHERE s.stream_id = p_stream;
      RAISE EXCEPTION 'wrong expected version' USING ERRCODE = 'LC409', DETAIL = coalesce(v_current, -1)::text;
    END IF;
    v_current := -1;
  ELSE
    LOOP
      -- Lock the stream's row, check the expected revision and move it on in one statement (a SELECT … FOR
      -- UPDATE first cost a statement and a WAL record of its own per append). A concurrent append holds the
      -- row until it ends; the condition is then checked again on the revision it left.
      UPDATE es_streams s SET revision = s.revision + v_count
      WHERE s.stream_id = p_stream AND (p_expected < -1 OR s.revision = p_expected)
      RETURNING s.revision - v_count INTO v_current;
      EXIT WHEN FOUND;
      SELECT s.revision INTO v_current FROM es_streams s WHERE s.stream_id = p_stream;
      IF FOUND THEN
        IF p_expected >= 0 AND v_current <> p_expected THEN
          RAISE EXCEPTION 'wrong expected version' USING ERRCODE = 'LC409', DETAIL = v_current::text;
        END IF;
        -- Created after our UPDATE looked: take it.
        CONTINUE;
      END IF;
      IF p_expected <> -2 THEN
        RAISE EXCEPTION 'wrong expected version' USING ERRCODE = 'LC409', DETAIL = '-1';
      END IF;
      -- any on a missing stream: create it, unless another append just did (then take it).
      INSERT INTO es_streams (stream_id, revision) VALUES (p_stream, v_count - 1) ON CONFLICT DO NOTHING;
      IF FOUND THEN
        v_current := -1;
        EXIT;
      END IF;
    END LOOP;
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

-- Several streams' appends in one call, set-based (one statement per step, not per stream), for bulk writers
-- such as the historical import: p_streams distinct, each with its expected revision (as es_append's), then the
-- events in order with the index (1-based) of their stream and their data and metadata as two JSON arrays.
-- Streams are locked in id order, every expected revision is checked before anything is written (LC409, DETAIL =
-- the actual revision, on the first mismatch), and the events get the same revisions, positions and advisory
-- lock as es_append would give them. Returns each stream's next expected revision and last position.
CREATE OR REPLACE FUNCTION es_append_batch(
  p_streams text[], p_expected bigint[], p_stream_of int[], p_ids uuid[], p_types text[], p_data jsonb, p_metadata jsonb
) RETURNS TABLE (stream_ord int, next_revision bigint, last_position bigint)
LANGUAGE plpgsql AS $batch$
DECLARE
  v_current bigint[];
  v_bad text;
  v_new int;
  v_created int;
BEGIN
  PERFORM pg_advisory_xact_lock_shared(7150300, 0);
  IF cardinality(p_streams) <> (SELECT count(DISTINCT s) FROM unnest(p_streams) AS s) THEN
    RAISE EXCEPTION 'es_append_batch needs distinct streams' USING ERRCODE = '22023';
  END IF;
  PERFORM 1 FROM es_streams s WHERE s.stream_id = ANY (p_streams) ORDER BY s.stream_id FOR UPDATE;
  SELECT array_agg(coalesce(s.revision, -1) ORDER BY w.ord) INTO v_current
  FROM unnest(p_streams) WITH ORDINALITY AS w(stream_id, ord) LEFT JOIN es_streams s ON s.stream_id = w.stream_id;
  SELECT v_current[w.ord]::text INTO v_bad
  FROM unnest(p_expected) WITH ORDINALITY AS w(expected, ord)
  WHERE (v_current[w.ord] < 0 AND (w.expected >= 0 OR w.expected = -3))
     OR (v_current[w.ord] >= 0 AND (w.expected = -1 OR (w.expected >= 0 AND w.expected <> v_current[w.ord])))
  ORDER BY w.ord LIMIT 1;
  IF FOUND THEN
    RAISE EXCEPTION 'wrong expected version' USING ERRCODE = 'LC409', DETAIL = v_bad;
  END IF;
  WITH counted AS (
    SELECT e.k, count(*) AS n FROM unnest(p_stream_of) AS e(k) GROUP BY e.k
  ), created AS (
    INSERT INTO es_streams (stream_id, revision)
    SELECT p_streams[c.k], c.n - 1 FROM counted c WHERE v_current[c.k] < 0 ORDER BY p_streams[c.k]
    ON CONFLICT DO NOTHING RETURNING 1
  ), moved AS (
    UPDATE es_streams s SET revision = v_current[c.k] + c.n
    FROM counted c WHERE v_current[c.k] >= 0 AND s.stream_id = p_streams[c.k] RETURNING 1
  )
  SELECT (SELECT count(*) FROM counted c WHERE v_current[c.k] < 0), (SELECT count(*) FROM created)
  INTO v_new, v_created;
  IF v_created <> v_new THEN
    -- Another append created one of the new streams between our read and our insert.
    RAISE EXCEPTION 'wrong expected version' USING ERRCODE = 'LC409', DETAIL = '0';
  END IF;
  RETURN QUERY
    WITH events AS (
      SELECT e.k, e.id, e.type, e.ord,
             v_current[e.k] + row_number() OVER (PARTITION BY e.k ORDER BY e.ord) AS revision
      FROM unnest(p_stream_of, p_ids, p_types) WITH ORDINALITY AS e(k, id, type, ord)
    ), inserted AS (
      INSERT INTO es_events (stream_id, stream_revision, event_id, type, data, metadata)
      SELECT p_streams[e.k], e.revision, e.id, e.type, p_data -> (e.ord::int - 1), p_metadata -> (e.ord::int - 1)
      FROM events e
      ORDER BY e.ord
      RETURNING stream_id, stream_revision, global_position
    )
    SELECT w.ord::int, max(i.stream_revision), max(i.global_position)
    FROM inserted i JOIN unnest(p_streams) WITH ORDINALITY AS w(stream_id, ord) ON w.stream_id = i.stream_id
    GROUP BY w.ord
    ORDER BY w.ord;
END
$batch$;

-- Runs as its owner: an application role that may not write es_events or es_streams appends through it alone
-- (libs/platform/database-roles.ts). The search path is pinned (this schema, pg_temp last) so no caller can
-- put a table of its own in the function's way.
DO $security$ BEGIN
  EXECUTE format('ALTER FUNCTION es_append(text, bigint, uuid[], text[], jsonb[], jsonb[]) SECURITY DEFINER '
    'SET search_path = pg_catalog, %I, pg_temp', current_schema());
  EXECUTE format('ALTER FUNCTION es_append_batch(text[], bigint[], int[], uuid[], text[], jsonb, jsonb) '
    'SECURITY DEFINER SET search_path = pg_catalog, %I, pg_temp', current_schema());
END
$security$;
`;

/** The body of `es_append` as installed; the store installs nothing when the database already has it. */
export const APPEND_FUNCTION_BODY = /\$fn\$([\s\S]*)\$fn\$/.exec(EVENT_STORE_SCHEMA_SQL)![1];

/** The body of `es_append_batch` as installed: a database without it (or with an older one) gets it installed. */
export const APPEND_BATCH_FUNCTION_BODY = /\$batch\$([\s\S]*)\$batch\$/.exec(EVENT_STORE_SCHEMA_SQL)![1];

export const DROP_EVENT_STORE_SCHEMA_SQL = `
DROP FUNCTION IF EXISTS es_append(text, bigint, uuid[], text[], jsonb[], jsonb[]);
DROP FUNCTION IF EXISTS es_append_batch(text[], bigint[], int[], uuid[], text[], jsonb, jsonb);
DROP TABLE IF EXISTS es_events;
DROP TABLE IF EXISTS es_streams;
`;

export const APPEND_NOTIFY_CHANNEL = 'licita_events_appended';
