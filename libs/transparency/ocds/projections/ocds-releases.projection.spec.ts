import { dataSourceOptions } from '@licita/platform/database';
import type { TenderState } from '@licita/tendering';
import {
  aDirectAward,
  aProposal,
  createTender,
  evaluate,
  laptopsAt,
  laptopsLot,
  ms,
  openProposals,
  publishTender,
  standing,
  submitProposal,
  SUPPLIER,
  T,
  TENDER_ID,
  twoLots,
} from '@licita/tendering/domain/tender.scenarios';
import { DataSource } from 'typeorm';
import { CreateOcdsReleases1763856500000 } from '../../../../migrations/1763856500000-CreateOcdsReleases';
import { StoreOcdsProcessStateAsJson1763856670000 } from '../../../../migrations/1763856670000-StoreOcdsProcessStateAsJson';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database';
import { ProcurementLog } from '../../testing/procurement-log';
import { OcdsValidator } from '../validation/ocds-validator';
import { OcdsReleasesProjection } from './ocds-releases.projection';
import { contractDecider, type ContractEvent, type SignContract } from '@licita/tendering/domain/contract';
import type { RecordContractSigned } from '@licita/tendering/domain/tender.commands';
import type { TenderEvent } from '@licita/tendering/domain/tender.events';
import { aTenderReadyForContract, play, PROPOSAL, stateOf } from '@licita/tendering/domain/tender.scenarios';
import { contractTermsFor } from '@licita/tendering/domain/tender.state';
import { applyToProcess, newProcess, type OcdsSourceEvent } from './ocds-process';
import { renderRelease } from './ocds-release';

/**
 * The projection against a real PostgreSQL, fed a log the real deciders made: a public tender with two lots
 * (an amendment that moves the deadline, sealed proposals, opening, evaluation, award, objection period,
 * contracts, an amendment, completion, a supplier renamed on the way), a direct award and a cancelled draft.
 */
const DAY = 86_400_000;
const DIRECT = 'AD-2026-0001';
const DRAFT = 'BR-2026-0001';
const validator = OcdsValidator.load();

let database: TestDatabase;
let db: DataSource;
const projection = new OcdsReleasesProjection({ ocidPrefix: 'ocds-test01-' });
const log = aProcurementLog();

beforeAll(async () => {
  database = await createTestDatabase('ocds');
  db = new DataSource(
    dataSourceOptions({
      url: database.url,
      poolSize: 2,
      migrations: [CreateOcdsReleases1763856500000, StoreOcdsProcessStateAsJson1763856670000],
      applicationName: 'ocds-spec',
    }),
  );
  await db.initialize();
  await db.runMigrations();
}, 60_000);

afterAll(async () => {
  await db?.destroy();
  await database?.drop();
});

type Row = { release_id: string; ocid: string; position: string; tags: string[]; release: string };

/** Resets the projection and applies the whole log in batches of `size` events, each in its own transaction. */
async function projectInBatches(size: number): Promise<Row[]> {
  await db.transaction((tx) => projection.reset(tx));
  for (let start = 0; start < log.events.length; start += size) {
    await db.transaction((tx) => projection.handle(log.events.slice(start, start + size), tx));
  }
  return db.query(
    'SELECT release_id, ocid, position::text, tags, release::text FROM ocds_releases ORDER BY ocds_releases.position',
  );
}

const releasesOf = (rows: Row[], tenderId: string) =>
  rows.filter((row) => row.ocid === `ocds-test01-${tenderId}`).map((row) => JSON.parse(row.release));

describe('OcdsReleasesProjection', () => {
  let rows: Row[];
  beforeAll(async () => {
    rows = await projectInBatches(log.events.length);
  });

  it('writes valid OCDS releases, one per command that changes what they show, with the right tags', () => {
    for (const row of rows) expect(validator.validateRelease(JSON.parse(row.release)).errors).toEqual([]);
    expect(releasesOf(rows, TENDER_ID).map((release) => release.tag)).toEqual([
      ['tender'],
      ['tenderAmendment'],
      ['tenderUpdate'],
      ['tenderUpdate'],
      ['award'],
      ['awardUpdate'],
      ['contract'],
      ['contract'],
      ['contractAmendment'],
      ['contractTermination'],
      ['contractTermination'],
    ]);
    expect(releasesOf(rows, DIRECT).map((release) => release.tag)).toEqual([['tender', 'award']]);
    expect(releasesOf(rows, DRAFT)).toEqual([]); // a draft, even cancelled, is never public
  });

  it("states the submission period's legal rule in the tender (valid OCDS), and no accelerator in real time", () => {
    const [tender] = releasesOf(rows, TENDER_ID);
    expect(validator.validateRelease(tender).errors).toEqual([]);
    // Published 2 March 2026: the LAASSP of 2025, whose article was not read (unverified in the table).
    expect(tender.tender.submissionMethodDetails).toBe(
      'Plazo mínimo: 15 días naturales (LAASSP 2025 (DOF 16-04-2025), versión LAASSP-2025), contados en días ' +
        'naturales de la Ciudad de México; referencia sin verificar contra el DOF.',
    );
    expect(tender.tender.procurementMethodDetails).toBe('Licitación pública nacional');
  });

  it('classifies each item with its scheme and code: CPV, or CUCOP for a CUCoP code (valid OCDS either way)', () => {
    const [tender] = releasesOf(rows, TENDER_ID);
    expect(tender.tender.items[0].classification).toEqual({ scheme: 'CPV', id: '30213100-6' });
    const [direct] = releasesOf(rows, DIRECT);
    expect(direct.tender.items.map((item: { classification: unknown }) => item.classification)).toEqual([
      { scheme: 'CUCOP', id: '51500062' },
      { scheme: 'CUCOP', id: '29400004' },
    ]);
    expect(validator.validateRelease(direct).errors).toEqual([]);
  });

  it('writes an amendment and the deadline it moves (two events of one command) as one release', () => {
    const [, amendment] = releasesOf(rows, TENDER_ID);
    const schedule = (log.tenderState().content as NonNullable<TenderState['content']>).schedule!;
    expect(amendment.tender.tenderPeriod.endDate).toBe(schedule.submissionDeadline);
    expect(schedule.submissionDeadline).not.toBe(T.submissionDeadline);
    expect(amendment.tender.amendments).toEqual([
      {
        id: 'amend-1',
        date: ms(T.submissionDeadline, -2 * DAY),
        rationale: 'Aclaración',
        description: 'Cambios en: description',
        amendsReleaseID: `ocds-test01-${TENDER_ID}-1`,
        releaseID: `ocds-test01-${TENDER_ID}-2`,
      },
    ]);
  });

  it('keeps bidders and amounts out of every release before the opening act', () => {
    const beforeOpening = releasesOf(rows, TENDER_ID)
      .slice(0, 2)
      .map((release) => JSON.stringify(release));
    for (const text of beforeOpening) {
      for (const secret of [
        SUPPLIER.A,
        SUPPLIER.B,
        SUPPLIER.C,
        'Proveedora A',
        'LOPA800101',
        'prop-sup-',
        '230000',
        '23000000',
      ])
        expect(text).not.toContain(secret);
    }
    expect(JSON.parse(beforeOpening[1]).bids).toEqual({ statistics: [{ id: 'bids', measure: 'bids', value: 3 }] });
  });

  it('shows a party as the register had it at each release: earlier releases keep the old name', () => {
    const names = releasesOf(rows, TENDER_ID).map(
      (release) => release.parties.find((party: any) => party.id === `supplier-${SUPPLIER.A}`)?.name,
    );
    expect(names.slice(2, 6)).toEqual(Array(4).fill('Proveedora A, S.A. de C.V.'));
    expect(names.slice(6)).toEqual(Array(5).fill('Proveedora Álamo, S.A. de C.V.'));
  });

  it('publishes an individual supplier (persona física) with its RFC but no street or contact', () => {
    const last = releasesOf(rows, TENDER_ID).at(-1);
    const individual = last.parties.find((party: any) => party.id === `supplier-${SUPPLIER.B}`);
    expect(individual).toEqual({
      id: `supplier-${SUPPLIER.B}`,
      name: 'Beatriz López Pérez',
      identifier: { scheme: 'MX-RFC', id: 'LOPB800101AB1', legalName: 'Beatriz López Pérez' },
      address: { locality: 'Guadalajara', region: 'Jalisco', countryName: 'México' },
      roles: ['tenderer'],
    });
  });

  it.each([1, 2, 3, 5, 8])('writes the same rows whatever the batches, here %i events each', async (size) => {
    expect(await projectInBatches(size)).toEqual(rows);
  });
});

function aProcurementLog(): ProcurementLog {
  const p = new ProcurementLog();
  p.supplier(SUPPLIER.A, 'LOPA800101AB1', 'Proveedora A, S.A. de C.V.');
  p.supplier(SUPPLIER.B, 'LOPB800101AB1', 'Beatriz López Pérez', 'individual');
  p.supplier(SUPPLIER.C, 'LOPC800101AB1', 'Proveedora C, S.A. de C.V.');

  p.tender(createTender(twoLots()), T.created);
  p.tender(publishTender(), T.published);
  p.tender(
    {
      type: 'AskQuestion',
      tenderId: TENDER_ID,
      questionId: 'q-1',
      supplier: standing(SUPPLIER.C),
      text: '¿Garantía mínima?',
    },
    ms(T.published, DAY),
  );
  p.tender({ type: 'AdvanceTenderClock', tenderId: TENDER_ID }, T.questionsDeadline);
  const proposals = [
    aProposal(SUPPLIER.A, { ...laptopsAt(2_200_000), 'lot-2': { 'item-3': 750_000 } }),
    aProposal(SUPPLIER.B, laptopsAt(2_300_000)),
    aProposal(SUPPLIER.C, { 'lot-2': { 'item-3': 690_000 } }),
  ];
  proposals.forEach((content, i) => p.tender(submitProposal(content), ms(T.questionsDeadline, (i + 1) * 3_600_000)));
  p.tender(
    {
      type: 'AmendTender',
      tenderId: TENDER_ID,
      amendmentId: 'amend-1',
      changes: { description: 'Equipo de cómputo y periféricos.' },
      reason: 'Aclaración',
    },
    ms(T.submissionDeadline, -2 * DAY),
  );

  const schedule = (p.tenderState().content as NonNullable<TenderState['content']>).schedule!;
  p.tender(openProposals(proposals), schedule.openingDate);
  const evaluated = ms(schedule.openingDate, DAY);
  for (const content of proposals)
    for (const offer of content.lots) p.tender(evaluate(content.proposalId, offer.lotId), evaluated);
  p.tender({ type: 'CompleteEvaluation', tenderId: TENDER_ID }, evaluated);
  const awarded = ms(schedule.openingDate, 2 * DAY);
  p.tender({ type: 'AwardTender', tenderId: TENDER_ID }, awarded);
  p.tender({ type: 'AdvanceTenderClock', tenderId: TENDER_ID }, ms(awarded, 8 * DAY));

  p.record(
    'supplier-' + SUPPLIER.A,
    [
      {
        type: 'SupplierDataChanged',
        data: { supplierId: SUPPLIER.A, changes: { legalName: 'Proveedora Álamo, S.A. de C.V.' } },
      },
    ],
    ms(awarded, 8 * DAY),
  );
  const contracted = ms(awarded, 9 * DAY);
  p.sign('lot-1', 'contract-1', contracted);
  p.sign('lot-2', 'contract-2', contracted);
  p.contract(
    'contract-1',
    {
      type: 'AmendContract',
      contractId: 'contract-1',
      amendmentId: 'c-amend-1',
      amount: 24_000_000,
      reason: 'Ampliación',
    },
    ms(contracted, 10 * DAY),
  );
  for (const contractId of ['contract-1', 'contract-2']) {
    p.contract(contractId, { type: 'CompleteContract', contractId }, ms(contracted, 60 * DAY));
    p.tender(
      { type: 'RecordContractClosed', tenderId: TENDER_ID, contractId, outcome: 'completed' },
      ms(contracted, 60 * DAY),
    );
  }

  // The direct award buys the same laptops classified with Mexico's CUCoP (OCDS scheme `CUCOP`) instead of CPV.
  const cucopLot = laptopsLot();
  cucopLot.items = cucopLot.items.map((item, i) => ({ ...item, classifierCode: ['51500062', '29400004'][i] }));
  p.tender({ ...createTender({ ...aDirectAward(), lots: [cucopLot] }), tenderId: DIRECT }, T.created, DIRECT);
  p.tender(
    {
      type: 'AwardDirectly',
      tenderId: DIRECT,
      suppliers: [standing(SUPPLIER.A)],
      lots: [{ lotId: 'lot-1', amount: 26_000_000 }],
    },
    T.published,
    DIRECT,
  );
  p.tender({ ...createTender(), tenderId: DRAFT }, T.created, DRAFT);
  p.tender({ type: 'CancelTender', tenderId: DRAFT, reason: 'Ya no se requiere' }, T.published, DRAFT);
  return p;
}

// A consolidated purchase with a multi-year contract, rendered from the deciders' events (no database needed).
const mxn = (amount: number) => ({ amount, currency: 'MXN' });
const HOSPITAL = 'uc-hospital-norte';
const CLINIC = 'uc-clinica-sur';
const consolidation = {
  participants: [
    {
      buyingUnitId: HOSPITAL,
      requestReference: 'REQ-HN-2026-014',
      items: [
        { itemId: 'item-1', quantity: 7 },
        { itemId: 'item-2', quantity: 7 },
      ],
      commitment: mxn(18_550_000),
    },
    {
      buyingUnitId: CLINIC,
      requestReference: 'Oficio CS/031/2026',
      items: [
        { itemId: 'item-1', quantity: 3 },
        { itemId: 'item-2', quantity: 3 },
      ],
      commitment: mxn(7_950_000),
    },
  ],
};

/** A consolidated purchase awarded to B (24 000 000), each unit's contract signed; the hospital's runs two fiscal years. */
function consolidatedAndSigned(): OcdsSourceEvent[] {
  let tender: TenderEvent[] = aTenderReadyForContract([PROPOSAL.A, PROPOSAL.B], { consolidation });
  const contracts: ContractEvent[] = [];
  for (const unit of [HOSPITAL, CLINIC]) {
    const terms = contractTermsFor(stateOf(tender), 'lot-1', unit);
    if (!terms) throw new Error(`no terms for ${unit}`);
    const contractId = `contract-${unit}`;
    const multiYear =
      unit === HOSPITAL
        ? {
            fiscalYears: [
              { fiscalYear: 2026, amount: 10_000_000 },
              { fiscalYear: 2027, amount: 6_800_000 },
            ],
            portfolioKey: '2612GYR0001',
          }
        : undefined;
    const sign: SignContract = {
      type: 'SignContract',
      contractId,
      ...terms,
      startDate: '2026-04-06T06:00:00.000Z',
      endDate: unit === HOSPITAL ? '2027-06-30T06:00:00.000Z' : '2026-12-31T06:00:00.000Z',
      ...(multiYear ? { multiYear } : {}),
    };
    contracts.push(
      ...contractDecider.decide(sign, contractDecider.initialState(), { now: new Date(T.contracted), actor: 'a' }),
    );
    const record: RecordContractSigned = {
      type: 'RecordContractSigned',
      tenderId: TENDER_ID,
      lotId: 'lot-1',
      contractId,
      buyingUnitId: unit,
    };
    tender = play(tender, record, T.contracted);
  }
  return [...tender, ...contracts];
}

describe('OCDS of a consolidated purchase with a multi-year contract', () => {
  const process = consolidatedAndSigned().reduce(
    (p, event, i) => applyToProcess(p, event, { releaseId: `r${i}`, previousReleaseId: null }),
    newProcess(TENDER_ID),
  );
  const release = renderRelease(
    process,
    { ocid: `ocds-test-${TENDER_ID}`, id: 'r', date: T.contracted, tags: ['contract'] },
    (id) => ({ id, name: id, identifier: { scheme: 'MX-RFC', id, legalName: id } }),
  );

  it('is valid OCDS 1.1.5', () => expect(validator.validateRelease(release).errors).toEqual([]));

  it('names the central unit buyer and procuring entity, each participating unit a buyer, one contract per unit', () => {
    const roles = Object.fromEntries(
      (release.parties as Array<{ id: string; roles: string[] }>).map((p) => [p.id, p.roles]),
    );
    expect(Object.entries(roles).filter(([, r]) => r.includes('buyer')).length).toBe(3);
    expect((release.tender as { procurementMethodDetails: string }).procurementMethodDetails).toContain(
      'compra consolidada',
    );
    const contracts = release.contracts as Array<{
      id: string;
      value: { amount: number };
      description: string;
      milestones?: Array<{ code: string; description: string }>;
    }>;
    const amounts = Object.fromEntries(contracts.map((c) => [c.id, c.value.amount]));
    expect(amounts).toEqual({ [`contract-${HOSPITAL}`]: 168_000, [`contract-${CLINIC}`]: 72_000 });
    expect(contracts.every((c) => c.description.includes('unidad participante'))).toBe(true);
  });

  it("shows a multi-year contract's years as financing milestones and in its description", () => {
    const hospital = (
      release.contracts as Array<{
        id: string;
        description: string;
        milestones: Array<{ type: string; code: string; description: string }>;
      }>
    ).find((c) => c.id === `contract-${HOSPITAL}`);
    if (!hospital) throw new Error('no contract of the hospital');
    expect(hospital.milestones.map((m) => [m.type, m.code])).toEqual([
      ['financing', '2026'],
      ['financing', '2027'],
    ]);
    expect(hospital.description).toContain(
      'Contrato plurianual (2026: 100000 MXN; 2027: 68000 MXN). Clave de cartera SHCP 2612GYR0001.',
    );
  });
});
