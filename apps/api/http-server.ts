import { createServer, type RequestListener } from 'node:http';
import type { Socket } from 'node:net';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { LicitaConfig } from '@licita/platform';
import { problemEntry } from '@licita/shared';

/** How often Node looks for requests past their timeouts (its default, 30 s, would let one run 30 s over). */
const CHECK_EVERY_MS = 1_000;

/**
 * Nest's Express adapter with Node's HTTP server built from the configuration: the whole request within
 * HTTP_REQUEST_TIMEOUT_MS, its headers within HTTP_HEADERS_TIMEOUT_MS, an idle kept-alive connection closed
 * after HTTP_KEEP_ALIVE_TIMEOUT_MS; a client too slow (or a malformed request) is answered problem+json and
 * its connection closed, instead of holding a socket and a parser for as long as it likes.
 */
export class LicitaExpressAdapter extends ExpressAdapter {
  constructor(private readonly timeouts: LicitaConfig['http']) {
    super();
  }

  override initHttpServer(options: { forceCloseConnections?: boolean }): void {
    const { requestTimeoutMs, headersTimeoutMs, keepAliveTimeoutMs } = this.timeouts;
    const server = createServer(
      {
        requestTimeout: requestTimeoutMs,
        headersTimeout: headersTimeoutMs,
        keepAliveTimeout: keepAliveTimeoutMs,
        connectionsCheckingInterval: Math.min(CHECK_EVERY_MS, headersTimeoutMs),
      },
      this.getInstance<RequestListener>(),
    );
    server.on('clientError', answerClientError);
    this.setHttpServer(server);
    if (options?.forceCloseConnections) (this as unknown as { trackOpenConnections(): void }).trackOpenConnections();
  }
}

const CLIENT_ERRORS: Record<string, { status: number; reason: string; code: string; detail: string }> = {
  ERR_HTTP_REQUEST_TIMEOUT: {
    status: 408,
    reason: 'Request Timeout',
    code: 'request.timeout',
    detail: 'The request did not arrive whole in time.',
  },
  HPE_HEADER_OVERFLOW: {
    status: 431,
    reason: 'Request Header Fields Too Large',
    code: 'request.too_large',
    detail: 'The request headers are larger than the server accepts.',
  },
};
const MALFORMED = { status: 400, reason: 'Bad Request', code: 'request.invalid', detail: 'The request is not HTTP.' };

/** Node's own answer to a client error, as problem+json (when no answer has started). */
function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  const started = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage?.headersSent;
  if (!socket.writable || started) {
    socket.destroy();
    return;
  }
  const problem = CLIENT_ERRORS[error.code ?? ''] ?? MALFORMED;
  const body = JSON.stringify({
    type: `urn:licita:problem:${problem.code}`,
    title: problemEntry(problem.code)?.es ?? problem.reason,
    status: problem.status,
    detail: problem.detail,
    code: problem.code,
  });
  socket.end(
    `HTTP/1.1 ${problem.status} ${problem.reason}\r\nContent-Type: application/problem+json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
