import type { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

/** The part of the OpenTelemetry packages this file uses (they are loaded only when tracing is on). */
type TracingPackages = {
  sdk: typeof import('@opentelemetry/sdk-trace-node');
  resources: typeof import('@opentelemetry/resources');
  exporter: typeof import('@opentelemetry/exporter-trace-otlp-http');
  instrumentation: typeof import('@opentelemetry/instrumentation');
  http: typeof import('@opentelemetry/instrumentation-http');
  express: typeof import('@opentelemetry/instrumentation-express');
  pg: typeof import('@opentelemetry/instrumentation-pg');
};

/* eslint-disable @typescript-eslint/no-require-imports -- loaded synchronously, and only when tracing is on */
const loadPackages = (): TracingPackages => ({
  sdk: require('@opentelemetry/sdk-trace-node') as TracingPackages['sdk'],
  resources: require('@opentelemetry/resources') as TracingPackages['resources'],
  exporter: require('@opentelemetry/exporter-trace-otlp-http') as TracingPackages['exporter'],
  instrumentation: require('@opentelemetry/instrumentation') as TracingPackages['instrumentation'],
  http: require('@opentelemetry/instrumentation-http') as TracingPackages['http'],
  express: require('@opentelemetry/instrumentation-express') as TracingPackages['express'],
  pg: require('@opentelemetry/instrumentation-pg') as TracingPackages['pg'],
});
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * OpenTelemetry tracing, off unless OTEL_EXPORTER_OTLP_ENDPOINT is set (e.g. http://collector:4318): then spans of
 * HTTP (in and out), Express routes and PostgreSQL queries go to that OTLP/HTTP endpoint (the exporter reads the
 * standard OTEL_* variables), as service OTEL_SERVICE_NAME or `licita-<process>`. Unset, no OpenTelemetry code is
 * loaded. The entry points import this first, so the instrumentations patch http, express and pg before they load.
 */
export function startTracing(service: string, env: NodeJS.ProcessEnv = process.env): NodeTracerProvider | undefined {
  if (!env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim()) return undefined;
  const { sdk, resources, exporter, instrumentation, http, express, pg } = loadPackages();
  const provider = new sdk.NodeTracerProvider({
    resource: resources.resourceFromAttributes({ 'service.name': env.OTEL_SERVICE_NAME?.trim() || service }),
    spanProcessors: [new sdk.BatchSpanProcessor(new exporter.OTLPTraceExporter())],
  });
  provider.register();
  instrumentation.registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new http.HttpInstrumentation(),
      new express.ExpressInstrumentation(),
      new pg.PgInstrumentation(),
    ],
  });
  return provider;
}
