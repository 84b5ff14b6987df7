import { Client } from 'pg';
import { advisoryLockKey } from '@licita/shared';

/** First half of every projection lock's key, so ours never collide with other advisory locks. */
const LOCK_NAMESPACE = 7_150_100;

export interface LockHolder {
  pid: number;
  applicationName: string;
  since: Date | null;
}

/**
 * A session-level PostgreSQL advisory lock that says "this process runs projection X". It lives on its own
 * connection (outside any pool): when the process dies or the connection drops, PostgreSQL releases the lock
 * and another runner can take over. The lock is only a scheduling device; the checkpoint row, locked and
 * compared in every batch transaction, is what keeps a runner that lost it from applying a batch twice.
 */
export class ProjectionLock {
  private client?: Client;
  private held = false;
  private lostListeners: (() => void)[] = [];

  constructor(
    private readonly connectionString: string,
    readonly projectionName: string,
    private readonly applicationName: string,
  ) {}

  /** The key's second half: a stable 31-bit hash of the projection name. */
  get key(): number {
    return lockKey(this.projectionName);
  }

  get isHeld(): boolean {
    return this.held;
  }

  /** One attempt; true when this session now holds the lock. Connection failures propagate. */
  async tryAcquire(): Promise<boolean> {
    if (this.held) return true;
    const client = this.client ?? (await this.connect());
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS locked', [
      LOCK_NAMESPACE,
      this.key,
    ]);
    this.held = rows[0].locked;
    return this.held;
  }

  /** Called once when a held lock is lost because its connection closed. */
  onLost(listener: () => void): void {
    this.lostListeners.push(listener);
  }

  /** Who holds the lock now (any process), for "waiting for …" messages. */
  async holder(): Promise<LockHolder | undefined> {
    const client = this.client ?? (await this.connect());
    const { rows } = await client.query<{ pid: number; application_name: string; backend_start: Date | null }>(
      `SELECT a.pid, a.application_name, a.backend_start FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
       WHERE l.locktype = 'advisory' AND l.granted AND l.classid = $1::int::oid AND l.objid = $2::int::oid AND l.objsubid = 2`,
      [LOCK_NAMESPACE, this.key],
    );
    return rows[0]
      ? { pid: rows[0].pid, applicationName: rows[0].application_name, since: rows[0].backend_start }
      : undefined;
  }

  /** Unlocks and closes the connection. */
  async release(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.held = false;
    if (!client) return;
    await client.query('SELECT pg_advisory_unlock($1, $2)', [LOCK_NAMESPACE, this.key]).catch(() => undefined);
    await client.end().catch(() => undefined);
  }

  private async connect(): Promise<Client> {
    const client = new Client({
      connectionString: this.connectionString,
      application_name: this.applicationName.slice(0, 63),
      keepAlive: true,
    });
    const dropped = () => this.dropped(client);
    client.on('error', dropped);
    client.on('end', dropped);
    await client.connect().catch(async (error: unknown) => {
      await client.end().catch(() => undefined);
      throw error;
    });
    this.client = client;
    return client;
  }

  private dropped(client: Client): void {
    if (this.client !== client) return;
    this.client = undefined;
    client.end().catch(() => undefined);
    if (!this.held) return;
    this.held = false;
    for (const listener of this.lostListeners) listener();
  }
}

/** The lock key of a name (`advisoryLockKey` of @licita/shared). */
export const lockKey = advisoryLockKey;
