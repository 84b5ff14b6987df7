import { Inject, Injectable, Optional, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { CommandBus, type ICommand } from '@nestjs/cqrs';
import { GATEWAY_METADATA } from '@nestjs/websockets/constants';
import { DataSource } from 'typeorm';
import { EVENT_STORE, type EventStore } from '@licita/event-store';
import { ProjectionRunner } from '@licita/projections';
import { LicitaMetrics, type MetricSources } from './licita-metrics';

type Outcome = 'ok' | 'error';

/**
 * Measures without touching a handler: the CommandBus's `execute` and the event store's `appendToStream` are
 * wrapped once, on the shared instances every controller, gateway and handler already uses. Gauges are read on
 * scrape from the projection runner, the Socket.IO gateways and the PostgreSQL pools.
 */
@Injectable()
export class MetricsInstrumentation implements OnModuleInit {
  constructor(
    private readonly metrics: LicitaMetrics,
    private readonly commandBus: CommandBus,
    @Inject(EVENT_STORE) private readonly eventStore: EventStore,
    private readonly dataSource: DataSource,
    private readonly discovery: DiscoveryService,
    @Optional() private readonly runner?: ProjectionRunner,
  ) {}

  onModuleInit(): void {
    this.timeCommands();
    this.timeAppends();
    this.metrics.readFrom(this.sources());
  }

  private timeCommands(): void {
    const bus = this.commandBus;
    const execute = bus.execute.bind(bus) as (command: ICommand, context?: unknown) => Promise<unknown>;
    const histogram = this.metrics.commandDuration;
    const timedExecute = (command: ICommand, context?: unknown) =>
      timed(
        () => histogram.startTimer({ command: command.constructor.name }),
        () => execute(command, context),
      );
    bus.execute = timedExecute;
  }

  private timeAppends(): void {
    const store = this.eventStore;
    const append = store.appendToStream.bind(store);
    store.appendToStream = async (streamId, events, options) => {
      const result = await timed(
        () => this.metrics.appendDuration.startTimer(),
        () => append(streamId, events, options),
      );
      const bids = events.filter((event) => event.type === 'BidPlaced').length;
      if (bids > 0) this.metrics.bids.inc(bids);
      return result;
    };
  }

  private sources(): MetricSources {
    return {
      projectionLags: async () => (await this.runner?.status())?.map(({ name, lag }) => ({ name, lag })) ?? [],
      socketConnections: () => this.gatewayNamespaces(),
      pools: () =>
        [
          { pool: 'read-models', candidate: (this.dataSource.driver as { master?: unknown }).master },
          // The PostgreSQL event store keeps its own pool (none with EventStoreDB).
          { pool: 'event-store', candidate: (this.eventStore as { pool?: unknown }).pool },
        ].flatMap(({ pool, candidate }) =>
          isPgPool(candidate)
            ? [{ pool, total: candidate.totalCount, idle: candidate.idleCount, waiting: candidate.waitingCount }]
            : [],
        ),
    };
  }

  /** The Socket.IO namespaces the gateways serve (`@WebSocketServer()` of a namespaced gateway is its Namespace). */
  private gatewayNamespaces(): Array<{ namespace: string; connections: number }> {
    return this.discovery
      .getProviders()
      .filter((wrapper) => wrapper.metatype && Reflect.getMetadata(GATEWAY_METADATA, wrapper.metatype) === true)
      .flatMap((wrapper) => Object.values((wrapper.instance ?? {}) as Record<string, unknown>))
      .filter(isNamespace)
      .map((namespace) => ({ namespace: namespace.name, connections: namespace.sockets.size }));
  }
}

/** Runs `work` between `start()` and the timer's end, labelled with its outcome. */
async function timed<T>(start: () => (labels: { outcome: Outcome }) => number, work: () => Promise<T>): Promise<T> {
  const end = start();
  let outcome: Outcome = 'error';
  try {
    const result = await work();
    outcome = 'ok';
    return result;
  } finally {
    end({ outcome });
  }
}

interface PgPoolCounts {
  totalCount: number;
  idleCount: number;
  waitingCount: number;
}

const isPgPool = (value: unknown): value is PgPoolCounts =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Partial<PgPoolCounts>).totalCount === 'number' &&
  typeof (value as Partial<PgPoolCounts>).waitingCount === 'number';

const isNamespace = (value: unknown): value is { name: string; sockets: Map<string, unknown> } =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { name?: unknown }).name === 'string' &&
  (value as { sockets?: unknown }).sockets instanceof Map;
