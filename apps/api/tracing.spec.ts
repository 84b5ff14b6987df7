import { startTracing } from './tracing';

describe('startTracing', () => {
  it('loads nothing without OTEL_EXPORTER_OTLP_ENDPOINT', () => {
    expect(startTracing('licita-test', {})).toBeUndefined();
    expect(startTracing('licita-test', { OTEL_EXPORTER_OTLP_ENDPOINT: ' ' })).toBeUndefined();
  });

  it('starts a tracer provider exporting to the endpoint when it is set', async () => {
    const provider = startTracing('licita-test', { OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' });
    expect(provider?.getTracer('test').startSpan('a span').isRecording()).toBe(true);
    await provider?.shutdown();
  });
});
