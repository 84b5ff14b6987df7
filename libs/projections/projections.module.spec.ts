import { Global, Injectable, Module } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { EVENT_STORE } from '@licita/event-store/event-store.port';
import { DataSource } from 'typeorm';
import { RegisterProjection } from './projection';
import { ProjectionRunner } from './projection-runner';
import { ProjectionsModule, type ProjectionsModuleOptions } from './projections.module';
import { EventCountsProjection, readApplied } from './testing/event-counts.projection';
import { MemoryLogger, ProjectionTestbed, eventually, numbers } from './testing/projection-testbed';

/** A context's projection, declared the way contexts do it. */
@Injectable()
@RegisterProjection()
class OrderCountsProjection extends EventCountsProjection {
  constructor() {
    super({ name: 'order-counts', filter: { streamPrefixes: ['order-'] }, appliedBy: 'nest' });
  }
}

@Module({ providers: [OrderCountsProjection] })
class OrdersModule {}

describe('ProjectionsModule', () => {
  let bed: ProjectionTestbed;
  let app: TestingModule | undefined;

  beforeEach(async () => {
    bed = await ProjectionTestbed.start();
  });

  afterEach(async () => {
    await app?.close();
    app = undefined;
    await bed.close();
  });

  async function startApp(options: ProjectionsModuleOptions): Promise<TestingModule> {
    @Global()
    @Module({
      providers: [
        { provide: DataSource, useValue: bed.db },
        { provide: EVENT_STORE, useValue: bed.main.eventStore },
      ],
      exports: [DataSource, EVENT_STORE],
    })
    class InfrastructureModule {}

    app = await Test.createTestingModule({
      imports: [InfrastructureModule, ProjectionsModule.forRoot(options), OrdersModule],
    }).compile();
    return app.init();
  }

  it('finds the projections contexts register and runs them while the application runs', async () => {
    await bed.append(120);
    await bed.append(30, ['InvoiceSent'], 'invoice-');
    const started = await startApp({
      run: true,
      runner: { pollIntervalMs: 200, lockRetryMs: 50, logger: new MemoryLogger() },
    });
    const runner = started.get(ProjectionRunner);

    expect(runner.projections.map((projection) => projection.name)).toEqual(['order-counts']);
    await eventually('caught up', async () => (await readApplied(bed.db)).applied === 120);
    const last = await bed.append(5);
    await eventually('live event applied', async () => (await bed.checkpoint('order-counts')) === last);

    await started.close();
    app = undefined;
    expect((await runner.status())[0]).toMatchObject({
      name: 'order-counts',
      state: 'stopped',
      owned: false,
      position: last,
    });
  });

  it('registers but does not run the projections when the process is not a projector', async () => {
    await bed.append(10);
    const started = await startApp({ run: false, runner: { logger: new MemoryLogger() } });

    const [status] = await started.get(ProjectionRunner).status();
    expect(numbers(status)).toMatchObject({
      name: 'order-counts',
      state: 'stopped',
      owned: false,
      position: 0,
      lag: 10,
    });
    expect(numbers(await bed.checkpoint('order-counts'))).toBeUndefined();
  });
});
