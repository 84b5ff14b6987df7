import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Seconds: from a few milliseconds (an append) to several seconds (a command waiting on a busy pool). */
const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** What the gauges read when Prometheus scrapes (the sources live in other modules; see MetricsInstrumentation). */
export interface MetricSources {
  projectionLags(): Promise<Array<{ name: string; lag: number }>>;
  socketConnections(): Array<{ namespace: string; connections: number }>;
  pools(): Array<{ pool: string; total: number; idle: number; waiting: number }>;
}

/**
 * The application's Prometheus metrics, in a registry of its own (several apps may share a process in tests),
 * with Node's default process metrics. Served at GET /metrics.
 */
export class LicitaMetrics {
  readonly registry = new Registry();
  readonly commandDuration = new Histogram({
    name: 'licita_command_duration_seconds',
    help: 'Time to execute a command on the CommandBus, by command type and outcome (ok or error).',
    labelNames: ['command', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly appendDuration = new Histogram({
    name: 'licita_event_store_append_duration_seconds',
    help: 'Time to append to a stream of the event store, by outcome (ok or error).',
    labelNames: ['outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [this.registry],
  });
  readonly bids = new Counter({
    name: 'licita_auction_bids_total',
    help: 'Accepted auction bids (BidPlaced events appended); rate() gives bids per second.',
    registers: [this.registry],
  });
  readonly projectionLag = new Gauge({
    name: 'licita_projection_lag_events',
    help: "Events in the log after a projection's checkpoint (head position minus checkpoint), read on scrape.",
    labelNames: ['projection'] as const,
    registers: [this.registry],
  });
  readonly socketConnections = new Gauge({
    name: 'licita_socketio_connections',
    help: 'Open Socket.IO connections to this process, by namespace (/auctions: live auctions).',
    labelNames: ['namespace'] as const,
    registers: [this.registry],
  });
  readonly poolConnections = new Gauge({
    name: 'licita_db_pool_connections',
    help: 'PostgreSQL pool clients by pool (read models, event store) and state (total, idle, waiting requests).',
    labelNames: ['pool', 'state'] as const,
    registers: [this.registry],
  });
  private sources?: MetricSources;

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** Called once the modules the gauges read from exist. */
  readFrom(sources: MetricSources): void {
    this.sources = sources;
  }

  /** The Prometheus text exposition, with the gauges read now. */
  async scrape(): Promise<string> {
    if (this.sources) await this.readGauges(this.sources);
    return this.registry.metrics();
  }

  private async readGauges(sources: MetricSources): Promise<void> {
    this.projectionLag.reset();
    for (const { name, lag } of await sources.projectionLags()) this.projectionLag.set({ projection: name }, lag);
    this.socketConnections.reset();
    for (const { namespace, connections } of sources.socketConnections())
      this.socketConnections.set({ namespace }, connections);
    this.poolConnections.reset();
    for (const { pool, total, idle, waiting } of sources.pools()) {
      this.poolConnections.set({ pool, state: 'total' }, total);
      this.poolConnections.set({ pool, state: 'idle' }, idle);
      this.poolConnections.set({ pool, state: 'waiting' }, waiting);
    }
  }
}
