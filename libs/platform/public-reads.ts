import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { LICITA_CONFIG, type LicitaConfig } from './config';
import { dataSourceOptions } from './database';

/**
 * The DataSource public read models are queried through: `@Inject(PUBLIC_READS) db: DataSource`. With
 * READ_DATABASE_URL set (a hot standby of the primary), public searches, statistics, profiles, OCDS and the
 * classifier are answered there and take that load off the primary; unset, it is the primary's DataSource.
 * Commands, the projector and everything a user must see right after acting (their own desks) stay on the
 * primary. Staleness: what the standby has replayed (`GET /health/ready` reports `replicaLagSeconds`).
 */
export const PUBLIC_READS = Symbol('PUBLIC_READS');

/** Owns the standby's DataSource when there is one, to close it at shutdown. */
@Injectable()
export class PublicReads implements OnApplicationShutdown {
  private replica?: Promise<DataSource>;

  constructor(
    private readonly primary: DataSource,
    @Inject(LICITA_CONFIG) private readonly config: Pick<LicitaConfig, 'readDatabaseUrl' | 'databasePoolSize' | 'role'>,
  ) {}

  /** Whether public reads go to a standby. */
  get onReplica(): boolean {
    return this.config.readDatabaseUrl !== undefined;
  }

  dataSource(): Promise<DataSource> {
    const url = this.config.readDatabaseUrl;
    if (url === undefined) return Promise.resolve(this.primary);
    this.replica ??= new DataSource(
      dataSourceOptions({
        url,
        poolSize: this.config.databasePoolSize,
        applicationName: `licita-${this.config.role}-reads`,
        migrations: [],
      }),
    ).initialize();
    return this.replica;
  }

  /** How far the standby's replay is behind, in seconds (0 on the primary or when nothing is pending). */
  async replicaLagSeconds(): Promise<number> {
    if (!this.onReplica) return 0;
    const [row] = await (
      await this.dataSource()
    ).query<Array<{ lag: number | null }>>(
      `SELECT CASE WHEN pg_is_in_recovery() AND pg_last_wal_receive_lsn() <> pg_last_wal_replay_lsn()
                   THEN extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8 ELSE 0 END AS lag`,
    );
    return row.lag ?? 0;
  }

  async onApplicationShutdown(): Promise<void> {
    const replica = this.replica;
    this.replica = undefined;
    if (replica) await (await replica).destroy().catch(() => undefined);
  }
}

/** Global: every context's public query handlers inject `PUBLIC_READS`. */
@Global()
@Module({
  providers: [
    PublicReads,
    { provide: PUBLIC_READS, useFactory: (reads: PublicReads) => reads.dataSource(), inject: [PublicReads] },
  ],
  exports: [PublicReads, PUBLIC_READS],
})
export class PublicReadsModule {}
