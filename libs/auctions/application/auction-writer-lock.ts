import { Pool, type PoolClient } from 'pg';
import { advisoryLockKey } from '@licita/shared';

/**
 * Whose turn it is to write an auction's stream, across processes. Only a scheduling device: an actor that
 * writes without its turn (the lock timed out, its connection dropped) is still correct, because every append
 * states the expected revision; the turn only keeps two instances from racing on one hot stream.
 */
export interface WriterLock {
  /** Waits for the turn. Throws when it cannot be had in time; the caller then writes without it. */
  acquire(): Promise<void>;
  release(): Promise<void>;
  /** Whether another process is waiting for the turn (a holder then hands it over). */
  othersWaiting(): Promise<boolean>;
  /** Releases the turn and gives its connection back. */
  close(): Promise<void>;
}

/** The lock of each auction, and `end()` to close the connections they share (at shutdown). */
export interface WriterLocks {
  (auctionId: string): WriterLock;
  end(): Promise<void>;
}

/** First half of every auction lock's key, apart from the projection runner's and the schema's locks. */
const LOCK_NAMESPACE = 7_150_200;
const APPLICATION_NAME = 'licita-auction-writer';

export interface PostgresWriterLockOptions {
  connectionString: string;
  /** How long to wait for another instance's turn (or for a free connection) before writing anyway (default 2 s). */
  waitMs?: number;
  /** Connections shared by the turns held at one time (default 10): a turn holds one only while it lasts. */
  maxConnections?: number;
}

/**
 * Writer locks as PostgreSQL session advisory locks on a small pool of connections. A turn checks a connection
 * out when it begins and gives it back when it ends (an idle actor ends its turn), so connections follow the
 * auctions being written at this moment, not every auction that ever ran; when all are in use, a turn waits at
 * most `waitMs` and the actor writes without it.
 */
export function postgresWriterLocks(options: PostgresWriterLockOptions): WriterLocks {
  const waitMs = Math.max(1, Math.round(options.waitMs ?? 2_000));
  const pool = new Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    idleTimeoutMillis: 10_000,
    connectionTimeoutMillis: Math.max(waitMs, 1_000),
    application_name: APPLICATION_NAME,
    keepAlive: true,
  });
  // An idle connection that dies is dropped by the pool; nothing else is to be done.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => void client.query(`SET lock_timeout = ${waitMs}`).catch(() => undefined));
  const holding = new Set<PostgresWriterLock>();
  const locks = (auctionId: string) => new PostgresWriterLock(auctionId, pool, holding);
  let ended: Promise<void> | undefined;
  const end = async () => {
    await Promise.all([...holding].map((lock) => lock.release()));
    await pool.end().catch(() => undefined);
  };
  return Object.assign(locks, { end: () => (ended ??= end()) });
}

class PostgresWriterLock implements WriterLock {
  /** The connection of the turn while it is held, and what hears it die. */
  private turn?: { client: PoolClient; onError: (error: Error) => void };
  private readonly key: [number, number];
  /** The last operation asked for: each waits for the one before, so they run in the order they were asked. */
  private last: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly auctionId: string,
    private readonly pool: Pool,
    /** The locks of this pool holding a turn (released when the pool ends). */
    private readonly holding: Set<PostgresWriterLock>,
  ) {
    this.key = [LOCK_NAMESPACE, auctionLockKey(auctionId)];
  }

  acquire(): Promise<void> {
    return this.inTurn(async () => {
      if (this.turn) return;
      const client = await this.pool.connect();
      try {
        await client.query('SELECT set_config($3, $4, false), pg_advisory_lock($1, $2)', [
          ...this.key,
          'application_name',
          `${APPLICATION_NAME}:${this.auctionId}`.slice(0, 63),
        ]);
      } catch (error) {
        client.release();
        throw error;
      }
      // A connection that dies during the turn takes the lock with it on the server: drop it from the pool.
      const onError = (error: Error) => {
        if (this.turn?.client !== client) return;
        this.turn = undefined;
        this.holding.delete(this);
        client.release(error);
      };
      client.on('error', onError);
      this.turn = { client, onError };
      this.holding.add(this);
    });
  }

  release(): Promise<void> {
    return this.inTurn(async () => {
      const turn = this.turn;
      if (!turn) return;
      this.turn = undefined;
      this.holding.delete(this);
      turn.client.removeListener('error', turn.onError);
      try {
        await turn.client.query('SELECT pg_advisory_unlock($1, $2), set_config($3, $4, false)', [
          ...this.key,
          'application_name',
          APPLICATION_NAME,
        ]);
        turn.client.release();
      } catch (error) {
        // Unknown whether it still holds the lock: destroy the connection, which releases it on the server.
        turn.client.release(error instanceof Error ? error : true);
      }
    });
  }

  othersWaiting(): Promise<boolean> {
    return this.inTurn(async () => {
      if (!this.turn) return false;
      const { rows } = await this.turn.client.query<{ waiting: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted
         AND classid = $1::int::oid AND objid = $2::int::oid AND objsubid = 2) AS waiting`,
        this.key,
      );
      return rows[0].waiting;
    });
  }

  close(): Promise<void> {
    return this.release();
  }

  /** Runs `operation` once the operations asked for before it are done. */
  private inTurn<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.last.then(operation);
    this.last = result.catch(() => undefined);
    return result;
  }
}

/** The lock key of a name (`advisoryLockKey` of @licita/shared). */
export const auctionLockKey = advisoryLockKey;
