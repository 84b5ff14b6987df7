import { Pool } from 'pg';
import type { ProcedureType } from '@licita/tendering';
import { BulkEventWriter } from './bulk-writer';
import { CpvCatalog } from './catalog';
import { DAY, Simulation, type ProcedureMix, type Step, type TenderKey, type TenderOutcome } from './history';
import { Random } from './random';

/** The tender key store of the application (`TenderKeyStore`): one wrapped data key per published tender. */
export interface TenderKeys {
  keyIdFor(tenderId: string): Promise<string>;
  dataKey(tenderKeyId: string): Promise<Buffer>;
}

export interface GenerateOptions {
  /** A database whose event store schema (and `tender_keys`) exist: run the migrations first. */
  databaseUrl: string;
  /** At least about this many events (the history ends at `until` whatever the count; see the summary). */
  events?: number;
  /** Or at least this many public tenders (past their draft): wins over `events`. */
  tenders?: number;
  /** How often each procedure type comes (default `varied`; `compranet`: mostly direct awards, about half the events a tender). */
  mix?: ProcedureMix;
  keys: TenderKeys;
  /** Same seed, same history (ids and contents; event ids and sealing keys are random). Default: random. */
  seed?: number;
  /** The end of the simulated period (default now): procedures still running then stay open. */
  until?: Date;
  /** Length of the simulated period in years (default 3). */
  years?: number;
  onProgress?(progress: GenerationProgress): void;
  /** Where the steps go (default: `BulkEventWriter`, large transactions straight into the store's tables). */
  sink?: (pool: Pool) => StepSink;
}

/** Takes the steps in global time order. */
export interface StepSink {
  add(step: Step): Promise<void>;
  close(): Promise<void>;
  readonly eventsWritten: number;
  readonly streams: number;
}

export interface GenerationProgress {
  eventsWritten: number;
  eventsGenerated: number;
  tenders: number;
  simulatedAt: Date;
  elapsedMs: number;
}

export interface GenerationSummary {
  seed: number;
  mix: ProcedureMix;
  events: number;
  streams: number;
  buyingUnits: number;
  suppliers: number;
  tenders: number;
  byProcedure: Record<string, number>;
  byStatus: Record<string, number>;
  auctions: number;
  contracts: number;
  from: string;
  until: string;
  seconds: number;
}

const TENDER_BATCH = 50;

/**
 * Changes when the same options make a different history (2: the CompraNet mix 64/21/16 and Zipf-like units
 * and suppliers), so a cached database of an earlier generator is not taken for this one.
 */
export const GENERATOR_VERSION = 2;

/**
 * Plays a procurement history through the real deciders (see history.ts) and writes it to the event store
 * (see bulk-writer.ts), in global time order: tenders are created one after another across the period, and
 * every step decided before the next tender's creation is final and can be written.
 */
export async function generateHistory(options: GenerateOptions): Promise<GenerationSummary> {
  if (options.events === undefined && options.tenders === undefined)
    throw new Error('seed generator: give a number of events or of tenders');
  const started = Date.now();
  const seed = options.seed ?? Math.floor(Math.random() * 2 ** 31);
  const random = new Random(seed);
  const end = (options.until ?? new Date()).getTime();
  const start = end - Math.round((options.years ?? 3) * 365 * DAY);
  const pool = new Pool({ connectionString: options.databaseUrl, max: 4, application_name: 'licita-seed' });
  pool.on('error', () => undefined); // an idle client dropped by the server (a restart, a dropped test database)
  const writer: StepSink = options.sink ? options.sink(pool) : new BulkEventWriter(pool);
  const queue = new StepQueue();
  const mix = options.mix ?? 'varied';
  const simulation = new Simulation({
    random,
    catalog: new CpvCatalog(),
    mix,
    start,
    end,
    emit: (step) => queue.push(step),
  });
  // The registers grow with the history: counted in events of the varied mix (about 23 a tender).
  const scale = options.tenders !== undefined ? options.tenders * 23 : (options.events as number);
  const summary = newSummary(seed, mix, scale, start, end);
  const report = (at: number) =>
    options.onProgress?.({
      eventsWritten: writer.eventsWritten,
      eventsGenerated: simulation.eventsRecorded,
      tenders: summary.tenders,
      simulatedAt: new Date(at),
      elapsedMs: Date.now() - started,
    });
  try {
    simulation.registerBuyingUnits(summary.buyingUnits);
    simulation.registerSuppliers(summary.suppliers);
    const registrations = simulation.eventsRecorded;
    let createdAt = start;
    let lastReport = 0;
    const { reached, interval } = pacing(options, summary, simulation, registrations, start, end);
    while (!reached() && createdAt < end) {
      const batch = Array.from({ length: TENDER_BATCH }, () => ({
        tenderId: random.uuid(),
        procedure: simulation.nextProcedure(),
      }));
      const keys = await keysFor(options.keys, batch);
      for (const { tenderId, procedure } of batch) {
        if (reached()) break;
        createdAt += Math.max(1_000, interval(createdAt) * (0.5 + random.next()));
        if (createdAt >= end) break;
        while (queue.size > 0 && queue.peek().at < createdAt) await writer.add(queue.pop());
        tally(summary, procedure, simulation.tender(tenderId, procedure, createdAt, keys.get(tenderId) ?? null));
      }
      if (Date.now() - lastReport > 1_000) {
        lastReport = Date.now();
        report(createdAt);
      }
    }
    while (queue.size > 0) await writer.add(queue.pop());
    await writer.close();
    report(end);
  } finally {
    await pool.end();
  }
  return {
    ...summary,
    events: writer.eventsWritten,
    streams: writer.streams,
    seconds: Math.round((Date.now() - started) / 100) / 10,
  };
}

function newSummary(seed: number, mix: ProcedureMix, scale: number, start: number, end: number): GenerationSummary {
  return {
    seed,
    mix,
    events: 0,
    streams: 0,
    // Up to a country's registers (CompraNet: a few thousand buying units, tens of thousands of suppliers with
    // awards a year); 200,000 tenders give 1,150 units and 11,500 suppliers, a million 2,000 and 50,000.
    buyingUnits: clamp(Math.round(scale / 4_000), 8, mix === 'compranet' ? 2_000 : 400),
    suppliers: clamp(Math.round(scale / 400), 30, mix === 'compranet' ? 50_000 : 5_000),
    tenders: 0,
    byProcedure: {},
    byStatus: {},
    auctions: 0,
    contracts: 0,
    from: new Date(start).toISOString(),
    until: new Date(end).toISOString(),
    seconds: 0,
  };
}

/**
 * Tenders are created until the end of the period, at a pace aimed at the target: a number of public tenders,
 * or of events (a little over it, as the procedures still running at the end have fewer events than the
 * average so far). `interval(createdAt)`: the time to the next creation, before its random spread.
 */
function pacing(
  options: GenerateOptions,
  summary: GenerationSummary,
  simulation: Simulation,
  registrations: number,
  start: number,
  end: number,
) {
  const target = (options.events ?? 0) * 1.06;
  const publicTenders = () => summary.tenders - (summary.byStatus.draft ?? 0);
  const perTender = () => (summary.tenders < 20 ? 25 : (simulation.eventsRecorded - registrations) / summary.tenders);
  const reached = () =>
    options.tenders !== undefined ? publicTenders() >= options.tenders : simulation.eventsRecorded >= target;
  const tendersInAll = () => options.tenders ?? (options.events ?? 0) / perTender();
  const tendersLeft = () =>
    options.tenders !== undefined
      ? options.tenders - publicTenders()
      : (target - simulation.eventsRecorded) / perTender();
  // A count of public tenders is paced to be reached 10 days before the end: a tender created later may still
  // be a draft then (published up to 5 days after its creation, a direct award awarded up to 7).
  const pacedUntil = options.tenders !== undefined ? end - 10 * DAY : end;
  // What is left of the target over what is left of the period; never much faster or slower than the average
  // pace, so the last weeks are not crowded.
  const interval = (createdAt: number) => {
    const pace = (end - start) / tendersInAll();
    return Math.min(2 * pace, Math.max(0.5 * pace, (pacedUntil - createdAt) / Math.max(1, tendersLeft())));
  };
  return { reached, interval };
}

/** A key from the application's key store for every tender with a call (direct awards seal nothing). */
async function keysFor(
  store: TenderKeys,
  batch: Array<{ tenderId: string; procedure: ProcedureType }>,
): Promise<Map<string, TenderKey>> {
  const competitive = batch.filter((tender) => tender.procedure !== 'direct_award');
  const keys = await Promise.all(
    competitive.map(async ({ tenderId }) => {
      const keyId = await store.keyIdFor(tenderId);
      return [tenderId, { keyId, key: await store.dataKey(keyId) }] as const;
    }),
  );
  return new Map(keys);
}

function tally(summary: GenerationSummary, procedure: ProcedureType, outcome: TenderOutcome): void {
  if (outcome.status === 'none') return; // its creation fell after the end, or no supplier could take part
  summary.tenders++;
  summary.byProcedure[procedure] = (summary.byProcedure[procedure] ?? 0) + 1;
  summary.byStatus[outcome.status] = (summary.byStatus[outcome.status] ?? 0) + 1;
  summary.auctions += outcome.auctions;
  summary.contracts += outcome.contracts;
}

const clamp = (value: number, min: number, max: number) => Math.min(max, Math.max(min, value));

/** Steps by simulated time, ties in the order they were decided (a binary min-heap). */
class StepQueue {
  private readonly heap: Array<{ step: Step; seq: number }> = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  peek(): Step {
    return this.heap[0].step;
  }

  push(step: Step): void {
    this.heap.push({ step, seq: this.seq++ });
    for (let i = this.heap.length - 1; i > 0;) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) break;
      [this.heap[i], this.heap[parent]] = [this.heap[parent], this.heap[i]];
      i = parent;
    }
  }

  pop(): Step {
    const top = this.heap[0];
    const last = this.heap.pop()!;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      for (let i = 0; ;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < this.heap.length && this.before(left, smallest)) smallest = left;
        if (right < this.heap.length && this.before(right, smallest)) smallest = right;
        if (smallest === i) break;
        [this.heap[i], this.heap[smallest]] = [this.heap[smallest], this.heap[i]];
        i = smallest;
      }
    }
    return top.step;
  }

  private before(a: number, b: number): boolean {
    const x = this.heap[a];
    const y = this.heap[b];
    return x.step.at < y.step.at || (x.step.at === y.step.at && x.seq < y.seq);
  }
}
