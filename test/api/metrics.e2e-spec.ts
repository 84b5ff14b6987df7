import { randomUUID } from 'node:crypto';
import { Module } from '@nestjs/common';
import { Command, CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '@licita/event-store';
import { aSupplierRegistration, RegisterApi } from './register/register-api';

class PingMetrics extends Command<string> {}

@CommandHandler(PingMetrics)
class PingMetricsHandler implements ICommandHandler<PingMetrics> {
  execute(): Promise<string> {
    return Promise.resolve('pong');
  }
}

@Module({ providers: [PingMetricsHandler] })
class PingModule {}

const register = RegisterApi.use({ imports: [PingModule] });

async function scrape(): Promise<{ contentType: string | null; text: string }> {
  const response = await fetch(`${register().url}/metrics`);
  expect(response.status).toBe(200);
  return { contentType: response.headers.get('content-type'), text: await response.text() };
}

/** The value of one sample (`name{labels}`), 0 when absent. */
const sample = (text: string, series: string) =>
  Number(
    text
      .split('\n')
      .find((line) => line.startsWith(`${series} `))
      ?.split(' ')[1] ?? 0,
  );

it('answers the Prometheus text exposition with the application and process metrics', async () => {
  const { contentType, text } = await scrape();

  expect(contentType).toMatch(/^text\/plain; version=0\.0\.4; charset=utf-8/i);
  for (const name of [
    'licita_command_duration_seconds',
    'licita_event_store_append_duration_seconds',
    'licita_auction_bids_total',
    'licita_projection_lag_events',
    'licita_socketio_connections',
    'licita_db_pool_connections',
    'process_cpu_seconds_total',
    'nodejs_eventloop_lag_seconds',
  ])
    expect(text).toContain(`# TYPE ${name} `);
  expect(text).toMatch(/^licita_projection_lag_events\{projection="classifier"\} \d+$/m);
  expect(text).toMatch(/^licita_db_pool_connections\{pool="read-models",state="total"\} \d+$/m);
  expect(text).toMatch(/^licita_db_pool_connections\{pool="event-store",state="idle"\} \d+$/m);
  expect(text).toMatch(/^licita_socketio_connections\{namespace="\/auctions"\} 0$/m);
});

it('moves after a command, an append and a bid', async () => {
  const before = (await scrape()).text;
  await register().api.app.get(CommandBus).execute(new PingMetrics());
  const store = register().api.app.get<EventStore>(EVENT_STORE);
  const metadata = { actor: 'system', correlationId: randomUUID(), occurredAt: new Date().toISOString() };
  await store.appendToStream(
    `auction-metrics-${randomUUID()}`,
    [{ id: randomUUID(), type: 'BidPlaced', data: { amount: 100 }, metadata }],
    { expectedRevision: 'any' },
  );
  const after = (await scrape()).text;

  const ping = 'licita_command_duration_seconds_count{command="PingMetrics",outcome="ok"}';
  expect(sample(after, ping) - sample(before, ping)).toBe(1);
  const appends = 'licita_event_store_append_duration_seconds_count{outcome="ok"}';
  expect(sample(after, appends) - sample(before, appends)).toBeGreaterThanOrEqual(1);
  expect(sample(after, 'licita_auction_bids_total') - sample(before, 'licita_auction_bids_total')).toBe(1);
});

it("carries the request's X-Correlation-Id into the metadata of the events the command appends", async () => {
  const correlationId = `metrics-${randomUUID()}`;
  const registered = await register().call('POST', '/api/suppliers', {
    body: aSupplierRegistration(),
    headers: { 'X-Correlation-Id': correlationId },
  });
  expect(registered.status).toBe(201);

  const events = (await register().api.app.get<EventStore>(EVENT_STORE).readAll()).filter(
    (event) => event.metadata.correlationId === correlationId,
  );
  expect(events.length).toBeGreaterThan(0);
  expect(events.map((event) => event.type)).toContain('SupplierRegistered');
});
