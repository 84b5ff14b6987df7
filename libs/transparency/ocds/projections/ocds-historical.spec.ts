import { aHistoricalContract, aHistoricalProcedure } from '@licita/history/testing/historical-events';
import { compileReleases } from '../domain/compile-release';
import { OcdsValidator } from '../validation/ocds-validator';
import { historicalContract, historicalProcedure, renderHistoricalRelease } from './ocds-historical';

/**
 * The OCDS releases of imported history (pure rendering), validated against the official 1.1.5 schema with
 * the extensions Licita uses: the tender release, then an award+contract release per contract, a zero amount,
 * the source's ocid when it had one, business dates in the release and the recording time in `licitaImport`.
 */
const validator = OcdsValidator.load();
const RECORDED = '2026-03-01T12:00:00.000Z';

const procedure = aHistoricalProcedure({
  publishedAt: '2013-03-20T17:00:00.000Z',
  procedureType: 'public_national',
  procedureTypeOriginal: 'Licitación Pública Nacional',
  repairs: ['MONEDA vacía: se tomó MXN'],
});
const paid = aHistoricalContract(procedure.procedureId);
const zero = aHistoricalContract(procedure.procedureId, {
  value: { amount: 0, currency: 'MXN' },
  signedAt: null,
  status: 'Activo',
});

function releases(ocidPrefix = 'ocds-test01-', source = procedure) {
  let process = historicalProcedure(undefined, ocidPrefix, source, RECORDED);
  const tender = renderHistoricalRelease(process, { kind: 'procedure' });
  process = { ...process, releaseCount: 1 };
  process = historicalContract(process, paid, RECORDED);
  const first = renderHistoricalRelease(process, { kind: 'contract', contractId: paid.contractId });
  process = { ...historicalContract({ ...process, releaseCount: 2 }, zero, RECORDED) };
  const second = renderHistoricalRelease(process, { kind: 'contract', contractId: zero.contractId });
  return [tender, first, second];
}

it('are valid OCDS 1.1.5 releases, each and compiled', () => {
  const all = releases();
  for (const release of all) expect(validator.validateRelease(release)).toEqual({ valid: true, errors: [] });
  expect(validator.validateRelease(compileReleases(all))).toEqual({ valid: true, errors: [] });
  expect(
    validator.validateReleasePackage({
      uri: 'https://licita.example/api/ocds/releases',
      version: '1.1',
      publishedDate: RECORDED,
      publisher: { name: 'Licita' },
      releases: all,
    }).valid,
  ).toBe(true);
});

it('carry Licita’s ocid, tags per event, business dates and the source’s wording', () => {
  const [tender, first, second] = releases();
  expect(tender).toMatchObject({
    ocid: `ocds-test01-${procedure.procedureId}`,
    id: `ocds-test01-${procedure.procedureId}-1`,
    date: '2013-03-20T17:00:00.000Z',
    tag: ['tender'],
    buyer: { name: procedure.buyer.name },
    tender: {
      status: 'complete',
      procurementMethod: 'open',
      procurementMethodDetails: 'Licitación Pública Nacional',
      tenderPeriod: { startDate: '2013-03-20T17:00:00.000Z' },
    },
    licitaImport: {
      source: 'compranet',
      fileName: 'Contratos2013.csv',
      row: '17',
      recordedAt: RECORDED,
      repairs: ['MONEDA vacía: se tomó MXN'],
    },
  });
  expect(first).toMatchObject({
    id: `ocds-test01-${procedure.procedureId}-2`,
    date: paid.signedAt,
    tag: ['award', 'contract'],
  });
  expect(second.date).toBe(procedure.awardedAt); // no signature: the award date, not the import's
  expect(second.contracts).toEqual([
    expect.objectContaining({
      id: paid.contractId,
      value: { amount: 116_000, currency: 'MXN' },
      status: 'terminated',
      dateSigned: paid.signedAt,
    }),
    expect.objectContaining({ id: zero.contractId, value: { amount: 0, currency: 'MXN' }, status: 'active' }),
  ]);
  expect((second.parties as Array<{ id: string; roles: string[] }>).map((p) => p.roles)).toEqual([
    ['buyer', 'procuringEntity'],
    ['supplier'],
    ['supplier'],
  ]);
  expect((second.parties as Array<{ id: string }>)[0].id).toBe(`historical-party-${procedure.buyer.partyId}`);
});

it('keep the source’s ocid, and name a party the import matched by its register id', () => {
  const [tender] = releases('ocds-test01-', {
    ...procedure,
    ocid: 'ocds-87sd3t-CDMX-SAF-2019-001',
    buyer: { ...procedure.buyer, registeredId: 'unit-1' },
  });
  expect(tender.ocid).toBe('ocds-87sd3t-CDMX-SAF-2019-001');
  expect(tender.buyer).toEqual({ id: 'buying-unit-unit-1', name: procedure.buyer.name });
  expect(validator.validateRelease(tender).valid).toBe(true);
});
