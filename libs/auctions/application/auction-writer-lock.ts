import { Client } from 'pg';

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
  /** Releases and frees the connection. */
  close(): Promise<void>;
}

export type WriterLocks = (auctionId: string) => WriterLock;

/** First half of every auction lock's key, apart from the projection runner's and the schema's locks. */
const LOCK_NAMESPACE = 7_150_200;

export interface PostgresWriterLockOptions {
  connectionString: string;
  /** How long to wait for another instance's turn before writing anyway (default 2 s). */
  waitMs?: number;
}

/** Writer locks as PostgreSQL session advisory locks, one connection per auction this process writes. */
export const postgresWriterLocks =
  (options: PostgresWriterLockOptions): WriterLocks =>
  (auctionId) =>
    new PostgresWriterLock(auctionId, options);

class PostgresWriterLock implements WriterLock {
  private client?: Promise<Client>;
  private held = false;
  /** The last query sent: each waits for the one before, so they run in the order they were asked for. */
  private last: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly auctionId: string,
    private readonly options: PostgresWriterLockOptions,
  ) {}

  async acquire(): Promise<void> {
    await this.inTurn((client) =>
      client.query('SELECT pg_advisory_lock($1, $2)', [LOCK_NAMESPACE, auctionLockKey(this.auctionId)]),
    );
    this.held = true;
  }

  async release(): Promise<void> {
    if (!this.held || !this.client) return;
    this.held = false;
    await this.inTurn((client) =>
      client.query('SELECT pg_advisory_unlock($1, $2)', [LOCK_NAMESPACE, auctionLockKey(this.auctionId)]),
    ).catch(() => undefined);
  }

  async othersWaiting(): Promise<boolean> {
    const { rows } = await this.inTurn((client) =>
      client.query<{ waiting: boolean }>(
        `SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND NOT granted
         AND classid = $1::int::oid AND objid = $2::int::oid AND objsubid = 2) AS waiting`,
        [LOCK_NAMESPACE, auctionLockKey(this.auctionId)],
      ),
    );
    return rows[0].waiting;
  }

  async close(): Promise<void> {
    await this.release();
    const client = this.client;
    this.client = undefined;
    if (client) await (await client).end().catch(() => undefined);
  }

  /** Runs `query` on the lock's connection once the queries asked for before it are done. */
  private inTurn<T>(query: (client: Client) => Promise<T>): Promise<T> {
    const result = this.last.then(() => this.connect()).then(query);
    this.last = result.catch(() => undefined);
    return result;
  }

  private connect(): Promise<Client> {
    if (this.client) return this.client;
    const client = new Client({
      connectionString: this.options.connectionString,
      application_name: `licita-auction-writer:${this.auctionId}`.slice(0, 63),
      keepAlive: true,
    });
    const connecting = client
      .connect()
      .then(() => client.query(`SET lock_timeout = ${Math.max(1, Math.round(this.options.waitMs ?? 2_000))}`))
      .then(() => client);
    // A dropped connection releases the lock on the server; forget it here so the next turn reconnects.
    const forget = () => {
      if (this.client !== connecting) return;
      this.client = undefined;
      this.held = false;
      client.end().catch(() => undefined);
    };
    client.on('error', forget);
    client.on('end', forget);
    connecting.catch(forget);
    this.client = connecting;
    return connecting;
  }
}

/** FNV-1a over the UTF-8 bytes, kept in 0..2^31-1 (an int4). */
export function auctionLockKey(auctionId: string): number {
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(auctionId, 'utf8')) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash & 0x7fffffff;
}
