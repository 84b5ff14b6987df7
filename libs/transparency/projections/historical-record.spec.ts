import { aHistoricalContract, aHistoricalProcedure } from '@licita/history/testing/historical-events';
import { applyHistorical, relinked, type PartyLinks } from './historical-record';
import { recordRows, tenderRow } from './record-rows';
import { tenderRedFlags } from './red-flags';
import { withRedFlags, type FoldContext, type TenderRecord } from './tender-record';

/**
 * Imported history folded into the public record (pure: no database). What the record says, what it leaves
 * out of the dated aggregates, the red flags it cannot raise, and a registrar's review moving a party.
 */
const RECORDED = '2026-03-01T12:00:00.000Z';
const context: FoldContext = {
  supplier: (id) =>
    id === 'sup-registered'
      ? { name: 'Registrada, S.A. de C.V.', registeredAt: '2026-02-20T00:00:00.000Z' }
      : undefined,
  ancestors: () => [],
};
const none: PartyLinks = new Map();

const fold = (events: Array<{ type: string; data: object }>, links: PartyLinks = none): TenderRecord | null =>
  events.reduce<TenderRecord | null>(
    (record, event) =>
      applyHistorical(
        record,
        { type: event.type, data: event.data as Record<string, unknown>, occurredAt: RECORDED },
        links,
        context,
      ),
    null,
  );

const procedure = aHistoricalProcedure();
const paid = aHistoricalContract(procedure.procedureId);
const framework = aHistoricalContract(procedure.procedureId, {
  value: { amount: 0, currency: 'MXN' },
  signedAt: null,
  status: 'Activo',
  supplier: {
    partyId: 'party-s2',
    name: 'SERVICIOS INTEGRALES DEL NORTE',
    registeredId: 'sup-registered',
    rfc: 'SIN010101AB1',
  },
});
const events = [
  { type: 'HistoricalProcedureImported', data: procedure },
  { type: 'HistoricalContractImported', data: paid },
  { type: 'HistoricalContractImported', data: framework },
];

describe('an imported direct award with two contracts', () => {
  const record = withRedFlags(fold(events) as TenderRecord);

  it('is a public, contracted record under the source’s number, type and business dates', () => {
    expect(record).toMatchObject({
      tenderId: procedure.procedureId,
      number: 'AA-012M7B997-N1-2013',
      isPublic: true,
      status: 'contracted',
      procedureType: 'direct_award',
      category: 'services',
      buyingUnitId: procedure.buyer.partyId,
      // No publication in the source: the award date, never the import's.
      publishedAt: procedure.awardedAt,
      value: { amount: 11_600_000, currency: 'MXN' },
      origin: { kind: 'compranet', fileName: 'Contratos2013.csv', row: '17', importedAt: RECORDED },
    });
  });

  it('awards and contracts each supplier under its effective id, the zero amount kept', () => {
    expect(record.contracts.map((c) => [c.supplier.id, c.supplier.name, c.value.amount, c.status])).toEqual([
      [paid.supplier.partyId, 'EQUIPOS MEDICOS DEL BAJIO SA DE CV', 11_600_000, 'completed'],
      ['sup-registered', 'Registrada, S.A. de C.V.', 0, 'active'],
    ]);
    expect(record.awards.map((a) => [a.basis, a.awardedAt, a.supplierRegisteredAt])).toEqual([
      ['direct_award', procedure.awardedAt, null],
      ['direct_award', procedure.awardedAt, null],
    ]);
  });

  it('raises no red flag on what the source did not record (the winner registered days before the import is not judged)', () => {
    // Only what the source did record: its contract of amount 0.
    expect(record.redFlags.map((f) => f.code)).toEqual(['zero_amount_contract']);
    const competitive = fold([
      {
        type: 'HistoricalProcedureImported',
        data: {
          ...procedure,
          procedureType: 'public_national',
          publishedAt: '2013-03-01T17:00:00.000Z',
          openingAt: '2013-03-03T17:00:00.000Z',
        },
      },
      { type: 'HistoricalContractImported', data: paid },
    ]) as TenderRecord;
    expect(tenderRedFlags(competitive)).toEqual([]);
  });

  it('gives its rows: origin and historical parties on the tender, a dated contract in the aggregates, an undated one not', () => {
    const row = tenderRow(record, { position: 7n, at: RECORDED }, true);
    expect(row).toMatchObject({ origin: 'imported', published_at: procedure.awardedAt, awarded_amount: 11_600_000 });
    expect(row.historical_party_ids).toEqual([procedure.buyer.partyId, paid.supplier.partyId, 'party-s2'].sort());
    expect(row.supplier_ids).toEqual([paid.supplier.partyId, 'sup-registered'].sort());
    const rows = recordRows([record]);
    // The framework contract has no signature date but the procedure's award date dates it.
    expect(rows.contracts.map((c) => [c.amount, c.signed_at])).toEqual([
      [11_600_000, paid.signedAt],
      [0, procedure.awardedAt],
    ]);
    const undated = fold([
      { type: 'HistoricalProcedureImported', data: { ...procedure, awardedAt: null } },
      { type: 'HistoricalContractImported', data: { ...framework, signedAt: null, startDate: null } },
    ]) as TenderRecord;
    expect(undated.contracts).toHaveLength(1);
    expect(recordRows([undated]).contracts).toEqual([]);
    expect(recordRows([undated]).awards).toEqual([]);
    expect(undated.publishedAt).toBeNull();
  });

  it('dates a contract the source dates only by its start (no publication, award or signature) at that start', () => {
    // As 160 of the 399 rows of CompraNet's 2013 sample: their amounts belong in the statistics and profiles.
    const started = fold([
      { type: 'HistoricalProcedureImported', data: { ...procedure, awardedAt: null } },
      { type: 'HistoricalContractImported', data: { ...paid, signedAt: null, startDate: '2013-11-12T06:00:00.000Z' } },
    ]) as TenderRecord;
    const rows = recordRows([started]);
    expect(rows.contracts.map((c) => [c.amount, c.signed_at])).toEqual([[11_600_000, '2013-11-12T06:00:00.000Z']]);
    expect(rows.awards.map((a) => [a.amount, a.awarded_at])).toEqual([[11_600_000, '2013-11-12T06:00:00.000Z']]);
    expect(started.origin?.contracts[0].signedAt).toBeNull();
  });
});

describe('a registrar’s review', () => {
  it('moves a party under the register id it links, or back to its own id when confirmed unregistered', () => {
    const record = fold(events) as TenderRecord;
    const linked = relinked(
      record,
      new Map([
        [paid.supplier.partyId, 'sup-registered'],
        [procedure.buyer.partyId, 'unit-9'],
      ]),
      context,
    );
    expect(linked.buyingUnitId).toBe('unit-9');
    expect(linked.contracts[0].supplier).toEqual({ id: 'sup-registered', name: 'Registrada, S.A. de C.V.' });
    const unregistered = relinked(record, new Map([['party-s2', null]]), context);
    expect(unregistered.contracts[1].supplier).toEqual({ id: 'party-s2', name: 'SERVICIOS INTEGRALES DEL NORTE' });
  });

  it('a contract whose procedure is not recorded yet changes nothing', () => {
    expect(fold([{ type: 'HistoricalContractImported', data: paid }])).toBeNull();
  });
});
