import { createHash } from 'node:crypto';
import {
  BatchAppendConflict,
  IdempotencyConflict,
  WrongExpectedVersion,
  type EventMetadata,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type JsonObject,
} from '@licita/event-store';
import {
  historicalImportStream,
  type HistoricalImportCompleted,
  type HistoricalImportRowsRecorded,
  type HistoricalImportStarted,
  type ImportCounts,
  type ImportedRowOutcome,
} from '../domain/history-import.events';
import {
  historicalPartyStream,
  historicalProcedureStream,
  type HistoricalContractImported,
  type HistoricalPartyRecorded,
  type HistoricalProcedureImported,
  type HistoricalSourceKind,
} from '../domain/history.events';
import { normalizePartyName } from '../domain/party-names';
import { uuidV5 } from '../domain/uuid-v5';
import { PartyRegister, type PartyMatch } from './party-register';
import type { SourceParty, SourceReader, SourceRecord } from './source-record';

export type ImportRequest = {
  kind: HistoricalSourceKind;
  reader: SourceReader;
  fileName: string;
  bytes: Buffer;
  /** The account that runs it (`account-…`), or `system` for the command line without one. */
  actor: string;
  /** Why, for every event's metadata; defaults to `import <fileName>`. */
  reason?: string;
  /** Recording time: every event's `metadata.occurredAt` (the business dates stay in `data`). */
  now: () => Date;
  /** Licita's OCDS ocid prefix, for procedures whose source has no ocid. */
  ocidPrefix: string;
  /** Matched against; loaded from the event log when absent. */
  register?: PartyRegister;
  /** Rows per batch of appends and per checkpoint (default 500). */
  batchSize?: number;
  /** Streams appended at once within a batch (default 8). */
  concurrency?: number;
  onProgress?: (progress: { done: number; total: number }) => void;
  /** Stop (as if killed) once this many rows are checkpointed: for resume tests. */
  stopAfterRows?: number;
};

export type ImportOutcome = {
  importId: string;
  status: 'completed' | 'already_completed' | 'stopped';
  /** Rows this run skipped because an earlier, interrupted run had recorded them. */
  resumedAfterRows: number;
  counts: ImportCounts;
};

/** The run's id: one per source kind and file content, so the same file is the same run (and a no-op again). */
export const importIdOf = (kind: HistoricalSourceKind, fileSha256: string) =>
  `import-${uuidV5(`${kind}:file:${fileSha256}`)}`;

export const procedureIdOf = (kind: HistoricalSourceKind, procedureKey: string) =>
  uuidV5(`${kind}:procedure:${procedureKey}`);
export const contractIdOf = (kind: HistoricalSourceKind, rowKey: string) => uuidV5(`${kind}:contract:${rowKey}`);

/**
 * A party's id, the same from every import and source: buyers by unit key (else name), suppliers by RFC (else
 * normalized name).
 */
export function partyIdOf(role: 'buyer' | 'supplier', party: SourceParty): string {
  if (role === 'buyer' && party.code) return uuidV5(`buyer:code:${party.code.trim().toUpperCase()}`);
  if (role === 'supplier' && party.rfc) return uuidV5(`supplier:rfc:${party.rfc.trim().toUpperCase()}`);
  return uuidV5(`${role}:name:${normalizePartyName(party.name)}`);
}

/**
 * Imports one file: reads it with the source's reader, groups contract rows into procedures, matches parties,
 * and appends the historical events with deterministic ids, a batch of rows at a time, each batch followed by
 * the rows' outcomes on the run's stream (its checkpoint). Re-running a completed file appends nothing; a run
 * that was killed resumes after its last checkpoint, and re-appends of a half-written batch are no-ops.
 */
export async function runImport(store: EventStore, request: ImportRequest): Promise<ImportOutcome> {
  const fileSha256 = createHash('sha256').update(request.bytes).digest('hex');
  const importId = importIdOf(request.kind, fileSha256);
  const file = { fileName: request.fileName, fileSha256, importId, bytes: request.bytes };
  const importStream = historicalImportStream(importId);
  const previous = await store.readStream(importStream);
  const completed = previous.find((e) => e.type === 'HistoricalImportCompleted');
  if (completed) {
    const { rows, imported, rejected, procedures, totals, rejections } = completed.data as ImportCounts;
    const counts = { rows, imported, rejected, procedures, totals, rejections };
    return { importId, status: 'already_completed', resumedAfterRows: rows, counts };
  }

  const run = new ImportRun(store, request, file, importStream, BigInt(previous.length) - 1n);
  for (const event of previous)
    if (event.type === 'HistoricalImportRowsRecorded')
      for (const row of (event.data as HistoricalImportRowsRecorded['data']).rows) run.remember(row);
  const resumedAfterRows = run.tally.rows;

  let total = 0;
  for await (const record of request.reader(file)) {
    void record;
    total++;
  }
  if (previous.length === 0)
    await run.appendToImport({
      type: 'HistoricalImportStarted',
      data: { importId, kind: request.kind, fileName: request.fileName, fileSha256, rowCount: total },
    } satisfies HistoricalImportStarted);
  const register = request.register ?? (await PartyRegister.load(store));
  run.register = register;

  const batchSize = request.batchSize ?? 500;
  let index = 0;
  let batch: SourceRecord[] = [];
  request.onProgress?.({ done: resumedAfterRows, total });
  // One batch is appended while the next one is read: the reading overlaps PostgreSQL's work. A batch's events
  // are built only once the previous batch is stored (they state the revisions it left).
  let inFlight: Promise<void> | undefined;
  const settle = async (): Promise<boolean> => {
    if (!inFlight) return false;
    const appending = inFlight;
    inFlight = undefined;
    await appending;
    request.onProgress?.({ done: run.tally.rows, total });
    return request.stopAfterRows !== undefined && run.tally.rows >= request.stopAfterRows;
  };
  const stopped = () => ({ importId, status: 'stopped' as const, resumedAfterRows, counts: run.counts() });
  for await (const record of request.reader(file)) {
    index++;
    run.noteProcedure(record);
    if (index <= resumedAfterRows) continue;
    batch.push(record);
    if (batch.length < batchSize) continue;
    if (await settle()) return stopped();
    inFlight = run.importBatch(batch);
    inFlight.catch(() => undefined); // awaited (and thrown) by the next settle; not an unhandled rejection meanwhile
    batch = [];
  }
  if (await settle()) return stopped();
  if (batch.length) await run.importBatch(batch);
  request.onProgress?.({ done: run.tally.rows, total });
  const counts = run.counts();
  await run.appendToImport({
    type: 'HistoricalImportCompleted',
    data: { importId, kind: request.kind, fileName: request.fileName, fileSha256, ...counts },
  } satisfies HistoricalImportCompleted);
  return { importId, status: 'completed', resumedAfterRows, counts };
}

type File = { fileName: string; fileSha256: string; importId: string };
/** A procedure stream in a batch knows its procedure's state; a party stream has none. */
type StreamWrite = { streamId: string; events: EventToAppend[]; procedure?: ProcedureState };

/**
 * What a run keeps per procedure (70,000 of them for 100,000 CompraNet rows), in one entry: its id (the one
 * string the run's tally shares), the file row whose data its HistoricalProcedureImported carries, and the last
 * revision of its stream this run knows of (-1: none yet). One map of small entries instead of two maps and a set
 * keyed by separate copies of the id and stream name.
 */
type ProcedureState = { id: string; firstRow: string; revision: number };

class ImportRun {
  /** What the rows came to so far: counts only, so memory does not grow with the file's rows. */
  readonly tally = new OutcomeTally();
  register = new PartyRegister();
  /** Every procedure met in the file so far, by id. */
  private readonly procedures = new Map<string, ProcedureState>();
  private readonly partiesRecorded = new Set<string>();
  private readonly metadata: { actor: string; correlationId: string; reason: string };

  constructor(
    private readonly store: EventStore,
    private readonly request: ImportRequest,
    private readonly file: File,
    private readonly importStream: string,
    private importRevision: bigint,
  ) {
    this.metadata = {
      actor: request.actor,
      correlationId: file.importId,
      reason: request.reason ?? `import ${request.fileName}`,
    };
  }

  remember(outcome: ImportedRowOutcome): void {
    this.tally.add(outcome);
  }

  /** Every record passes here in file order, including those an earlier run already imported. */
  noteProcedure(record: SourceRecord): void {
    if (record.kind === 'procedure') this.procedureOf(record);
  }

  private procedureOf(record: Extract<SourceRecord, { kind: 'procedure' }>): ProcedureState {
    const id = procedureIdOf(this.request.kind, record.procedureKey);
    let state = this.procedures.get(id);
    if (!state) this.procedures.set(id, (state = { id, firstRow: record.procedure.source.row, revision: -1 }));
    return state;
  }

  async appendToImport(event: { type: string; data: object }): Promise<void> {
    const result = await this.store.appendToStream(this.importStream, [this.importEvent(event)], {
      expectedRevision: this.importExpected(),
    });
    this.importRevision = result.nextExpectedRevision;
  }

  private importExpected(): ExpectedRevision {
    return this.importRevision < 0n ? 'no_stream' : this.importRevision;
  }

  private importEvent(event: { type: string; data: object }): EventToAppend {
    const id = uuidV5(`${this.file.importId}:${event.type}:${this.importRevision + 1n}`);
    return { id, type: event.type, data: event.data as JsonObject, metadata: this.stamp() };
  }

  async importBatch(records: SourceRecord[]): Promise<void> {
    const writes = new Map<string, StreamWrite>();
    const outcomes: ImportedRowOutcome[] = [];
    for (const record of records) {
      if (record.kind === 'rejected') {
        outcomes.push({
          row: record.row,
          rowKey: record.rowKey,
          status: 'rejected',
          code: record.reason,
          procedureId: null,
          contractId: null,
          procedureType: null,
          currency: null,
          amount: null,
          repairs: [],
        });
        continue;
      }
      outcomes.push(...this.eventsOf(record, writes));
    }
    const checkpoint = {
      type: 'HistoricalImportRowsRecorded',
      data: { importId: this.file.importId, rows: outcomes },
    } satisfies HistoricalImportRowsRecorded;
    // With a multi-stream store the checkpoint goes in the batch's own transaction; else after the batch.
    if (!(await this.appendAll([...writes.values()], checkpoint))) await this.appendToImport(checkpoint);
    for (const outcome of outcomes) this.tally.add(outcome);
  }

  private eventsOf(
    record: Extract<SourceRecord, { kind: 'procedure' }>,
    writes: Map<string, StreamWrite>,
  ): ImportedRowOutcome[] {
    const { kind } = this.request;
    const state = this.procedureOf(record);
    const procedureId = state.id;
    const streamId = historicalProcedureStream(procedureId);
    const write = (target: string, event: EventToAppend) => {
      const entry = writes.get(target) ?? {
        streamId: target,
        events: [],
        procedure: target === streamId ? state : undefined,
      };
      entry.events.push(event);
      writes.set(target, entry);
    };
    const source = (s: {
      rowKey: string;
      row: string;
      original: HistoricalProcedureImported['data']['source']['original'];
    }) => ({
      kind,
      importId: this.file.importId,
      fileName: this.file.fileName,
      fileSha256: this.file.fileSha256,
      rowKey: s.rowKey,
      row: s.row,
      original: s.original,
    });
    const buyer = this.party('buyer', record.procedure.buyer, write);
    if (state.firstRow === record.procedure.source.row) {
      const data: HistoricalProcedureImported['data'] = {
        ...record.procedure,
        procedureId,
        source: source(record.procedure.source),
        ocid: record.procedure.ocid ?? `${this.request.ocidPrefix}${procedureId}`,
        buyer: {
          partyId: buyer.partyId,
          name: record.procedure.buyer.name,
          code: record.procedure.buyer.code,
          registeredId: buyer.registeredId,
        },
      };
      write(streamId, this.event(`procedure:${procedureId}`, 'HistoricalProcedureImported', data));
    }
    return record.contracts.map((contract) => {
      const contractId = contractIdOf(kind, contract.source.rowKey);
      const supplier = this.party('supplier', contract.supplier, write);
      const data: HistoricalContractImported['data'] = {
        ...contract,
        procedureId,
        contractId,
        source: source(contract.source),
        supplier: {
          partyId: supplier.partyId,
          name: contract.supplier.name,
          rfc: contract.supplier.rfc,
          registeredId: supplier.registeredId,
        },
      };
      write(streamId, this.event(`contract:${contractId}`, 'HistoricalContractImported', data));
      return {
        row: contract.source.row,
        rowKey: contract.source.rowKey,
        status: 'imported' as const,
        code: null,
        procedureId,
        contractId,
        procedureType: record.procedure.procedureType,
        currency: contract.value.currency,
        amount: contract.value.amount,
        repairs: contract.repairs,
      };
    });
  }

  private party(
    role: 'buyer' | 'supplier',
    party: SourceParty,
    write: (streamId: string, event: EventToAppend) => void,
  ): { partyId: string; registeredId: string | null } {
    const partyId = partyIdOf(role, party);
    const match: PartyMatch = role === 'buyer' ? this.register.matchBuyer(party) : this.register.matchSupplier(party);
    if (!this.partiesRecorded.has(partyId)) {
      this.partiesRecorded.add(partyId);
      const data: HistoricalPartyRecorded['data'] = {
        partyId,
        role,
        name: party.name,
        code: party.code,
        rfc: party.rfc,
        registeredId: match.registeredId,
        matchedBy: match.matchedBy,
        importId: this.file.importId,
      };
      // One id per party and source kind: a party another import already recorded is a no-op retry (and one
      // another kind of source recorded is left out: `appendAfterReading`).
      write(historicalPartyStream(partyId), this.event(`party:${partyId}`, 'HistoricalPartyRecorded', data));
    }
    return { partyId, registeredId: match.registeredId };
  }

  private event(key: string, type: string, data: object): EventToAppend {
    return { id: uuidV5(`${this.request.kind}:${key}`), type, data: data as JsonObject, metadata: this.stamp() };
  }

  private stamp(): EventMetadata {
    return { ...this.metadata, occurredAt: this.request.now().toISOString() };
  }

  /**
   * One atomic multi-stream append when the store offers it: the batch and its checkpoint are then one
   * transaction (true: the checkpoint is stored). Stream by stream, a few at once, otherwise, or when the batch
   * meets streams this run did not write (a resumed run); false: the checkpoint is still to append.
   */
  private async appendAll(writes: StreamWrite[], checkpoint: { type: string; data: object }): Promise<boolean> {
    if (this.store.appendToStreams) {
      try {
        const results = await this.store.appendToStreams([
          ...writes.map(({ streamId, events, procedure }) => ({
            streamId,
            events,
            expectedRevision: expectedOf(procedure),
          })),
          {
            streamId: this.importStream,
            events: [this.importEvent(checkpoint)],
            expectedRevision: this.importExpected(),
          },
        ]);
        writes.forEach(({ procedure }, i) => {
          if (procedure) procedure.revision = Number(results[i].nextExpectedRevision);
        });
        this.importRevision = results[writes.length].nextExpectedRevision;
        return true;
      } catch (error) {
        if (!(error instanceof BatchAppendConflict)) throw error;
      }
    }
    let next = 0;
    const worker = async () => {
      while (next < writes.length) await this.appendOne(writes[next++]);
    };
    await Promise.all(Array.from({ length: Math.min(this.request.concurrency ?? 8, writes.length) }, worker));
    return false;
  }

  private async appendOne({ streamId, events, procedure }: StreamWrite): Promise<void> {
    try {
      const result = await this.store.appendToStream(streamId, events, { expectedRevision: expectedOf(procedure) });
      if (procedure) procedure.revision = Number(result.nextExpectedRevision);
    } catch (error) {
      if (!(error instanceof WrongExpectedVersion || error instanceof IdempotencyConflict)) throw error;
      await this.appendAfterReading({ streamId, events, procedure });
    }
  }

  /**
   * The stream already holds events this run did not write just now (a resumed run, a party or procedure another
   * file met first): read it, leave out what it holds, append the rest after its last revision.
   */
  private async appendAfterReading({ streamId, events, procedure }: StreamWrite): Promise<void> {
    const stored = await this.store.readStream(streamId);
    const ids = new Set(stored.map((e) => e.id));
    // A party is recorded once: another kind of source meeting it again (its event id names the kind) must not
    // record it anew after a registrar's review, which the later record would undo.
    const recorded = stored.some((e) => e.type === 'HistoricalPartyRecorded');
    const missing = events.filter((e) => !ids.has(e.id) && !(recorded && e.type === 'HistoricalPartyRecorded'));
    const last = stored.length ? stored[stored.length - 1].streamRevision : -1n;
    let revision = last;
    if (missing.length) {
      const result = await this.store.appendToStream(streamId, missing, {
        expectedRevision: last < 0n ? 'no_stream' : last,
      });
      revision = result.nextExpectedRevision;
    }
    if (procedure) procedure.revision = Number(revision);
  }

  counts(): ImportCounts {
    return this.tally.counts();
  }
}

/** A stream's expected revision from what the run knows of it (a party stream: none, as if new). */
const expectedOf = (procedure: ProcedureState | undefined): ExpectedRevision =>
  procedure && procedure.revision >= 0 ? BigInt(procedure.revision) : 'no_stream';

export function countOutcomes(outcomes: ImportedRowOutcome[]): ImportCounts {
  const tally = new OutcomeTally();
  for (const row of outcomes) tally.add(row);
  return tally.counts();
}

/** The counts of the rows' outcomes, kept as they come (the outcomes themselves are in the run's stream). */
class OutcomeTally {
  rows = 0;
  private imported = 0;
  private readonly totals = new Map<string, { currency: string; amount: number; contracts: number }>();
  private readonly rejections = new Map<string, number>();
  private readonly procedures = new Set<string>();

  add(row: ImportedRowOutcome): void {
    this.rows++;
    if (row.status === 'rejected') {
      this.rejections.set(row.code ?? 'unknown', (this.rejections.get(row.code ?? 'unknown') ?? 0) + 1);
      return;
    }
    this.imported++;
    if (row.procedureId) this.procedures.add(row.procedureId);
    const currency = row.currency ?? '';
    const total = this.totals.get(currency) ?? { currency, amount: 0, contracts: 0 };
    total.amount += row.amount ?? 0;
    total.contracts++;
    this.totals.set(currency, total);
  }

  counts(): ImportCounts {
    return {
      rows: this.rows,
      imported: this.imported,
      rejected: this.rows - this.imported,
      procedures: this.procedures.size,
      totals: [...this.totals.values()]
        .map((total) => ({ ...total }))
        .sort((a, b) => a.currency.localeCompare(b.currency)),
      rejections: [...this.rejections]
        .map(([code, rows]) => ({ code, rows }))
        .sort((a, b) => a.code.localeCompare(b.code)),
    };
  }
}
