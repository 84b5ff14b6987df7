import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Client, type ClientConfig, type Notification } from 'pg';
import { DataSource } from 'typeorm';

/** The channel the checkpoint trigger notifies on (migration NotifyProjectionCheckpoints): `<name> <generation>`. */
export const CHECKPOINT_CHANNEL = 'licita_projection_checkpoints';

/**
 * The generation of each projection's checkpoint as this process last heard it: raised by every notification
 * and every read of the table, never lowered (a generation is drawn from one sequence, so a later state always
 * has a greater one). Trusted only for `trustMs` after the last complete read that a live listening connection
 * made: a connection that hangs or drops without a word would otherwise keep old generations forever, and an
 * `If-None-Match` holding one would be answered 304 for data that has changed.
 */
export class CheckpointGenerations {
  private readonly generations = new Map<string, bigint>();
  private trustedUntil = Number.NEGATIVE_INFINITY;
  private readonly waiting = new Set<() => void>();

  constructor(
    private readonly trustMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** A checkpoint was seen at `generation` (a notification, or a row read). */
  raise(name: string, generation: bigint): void {
    const known = this.generations.get(name);
    if (known !== undefined && known >= generation) return;
    this.generations.set(name, generation);
    for (const wake of this.waiting) wake();
  }

  /**
   * Every checkpoint, read at `readAt` on a connection that was listening before the read began: from then on a
   * change reaches this process by notification, so the generations may be trusted for `trustMs`.
   */
  confirm(rows: Iterable<[string, bigint]>, readAt: number): void {
    for (const [name, generation] of rows) this.raise(name, generation);
    this.trustedUntil = Math.max(this.trustedUntil, readAt + this.trustMs);
  }

  /** The listening connection failed: nothing may be answered from memory until it is back and has read again. */
  distrust(): void {
    this.trustedUntil = Number.NEGATIVE_INFINITY;
  }

  /** The generations of `names` in that order (0 for a projection never checkpointed), or none when not trusted. */
  current(names: readonly string[]): bigint[] | undefined {
    if (this.now() > this.trustedUntil) return undefined;
    return names.map((name) => this.generations.get(name) ?? 0n);
  }

  /** Resolves at the next raise of any generation (tests: a notification from another session has arrived). */
  nextChange(): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        this.waiting.delete(wake);
        resolve();
      };
      this.waiting.add(wake);
    });
  }
}

/** How often every checkpoint is read again on the listening connection, proving it alive. */
const POLL_MS = 1_000;

/**
 * Keeps `CheckpointGenerations` current in an API process: a dedicated connection to the primary (a standby
 * cannot LISTEN) listens on the checkpoint channel, then reads every checkpoint, and reads them again every
 * second; the notifications in between raise single generations as their transactions commit, from whichever
 * process wrote them. On any failure the generations stop being trusted and the connection is made again.
 */
@Injectable()
export class CheckpointListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('CheckpointListener');
  private readonly pollMs = POLL_MS;
  private client?: Client;
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private polling = false;

  constructor(
    private readonly primary: DataSource,
    @Inject(CheckpointGenerations) readonly generations: CheckpointGenerations,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.connect().catch((error: unknown) => this.failed(error));
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.generations.distrust();
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  /** Reads every checkpoint now on the listening connection (also what the timer does). */
  async poll(): Promise<void> {
    const client = this.client;
    if (!client || this.polling) return;
    this.polling = true;
    try {
      const readAt = Date.now();
      const { rows } = await client.query<{ name: string; generation: string }>(
        'SELECT name, generation::text AS generation FROM projection_checkpoints',
      );
      if (client === this.client)
        this.generations.confirm(
          rows.map((row): [string, bigint] => [row.name, BigInt(row.generation)]),
          readAt,
        );
    } finally {
      this.polling = false;
    }
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client(this.connectionConfig());
    client.on('notification', (message: Notification) => this.notified(message));
    client.on('error', (error) => this.failed(error, client));
    client.on('end', () => this.failed(new Error('the listening connection ended'), client));
    this.client = client;
    await client.connect();
    await client.query(`LISTEN ${CHECKPOINT_CHANNEL}`);
    await this.poll();
    this.schedule();
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.poll().then(
        () => this.schedule(),
        (error: unknown) => this.failed(error),
      );
    }, this.pollMs);
    this.timer.unref();
  }

  private notified(message: Notification): void {
    if (message.channel !== CHECKPOINT_CHANNEL || !message.payload) return;
    const space = message.payload.lastIndexOf(' ');
    if (space <= 0) return;
    this.generations.raise(message.payload.slice(0, space), BigInt(message.payload.slice(space + 1)));
  }

  private failed(error: unknown, client = this.client): void {
    if (client !== this.client) return; // an old connection's late word
    this.generations.distrust();
    this.client = undefined;
    clearTimeout(this.timer);
    void client?.end().catch(() => undefined);
    if (this.stopped) return;
    this.logger.warn(
      `checkpoint notifications lost (${String(error)}); public reads revalidate in the database until back`,
    );
    this.timer = setTimeout(() => void this.connect().catch((again: unknown) => this.failed(again)), this.pollMs);
    this.timer.unref();
  }

  /** The primary DataSource's own connection settings (its pool's), for one more connection outside the pool. */
  private connectionConfig(): ClientConfig {
    const driver = this.primary.driver as unknown as { master?: { options?: ClientConfig } };
    const options = driver.master?.options;
    if (!options) throw new Error('the primary DataSource has no PostgreSQL pool to copy settings from');
    return { ...options, application_name: 'licita-checkpoint-listener' };
  }
}
