import { Inject, Injectable, Logger, Optional, type OnApplicationBootstrap } from '@nestjs/common';
import { deleteExpiredIdempotencyKeys, LICITA_CONFIG, type LicitaConfig } from '@licita/platform';
import { DataSource } from 'typeorm';
import { LeaderElection } from './leader-election';

const HOUR = 3_600_000;

/**
 * Deletes expired `Idempotency-Key` records (older than IDEMPOTENCY_RETENTION_DAYS, default 7) at start and
 * every hour, in the one process that leads `idempotency-cleanup` (a projector, or an `all` process). Without
 * it the table grows with every command request for ever.
 */
@Injectable()
export class IdempotencyHousekeeping implements OnApplicationBootstrap {
  private readonly logger = new Logger('Housekeeping');
  private timer?: NodeJS.Timeout;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly db: DataSource,
    private readonly leaders: LeaderElection,
    @Optional() @Inject(LICITA_CONFIG) private readonly config?: Pick<LicitaConfig, 'idempotencyRetentionDays'>,
  ) {}

  get retentionDays(): number {
    return this.config?.idempotencyRetentionDays ?? 7;
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.leaders.lead('idempotency-cleanup', {
      start: () => {
        this.tick();
        this.timer = setInterval(() => this.tick(), HOUR).unref();
      },
      stop: async () => {
        clearInterval(this.timer);
        await this.running;
      },
    });
  }

  /** One pass now; the number of records deleted. */
  async cleanUp(): Promise<number> {
    const deleted = await deleteExpiredIdempotencyKeys(this.db, this.retentionDays);
    if (deleted > 0) this.logger.log(`deleted ${deleted} idempotency records older than ${this.retentionDays} days`);
    return deleted;
  }

  private tick(): void {
    this.running = this.cleanUp().catch((error: unknown) =>
      this.logger.warn(`idempotency records not cleaned up: ${String(error)}`),
    );
  }
}
