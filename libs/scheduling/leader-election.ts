import { Client } from 'pg';
import { advisoryLockKey } from '@licita/shared';

/** First half of every leadership lock's key, apart from the projections', the auctions' and the store's. */
const LOCK_NAMESPACE = 7_150_400;

/** A background job that must run in exactly one process at a time. */
export interface LedJob {
  start(): void | Promise<void>;
  stop(): Promise<void>;
}

export interface LeaderElectionOptions {
  connectionString: string;
  /** Shown in `pg_stat_activity` as `<applicationName>:lead:<job>`. */
  applicationName: string;
  /** Whether this process may lead at all (an `api`-role process runs no background job). Default true. */
  enabled?: boolean;
  /** How often a follower tries to take over (default 1 s). */
  retryMs?: number;
  onError?: (message: string) => void;
}

/**
 * Leader election per job through PostgreSQL session advisory locks: the process whose connection holds a
 * job's lock runs it; the others try again every `retryMs`. When the leader dies or its connection drops,
 * PostgreSQL releases the lock and a follower takes over within about `retryMs`. The lock only decides who
 * runs the job; what the job does stays correct if two ever overlap for a moment (jobs take their work with
 * `FOR UPDATE SKIP LOCKED`, commands state their expected revision).
 */
export class LeaderElection {
  private readonly campaigns = new Map<string, Campaign>();

  constructor(private readonly options: LeaderElectionOptions) {}

  get enabled(): boolean {
    return this.options.enabled !== false;
  }

  /** The jobs this process leads now. */
  get leading(): string[] {
    return [...this.campaigns.values()].filter((campaign) => campaign.isLeader).map((campaign) => campaign.name);
  }

  /**
   * Runs `job` while this process leads `name`. Resolves after the first attempt (the job has started if this
   * process won it), so a single process starts its jobs before it reports ready.
   */
  async lead(name: string, job: LedJob): Promise<void> {
    if (!this.enabled || this.campaigns.has(name)) return;
    const campaign = new Campaign(name, job, this.options);
    this.campaigns.set(name, campaign);
    await campaign.begin();
  }

  /** Stops every job this process leads and gives up the locks. */
  async close(): Promise<void> {
    const campaigns = [...this.campaigns.values()];
    this.campaigns.clear();
    await Promise.all(campaigns.map((campaign) => campaign.end()));
  }
}

class Campaign {
  private client?: Client;
  private leader = false;
  private ended = false;
  private retry?: NodeJS.Timeout;
  private readonly key: number;

  constructor(
    readonly name: string,
    private readonly job: LedJob,
    private readonly options: LeaderElectionOptions,
  ) {
    this.key = advisoryLockKey(name);
  }

  get isLeader(): boolean {
    return this.leader;
  }

  begin(): Promise<void> {
    return this.attempt();
  }

  async end(): Promise<void> {
    this.ended = true;
    clearTimeout(this.retry);
    if (this.leader) {
      this.leader = false;
      await this.job.stop().catch((error: unknown) => this.warn(`stopping: ${String(error)}`));
    }
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async attempt(): Promise<void> {
    if (this.ended) return;
    try {
      const client = this.client ?? (await this.connect());
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS locked', [
        LOCK_NAMESPACE,
        this.key,
      ]);
      if (rows[0].locked && !this.ended) {
        this.leader = true;
        await this.job.start();
        return;
      }
    } catch (error) {
      this.warn(`cannot campaign: ${String(error)}`);
    }
    this.later();
  }

  private later(): void {
    if (this.ended) return;
    this.retry = setTimeout(() => void this.attempt(), this.options.retryMs ?? 1_000).unref();
  }

  private async connect(): Promise<Client> {
    const client = new Client({
      connectionString: this.options.connectionString,
      application_name: `${this.options.applicationName}:lead:${this.name}`.slice(0, 63),
      keepAlive: true,
    });
    const dropped = () => void this.dropped(client);
    client.on('error', dropped);
    client.on('end', dropped);
    try {
      await client.connect();
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    this.client = client;
    return client;
  }

  /** The connection is gone, and with it the lock (if held): stop the job and campaign again. */
  private async dropped(client: Client): Promise<void> {
    if (this.client !== client) return;
    this.client = undefined;
    client.end().catch(() => undefined);
    if (this.ended) return;
    if (this.leader) {
      this.leader = false;
      this.warn('lost the leadership (connection dropped); stopping and campaigning again');
      await this.job.stop().catch((error: unknown) => this.warn(`stopping: ${String(error)}`));
    }
    this.later();
  }

  private warn(message: string): void {
    this.options.onError?.(`leader of ${this.name}: ${message}`);
  }
}
