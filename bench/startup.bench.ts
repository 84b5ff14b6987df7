import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { startEmbeddedPostgres } from '@licita/platform/embedded-postgres';
import { round, type Benchmark, type BenchRow } from './harness';

const ROOT = resolve(__dirname, '..', '..');

/**
 * `npm start` on an empty data folder until `GET /health/ready` answers 200: with the build (what a new user
 * types), node alone (dist/ already built), and node again on the kept folder. Ceilings in the same run: a
 * bare Node HTTP server answering its first request, and the embedded PostgreSQL alone (initdb and start).
 */
export const startupBenchmark: Benchmark = {
  name: 'startup',
  description:
    'npm start on an empty data folder to GET /health/ready = 200, vs bare node and embedded PostgreSQL alone',
  async run() {
    const bare = await timeToReady(
      ['node', '-e', "require('http').createServer((q, r) => r.end('ok')).listen(process.env.PORT, '127.0.0.1')"],
      '/',
    );
    const postgres = await embeddedPostgresAlone();
    const ceiling = bare + postgres;
    const folder = mkdtempSync(join(tmpdir(), 'licita-startup-'));
    chmodSync(folder, 0o755); // the embedded server runs as the postgres user, who must reach the data folder
    const rows: BenchRow[] = [];
    const notes: string[] = [];
    const row = async (what: string, command: string[], dataDir: string, target = '') => {
      try {
        const seconds = await timeToReady(command, '/health/ready', { LICITA_DATA_DIR: dataDir });
        rows.push({
          start: what,
          seconds: round(seconds, 2),
          target,
          'ceiling (s)': round(ceiling, 2),
          'vs ceiling': `${round(seconds / ceiling, 1)}×`,
        });
      } catch (error) {
        rows.push({ start: what, seconds: 'failed', target, 'ceiling (s)': round(ceiling, 2), 'vs ceiling': '' });
        notes.push(`${what}: ${(error as Error).message} (its output is above)`);
      }
    };
    try {
      await row(
        'npm start (build + start), empty data folder',
        ['npm', 'start', '--silent'],
        join(folder, 'a'),
        '< 15 s',
      );
      await row('node dist/apps/api/main.js, empty data folder', ['node', 'dist/apps/api/main.js'], join(folder, 'b'));
      await row('node dist/apps/api/main.js, same folder again', ['node', 'dist/apps/api/main.js'], join(folder, 'b'));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
    rows.push({
      start: 'ceiling: bare node HTTP server, first answer',
      seconds: round(bare, 2),
      target: '',
      'ceiling (s)': '',
      'vs ceiling': '',
    });
    rows.push({
      start: 'ceiling: embedded PostgreSQL alone (initdb + start)',
      seconds: round(postgres, 2),
      target: '',
      'ceiling (s)': '',
      'vs ceiling': '',
    });
    return {
      name: 'startup',
      description: this.description,
      rows,
      notes: [
        ...notes,
        'Each start is a child process polled every 50 ms until the path answers 200, then stopped with SIGTERM; the ceiling is the sum of the two ceilings below (what any Node service with an embedded PostgreSQL pays). Target: < 15 s for npm start.',
      ],
    };
  },
};

/** Seconds from spawning `command` until GET `path` answers 200; the process (group) is then stopped. */
async function timeToReady(command: string[], path: string, env: Record<string, string> = {}): Promise<number> {
  const port = await freePort();
  const started = process.hrtime.bigint();
  const child = spawn(command[0], command.slice(1), {
    cwd: ROOT,
    env: { ...process.env, LOG_LEVEL: 'warn', ...env, PORT: String(port) },
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true,
  });
  try {
    for (;;) {
      if (child.exitCode !== null)
        throw new Error(`${command.join(' ')} exited with ${child.exitCode} before it was ready`);
      const response = await fetch(`http://127.0.0.1:${port}${path}`).catch(() => undefined);
      if (response?.status === 200) return Number(process.hrtime.bigint() - started) / 1e9;
      await new Promise((done) => setTimeout(done, 50));
    }
  } finally {
    await stop(child);
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.pid === undefined) return;
  const exited = new Promise((done) => child.once('exit', done));
  process.kill(-child.pid, 'SIGTERM'); // the group: npm and the node it started
  await Promise.race([exited, new Promise((done) => setTimeout(done, 20_000))]);
}

async function embeddedPostgresAlone(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'licita-startup-pg-'));
  const started = process.hrtime.bigint();
  const server = await startEmbeddedPostgres({ dataDir: dir, persistent: false });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await server.stop();
  rmSync(dir, { recursive: true, force: true });
  return seconds;
}

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
    server.on('error', fail);
  });
}
