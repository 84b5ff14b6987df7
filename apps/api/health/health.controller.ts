import { Controller, Get, HttpException, Inject, Optional, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { EVENT_STORE, type EventStore } from '@licita/event-store';
import { Cached, LICITA_CONFIG, PublicReads, type LicitaConfig } from '@licita/platform';
import { ProjectionRunner } from '@licita/projections';

const CHECK_TIMEOUT_MS = 2_000;

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    private readonly typeOrm: TypeOrmHealthIndicator,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    /** Registered in every role; in `api` it does not run but reads the checkpoints the projector stores. */
    @Optional() private readonly runner?: ProjectionRunner,
    @Optional() private readonly publicReads?: PublicReads,
    @Optional() @Inject(LICITA_CONFIG) private readonly config?: Pick<LicitaConfig, 'mode'>,
  ) {}

  /**
   * Liveness: the process answers. Nothing else, so a slow database never gets the process restarted. `mode` says
   * whether this is a sandbox (practice data) or production.
   */
  @Get()
  @Cached('no-store')
  @ApiOkResponse({ description: 'The process is alive; `mode`: `production` or `sandbox` (practice data).' })
  live(): { status: 'ok'; mode: LicitaConfig['mode'] } {
    return { status: 'ok', mode: this.config?.mode ?? 'production' };
  }

  /** Readiness: the database and the event store answer. Projector lag is reported but never blocks. */
  @Get('ready')
  @Cached('no-store')
  @HealthCheck()
  @ApiOkResponse({ description: 'Ready to serve: database and event store reachable; projector lag in events.' })
  @ApiServiceUnavailableResponse({ description: 'The database or the event store cannot be reached.' })
  async ready() {
    try {
      return await this.health.check([
        () => this.typeOrm.pingCheck('database').withTimeout(CHECK_TIMEOUT_MS),
        () =>
          this.indicator
            .check('eventStore')
            .attempt(() => this.eventStore.ping())
            .withTimeout(CHECK_TIMEOUT_MS),
        () => this.projectorLag(),
        () => this.replica(),
      ]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      // Terminus answers 503 with the per-check result; keep it in the problem document.
      const result = error.getResponse() as { details?: Record<string, unknown>; error?: Record<string, unknown> };
      const failing = Object.keys(result.error ?? {}).join(', ');
      throw new HttpException(
        { code: 'service.not_ready', detail: `not ready: ${failing || 'a check failed'}`, details: result.details },
        503,
      );
    }
  }

  /** With READ_DATABASE_URL: the standby answers, and how far its replay is behind (stale, not down). */
  private async replica() {
    const check = this.indicator.check('publicReads');
    if (!this.publicReads?.onReplica) return check.up({ on: 'primary' });
    try {
      return check.up({ on: 'replica', replicaLagSeconds: await this.publicReads.replicaLagSeconds() });
    } catch (error) {
      return check.down({ on: 'replica', message: (error as Error).message });
    }
  }

  private async projectorLag() {
    const check = this.indicator.check('projector');
    if (!this.runner) return check.up({ message: 'no projections in this process' });
    try {
      const projections = (await this.runner.status()).map(({ name, lag, failure }) => ({
        name,
        lag,
        ...(failure ? { failing: failure.message } : {}),
      }));
      const lag = projections.reduce((max, projection) => Math.max(max, projection.lag), 0);
      // A lagging or failing projector makes reads stale, not impossible: degraded keeps the status 200.
      return projections.some((projection) => projection.failing)
        ? check.degraded({ lag, projections })
        : check.up({ lag, projections });
    } catch (error) {
      return check.degraded({ message: `projector status unavailable: ${(error as Error).message}` });
    }
  }
}
