import { randomUUID } from 'node:crypto';
import type { EventStore } from '@licita/event-store/event-store.port';
import { PostgresEventStore } from '@licita/event-store/postgres/postgres-event-store';
import { ProjectionRunner } from '@licita/projections/projection-runner';
import { aMigratedDatabase, eventually, MemoryLogger } from '@licita/projections/testing/projection-testbed';
import type { SupplierDataChanged, SupplierRegistered } from '@licita/suppliers/domain/supplier.events';
import { aSupplierData } from '@licita/suppliers/domain/supplier.scenarios';
import type { DataSource } from 'typeorm';
import { CreateProjectionCheckpoints1763856000100 } from '../../../migrations/1763856000100-CreateProjectionCheckpoints';
import { NotifyProjectionCheckpoints1796669238136 } from '../../../migrations/1796669238136-NotifyProjectionCheckpoints';
import { CreateClassifierReadModel1763856100000 } from '../../../migrations/1763856100000-CreateClassifierReadModel';
import { CreateClassifierTenderUsage1763856410000 } from '../../../migrations/1763856410000-CreateClassifierTenderUsage';
import { CountClassifierUsageByDeltas1763856650000 } from '../../../migrations/1763856650000-CountClassifierUsageByDeltas';
import { SearchClassifierInSpanish1796609249297 } from '../../../migrations/1796609249297-SearchClassifierInSpanish';
import type { TestDatabase } from '../../../test/support/test-database';
import { ClassifierLookup } from '../application/classifier-lookup';
import { ClassifierQueries } from '../application/classifier-queries';
import { ClassifierProjection } from '../projections/classifier.projection';

/** The runner testbeds follow the log with: small live batches, short delays, logs kept in memory. */
export function testRunner(
  db: DataSource,
  store: EventStore,
  databaseUrl: string,
  batchSize: number,
): ProjectionRunner {
  return new ProjectionRunner({
    dataSource: db,
    eventStore: store,
    databaseUrl,
    batchSize,
    lockRetryMs: 50,
    pollIntervalMs: 100,
    retryInitialMs: 20,
    retryMaxMs: 200,
    idleCheckpointMs: 0,
    logger: new MemoryLogger(),
  });
}

/** A fresh database with the classifier's tables, an event store in it, and the real projection runner. */
export class ClassifierTestbed {
  readonly projection = new ClassifierProjection();
  readonly queries: ClassifierQueries;
  readonly lookup: ClassifierLookup;
  private runner?: ProjectionRunner;
  private readonly stores: EventStore[] = [];

  private constructor(
    readonly database: TestDatabase,
    readonly store: EventStore,
    readonly db: DataSource,
  ) {
    this.queries = new ClassifierQueries(db);
    this.lookup = new ClassifierLookup(db);
    this.stores.push(store);
  }

  static async start(): Promise<ClassifierTestbed> {
    const { database, store, db } = await aMigratedDatabase('classifier', [
      CreateProjectionCheckpoints1763856000100,
      NotifyProjectionCheckpoints1796669238136,
      CreateClassifierReadModel1763856100000,
      CreateClassifierTenderUsage1763856410000,
      CountClassifierUsageByDeltas1763856650000,
      SearchClassifierInSpanish1796609249297,
    ]);
    return new ClassifierTestbed(database, store, db);
  }

  /** A second client of the same event store, as another process would have. */
  async anotherStore(): Promise<EventStore> {
    const store = await PostgresEventStore.create({ connectionString: this.database.url, installSchema: false });
    this.stores.push(store);
    return store;
  }

  /**
   * The runner tests follow the log with: small live batches (so a version's chunks span several batches),
   * short delays; started by `caughtUp`.
   */
  get liveRunner(): ProjectionRunner {
    this.runner ??= testRunner(this.db, this.store, this.database.url, 4).register(this.projection);
    return this.runner;
  }

  /** Resolves once the projection has applied the whole log. */
  async caughtUp(): Promise<void> {
    const runner = this.liveRunner;
    await runner.start();
    const head = await this.store.headPosition();
    await eventually(
      'the classifier projection to catch up',
      async () => {
        const [status] = await runner.status();
        return status.position >= head && !status.failure;
      },
      30_000,
    );
  }

  async supplierRegistered(supplierId: string, classifierCodes: string[]): Promise<void> {
    const event: SupplierRegistered = {
      type: 'SupplierRegistered',
      data: { supplierId, ...aSupplierData({ classifierCodes }) },
    };
    await this.store.appendToStream(`supplier-${supplierId}`, [toAppend(event)], { expectedRevision: 'no_stream' });
  }

  async supplierCodesChanged(supplierId: string, classifierCodes: string[]): Promise<void> {
    const event: SupplierDataChanged = {
      type: 'SupplierDataChanged',
      data: { supplierId, changes: { classifierCodes } },
    };
    await this.store.appendToStream(`supplier-${supplierId}`, [toAppend(event)], { expectedRevision: 'stream_exists' });
  }

  /** Every row of the read model, in a stable order, to compare two builds. */
  async dump(): Promise<unknown[]> {
    return Promise.all([
      this.db.query('SELECT * FROM classifier_codes ORDER BY scheme, code'),
      this.db.query(
        'SELECT scheme, version, status, code_count, content_hash FROM classifier_versions ORDER BY scheme, version',
      ),
      this.db.query('SELECT * FROM classifier_suppliers ORDER BY supplier_id'),
      this.db.query('SELECT * FROM classifier_supplier_awards ORDER BY scheme, code, supplier_id'),
      this.db.query('SELECT count(*)::int AS staged FROM classifier_import_codes'),
      this.db.query('SELECT * FROM classifier_tenders ORDER BY tender_id'),
    ]);
  }

  async close(): Promise<void> {
    await this.runner?.stop();
    await Promise.all(this.stores.map((store) => store.close()));
    await this.db.destroy();
    await this.database.drop();
  }
}

function toAppend(event: { type: string; data: object }) {
  return {
    id: randomUUID(),
    type: event.type,
    data: event.data as never,
    metadata: { actor: 'account-test', correlationId: randomUUID(), occurredAt: '2026-01-15T16:00:00.000Z' },
  };
}
