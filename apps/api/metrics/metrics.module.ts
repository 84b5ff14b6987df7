import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { LicitaMetrics } from './licita-metrics';
import { MetricsController } from './metrics.controller';
import { MetricsInstrumentation } from './metrics-instrumentation';

/**
 * Observability: Prometheus metrics at GET /metrics (prom-client): command latency by command type, event-store
 * append latency, accepted auction bids, projection lag, Socket.IO connections, PostgreSQL pool usage, and
 * Node's default process metrics.
 */
@Module({
  imports: [DiscoveryModule],
  controllers: [MetricsController],
  providers: [{ provide: LicitaMetrics, useFactory: () => new LicitaMetrics() }, MetricsInstrumentation],
  exports: [LicitaMetrics],
})
export class MetricsModule {}
