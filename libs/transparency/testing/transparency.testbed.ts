import { randomUUID } from 'node:crypto';
import { BuyingUnitQueries } from '@licita/buying-units/application/buying-unit-queries';
import { ensureDefaultClassifier } from '@licita/classifier';
import { ClassifierProjection } from '@licita/classifier/projections/classifier.projection';
import { testRunner } from '@licita/classifier/testing/classifier.testbed';
import type { EventStore } from '@licita/event-store/event-store.port';
import { ProjectionRunner } from '@licita/projections/projection-runner';
import { aMigratedDatabase, eventually } from '@licita/projections/testing/projection-testbed';
import { ManualClock } from '@licita/shared';
import type { TenderPolicy } from '@licita/tendering/domain/tender.policy';
import { SupplierQueries } from '@licita/suppliers/application/supplier-queries';
import { SupplierRegisterProjection } from '@licita/suppliers/projections/supplier-register.projection';
import type { SupplierRegistered } from '@licita/suppliers/domain/supplier.events';
import { BuyingUnitsProjection } from '@licita/buying-units/projections/buying-units.projection';
import type { DataSource } from 'typeorm';
import { ALL_MIGRATIONS } from '../../../migrations';
import type { TestDatabase } from '../../../test/support/test-database';
import { IntegrityIndicators } from '../application/integrity';
import { TransparencyProfiles } from '../application/profiles';
import { PublicTenders } from '../application/public-tenders';
import { TransparencyStatistics } from '../application/statistics';
import { TransparencyProjection } from '../projections/transparency.projection';
import { ProcedureDriver } from './procedure-driver';

/** Every table the transparency projection writes, to compare two builds row by row. */
export const TRANSPARENCY_TABLES: Record<string, string> = {
  transparency_tenders: 'tender_id',
  transparency_timeline: 'tender_id, position',
  transparency_openings: 'tender_id',
  transparency_awards: 'tender_id, lot_id, supplier_id',
  transparency_contracts: 'contract_id',
  transparency_auctions: 'auction_id',
  transparency_items: 'tender_id, lot_id, item_id',
  transparency_suppliers: 'supplier_id',
  transparency_classifier_codes: 'code, scheme',
  transparency_party_links: 'party_id',
  transparency_historical_units: 'party_id',
};

/**
 * A fresh database with every migration, an event store in it with CPV 2008 imported, and the real runner
 * applying the transparency projection (with the register's and the classifier's, whose tables the queries
 * join). Procedures are played through the real deciders (`procedure`).
 */
export class TransparencyTestbed {
  readonly projection = new TransparencyProjection();
  readonly tenders: PublicTenders;
  readonly statistics: TransparencyStatistics;
  readonly integrity: IntegrityIndicators;
  readonly profiles: TransparencyProfiles;
  readonly clock = new ManualClock('2026-12-31T00:00:00.000Z');
  readonly runner: ProjectionRunner;

  private constructor(
    readonly database: TestDatabase,
    readonly store: EventStore,
    readonly db: DataSource,
  ) {
    this.tenders = new PublicTenders(db);
    this.statistics = new TransparencyStatistics(db);
    this.integrity = new IntegrityIndicators(db);
    this.profiles = new TransparencyProfiles(
      db,
      new SupplierQueries(db),
      new BuyingUnitQueries(db),
      this.integrity,
      this.clock,
    );
    this.runner = testRunner(db, store, database.url, 7).register(
      this.projection,
      new ClassifierProjection(),
      new SupplierRegisterProjection(),
      new BuyingUnitsProjection(),
    );
  }

  static async start(): Promise<TransparencyTestbed> {
    const { database, store, db } = await aMigratedDatabase('transparency', ALL_MIGRATIONS);
    await ensureDefaultClassifier(store);
    const testbed = new TransparencyTestbed(database, store, db);
    await testbed.runner.start();
    // The classifier codes, before any procedure names them (checkpoints cannot tell: the last import event is
    // one the transparency projection does not read).
    await eventually(
      'the CPV codes projected',
      async () => {
        const [{ mine, theirs }] = await db.query(
          `SELECT (SELECT count(*) FROM transparency_classifier_codes)::int AS mine, (SELECT count(*) FROM classifier_codes)::int AS theirs`,
        );
        return mine === 9_454 && theirs === 9_454;
      },
      180_000,
    );
    return testbed;
  }

  procedure(tenderId = `T-${randomUUID().slice(0, 8)}`, policy?: Partial<TenderPolicy>): ProcedureDriver {
    return new ProcedureDriver(this.store, tenderId, policy);
  }

  /**
   * A supplier entering the register at `at` (the transparency projection reads only this event of the
   * register); `verified` also verifies it then, so the public register shows it.
   */
  async supplierRegistered(
    supplierId: string,
    legalName: string,
    at: string,
    { verified = false } = {},
  ): Promise<void> {
    const data: SupplierRegistered['data'] = {
      supplierId,
      rfc: 'EKU9003173C9',
      legalName,
      personType: 'legal_entity',
      size: 'small',
      address: { street: 'Av. Juárez 100', municipality: 'Guadalajara', state: 'MX-JAL', postalCode: '44100' },
      contact: { name: 'Ana Pérez', email: `ventas@${supplierId}.example.mx`, phone: '+52 33 1234 5678' },
      classifierCodes: ['30213100-6'],
    };
    const events = [
      { type: 'SupplierRegistered', data },
      ...(verified ? [{ type: 'SupplierVerified', data: { supplierId } }] : []),
    ];
    await this.append(`supplier-${supplierId}`, events, at);
  }

  async sanction(supplierId: string, startsAt: string, endsAt: string | null, at: string): Promise<void> {
    const data = {
      supplierId,
      sanctionId: randomUUID(),
      startsAt,
      endsAt,
      reason: 'Falsedad de información',
      resolutionNumber: 'SFP/RS/1/2026',
    };
    await this.append(`supplier-${supplierId}`, [{ type: 'SanctionImposed', data }], at);
  }

  async buyingUnit(buyingUnitId: string, name: string): Promise<void> {
    const data = {
      buyingUnitId,
      code: `UC-${buyingUnitId}`,
      name,
      level: 'federal',
      parentInstitution: 'Secretaría de Salud',
    };
    await this.append(
      `buying-unit-${buyingUnitId}`,
      [{ type: 'BuyingUnitRegistered', data }],
      '2025-01-01T00:00:00.000Z',
    );
  }

  private async append(streamId: string, events: Array<{ type: string; data: object }>, at: string): Promise<void> {
    const metadata = { actor: 'system', correlationId: randomUUID(), occurredAt: at };
    await this.store.appendToStream(
      streamId,
      events.map((event) => ({ id: randomUUID(), type: event.type, data: event.data as never, metadata })),
      { expectedRevision: 'any' },
    );
  }

  /** Resolves once every projection has applied the whole log, without a failure. */
  async caughtUp(): Promise<void> {
    const head = await this.store.headPosition();
    let behind: string[] = [];
    try {
      await eventually(
        'the projections to catch up',
        async () => {
          const statuses = await this.runner.status();
          const failing = statuses.find((status) => status.failure);
          if (failing) throw new Error(`${failing.name} failed: ${failing.failure?.message}`);
          behind = statuses
            .filter((status) => status.position < head)
            .map((status) => `${status.name} at ${status.position}`);
          return behind.length === 0;
        },
        120_000,
      );
    } catch (error) {
      throw new Error(`${(error as Error).message} (head ${head}; behind: ${behind.join(', ')})`, { cause: error });
    }
  }

  /** Every row of the transparency tables, in a stable order. */
  async dump(): Promise<Record<string, unknown[]>> {
    const entries = await Promise.all(
      Object.entries(TRANSPARENCY_TABLES).map(
        async ([table, key]) => [table, await this.db.query(`SELECT * FROM ${table} ORDER BY ${key}`)] as const,
      ),
    );
    return Object.fromEntries(entries);
  }

  /**
   * Which of `secrets` appear anywhere in the tables about procedures (everything but the projection's copies
   * of the public register and classifier).
   */
  async leaked(secrets: string[]): Promise<string[]> {
    const {
      transparency_suppliers: _register,
      transparency_classifier_codes: _codes,
      ...procedures
    } = await this.dump();
    const text = JSON.stringify(procedures);
    return secrets.filter((secret) => text.includes(secret));
  }

  async close(): Promise<void> {
    await this.runner.stop();
    await this.store.close();
    await this.db.destroy();
    await this.database.drop();
  }
}
