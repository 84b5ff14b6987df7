import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DynamicModule, ForwardReference, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import type { LicitaConfig } from '@licita/platform';
import { POSITION_HEADER, requestContextMiddleware } from '@licita/platform';
import type { PinoLoggerService } from '@licita/platform';
import { PostgresIoAdapter } from '@licita/platform';
import { ProblemDetailsFilter } from '@licita/platform';
import { withProblemCodes } from '@licita/platform';
import { createValidationPipe, refuseUnstorableText, RouteIdPipe } from '@licita/platform';
import { refuseBodiesPastTheirRoutesLimit, verifyBodyLimit, type BodyLimits } from '@licita/platform';
import { LicitaExpressAdapter } from './http-server';
import { AppModule } from './app.module';

export interface HttpAppOptions {
  config: LicitaConfig;
  databaseUrl: string;
  logger: PinoLoggerService;
  /** Extra modules next to the real ones (tests). */
  imports?: Array<Type | DynamicModule | ForwardReference>;
}

/** The API application, fully configured but not yet listening; `main` and the e2e tests both use it. */
export async function createHttpApp(options: HttpAppOptions): Promise<NestExpressApplication> {
  const { config, databaseUrl, logger, imports } = options;
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot({ config, databaseUrl, imports }),
    new LicitaExpressAdapter(config.http),
    {
      logger,
      bodyParser: false,
      abortOnError: false,
      forceCloseConnections: true,
    },
  );
  configureHttpApp(app, options);
  return app;
}

/** `Licita-Mode: sandbox` on every response of a sandbox (LICITA_MODE=sandbox). */
export const MODE_HEADER = 'Licita-Mode';

function markSandboxResponses(_request: IncomingMessage, response: ServerResponse, next: () => void): void {
  response.setHeader(MODE_HEADER, 'sandbox');
  next();
}

/**
 * Everything around the controllers, in the order requests meet it: correlation id and request log, security
 * headers (helmet) and CORS for the origins of CORS_ORIGINS (none: same origin only), JSON body (size-limited per
 * route; no NUL or unpaired surrogate in it or the URL), well-formed route ids, validation, problem+json errors; then
 * Socket.IO across instances and OpenAPI. Node's server timeouts are set where the server is made (http-server.ts).
 * The app is created with `bodyParser: false` so the body parser comes after the request context.
 */
export function configureHttpApp(app: NestExpressApplication, { config, databaseUrl, logger }: HttpAppOptions): void {
  app.disable('x-powered-by');
  // Client addresses (rate limits, logs) from X-Forwarded-For only when the operator says which proxies to trust.
  if (config.trustProxy !== false) app.set('trust proxy', config.trustProxy);
  app.use(requestContextMiddleware(logger.pino));
  app.use(helmet(securityHeaders(config)));
  // Every answer of a practice deployment says so, pages, exports and OCDS included (README "Sandbox").
  if (config.mode === 'sandbox') app.use(markSandboxResponses);
  if (config.corsOrigins.length > 0) {
    app.enableCors({
      origin: config.corsOrigins,
      exposedHeaders: [
        'X-Correlation-Id',
        'Idempotent-Replayed',
        'Retry-After',
        'Location',
        POSITION_HEADER,
        MODE_HEADER,
      ],
      maxAge: 600,
    });
  }
  const limits = bodyLimits(config);
  const refuseLargeBodies = refuseBodiesPastTheirRoutesLimit(limits);
  // A document upload is streamed to the store, which enforces DOCUMENTS_MAX_BYTES itself.
  app.use((request: IncomingMessage, response: unknown, next: (error?: unknown) => void) =>
    isDocumentUpload(request) ? next() : refuseLargeBodies(request, response, next),
  );
  app.useBodyParser('json', {
    limit: Math.max(limits.defaultBytes, limits.largeBytes),
    type: ['application/json', 'application/*+json'],
    verify: verifyBodyLimit(limits),
  });
  // A PDF to verify (POST /api/acts/verify) arrives as itself; nothing else takes application/pdf.
  app.useBodyParser('raw', { limit: limits.largeBytes, type: 'application/pdf', verify: verifyBodyLimit(limits) });
  app.use(refuseUnstorableText());
  app.useGlobalPipes(new RouteIdPipe(), createValidationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter(logger));
  app.useWebSocketAdapter(new PostgresIoAdapter(app, databaseUrl, logger));
  setUpOpenApi(app);
}

/**
 * Helmet's headers, with what only makes sense over HTTPS (HSTS, CSP `upgrade-insecure-requests`) sent only when
 * PUBLIC_URL is https: sent over plain HTTP at a LAN address they make the browser ask for the page's scripts
 * over HTTPS, which nothing serves, and the page stays blank.
 */
export function securityHeaders(config: Pick<LicitaConfig, 'servedOverHttps'>): Parameters<typeof helmet>[0] {
  if (config.servedOverHttps) return {};
  return {
    strictTransportSecurity: false,
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
  };
}

/**
 * The routes whose bodies may pass HTTP_BODY_LIMIT, up to HTTP_LARGE_BODY_LIMIT: a tender's call (up to 500 lots
 * of up to 1,000 items) as drafted or amended, and a proposal's prices for them. Every other body is small.
 */
const LARGE_BODY_ROUTES = [
  { method: 'POST', path: /^\/api\/tenders$/ },
  { method: 'PATCH', path: /^\/api\/tenders\/[^/]+$/ },
  { method: 'POST', path: /^\/api\/tenders\/[^/]+\/amendments$/ },
  { method: 'POST', path: /^\/api\/tenders\/[^/]+\/proposals$/ },
  { method: 'PUT', path: /^\/api\/tenders\/[^/]+\/proposals\/[^/]+$/ },
  { method: 'POST', path: /^\/api\/acts\/verify$/ },
  { method: 'PUT', path: /^\/api\/plans\/[^/]+\/[^/]+$/ },
];

const isDocumentUpload = (request: IncomingMessage & { originalUrl?: string }) =>
  request.method === 'POST' && /^\/api\/documents\/?(\?|$)/.test(request.originalUrl ?? request.url ?? '');

const bodyLimits = (config: LicitaConfig): BodyLimits => ({
  defaultBytes: config.bodyLimitBytes,
  largeBytes: config.largeBodyLimitBytes,
  largeRoutes: LARGE_BODY_ROUTES,
});

/** Swagger UI at /docs, the document at /docs-json; both generated from the controllers and DTOs. */
function setUpOpenApi(app: NestExpressApplication): void {
  const document = () =>
    withProblemCodes(
      SwaggerModule.createDocument(
        app,
        new DocumentBuilder()
          .setTitle('Licita API')
          .setDescription(
            'Public procurement: tenders, sealed proposals, reverse auctions, open contracting data. Errors are application/problem+json with a stable `code`.',
          )
          .setVersion(process.env.npm_package_version ?? '0.1.0')
          .addBearerAuth()
          .build(),
      ),
    );
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
