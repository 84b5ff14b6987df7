import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { sharedDir } from '../../../test/support/shared-dir';
import { PostgresEventStore, type EventStore, type RecordedEvent, type StreamAppend } from '@licita/event-store';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database';
import { historicalImportStream, type HistoricalImportRowsRecorded } from '../domain/history-import.events';
import type { HistoricalContractImported, HistoricalPartyRecorded } from '../domain/history.events';
import { COMPRANET_COLUMNS, readCompranetCsv } from '../sources/compranet-source';
import { runImport, type ImportRequest } from './import-runner';

const SAMPLE = readFileSync(sharedDir('compranet', 'contratos-2013-sample.csv'));
const NOW = new Date('2026-12-07T12:00:00.000Z');

const request = (bytes: Buffer, more: Partial<ImportRequest> = {}): ImportRequest => ({
  kind: 'compranet',
  reader: readCompranetCsv,
  fileName: 'contratos-2013-sample.csv',
  bytes,
  actor: 'account-admin',
  now: () => NOW,
  ocidPrefix: 'ocds-test-',
  batchSize: 50,
  ...more,
});

async function withStore<T>(work: (store: EventStore) => Promise<T>): Promise<T> {
  const database: TestDatabase = await createTestDatabase('history_import');
  const store = await PostgresEventStore.create({ connectionString: database.url, poolSize: 8 });
  try {
    return await work(store);
  } finally {
    await store.close();
    await database.drop();
  }
}

const everything = (store: EventStore) => store.readAll({ maxCount: 100_000 });
const shape = (events: RecordedEvent[]) =>
  events
    .map((e) => ({ id: e.id, stream: e.streamId, revision: e.streamRevision, type: e.type, data: e.data }))
    .sort((a, b) => a.id.localeCompare(b.id));

describe('the import runner', () => {
  /** The events of the first test's uninterrupted run, which the resumed run must reproduce. */
  let singleRun: ReturnType<typeof shape> | undefined;

  it('imports the shared 2013 file: procedures, contracts and totals per type and currency as a plain parse says; a re-run appends nothing', () =>
    withStore(async (store) => {
      const rows = parse<Record<string, string>>(SAMPLE, { columns: true });
      const expected: Record<string, bigint> = {};
      for (const row of rows) {
        const [units, decimals = ''] = row.IMPORTE_CONTRATO.split('.');
        const key = `${row.TIPO_PROCEDIMIENTO}|${row.MONEDA}`;
        expected[key] = (expected[key] ?? 0n) + BigInt(units) * 100n + BigInt(decimals.padEnd(2, '0'));
      }
      const procedures = new Set(rows.map((r) => r.NUMERO_PROCEDIMIENTO));

      const outcome = await runImport(store, request(SAMPLE));
      expect(outcome).toMatchObject({ status: 'completed', counts: { rows: 399, imported: 399, rejected: 0 } });
      expect(outcome.counts.procedures).toBe(procedures.size);

      const events = await everything(store);
      const contracts = events
        .filter((e) => e.type === 'HistoricalContractImported')
        .map((e) => e.data as unknown as HistoricalContractImported['data']);
      expect(contracts).toHaveLength(399);
      expect(events.filter((e) => e.type === 'HistoricalProcedureImported')).toHaveLength(procedures.size);
      const procedureOf = new Map(
        events
          .filter((e) => e.type === 'HistoricalProcedureImported')
          .map((e) => [e.data.procedureId, e.data.procedureTypeOriginal as string]),
      );
      const actual: Record<string, bigint> = {};
      for (const contract of contracts) {
        const key = `${procedureOf.get(contract.procedureId)!.split(' — ')[0]}|${contract.value.currency}`;
        actual[key] = (actual[key] ?? 0n) + BigInt(contract.value.amount);
      }
      expect(actual).toEqual(expected);
      for (const event of events) {
        expect(event.metadata).toMatchObject({
          actor: 'account-admin',
          occurredAt: NOW.toISOString(),
          reason: 'import contratos-2013-sample.csv',
        });
      }

      singleRun = shape(events);
      const again = await runImport(store, request(SAMPLE, { now: () => new Date() }));
      expect(again.status).toBe('already_completed');
      expect(await everything(store)).toHaveLength(events.length);
    }));

  it('resumes a killed import: the same events as one uninterrupted run', async () => {
    expect(singleRun).toBeDefined();
    const resumed = await withStore(async (store) => {
      const stopped = await runImport(store, request(SAMPLE, { stopAfterRows: 150 }));
      expect(stopped.status).toBe('stopped');
      const partial = await everything(store);
      expect(partial.filter((e) => e.type === 'HistoricalContractImported')).toHaveLength(150);
      const finished = await runImport(store, request(SAMPLE, { batchSize: 70 }));
      expect(finished).toMatchObject({
        status: 'completed',
        resumedAfterRows: 150,
        counts: { rows: 399, imported: 399 },
      });
      return shape(await everything(store));
    });
    const withoutRun = (events: ReturnType<typeof shape>) =>
      events.filter((e) => !e.stream.startsWith('historical-import-'));
    expect(withoutRun(resumed)).toEqual(withoutRun(singleRun!));
  });

  it('stops at an append that fails (the batch read ahead is not appended): the stored batches have their checkpoints, and the next run resumes after them', async () => {
    expect(singleRun).toBeDefined();
    const resumed = await withStore(async (store) => {
      let calls = 0;
      const failing = Object.assign(Object.create(store) as EventStore, {
        appendToStreams: async (writes: StreamAppend[]) => {
          if (++calls === 3) throw new Error('connection lost');
          return store.appendToStreams!(writes);
        },
      });
      await expect(runImport(failing, request(SAMPLE))).rejects.toThrow('connection lost');
      const partial = await everything(store);
      const checkpoints = partial.filter((e) => e.type === 'HistoricalImportRowsRecorded');
      expect(checkpoints).toHaveLength(2);
      const recorded = checkpoints.flatMap((e) => (e.data as unknown as HistoricalImportRowsRecorded['data']).rows);
      const contracts = partial.filter((e) => e.type === 'HistoricalContractImported');
      const rowsOf = (rows: string[]) => rows.sort((a, b) => Number(a) - Number(b));
      expect(
        rowsOf(contracts.map((e) => (e.data as unknown as HistoricalContractImported['data']).source.row)),
      ).toEqual(rowsOf(recorded.map((row) => row.row)));
      expect(recorded).toHaveLength(100);
      const finished = await runImport(store, request(SAMPLE));
      expect(finished).toMatchObject({
        status: 'completed',
        resumedAfterRows: 100,
        counts: { rows: 399, imported: 399 },
      });
      return shape(await everything(store));
    });
    const withoutRun = (events: ReturnType<typeof shape>) =>
      events.filter((e) => !e.stream.startsWith('historical-import-'));
    expect(withoutRun(resumed)).toEqual(withoutRun(singleRun!));
  });

  it('matches units by key and suppliers by RFC or normalized name, records the rest as new; reports every row', () =>
    withStore(async (store) => {
      await store.appendToStream(
        'buying-unit-u1',
        [
          event('BuyingUnitRegistered', {
            buyingUnitId: 'u1',
            code: '011C00999',
            name: 'AFSEDF',
            level: 'federal',
            parentInstitution: 'SEP',
          }),
        ],
        { expectedRevision: 'no_stream' },
      );
      await store.appendToStream(
        'supplier-s1',
        [
          event('SupplierRegistered', {
            supplierId: 's1',
            rfc: 'TME840315KT6',
            legalName: 'TELEFONOS DE MEXICO, S.A.B. DE C.V.',
          }),
        ],
        { expectedRevision: 'no_stream' },
      );
      const header = COMPRANET_COLUMNS.join(',');
      const row = (code: string, unit: string, supplier: string, currency = 'MXN') =>
        COMPRANET_COLUMNS.map(
          (c) =>
            ({
              CLAVEUC: unit,
              NOMBRE_DE_LA_UC: 'Unidad',
              NUMERO_PROCEDIMIENTO: 'AA-1',
              TIPO_CONTRATACION: 'Adquisiciones',
              TIPO_PROCEDIMIENTO: 'Adjudicación Directa Federal',
              CODIGO_CONTRATO: code,
              IMPORTE_CONTRATO: '100.00',
              MONEDA: currency,
              PROVEEDOR_CONTRATISTA: supplier,
            })[c as string] ?? '',
        ).join(',');
      const file = Buffer.from(
        [
          header,
          row('1', '011C00999', 'Teléfonos de México S.A.B de C.V.'),
          row('2', '099X00001', 'Otra Empresa SA de CV'),
          row('3', '011C00999', 'X', 'TEST'),
        ].join('\n'),
      );
      const outcome = await runImport(store, request(file, { fileName: 'parties.csv' }));
      expect(outcome.counts).toMatchObject({
        rows: 3,
        imported: 2,
        rejected: 1,
        procedures: 1,
        rejections: [{ code: 'import.currency_invalid', rows: 1 }],
      });

      const events = await everything(store);
      const parties = events
        .filter((e) => e.type === 'HistoricalPartyRecorded')
        .map((e) => e.data as unknown as HistoricalPartyRecorded['data']);
      expect(
        parties.map(({ role, registeredId, matchedBy, code }) => ({ role, registeredId, matchedBy, code })),
      ).toEqual(
        expect.arrayContaining([
          { role: 'buyer', registeredId: 'u1', matchedBy: 'code', code: '011C00999' },
          { role: 'supplier', registeredId: 's1', matchedBy: 'name', code: null },
          { role: 'buyer', registeredId: null, matchedBy: null, code: '099X00001' },
          { role: 'supplier', registeredId: null, matchedBy: null, code: null },
        ]),
      );
      expect(parties).toHaveLength(4);
      const report = (await store.readStream(historicalImportStream(outcome.importId)))
        .filter((e) => e.type === 'HistoricalImportRowsRecorded')
        .flatMap((e) => (e.data as unknown as HistoricalImportRowsRecorded['data']).rows);
      expect(report.map((r) => [r.row, r.rowKey, r.status, r.code])).toEqual([
        ['1', '1', 'imported', null],
        ['2', '2', 'imported', null],
        ['3', '3', 'rejected', 'import.currency_invalid'],
      ]);
    }));

  it('records a party once even when another source kind meets it again, so a registrar’s review stands', () =>
    withStore(async (store) => {
      const file = (supplier: string) =>
        Buffer.from(
          [
            COMPRANET_COLUMNS.join(','),
            COMPRANET_COLUMNS.map(
              (c) =>
                ({
                  CLAVEUC: '099X00001',
                  NOMBRE_DE_LA_UC: 'Unidad',
                  NUMERO_PROCEDIMIENTO: `AA-${supplier.length}`,
                  TIPO_CONTRATACION: 'Adquisiciones',
                  TIPO_PROCEDIMIENTO: 'Adjudicación Directa Federal',
                  CODIGO_CONTRATO: String(supplier.length),
                  IMPORTE_CONTRATO: '100.00',
                  MONEDA: 'MXN',
                  PROVEEDOR_CONTRATISTA: `"${supplier}"`,
                })[c as string] ?? '',
            ).join(','),
          ].join('\n'),
        );
      await runImport(store, request(file('Otra Empresa SA de CV')));
      const [recorded] = (await everything(store)).filter(
        (e) => e.type === 'HistoricalPartyRecorded' && e.data.role === 'supplier',
      );
      const partyId = recorded.data.partyId as string;
      await store.appendToStream(
        recorded.streamId,
        [
          event('HistoricalPartyReviewed', {
            partyId,
            decision: 'unregistered',
            reviewedAt: NOW.toISOString(),
          }),
        ],
        { expectedRevision: recorded.streamRevision },
      );
      // The same supplier (its normalized name: the same party id) in an OCDS file: another kind of source.
      const asOcds: ImportRequest['reader'] = async function* (source) {
        for await (const record of readCompranetCsv(source))
          yield record.kind === 'procedure'
            ? {
                ...record,
                procedure: { ...record.procedure, source: { ...record.procedure.source, kind: 'ocds' } },
                contracts: record.contracts.map((c) => ({ ...c, source: { ...c.source, kind: 'ocds' as const } })),
              }
            : record;
      };
      const outcome = await runImport(
        store,
        request(file('OTRA EMPRESA, S.A. DE C.V.'), { kind: 'ocds', reader: asOcds, fileName: 'p.json' }),
      );
      expect(outcome.counts).toMatchObject({ imported: 1, rejected: 0 });
      expect((await store.readStream(recorded.streamId)).map((e) => e.type)).toEqual([
        'HistoricalPartyRecorded',
        'HistoricalPartyReviewed',
      ]);
      const contracts = (await everything(store)).filter((e) => e.type === 'HistoricalContractImported');
      expect(contracts.map((e) => (e.data as unknown as HistoricalContractImported['data']).supplier.partyId)).toEqual([
        partyId,
        partyId,
      ]);
    }));
});

function event(type: string, data: Record<string, string | null>) {
  return {
    id: crypto.randomUUID(),
    type,
    data,
    metadata: { actor: 'system', correlationId: 'test', occurredAt: NOW.toISOString() },
  };
}
