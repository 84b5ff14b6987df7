import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { COMPRANET_COLUMNS, readCompranetCsv, runImport } from '@licita/history';
import { PostgresEventStore } from '@licita/event-store/postgres/postgres-event-store';
import { numberFlags, onBenchDatabase, resultOf, round, type Benchmark } from './harness';
import { Random } from './seed/random';

const RAW_EVENTS = `
CREATE TABLE raw_events (
  global_position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  stream_id text NOT NULL, stream_revision bigint NOT NULL, event_id uuid NOT NULL, type text NOT NULL,
  data jsonb NOT NULL, metadata jsonb NOT NULL, recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  UNIQUE (stream_id, stream_revision), UNIQUE (stream_id, event_id))`;

/**
 * `npm run bench -- import`: a generated CompraNet "Contratos" file through the whole import (read, group, match,
 * append with expected revisions, checkpoint every batch), beside two bare baselines in the same run on the same
 * database: COPY of the file's rows into a 39-column table, and plain INSERTs of the very events the import
 * appended (unnest, 1,000 a statement, one connection).
 */
export const importBenchmark: Benchmark = {
  name: 'import',
  description: 'CompraNet rows/s through `runImport` vs COPY of the rows and raw INSERTs of the same events',
  async run(args) {
    const { rows, batch, concurrency } = numberFlags(args, { rows: 100_000, batch: 1_000, concurrency: 16 });
    const file = compranetFile(rows, new Random(20));
    return onBenchDatabase(async (database) => {
      const store = await PostgresEventStore.create({ connectionString: database.url, poolSize: concurrency + 2 });
      const client = new Client({ connectionString: database.url });
      await client.connect();
      try {
        const rss = peakRss();
        const started = process.hrtime.bigint();
        const outcome = await runImport(store, {
          kind: 'compranet',
          reader: readCompranetCsv,
          fileName: 'bench.csv',
          bytes: file,
          actor: 'system',
          now: () => new Date(),
          ocidPrefix: 'ocds-bench-',
          batchSize: batch,
          concurrency,
        });
        const importSeconds = seconds(started);
        const peak = rss.stop();
        const events = await store.readAll({ maxCount: 10_000_000 });

        const copySeconds = await copyRows(client, file);
        const insertSeconds = await insertEvents(client, events);
        const rerun = process.hrtime.bigint();
        const again = await runImport(store, {
          kind: 'compranet',
          reader: readCompranetCsv,
          fileName: 'bench.csv',
          bytes: file,
          actor: 'system',
          now: () => new Date(),
          ocidPrefix: 'ocds-bench-',
        });
        const rerunSeconds = seconds(rerun);
        const row = (what: string, secs: number, extra: Record<string, string | number> = {}) => ({
          what,
          rows: rows.toLocaleString('en-US'),
          seconds: round(secs, 2),
          'rows/s': round(rows / secs).toLocaleString('en-US'),
          events: '',
          'peak RSS (MB)': '',
          'RSS growth (MB)': '',
          ...extra,
        });
        return resultOf(
          this,
          [
            row('runImport (events appended, checkpoints)', importSeconds, {
              events: events.length.toLocaleString('en-US'),
              'peak RSS (MB)': round(peak.peak / 2 ** 20),
              'RSS growth (MB)': round((peak.peak - peak.before) / 2 ** 20),
            }),
            row('baseline: COPY of the CSV rows into a table', copySeconds),
            row('baseline: raw INSERT of the same events', insertSeconds, {
              events: events.length.toLocaleString('en-US'),
            }),
            row(`re-run of the same file (${again.status})`, rerunSeconds),
          ],
          `${rows.toLocaleString('en-US')} generated rows (${outcome.counts.procedures.toLocaleString('en-US')} procedures; 64 % direct awards, 21 % invitations, 16 % public tenders by weight; a quarter of procedures with 2–4 contracts), ${outcome.counts.imported.toLocaleString('en-US')} imported, ${outcome.counts.rejected} rejected. Batches of ${batch} rows, ${concurrency} streams appended at once, against a durable (fsync on) embedded PostgreSQL. Target: ≥ 2,000 rows/s.`,
        );
      } finally {
        await client.end();
        await store.close();
      }
    });
  },
};

const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;

function peakRss() {
  const before = process.memoryUsage().rss;
  let peak = before;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  return {
    stop: () => {
      clearInterval(timer);
      return { before, peak: Math.max(peak, process.memoryUsage().rss) };
    },
  };
}

async function copyRows(client: Client, file: Buffer): Promise<number> {
  await client.query(`CREATE TABLE compranet_rows (${COMPRANET_COLUMNS.map((c) => `"${c}" text`).join(', ')})`);
  const started = process.hrtime.bigint();
  await pipeline(
    Readable.from([file]),
    client.query(copyFrom('COPY compranet_rows FROM STDIN (FORMAT csv, HEADER true)')),
  );
  return seconds(started);
}

async function insertEvents(
  client: Client,
  events: Awaited<ReturnType<PostgresEventStore['readAll']>>,
): Promise<number> {
  await client.query(RAW_EVENTS);
  const started = process.hrtime.bigint();
  for (let i = 0; i < events.length; i += 1_000) {
    const chunk = events.slice(i, i + 1_000);
    await client.query(
      `INSERT INTO raw_events (stream_id, stream_revision, event_id, type, data, metadata)
       SELECT * FROM unnest($1::text[], $2::bigint[], $3::uuid[], $4::text[], $5::jsonb[], $6::jsonb[])`,
      [
        chunk.map((e) => e.streamId),
        chunk.map((e) => e.streamRevision.toString()),
        chunk.map((e) => e.id),
        chunk.map((e) => e.type),
        chunk.map((e) => JSON.stringify(e.data)),
        chunk.map((e) => JSON.stringify(e.metadata)),
      ],
    );
  }
  return seconds(started);
}

const TYPES = [
  {
    weight: 64,
    type: 'Adjudicación Directa Federal',
    prefix: 'AA',
    template: '12. Adjudicación Directa Nacional Simplificada LAASSP',
  },
  {
    weight: 21,
    type: 'Invitación a Cuando Menos 3 Personas',
    prefix: 'IA',
    template: '04. Invitación a cuando menos tres Nacional LAASSP',
  },
  { weight: 16, type: 'Licitación Pública', prefix: 'LA', template: '01. Licitación Pública Nacional LAASSP' },
];
const CATEGORIES = ['Adquisiciones', 'Servicios', 'Obra Pública', 'Servicios Relacionados con la OP', 'Arrendamientos'];
const WORDS = [
  'Servicio',
  'Adquisición',
  'Mantenimiento',
  'de',
  'equipo',
  'médico',
  'limpieza',
  'papelería',
  'vehículos',
  'obra',
  'carretera',
  'cómputo',
];

/** A CompraNet-shaped file of `rows` contract rows (39 columns, quoted titles with commas, a few USD contracts). */
export function compranetFile(rows: number, random: Random): Buffer {
  const units = Array.from(
    { length: 400 },
    (_, i) =>
      `0${String(10 + (i % 90)).padStart(2, '0')}${String.fromCharCode(65 + (i % 26))}${String(i).padStart(5, '0')}`,
  );
  const suppliers = Array.from(
    { length: 12_000 },
    (_, i) => `${random.pick(WORDS)} ${random.pick(WORDS)} Comercial ${i} S.A. de C.V.`,
  );
  const lines = [COMPRANET_COLUMNS.join(',')];
  const weights = TYPES.reduce((sum, t) => sum + t.weight, 0);
  let procedure = 0;
  while (lines.length <= rows) {
    procedure++;
    let pick = random.next() * weights;
    const type = TYPES.find((t) => (pick -= t.weight) < 0) ?? TYPES[0];
    const unit = random.pick(units);
    const contracts = random.chance(0.25) ? random.int(2, 4) : 1;
    const title = `${random.pick(WORDS)} ${random.pick(WORDS)}, ${random.pick(WORDS)} ${procedure}`;
    for (let c = 0; c < contracts && lines.length <= rows; c++) {
      const cells: Record<string, string> = {
        GOBIERNO: 'APF',
        SIGLAS: 'DEP',
        DEPENDENCIA: 'Dependencia federal',
        CLAVEUC: unit,
        NOMBRE_DE_LA_UC: `Unidad compradora ${unit}`,
        RESPONSABLE: 'Responsable',
        NUMERO_EXPEDIENTE: String(100_000 + procedure),
        TITULO_EXPEDIENTE: title,
        PLANTILLA_EXPEDIENTE: type.template,
        NUMERO_PROCEDIMIENTO: `${type.prefix}-${unit}-N${procedure}-2013`,
        EXP_F_FALLO: '2013-11-27 00:00:00 GMT',
        PROC_F_PUBLICACION: type.prefix === 'AA' ? '' : '2013-11-20 14:32',
        FECHA_APERTURA_PROPOSICIONES: type.prefix === 'AA' ? '' : '2013-11-27 10:00',
        CARACTER: 'Nacional',
        TIPO_CONTRATACION: random.pick(CATEGORIES),
        TIPO_PROCEDIMIENTO: type.type,
        CODIGO_CONTRATO: String(1_000_000 + lines.length),
        TITULO_CONTRATO: `${title} (partida ${c + 1})`,
        FECHA_INICIO: '2013-12-01',
        FECHA_FIN: '2014-12-31',
        IMPORTE_CONTRATO: `${random.int(0, 50_000_000)}.${String(random.int(0, 99)).padStart(2, '0')}`,
        MONEDA: random.chance(0.01) ? 'USD' : 'MXN',
        ESTATUS_CONTRATO: 'Expirado',
        FECHA_CELEBRACION: '2013-11-30 00:00:00 GMT',
        PROVEEDOR_CONTRATISTA: random.pick(suppliers),
        ANUNCIO: 'https://compranet.funcionpublica.gob.mx/esop/guest/go/opportunity/detail?opportunityId=1',
      };
      lines.push(COMPRANET_COLUMNS.map((column) => csvCell(cells[column] ?? '')).join(','));
    }
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n`);
}

const csvCell = (cell: string) => (/[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell);
