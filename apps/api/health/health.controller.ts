import { Controller, Get, HttpException, Inject, ServiceUnavailableException } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { EVENT_STORE, type EventStore } from '@licita/event-store/event-store.port';
import { readCheckpoints } from '@licita/projections/projection-checkpoints';
import { ProjectionRunner } from '@licita/projections/projection-runner';
import { DataSource } from 'typeorm';

const CHECK_TIMEOUT_MS = 2_000;

interface ProjectionLag {
  name: string;
  lag: number;
  failing?: string;
}

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly typeOrm: TypeOrmHealthIndicator,
    private readonly dataSource: DataSource,
    private readonly moduleRef: ModuleRef,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
  ) {}

  /** Liveness: the process answers. Nothing else, so a slow database never gets the process restarted. */
  @Get()
  @ApiOkResponse({ description: 'The process is alive.' })
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /** Readiness: the database and the event store answer. Projector lag is reported but never blocks. */
  @Get('ready')
  @HealthCheck()
  @ApiOkResponse({ description: 'Ready to serve: database and event store reachable; projector lag in events.' })
  @ApiServiceUnavailableResponse({ description: 'The database or the event store cannot be reached.' })
  async ready() {
    try {
      return await this.health.check([
        () => this.typeOrm.pingCheck('database').withTimeout(CHECK_TIMEOUT_MS),
        () => this.indicator.check('eventStore').attempt(() => this.eventStore.ping()).withTimeout(CHECK_TIMEOUT_MS),
        () => this.projectorLag(),
      ]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      // Terminus answers 503 with the per-check result; keep it in the problem document.
      const result = error.getResponse() as { details?: Record<string, unknown>; error?: Record<string, unknown> };
      const failing = Object.keys(result.error ?? {}).join(', ');
      throw new HttpException({ code: 'service.not_ready', detail: `not ready: ${failing || 'a check failed'}`, details: result.details }, 503);
    }
  }

  private async projectorLag() {
    const check = this.indicator.check('projector');
    try {
      const projections = await this.projectionLags();
      const lag = projections.reduce((max, projection) => Math.max(max, projection.lag), 0);
      const failing = projections.filter((projection) => projection.failing);
      // A lagging or failing projector makes reads stale, not impossible: degraded keeps the status 200.
      return failing.length > 0 ? check.degraded({ lag, projections }) : check.up({ lag, projections });
    } catch (error) {
      return check.degraded({ message: `projector status unavailable: ${(error as Error).message}` });
    }
  }

  /** From the runner in this process when there is one, otherwise from the checkpoints it stores. */
  private async projectionLags(): Promise<ProjectionLag[]> {
    const runner = this.runnerInThisProcess();
    if (runner) {
      return (await runner.status()).map(({ name, lag, failure }) => ({ name, lag, ...(failure ? { failing: failure.message } : {}) }));
    }
    const [head, checkpoints] = await Promise.all([this.eventStore.headPosition(), readCheckpoints(this.dataSource)]);
    return checkpoints.map(({ name, position, lastError }) => ({
      name,
      lag: head > position ? Number(head - position) : 0,
      ...(lastError ? { failing: lastError.message } : {}),
    }));
  }

  private runnerInThisProcess(): ProjectionRunner | undefined {
    try {
      return this.moduleRef.get(ProjectionRunner, { strict: false });
    } catch {
      return undefined; // the API-only role: the projector runs elsewhere
    }
  }
}
