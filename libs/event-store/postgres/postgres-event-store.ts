import { EventEmitter } from 'node:events';
import { Client, Pool, type PoolConfig } from 'pg';
import {
  BatchAppendConflict,
  EventStoreUnavailable,
  IdempotencyConflict,
  WrongExpectedVersion,
} from '../event-store.errors';
import type {
  AppendOptions,
  AppendResult,
  EventFilter,
  EventMetadata,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  JsonObject,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamAppend,
  SubscribeOptions,
  Subscription,
} from '../event-store.port';
import {
  APPEND_BATCH_FUNCTION_BODY,
  APPEND_FUNCTION_BODY,
  APPEND_NOTIFY_CHANNEL,
  EVENT_STORE_SCHEMA_SQL,
} from './postgres-event-store.schema';
import { SafeFrontier } from './safe-frontier';
import { upcasters } from '../upcasting';
import { isConnectionError } from './connection-errors';

export interface PostgresEventStoreOptions {
  connectionString: string;
  /** Create the tables and function if missing (default true); the app's migrations also do it. */
  installSchema?: boolean;
  poolSize?: number;
  /** How often a live subscription looks for events when no notification came (the fallback). */
  pollIntervalMs?: number;
  /**
   * How long a read waits for the appends in flight below the head before it answers the last safe frontier
   * (default 2000; see SafeFrontier). Tests that hold an append open on purpose shorten it.
   */
  frontierMaxWaitMs?: number;
}

interface EventRow {
  global_position: string;
  stream_id: string;
  stream_revision: string;
  event_id: string;
  type: string;
  data: JsonObject;
  metadata: EventMetadata;
  recorded_at: Date;
}

const EVENT_COLUMNS =
  'global_position::text, stream_id, stream_revision::text, event_id, type, data, metadata, recorded_at';
const SUBSCRIPTION_PAGE = 1_000;
const SCHEMA_LOCK = 7_150_001;

export class PostgresEventStore implements EventStore {
  private readonly frontier: SafeFrontier;
  private readonly appended = new EventEmitter().setMaxListeners(0);
  private listener?: Client;
  private listening?: Promise<void>;
  private notifyTimer?: NodeJS.Timeout;
  private closed = false;
  /** Appends signalled so far (own and notified), so a subscriber busy reading does not miss one. */
  private appends = 0;

  private constructor(
    private readonly pool: Pool,
    private readonly options: PostgresEventStoreOptions,
  ) {
    this.frontier = new SafeFrontier(pool, undefined, options.frontierMaxWaitMs);
  }

  static async create(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const config: PoolConfig = {
      connectionString: options.connectionString,
      max: options.poolSize ?? 20,
      connectionTimeoutMillis: 5_000,
      application_name: 'licita-event-store',
    };
    const pool = new Pool(config);
    pool.on('error', () => undefined); // an idle client dropped by the server; the next query reconnects
    const store = new PostgresEventStore(pool, options);
    if (options.installSchema !== false) await store.guard(() => installPostgresEventStoreSchema(pool));
    return store;
  }

  async appendToStream(streamId: string, events: EventToAppend[], options: AppendOptions): Promise<AppendResult> {
    if (events.length === 0) throw new RangeError('appendToStream needs at least one event');
    const expected = encodeExpected(options.expectedRevision);
    const stamped = events.map((event) => upcasters.stamp(event));
    try {
      const { rows } = await this.pool.query<{ next_revision: string; last_position: string }>(
        'SELECT next_revision::text, last_position::text FROM es_append($1, $2, $3::uuid[], $4::text[], $5::jsonb[], $6::jsonb[])',
        [
          streamId,
          expected.toString(),
          stamped.map((e) => e.id),
          stamped.map((e) => e.type),
          stamped.map((e) => JSON.stringify(e.data)),
          stamped.map((e) => JSON.stringify(e.metadata)),
        ],
      );
      this.signalAppended();
      return { nextExpectedRevision: BigInt(rows[0].next_revision), position: BigInt(rows[0].last_position) };
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (
        code === 'LC409' ||
        (code === '23505' && (error as { constraint?: string }).constraint === 'es_events_stream_event_id_key')
      ) {
        const retried = await this.findEarlierAppend(streamId, events);
        if (retried) return retried;
        // None of the ids in this stream: another stream whose name hashes alike holds one of them.
        if (code === '23505')
          throw new IdempotencyConflict(
            streamId,
            events.map((e) => e.id),
          );
        if (code === 'LC409') {
          const actual = BigInt((error as { detail: string }).detail);
          throw new WrongExpectedVersion(streamId, options.expectedRevision, actual < 0n ? 'no_stream' : actual);
        }
      }
      throw this.translate(error);
    }
  }

  /**
   * Several streams in one call of `es_append_batch`, so one transaction (and one commit) for the batch, and the
   * work set-based in PostgreSQL (a statement per step, not per stream): every expected revision is checked, the
   * streams are locked in id order (two batches over the same streams cannot deadlock), then the events are
   * inserted in one statement. Data and metadata travel as two JSON arrays (one `JSON.stringify` each).
   */
  async appendToStreams(writes: StreamAppend[]): Promise<AppendResult[]> {
    if (writes.length === 0) return [];
    if (writes.some((w) => w.events.length === 0))
      throw new RangeError('appendToStreams needs events for every stream');
    if (new Set(writes.map((w) => w.streamId)).size !== writes.length)
      throw new RangeError('appendToStreams takes each stream once');
    const order = writes.map((_, i) => i).sort((a, b) => (writes[a].streamId < writes[b].streamId ? -1 : 1));
    const streams: string[] = [];
    const expected: string[] = [];
    const streamOf: number[] = [];
    const ids: string[] = [];
    const types: string[] = [];
    const data: JsonObject[] = [];
    const metadata: EventMetadata[] = [];
    order.forEach((i, k) => {
      streams.push(writes[i].streamId);
      expected.push(encodeExpected(writes[i].expectedRevision).toString());
      for (const event of writes[i].events) {
        const stamped = upcasters.stamp(event);
        streamOf.push(k + 1);
        ids.push(stamped.id);
        types.push(stamped.type);
        data.push(stamped.data);
        metadata.push(stamped.metadata);
      }
    });
    try {
      const { rows } = await this.pool.query<{ stream_ord: number; next_revision: string; last_position: string }>(
        `SELECT stream_ord, next_revision::text, last_position::text
         FROM es_append_batch($1::text[], $2::bigint[], $3::int[], $4::uuid[], $5::text[], $6::jsonb, $7::jsonb)`,
        [streams, expected, streamOf, ids, types, JSON.stringify(data), JSON.stringify(metadata)],
      );
      this.signalAppended();
      const results: AppendResult[] = new Array<AppendResult>(writes.length);
      for (const row of rows)
        results[order[row.stream_ord - 1]] = {
          nextExpectedRevision: BigInt(row.next_revision),
          position: BigInt(row.last_position),
        };
      return results;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code === 'LC409' || code === '23505') throw new BatchAppendConflict(writes.map((w) => w.streamId));
      throw this.translate(error);
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision ?? (backwards ? null : 0n);
    const { rows } = await this.guard(() =>
      this.pool.query<EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM es_events
         WHERE stream_id = $1 AND ($2::bigint IS NULL OR stream_revision ${backwards ? '<=' : '>='} $2::bigint)
         ORDER BY es_events.stream_revision ${backwards ? 'DESC' : 'ASC'} LIMIT $3`,
        [streamId, from === null ? null : from.toString(), options.maxCount ?? null],
      ),
    );
    return rows.map(toRecorded);
  }

  /** Several streams in one statement (the port's `readStreams`). */
  async readStreams(streamIds: readonly string[]): Promise<Map<string, RecordedEvent[]>> {
    const streams = new Map<string, RecordedEvent[]>(streamIds.map((id) => [id, []]));
    if (streams.size === 0) return streams;
    const { rows } = await this.guard(() =>
      this.pool.query<EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM es_events WHERE stream_id = ANY($1::text[])
         ORDER BY es_events.stream_id, es_events.stream_revision`,
        [[...streams.keys()]],
      ),
    );
    for (const row of rows) streams.get(row.stream_id)?.push(toRecorded(row));
    return streams;
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    return (await this.readPage(options.fromPosition ?? 0n, options.maxCount ?? 10_000, options.filter)).events;
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    return new PostgresSubscription(
      this,
      options.fromPosition ?? 0n,
      options.filter,
      this.options.pollIntervalMs ?? 1_000,
    );
  }

  /** The safe frontier: `max(global_position)` could be ahead of a position still in flight. */
  async headPosition(): Promise<bigint> {
    return this.guard(() => this.frontier.advance());
  }

  async ping(): Promise<void> {
    await this.guard(() => this.pool.query('SELECT 1 FROM es_streams LIMIT 1'));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearTimeout(this.notifyTimer);
    this.appended.emit('appended');
    await this.listener?.end().catch(() => undefined);
    await this.pool.end();
  }

  /**
   * Events after `from` up to the safe frontier. `scannedTo` is how far the log was looked at, which is past
   * the last event when a filter left the rest out: subscribers move on to it instead of scanning it again.
   */
  async readPage(
    from: bigint,
    maxCount: number,
    filter?: EventFilter,
  ): Promise<{ events: RecordedEvent[]; scannedTo: bigint }> {
    let upTo = this.frontier.known;
    const events = upTo > from ? await this.selectRange(from, upTo, maxCount, filter) : [];
    if (events.length < maxCount) {
      // Only what lies past the frontier already read: every subscriber of a process wakes on the same append,
      // and the first to advance the frontier leaves the others a known frontier that covers most of it.
      const read = upTo > from ? upTo : from;
      upTo = await this.guard(() => this.frontier.advance());
      if (upTo > read) events.push(...(await this.selectRange(read, upTo, maxCount - events.length, filter)));
    }
    const scannedTo = events.length === maxCount ? events[events.length - 1].globalPosition : upTo > from ? upTo : from;
    return { events, scannedTo };
  }

  /** Appends this process has seen (its own, or notified by another): a subscriber notes it before it reads. */
  get appendsSeen(): number {
    return this.appends;
  }

  /**
   * Resolves on the next append seen by this process (its own, or notified by another), or after `ms`; at once
   * when one came after `since` (an `appendsSeen`): an append signalled while the caller was reading is not lost.
   */
  waitForAppend(ms: number, since?: number): Promise<void> {
    if (this.closed || (since !== undefined && since !== this.appends)) return Promise.resolve();
    void this.ensureListening();
    return new Promise((done) => {
      const finish = () => {
        clearTimeout(timer);
        this.appended.off('appended', finish);
        done();
      };
      const timer = setTimeout(finish, ms);
      this.appended.on('appended', finish);
    });
  }

  /** Ends every `waitForAppend` now: a closed subscription stops without waiting out its poll interval. */
  wakeWaiters(): void {
    this.appended.emit('appended');
  }

  get isClosed(): boolean {
    return this.closed;
  }

  private async selectRange(
    from: bigint,
    upTo: bigint,
    maxCount: number,
    filter?: EventFilter,
  ): Promise<RecordedEvent[]> {
    const types = filter?.eventTypePrefixes?.length ? filter.eventTypePrefixes.map(likePrefix) : null;
    const streams = filter?.streamPrefixes?.length ? filter.streamPrefixes.map(likePrefix) : null;
    const { rows } = await this.guard(() =>
      this.pool.query<EventRow>(
        `SELECT ${EVENT_COLUMNS} FROM es_events
         WHERE global_position > $1 AND global_position <= $2
           AND ($3::text[] IS NULL OR type LIKE ANY ($3::text[]))
           AND ($4::text[] IS NULL OR stream_id LIKE ANY ($4::text[]))
         ORDER BY es_events.global_position LIMIT $5`,
        [from.toString(), upTo.toString(), types, streams, maxCount],
      ),
    );
    return rows.map(toRecorded);
  }

  /** A retried append (same event ids, already stored) answers with the original result. */
  private async findEarlierAppend(streamId: string, events: EventToAppend[]): Promise<AppendResult | undefined> {
    const ids = events.map((e) => e.id);
    const { rows } = await this.guard(() =>
      this.pool.query<{ stream_revision: string; global_position: string }>(
        `SELECT stream_revision::text, global_position::text FROM es_events
         WHERE hashtextextended(stream_id, 0) = hashtextextended($1, 0) AND stream_id = $1
           AND event_id = ANY ($2::uuid[])
         ORDER BY es_events.stream_revision`,
        [streamId, ids],
      ),
    );
    if (rows.length === 0) return undefined;
    if (rows.length !== ids.length) throw new IdempotencyConflict(streamId, ids);
    const last = rows[rows.length - 1];
    return { nextExpectedRevision: BigInt(last.stream_revision), position: BigInt(last.global_position) };
  }

  /**
   * Wakes subscribers: at once in this process, and other processes through one NOTIFY per 5 ms at most
   * (outside the append's transaction: NOTIFY inside it would serialize every commit of the cluster).
   */
  private signalAppended(): void {
    this.appends += 1;
    this.appended.emit('appended');
    if (this.notifyTimer || this.closed) return;
    this.notifyTimer = setTimeout(() => {
      this.notifyTimer = undefined;
      if (!this.closed) this.pool.query(`NOTIFY ${APPEND_NOTIFY_CHANNEL}`).catch(() => undefined);
    }, 5);
  }

  private ensureListening(): Promise<void> {
    if (this.listening || this.closed) return this.listening ?? Promise.resolve();
    const client = new Client({
      connectionString: this.options.connectionString,
      application_name: 'licita-event-store-listener',
    });
    const retry = () => {
      if (this.listener !== client) return;
      this.listener = undefined;
      this.listening = undefined;
      client.end().catch(() => undefined);
      // Subscriptions keep polling meanwhile; try to listen again soon.
      if (!this.closed) setTimeout(() => void this.ensureListening(), 1_000).unref();
    };
    this.listener = client;
    client.on('notification', () => {
      this.appends += 1;
      this.appended.emit('appended');
    });
    client.on('error', retry);
    client.on('end', retry);
    this.listening = client
      .connect()
      .then(() => client.query(`LISTEN ${APPEND_NOTIFY_CHANNEL}`))
      .then(() => undefined, retry);
    return this.listening;
  }

  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw this.translate(error);
    }
  }

  private translate(error: unknown): unknown {
    if (
      error instanceof WrongExpectedVersion ||
      error instanceof IdempotencyConflict ||
      error instanceof EventStoreUnavailable
    )
      return error;
    return isConnectionError(error)
      ? new EventStoreUnavailable(`the PostgreSQL event store is unavailable: ${(error as Error).message}`, error)
      : error;
  }
}

class PostgresSubscription implements Subscription {
  private closed = false;

  constructor(
    private readonly store: PostgresEventStore,
    private position: bigint,
    private readonly filter: EventFilter | undefined,
    private readonly pollIntervalMs: number,
  ) {}

  async *[Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    while (!this.closed && !this.store.isClosed) {
      const seen = this.store.appendsSeen;
      const { events, scannedTo } = await this.store.readPage(this.position, SUBSCRIPTION_PAGE, this.filter);
      for (const event of events) {
        if (this.closed) return;
        this.position = event.globalPosition;
        yield event;
      }
      if (scannedTo > this.position) this.position = scannedTo;
      // Closed while the page was read: its wake-up came before this wait began, so it would sit out the poll.
      if (this.closed) return;
      // An append signalled during the read may lie past what it read: read again at once, not at the next poll.
      if (events.length < SUBSCRIPTION_PAGE) await this.store.waitForAppend(this.pollIntervalMs, seen);
    }
  }

  close(): Promise<void> {
    this.closed = true;
    this.store.wakeWaiters();
    return Promise.resolve();
  }
}

type Queryable = { query(sql: string, params?: unknown[]): Promise<unknown> };

/**
 * Installs the schema unless the database already has it. Safe to race: API and projector processes start
 * together on a fresh database, and inside one process the start-up migrations (which call this on their
 * transaction's query runner) run beside the store's own install. Each install takes a transaction-level
 * advisory lock, so the lock is released only when its DDL is committed and visible; whoever waited for it
 * re-reads the schema and finds it current. (A session lock taken and released around the statements serialized
 * nothing against a migration's transaction: the lock was free again before its CREATE TABLE committed, and the
 * next install failed on it with "type es_streams already exists".)
 */
export async function installPostgresEventStoreSchema(
  db: Pool | (Queryable & { readonly isTransactionActive?: boolean }),
): Promise<void> {
  // An application role may read the schema but not replace it; it finds it current (the migrations put it there).
  if (await hasCurrentSchema(db)) return;
  if (db instanceof Pool) {
    const client = await db.connect();
    try {
      await inOwnTransaction(client);
    } catch (error) {
      // A connection left in a failed transaction (or cut mid-way) is not returned to the pool.
      client.release(error as Error);
      throw error;
    }
    client.release();
  } else if (db.isTransactionActive === true) await installLocked(db);
  else await inOwnTransaction(db);
}

async function inOwnTransaction(db: Queryable): Promise<void> {
  await db.query('BEGIN');
  try {
    await installLocked(db);
    await db.query('COMMIT');
  } catch (error) {
    await db.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** Inside a transaction: held until it ends, so a waiting install sees the committed schema. */
async function installLocked(db: Queryable): Promise<void> {
  await db.query(`SELECT pg_advisory_xact_lock(${SCHEMA_LOCK})`);
  if (!(await hasCurrentSchema(db))) await db.query(EVENT_STORE_SCHEMA_SQL);
}

async function hasCurrentSchema(db: Queryable): Promise<boolean> {
  const result = await db.query(
    `SELECT p.proname, p.prosrc, p.prosecdef
     FROM pg_proc p
     WHERE p.proname IN ('es_append', 'es_append_batch') AND p.pronamespace = current_schema()::regnamespace
       AND to_regclass('es_events') IS NOT NULL AND to_regclass('es_streams') IS NOT NULL
       AND coalesce(pg_get_indexdef(to_regclass('es_events_stream_event_id_key')), '') LIKE '%hashtextextended%'`,
  );
  // A pg Pool answers a result, a TypeORM query runner the rows.
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Array<{
    proname: string;
    prosrc: string;
    prosecdef: boolean;
  }>;
  const current = (name: string, body: string) =>
    rows.filter((row) => row.proname === name).length === 1 &&
    rows.some((row) => row.proname === name && row.prosecdef && row.prosrc === body);
  return current('es_append', APPEND_FUNCTION_BODY) && current('es_append_batch', APPEND_BATCH_FUNCTION_BODY);
}

function encodeExpected(expected: ExpectedRevision): bigint {
  if (expected === 'no_stream') return -1n;
  if (expected === 'any') return -2n;
  if (expected === 'stream_exists') return -3n;
  if (typeof expected !== 'bigint' || expected < 0n)
    throw new RangeError(`invalid expected revision ${String(expected)}`);
  return expected;
}

function likePrefix(prefix: string): string {
  return `${prefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The recorded event in its current shape (see ../upcasting.ts). */
function toRecorded(row: EventRow): RecordedEvent {
  return upcasters.upcast({
    id: row.event_id,
    type: row.type,
    streamId: row.stream_id,
    data: row.data,
    metadata: row.metadata,
    streamRevision: BigInt(row.stream_revision),
    globalPosition: BigInt(row.global_position),
    recordedAt: row.recorded_at,
  });
}
