import { createHash, randomUUID } from 'node:crypto';
import type { EventStore } from '@licita/event-store';
import {
  historicalPartyStream,
  historicalProcedureStream,
  type HistoricalContractImported,
  type HistoricalPartyRecorded,
  type HistoricalPartyReviewed,
  type HistoricalProcedureImported,
  type HistoricalSource,
} from '../domain/history.events';

/**
 * Imported-history events for tests of what reads them (the public read models), appended straight to a real
 * event store the way the import runner appends them: the parties first, then the procedure, then its contracts.
 */
export type ProcedureData = HistoricalProcedureImported['data'];
export type ContractData = HistoricalContractImported['data'];

const FILE = 'Contratos2013.csv';

export const aSource = (row: string, original: HistoricalSource['original'] = {}): HistoricalSource => ({
  kind: 'compranet',
  importId: 'import-00000000-0000-4000-8000-000000000001',
  fileName: FILE,
  fileSha256: createHash('sha256').update(FILE).digest('hex'),
  rowKey: `row-${row}`,
  row,
  original,
});

/** A CompraNet direct award of 2013 by an unregistered unit, overridable field by field. */
export const aHistoricalProcedure = (overrides: Partial<ProcedureData> = {}): ProcedureData => ({
  procedureId: randomUUID(),
  source: aSource('17', {
    NUMERO_PROCEDIMIENTO: 'AA-012M7B997-N1-2013',
    TIPO_PROCEDIMIENTO: 'Adjudicación Directa Federal',
  }),
  number: 'AA-012M7B997-N1-2013',
  ocid: null,
  title: 'Servicio de mantenimiento a equipo médico',
  description: null,
  buyer: { partyId: randomUUID(), name: 'IMSS-Delegación Jalisco #012M7B997', registeredId: null, code: '012M7B997' },
  procedureType: 'direct_award',
  procedureTypeOriginal: 'Adjudicación Directa Federal',
  category: 'services',
  law: 'LAASSP',
  publishedAt: null,
  openingAt: null,
  awardedAt: '2013-04-10T17:00:00.000Z',
  repairs: [],
  ...overrides,
});

export const aHistoricalContract = (procedureId: string, overrides: Partial<ContractData> = {}): ContractData => ({
  procedureId,
  contractId: randomUUID(),
  source: aSource('17', { CODIGO_CONTRATO: '512345', IMPORTE_CONTRATO: '116000.00', MONEDA: 'MXN' }),
  code: '512345',
  title: 'Mantenimiento preventivo',
  supplier: { partyId: randomUUID(), name: 'EQUIPOS MEDICOS DEL BAJIO SA DE CV', registeredId: null, rfc: null },
  value: { amount: 11_600_000, currency: 'MXN' },
  signedAt: '2013-04-15T17:00:00.000Z',
  startDate: '2013-04-16T06:00:00.000Z',
  endDate: '2013-12-31T06:00:00.000Z',
  status: 'Expirado',
  repairs: [],
  ...overrides,
});

const metadata = (at: string) => ({ actor: 'system', correlationId: randomUUID(), occurredAt: at });

/** The parties, the procedure and its contracts, recorded at `at` (the import's time). */
export async function appendHistoricalProcedure(
  store: EventStore,
  procedure: ProcedureData,
  contracts: ContractData[],
  at = '2026-03-01T12:00:00.000Z',
): Promise<void> {
  const parties: Array<HistoricalPartyRecorded['data']> = [
    {
      partyId: procedure.buyer.partyId,
      role: 'buyer',
      name: procedure.buyer.name,
      code: procedure.buyer.code,
      rfc: null,
      registeredId: procedure.buyer.registeredId,
      matchedBy: procedure.buyer.registeredId ? 'code' : null,
      importId: procedure.source.importId,
    },
    ...contracts.map((c): HistoricalPartyRecorded['data'] => ({
      partyId: c.supplier.partyId,
      role: 'supplier',
      name: c.supplier.name,
      code: null,
      rfc: c.supplier.rfc,
      registeredId: c.supplier.registeredId,
      matchedBy: c.supplier.registeredId ? 'rfc' : null,
      importId: c.source.importId,
    })),
  ];
  for (const party of parties)
    await store.appendToStream(
      historicalPartyStream(party.partyId),
      [{ id: randomUUID(), type: 'HistoricalPartyRecorded', data: party, metadata: metadata(at) }],
      { expectedRevision: 'any' },
    );
  await store.appendToStream(
    historicalProcedureStream(procedure.procedureId),
    [
      { id: randomUUID(), type: 'HistoricalProcedureImported', data: procedure, metadata: metadata(at) },
      ...contracts.map((c) => ({
        id: randomUUID(),
        type: 'HistoricalContractImported',
        data: c as never,
        metadata: metadata(at),
      })),
    ],
    { expectedRevision: 'any' },
  );
}

/** A registrar's review of a historical party. */
export async function appendPartyReview(
  store: EventStore,
  data: HistoricalPartyReviewed['data'],
  at = '2026-03-02T12:00:00.000Z',
): Promise<void> {
  await store.appendToStream(
    historicalPartyStream(data.partyId),
    [{ id: randomUUID(), type: 'HistoricalPartyReviewed', data, metadata: metadata(at) }],
    { expectedRevision: 'any' },
  );
}
