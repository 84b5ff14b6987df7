import { existsSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, resolve } from 'node:path';
import { Inject, Logger, Module, type MiddlewareConsumer, type NestModule } from '@nestjs/common';
import { LICITA_CONFIG, type LicitaConfig } from '@licita/platform';

/** Paths the API answers itself; everything else is the web app's. */
const API_PATHS = /^\/(api|docs|health|socket\.io|test)(\/|$|\?|-json)/;

type ExpressResponse = ServerResponse & {
  sendFile(path: string, options: Record<string, unknown>, done: (error?: Error) => void): void;
};
type Next = (error?: unknown) => void;

/**
 * Serves the built web front end (apps/web, built by `npm run build:web` into dist/web) at `/`: its files as
 * they are (hashed assets cached for a year), and index.html for every other page path (the app routes in
 * the browser). The API's own paths are left alone. LICITA_WEB_DIR points elsewhere if needed.
 */
export function webMiddleware(
  findDirectory: () => string | null,
  ocidPrefix: string,
  mode: LicitaConfig['mode'] = 'production',
) {
  let directory: string | null = null;
  let indexHtml: { html: string; mtimeMs: number } | null = null;
  const index = (): string | null => {
    const file = directory && resolve(directory, 'index.html');
    if (!file || !existsSync(file)) return null;
    const { mtimeMs } = statSync(file);
    if (indexHtml?.mtimeMs !== mtimeMs)
      indexHtml = { html: withMode(withOcidPrefix(readFileSync(file, 'utf8'), ocidPrefix), mode), mtimeMs };
    return indexHtml.html;
  };

  return (req: IncomingMessage, res: ExpressResponse, next: Next): void => {
    const path = ((req as { originalUrl?: string }).originalUrl ?? req.url ?? '/').split('?')[0];
    if ((req.method !== 'GET' && req.method !== 'HEAD') || API_PATHS.test(path)) return next();
    directory ??= findDirectory();
    const sendIndex = () => {
      const html = index();
      res.statusCode = html ? 200 : 503;
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.setHeader('Cache-Control', 'no-cache');
      res.end(req.method === 'HEAD' ? undefined : (html ?? NOT_BUILT));
    };
    if (path === '/' || path === '/index.html' || !directory) return sendIndex();
    // A path with an extension names a file: serve it or 404. Any other path is a page of the app when a
    // browser asks for a page; a program asking for anything else gets the API's problem+json 404.
    if (!extname(path)) return wantsPage(req) ? sendIndex() : next();
    const immutable = path.startsWith('/assets/');
    res.sendFile(
      decodeURIComponent(path).slice(1),
      { root: directory, dotfiles: 'deny', index: false, maxAge: immutable ? '365d' : 0, immutable },
      (error) => {
        if (error) next();
      },
    );
  };
}

/** A browser navigating asks for text/html; fetch() and API clients ask for JSON or anything. */
function wantsPage(req: IncomingMessage): boolean {
  return /\btext\/html\b/.test(req.headers.accept ?? '');
}

/** index.html carries the ocid prefix of this installation, so the pages can link a tender's OCDS record. */
function withOcidPrefix(html: string, prefix: string): string {
  return html.replace(
    /(<meta name="licita-ocid-prefix" content=")[^"]*(")/,
    `$1${prefix.replace(/[^A-Za-z0-9-]/g, '')}$2`,
  );
}

/** index.html says whether this is a sandbox, so every page shows the practice banner from its first paint. */
function withMode(html: string, mode: LicitaConfig['mode']): string {
  return html.replace(/(<meta name="licita-mode" content=")[^"]*(")/, `$1${mode}$2`);
}

/** dist/web next to the compiled API (dist/apps/api/web → dist/web), or under the repository (tests, ts-node). */
export function webDirectory(env: NodeJS.ProcessEnv = process.env): string | null {
  const candidates = env.LICITA_WEB_DIR
    ? [resolve(env.LICITA_WEB_DIR)]
    : [resolve(__dirname, '../../../web'), resolve(__dirname, '../../../dist/web')];
  return candidates.find((dir) => existsSync(resolve(dir, 'index.html'))) ?? null;
}

const NOT_BUILT = `<!doctype html><html lang="es"><meta charset="utf-8"><title>Licita</title>
<p>La interfaz web no está construida. Ejecuta <code>npm run build:web</code> (o <code>npm start</code>, que la construye).</p>
<p>The web front end is not built: run <code>npm run build:web</code>. The API is at <a href="/docs">/docs</a>.</p></html>`;

@Module({})
export class WebModule implements NestModule {
  constructor(@Inject(LICITA_CONFIG) private readonly config: LicitaConfig) {}

  configure(consumer: MiddlewareConsumer): void {
    if (!webDirectory())
      new Logger('WebModule').warn('the web front end is not built (npm run build:web); / explains how');
    consumer.apply(webMiddleware(() => webDirectory(), this.config.ocidPrefix, this.config.mode)).forRoutes('{*path}');
  }
}
