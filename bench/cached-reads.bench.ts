import { EventEmitter } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { startApiProcess, type ApiProcess } from './api-process';
import { readProfile, summarizeProfile, type ProfileWindow } from './cpu-profile';
import { log, numberArg, percentile, resultOf, round, type Benchmark, type BenchRow } from './harness';
import { databaseFlags, projectedDatabase } from './projected-database';

const TARGET_SHARE = 80;

/**
 * Public reads revalidated with `If-None-Match` (issue #23: ≥ 80 % of `GET /health`'s requests/s in the same
 * run), beside the same reads in full: the transparency list and detail, the classifier (search and one code)
 * and OCDS (a release, a record, the release feed). The built API runs in a child process of its own
 * (`--role=api`: no projection in it), autocannon in this one. Each endpoint's paths are asked once first for
 * their ETag; the revalidating load then sends each path's own ETag and counts only 304s as answered.
 * Flags: `--tenders=N` (20000), `--mix`, `--seconds=S` per load (8), `--connections=C` (32), `--fresh`,
 * `--cpu-prof` (profile the API during each load).
 */
export const cachedReadsBenchmark: Benchmark = {
  name: 'cached-reads',
  description:
    'public reads revalidated with If-None-Match (304) and in full, vs GET /health in the same run (API in its own process)',
  async run(args) {
    const flags = databaseFlags(args, { tenders: 20_000, mix: 'compranet' });
    const seconds = numberArg(args, 'seconds', 8);
    const connections = numberArg(args, 'connections', 32);
    const database = await projectedDatabase({
      ...flags,
      projections: ['transparency', 'tender-views', 'buying-units', 'ocds', 'classifier'],
      log,
    });
    const profileDir = args.includes('--cpu-prof') ? mkdtempSync(join(tmpdir(), 'licita-cached-prof-')) : undefined;
    const windows: ProfileWindow[] = [];
    try {
      const endpoints = await endpointsOver(database.url);
      const api = await startApiProcess(database.env, {
        nodeFlags: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
      });
      let measured: Measured;
      try {
        measured = await measure(api, endpoints, seconds, connections, windows);
      } finally {
        await api.stop();
      }
      const profile = profileDir ? summarizeProfile(readProfile(profileDir), windows) : [];
      return resultOf(
        this,
        rows(measured),
        `History: ${database.summary.tenders.toLocaleString('en-US')} tenders (${database.summary.events.toLocaleString('en-US')} events, mix ${database.summary.mix}); read models built by their projections. autocannon in the benchmark's process, ${connections} connections, ${seconds} s per load after a warm-up over every path; the API is dist/apps/api/main.js --role=api in a child process. Loads in turn: /health, each endpoint revalidated, /health again (the ceiling is the mean of the two), then each endpoint in full. API CPU ms/req: the API process's CPU time over the load's requests (/proc), steadier than requests/s on a shared machine. Target: revalidated reads ≥ ${TARGET_SHARE} % of /health's requests/s.`,
        `Revalidated: each request sends the ETag its path was answered with (asked once before the loads); a 200 instead of a 304 counts as not revalidated.`,
        ...profile.map((line) => `CPU profile of the API, ${line}`),
      );
    } finally {
      if (profileDir) rmSync(profileDir, { recursive: true, force: true });
      await database.dispose();
    }
  },
};

type Endpoint = { name: string; paths: string[] };
type Load = {
  perSecond: number;
  count: number;
  p50: number;
  p99: number;
  statuses: Map<number, number>;
  /** The API process's CPU time per request answered, ms (/proc): what other work on the machine does not inflate. */
  cpuMs?: number;
};
type Measured = { health: Load[]; rows: Array<{ name: string; full: Load; revalidated: Load }> };

/** Real paths for each endpoint, from the read models (the same every run). */
async function endpointsOver(databaseUrl: string): Promise<Endpoint[]> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('SELECT setseed(0.2026)');
    const tenders = await client.query<{ id: string }>(
      'SELECT tender_id AS id FROM transparency_tenders WHERE is_public ORDER BY random() LIMIT 200',
    );
    const releases = await client.query<{ id: string; ocid: string }>(
      'SELECT release_id AS id, ocid FROM ocds_releases ORDER BY random() LIMIT 200',
    );
    const codes = await client.query<{ code: string }>(
      'SELECT code FROM classifier_codes WHERE NOT retired ORDER BY random() LIMIT 200',
    );
    return [
      {
        name: 'GET /api/transparency/tenders?…',
        paths: [
          '/api/transparency/tenders',
          '/api/transparency/tenders?status=active.tendering',
          '/api/transparency/tenders?procedureType=invitation&sort=-publishedAt',
          '/api/transparency/tenders?q=adquisicion',
          '/api/transparency/tenders?status=completed&procedureType=public_national',
        ],
      },
      {
        name: 'GET /api/transparency/tenders/{id}',
        paths: tenders.rows.map((r) => `/api/transparency/tenders/${r.id}`),
      },
      {
        name: 'GET /api/classifier?q=… and /{code}',
        paths: [
          ...['papel', 'computadora', 'medicamentos', 'servicios de limpieza', 'vehiculos'].map(
            (q) => `/api/classifier?q=${encodeURIComponent(q)}`,
          ),
          ...codes.rows.map((r) => `/api/classifier/${encodeURIComponent(r.code)}`),
        ],
      },
      {
        name: 'GET /api/ocds/releases/{id}, records/{ocid}, releases?after=',
        paths: [
          ...releases.rows.map((r) => `/api/ocds/releases/${encodeURIComponent(r.id)}`),
          ...releases.rows.slice(0, 100).map((r) => `/api/ocds/records/${encodeURIComponent(r.ocid)}`),
          '/api/ocds/releases?limit=20',
        ],
      },
    ];
  } finally {
    await client.end();
  }
}

async function measure(
  api: ApiProcess,
  endpoints: Endpoint[],
  seconds: number,
  connections: number,
  windows: ProfileWindow[],
): Promise<Measured> {
  log('cached-reads: asking every path once for its ETag…');
  const etags = new Map<string, string>();
  for (const path of endpoints.flatMap((e) => e.paths)) {
    const response = await fetch(`${api.url}${path}`);
    await response.arrayBuffer();
    const etag = response.headers.get('etag');
    if (response.status !== 200 || !etag) throw new Error(`${path}: ${response.status}, ETag ${etag}`);
    etags.set(path, etag);
  }
  const timed = async (label: string, paths: string[], conditional: boolean): Promise<Load> => {
    const from = process.hrtime.bigint();
    const cpuBefore = cpuMs(api.pid);
    const result = await load(api.url, paths, conditional ? etags : undefined, seconds, connections);
    windows.push({ label, from, to: process.hrtime.bigint() });
    return { ...result, cpuMs: (cpuMs(api.pid) - cpuBefore) / Math.max(1, result.count) };
  };
  log('cached-reads: warming up (every path, in full and revalidated; not measured)…');
  const all = endpoints.flatMap((e) => e.paths);
  await load(api.url, all, undefined, 3, connections);
  await load(api.url, all, etags, 2, connections);
  log(`cached-reads: ${seconds} s per load, ${connections} connections…`);
  // The revalidations between two /health loads; the full reads after (a slow search's backlog in PostgreSQL
  // would otherwise still be running into the next load).
  const health = [await timed('GET /health', ['/health'], false)];
  const revalidated: Load[] = [];
  for (const endpoint of endpoints) revalidated.push(await timed(`${endpoint.name} (304)`, endpoint.paths, true));
  health.push(await timed('GET /health (again)', ['/health'], false));
  const rows: Measured['rows'] = [];
  for (const [i, endpoint] of endpoints.entries())
    rows.push({
      name: endpoint.name,
      revalidated: revalidated[i],
      full: await timed(`${endpoint.name} (200)`, endpoint.paths, false),
    });
  return { health, rows };
}

function rows({ health, rows: measured }: Measured): BenchRow[] {
  const ceiling = health.reduce((sum, one) => sum + one.perSecond, 0) / health.length;
  const ceilingCpu = health.reduce((sum, one) => sum + (one.cpuMs ?? 0), 0) / health.length;
  const statuses = (load: Load) =>
    [...load.statuses]
      .sort(([a], [b]) => a - b)
      .map(([status, count]) => `${status}×${count}`)
      .join(' ');
  const row = (endpoint: string, load: Load, target: boolean): BenchRow => {
    const share = (100 * load.perSecond) / ceiling;
    return {
      endpoint,
      'requests/s': round(load.perSecond),
      'p50 ms': round(load.p50, 1),
      'p99 ms': round(load.p99, 1),
      statuses: statuses(load),
      'req/s vs /health': `${round(share)} %`,
      'API CPU ms/req': round(load.cpuMs ?? 0, 3),
      'CPU vs /health': `${round((load.cpuMs ?? 0) / ceilingCpu, 2)}×`,
      target: target ? `≥ ${TARGET_SHARE} %: ${share >= TARGET_SHARE ? 'met' : 'missed'}` : '',
    };
  };
  return [
    ...health.map((one, i) => row(i === 0 ? 'GET /health (ceiling)' : 'GET /health (ceiling, again)', one, false)),
    ...measured.flatMap(({ name, full, revalidated }) => [
      row(`${name}, If-None-Match (304)`, revalidated, true),
      row(`${name}, in full (200)`, full, false),
    ]),
  ];
}

/** User and system CPU time of a process so far, in ms (/proc, clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // utime, stime (fields 14 and 15 of stat)
  } catch {
    return 0; // the process is gone
  }
}

/** `connections` clients for `seconds`, each request the next path (round robin), with its ETag if given. */
async function load(
  url: string,
  paths: string[],
  etags: Map<string, string> | undefined,
  seconds: number,
  connections: number,
): Promise<Load> {
  let next = 0;
  const statuses = new Map<number, number>();
  const times: number[] = [];
  const instance = autocannon({
    url,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => {
          const path = paths[next++ % paths.length];
          const etag = etags?.get(path);
          return { ...request, path, headers: etag ? { 'if-none-match': etag } : {} };
        },
        onResponse: (status) => statuses.set(status, (statuses.get(status) ?? 0) + 1),
      },
    ],
  });
  if (!(instance instanceof EventEmitter)) throw new Error('autocannon no longer returns an EventEmitter');
  void instance.on('response', (_client: unknown, _status: number, _bytes: number, responseTime: number) =>
    times.push(responseTime),
  );
  const result = await instance;
  times.sort((a, b) => a - b);
  // Only the answers expected count: 304 when revalidating, 200 in full.
  const expected = statuses.get(etags ? 304 : 200) ?? 0;
  return {
    perSecond: expected / seconds,
    count: result.requests.total,
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    statuses,
  };
}
