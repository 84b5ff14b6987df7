import { basename, dirname } from 'node:path';
import { startTracing } from './tracing';

/**
 * Imported first by the entry points (before anything loads http, express or pg): OpenTelemetry tracing when
 * OTEL_EXPORTER_OTLP_ENDPOINT is set, as `licita-api` or `licita-projector` (the folder of the running main.js).
 */
export const tracing = startTracing(`licita-${basename(dirname(process.argv[1] ?? 'api'))}`);
