import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  Optional,
} from '@nestjs/common';
import { LICITA_CONFIG, type LicitaConfig } from '@licita/platform';
import { LeaderElection } from '@licita/scheduling';
import { CLOCK, systemClock, type Clock } from '@licita/shared';
import { DataSource } from 'typeorm';
import type { Checkpoint } from '../verification/checkpoint';
import { checkpointBody } from './ledger-sealer.projection';
import { LedgerKey } from './ledger-key';
import { insertCheckpoints, latestCheckpoint, loadTreeState } from './ledger-tables';

const MINUTE = 60_000;

/**
 * Checkpoints between the sealer's every-N-events ones: when M minutes passed since the last and events came
 * (a timer in the process that leads `ledger-checkpoints`; two processes racing would still issue one, the tree
 * size is the key), and on demand (`issue({ force: true })`, for tests and operators).
 */
@Injectable()
export class LedgerCheckpoints implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Ledger');
  private readonly clock: Clock;
  private timer?: NodeJS.Timeout;
  private running = Promise.resolve<unknown>(undefined);

  constructor(
    private readonly db: DataSource,
    private readonly key: LedgerKey,
    @Inject(LICITA_CONFIG) private readonly config: Pick<LicitaConfig, 'ledger'>,
    @Optional() @Inject(CLOCK) clock?: Clock,
    @Optional() private readonly leaders?: LeaderElection,
  ) {
    this.clock = clock ?? systemClock;
  }

  /**
   * A checkpoint over everything sealed now, unless the latest already covers it (then that one) or, without
   * `force`, the latest is younger than the configured minutes. Undefined without a key or a sealed event.
   */
  async issue({ force = false } = {}): Promise<Checkpoint | undefined> {
    if (!this.key.configured) return undefined;
    return this.db.transaction(async (tx) => {
      // Holds the sealer's next batch back for these few reads, so the tree does not move under them.
      await tx.query('LOCK TABLE ledger_entries IN SHARE MODE');
      const [state, latest] = [await loadTreeState(tx), await latestCheckpoint(tx)];
      const now = this.clock.now();
      if (state.frontier.size === 0 || (latest && latest.treeSize >= state.frontier.size)) return latest;
      if (
        !force &&
        latest &&
        now.getTime() - Date.parse(latest.issuedAt) < this.config.ledger.checkpointEveryMinutes * MINUTE
      )
        return latest;
      const checkpoint = this.key.sign(checkpointBody(state, now.toISOString())) as Checkpoint;
      await insertCheckpoints(tx, [checkpoint]);
      return checkpoint;
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    if (!this.key.configured) return;
    const job = { start: () => this.startTimer(), stop: () => this.stopTimer() };
    if (this.leaders) await this.leaders.lead('ledger-checkpoints', job);
    else job.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stopTimer();
  }

  private startTimer(): void {
    const every = Math.min(MINUTE, this.config.ledger.checkpointEveryMinutes * MINUTE);
    clearInterval(this.timer);
    this.timer = setInterval(() => {
      this.running = this.issue().catch((error: unknown) =>
        this.logger.warn(`checkpoint not issued: ${(error as Error).message}`),
      );
    }, every).unref();
  }

  private async stopTimer(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.running;
  }
}
