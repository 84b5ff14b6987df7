import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The browser front end, built into dist/web (next to the compiled API, which serves it at `/`).
 * `npm run build:web` builds it; `npx vite apps/web` serves it with hot reload, forwarding /api and
 * /socket.io to an API started with `npm start` (PORT 3000 unless LICITA_API_URL says otherwise).
 */
const api = process.env.LICITA_API_URL ?? 'http://localhost:3000';
const here = dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: here,
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: { outDir: resolve(here, '../../dist/web'), emptyOutDir: true, chunkSizeWarningLimit: 400 },
  server: { proxy: { '/api': api, '/socket.io': { target: api, ws: true } } },
});
