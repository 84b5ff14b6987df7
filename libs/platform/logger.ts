import type { LoggerService } from '@nestjs/common';
import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel } from './config';
import { currentCorrelationId } from './request-context';

/** One JSON line per entry on stdout; `destination` lets tests capture the lines. */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  return pino({ level, base: { service: 'licita' }, timestamp: pino.stdTimeFunctions.isoTime }, destination);
}

type PinoLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/**
 * Nest's logger over pino, so framework messages and ours share one format. Entries written while serving
 * a request carry its correlation id.
 */
export class PinoLoggerService implements LoggerService {
  constructor(readonly pino: Logger) {}

  log = this.writerAt('info');
  error = this.writerAt('error');
  warn = this.writerAt('warn');
  debug = this.writerAt('debug');
  verbose = this.writerAt('trace');
  fatal = this.writerAt('fatal');

  private writerAt(level: PinoLevel) {
    return (message: unknown, ...params: unknown[]): void => this.write(level, message, params);
  }

  /** Nest passes `(message, ...extra, context)`; for errors the extra is a stack trace string. */
  private write(level: PinoLevel, message: unknown, params: unknown[]): void {
    const rest = [...params];
    const context = rest.length > 0 && typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : undefined;
    const fields: Record<string, unknown> = {};
    if (context) fields.context = context;
    const correlationId = currentCorrelationId();
    if (correlationId) fields.correlationId = correlationId;
    for (const extra of rest) {
      if (extra instanceof Error) fields.err = extra;
      else if (typeof extra === 'string' && extra) fields.stack = extra;
      else if (extra && typeof extra === 'object') Object.assign(fields, extra);
    }
    if (message instanceof Error) this.pino[level]({ ...fields, err: message }, message.message);
    else if (message && typeof message === 'object') this.pino[level]({ ...fields, ...message });
    else this.pino[level](fields, String(message));
  }
}
