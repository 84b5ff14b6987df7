import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

export interface ApiProcess {
  url: string;
  pid: number;
  /** SIGTERM and wait for the exit (the CPU profile, if asked for, is written then). */
  stop(): Promise<void>;
}

/**
 * The built API (`dist/apps/api/main.js`, as `npm run start:api` runs it) in a child process of its own, so a
 * load generator in this process never shares its event loop. `nodeFlags` go to node (`--cpu-prof`…).
 */
export async function startApiProcess(
  env: Record<string, string>,
  options: { role?: 'api' | 'all'; nodeFlags?: string[] } = {},
): Promise<ApiProcess> {
  const port = await freePort();
  const main = resolve(__dirname, '..', 'apps', 'api', 'main.js');
  const child = spawn(process.execPath, [...(options.nodeFlags ?? []), main, `--role=${options.role ?? 'api'}`], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let errors = '';
  child.stderr?.setEncoding('utf8').on('data', (text: string) => (errors = (errors + text).slice(-4_000)));
  const url = `http://127.0.0.1:${port}`;
  await untilHealthy(url, child, () => errors);
  return { url, pid: child.pid as number, stop: () => stop(child) };
}

async function untilHealthy(url: string, child: ChildProcess, errors: () => string): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the API exited ${child.exitCode}: ${errors()}`);
    const response = await fetch(`${url}/health`).catch(() => undefined);
    if (response?.ok) return;
    await new Promise((done) => setTimeout(done, 250));
  }
  child.kill('SIGKILL');
  throw new Error(`the API did not answer /health within 120 s: ${errors()}`);
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((done) => {
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });
}

function freePort(): Promise<number> {
  return new Promise((done, failed) => {
    const server = createServer();
    server.once('error', failed);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}
