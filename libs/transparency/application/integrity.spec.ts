import { at, DAY, HOUR, laptopsAt, scheduleFrom, type ProcedureDriver } from '../testing/procedure-driver';
import { TransparencyTestbed } from '../testing/transparency.testbed';

/**
 * Each red flag on a scenario built to raise it, beside one built just on the other side of its threshold.
 * Unit "uc-flagged" collects the first kind, "uc-clean" the second.
 */
let testbed: TransparencyTestbed;

const LONG_AGO = '2025-06-01T16:00:00.000Z';
const FLAGGED = 'uc-flagged';
const CLEAN = 'uc-clean';
/** The flagged unit's procedures raise each tender flag once. */
const ONE_OF_EACH_TENDER_FLAG = {
  single_bidder: 1,
  short_submission_period: 1,
  late_amendment: 1,
  contract_amendment_near_limit: 1,
  supplier_recently_registered: 1,
  zero_amount_contract: 0,
};

/** Published at `P`, proposals from `bidders` (the first the cheapest), opened, evaluated and awarded a day after. */
async function awardedTender(
  id: string,
  unit: string,
  P: string,
  bidders: string[],
  content: Record<string, unknown> = {},
  beforeOpening?: (t: ProcedureDriver) => Promise<void>,
) {
  const tender = testbed.procedure(id);
  await tender.publish(P, { buyingUnitId: unit, ...content });
  const { questionsDeadline } = (await tender.state()).content?.schedule ?? scheduleFrom(P);
  await tender.clock(questionsDeadline);
  for (const [i, supplierId] of bidders.entries())
    await tender.submit(supplierId, laptopsAt(2_200_000 + i * 10_000), at(questionsDeadline, (i + 1) * HOUR));
  await beforeOpening?.(tender);
  await tender.openAndEvaluate();
  const opened = (await tender.state()).openedAt as string;
  await tender.award(at(opened, DAY));
  return tender;
}

const flagsOf = async (tenderId: string) => (await testbed.tenders.get(tenderId)).redFlags;

beforeAll(async () => {
  testbed = await TransparencyTestbed.start();
  await testbed.buyingUnit(FLAGGED, 'Unidad con alertas');
  await testbed.buyingUnit(CLEAN, 'Unidad sin alertas');
  for (const id of ['old-1', 'old-2', 'old-3'])
    await testbed.supplierRegistered(id, `Proveedora ${id}, S.A. de C.V.`, LONG_AGO);

  // Flagged: one bidder; a reduced period; an amendment three days before the deadline; a contract amended
  // 18 %; a winner registered ten days before its award; a large direct award to the unit's usual winner.
  await awardedTender('F-SINGLE', FLAGGED, '2026-03-02T16:00:00.000Z', ['old-1']);
  await awardedTender('F-SHORT', FLAGGED, '2026-03-02T16:00:00.000Z', ['old-1', 'old-2'], {
    schedule: scheduleFrom('2026-03-02T16:00:00.000Z', { questions: 3, submission: 10 }),
    periodReduction: { justification: 'Urgencia por el desabasto de equipo' },
  });
  await awardedTender('F-LATE', FLAGGED, '2026-04-01T16:00:00.000Z', ['old-1', 'old-2'], {}, (tender) =>
    tender.amend(
      { description: 'Equipo de cómputo portátil, con garantía de tres años.' },
      'Se amplía la garantía',
      at('2026-04-01T16:00:00.000Z', 15 * DAY),
    ),
  );
  const amended = await awardedTender('F-CONTRACT', FLAGGED, '2026-05-04T16:00:00.000Z', ['old-1', 'old-2']);
  const flaggedContract = await amended.contract('lot-1', at('2026-05-04T16:00:00.000Z', 40 * DAY));
  await amended.amendContract(
    flaggedContract,
    { amount: 27_140_000, reason: 'Más equipos' },
    at('2026-05-04T16:00:00.000Z', 50 * DAY),
  );
  const newcomerAward = at('2026-06-01T16:00:00.000Z', 19 * DAY + HOUR);
  await testbed.supplierRegistered('new-1', 'Recién Llegada, S.A.S.', at(newcomerAward, -10 * DAY));
  await awardedTender('F-NEWCOMER', FLAGGED, '2026-06-01T16:00:00.000Z', ['new-1', 'old-2']);
  await testbed
    .procedure('F-DIRECT')
    .awardDirectly('old-1', 60_000_000, '2026-07-01T16:00:00.000Z', { buyingUnitId: FLAGGED });

  // Clean: two bidders, the standard period, an amendment ten days before the deadline, a contract amended
  // 10 %, winners registered long ago, a small direct award, no supplier with half the amount.
  const clean = await awardedTender('C-1', CLEAN, '2026-03-02T16:00:00.000Z', ['old-2', 'old-3'], {}, (tender) =>
    tender.amend(
      { description: 'Equipo de cómputo portátil, con maletín.' },
      'Se agrega maletín',
      at('2026-03-02T16:00:00.000Z', 8 * DAY),
    ),
  );
  const cleanContract = await clean.contract('lot-1', at('2026-03-02T16:00:00.000Z', 40 * DAY));
  await clean.amendContract(
    cleanContract,
    { amount: 25_300_000, reason: 'Más equipos' },
    at('2026-03-02T16:00:00.000Z', 50 * DAY),
  );
  await awardedTender('C-2', CLEAN, '2026-04-01T16:00:00.000Z', ['old-3', 'old-2']);
  await testbed
    .procedure('C-DIRECT')
    .awardDirectly('old-1', 1_000_000, '2026-07-01T16:00:00.000Z', { buyingUnitId: CLEAN });
  await testbed.caughtUp();
}, 240_000);

afterAll(() => testbed?.close());

describe('red flags of a procedure', () => {
  it('single bidder: one bidder at the opening act, explained with the threshold', async () => {
    expect(await flagsOf('F-SINGLE')).toEqual([
      {
        code: 'single_bidder',
        title: 'Un solo licitante',
        explanation: 'Solo 1 licitante presentó propuesta en el acto de apertura (umbral: menos de 2).',
        value: 1,
        threshold: 2,
        unit: 'bidders',
      },
    ]);
  });

  it('short submission period: 10 days where the standard is 15, with the justification given', async () => {
    expect(await flagsOf('F-SHORT')).toEqual([
      expect.objectContaining({
        code: 'short_submission_period',
        value: 10,
        threshold: 15,
        explanation:
          'Hubo 10 días entre la publicación (2 de marzo de 2026, 10:00 h) y la fecha límite (12 de marzo de 2026, 10:00 h); el plazo ordinario es de 15 días. Justificación de la reducción: Urgencia por el desabasto de equipo',
      }),
    ]);
  });

  it('late amendment: three days before the deadline then in force (the deadline moved after it)', async () => {
    const late = await testbed.tenders.get('F-LATE');
    expect(late.redFlags).toEqual([expect.objectContaining({ code: 'late_amendment', value: 3, threshold: 7 })]);
    expect(late.redFlags[0].explanation).toBe(
      '1 modificación de la convocatoria a menos de 7 días de la fecha límite vigente; la más cercana, a 3 días.',
    );
    expect(late.amendments[0]).toMatchObject({
      daysBeforeDeadline: 3,
      deadlineBefore: at('2026-04-01T16:00:00.000Z', 18 * DAY),
      deadlineExtendedTo: at('2026-04-01T16:00:00.000Z', 22 * DAY),
    });
  });

  it('contract amendment near the 20 % limit: 18 % of the original amount', async () => {
    expect(await flagsOf('F-CONTRACT')).toEqual([
      expect.objectContaining({ code: 'contract_amendment_near_limit', value: 18, threshold: 15, unit: 'percent' }),
    ]);
  });

  it('supplier registered shortly before: ten days before its award', async () => {
    expect(await flagsOf('F-NEWCOMER')).toEqual([
      expect.objectContaining({
        code: 'supplier_recently_registered',
        value: 10,
        threshold: 30,
        explanation:
          'Recién Llegada, S.A.S. se inscribió en el registro de proveedores 10 días antes de la adjudicación (umbral: menos de 30).',
      }),
    ]);
  });

  it('raises none on the procedures just on the other side of each threshold', async () => {
    for (const tenderId of ['C-1', 'C-2', 'C-DIRECT', 'F-DIRECT'])
      expect({ tenderId, flags: await flagsOf(tenderId) }).toEqual({ tenderId, flags: [] });
    expect((await testbed.tenders.get('C-1')).amendments[0].daysBeforeDeadline).toBe(10);
  });

  it('lists the procedures raising a flag', async () => {
    const page = await testbed.tenders.search({ redFlag: 'single_bidder' });
    expect(page.items.map((item) => item.tenderId)).toEqual(['F-SINGLE']);
  });
});

describe('red flags of a buying unit', () => {
  it('counts its flagged procedures and judges direct-award share and winner concentration', async () => {
    const [unit] = await testbed.integrity.units(FLAGGED);
    expect(unit).toMatchObject({
      buyingUnitId: FLAGGED,
      name: 'Unidad con alertas',
      procedures: 6,
      flaggedProcedures: 5,
      tenderFlags: ONE_OF_EACH_TENDER_FLAG,
    });
    // Awarded: 23,000,000 × 4 to old-1, 23,000,000 to new-1 and a 60,000,000 direct award to old-1: 175,000,000.
    expect(unit.unitFlags.map((f) => [f.code, f.value, f.threshold])).toEqual([
      ['direct_award_share', 34.29, 30],
      ['winner_concentration', 86.86, 50],
    ]);
    expect(unit.unitFlags.map((f) => [f.currency, f.year])).toEqual([
      ['MXN', 2026],
      ['MXN', 2026],
    ]);
    expect(unit.unitFlags[1].explanation).toBe(
      'El proveedor Proveedora old-1, S.A. de C.V. recibió 86.86 % del monto adjudicado por la unidad Unidad con alertas en 2026 (MXN): $1,520,000.00 MXN de $1,750,000.00 MXN, en 5 adjudicaciones de 6 (umbral: 50 % con al menos 3 adjudicaciones de la unidad en el año).',
    );
  });

  it('raises none for a unit below both thresholds (a 2 % direct share, 48.94 % for its largest winner)', async () => {
    const [unit] = await testbed.integrity.units(CLEAN);
    expect(unit).toMatchObject({ procedures: 3, flaggedProcedures: 0, unitFlags: [] });
  });

  it('reports every unit with the definitions and thresholds, most flagged first', async () => {
    const report = await testbed.integrity.report();
    expect(report.buyingUnits.map((unit) => unit.buyingUnitId)).toEqual([FLAGGED, CLEAN]);
    expect(report.totals).toEqual({
      procedures: 9,
      flaggedProcedures: 5,
      tenderFlags: ONE_OF_EACH_TENDER_FLAG,
      unitsFlagged: 1,
      contractFlags: { missing_delivery: 0, late_delivery: 0, late_payment: 0 },
    });
    expect(report.definitions.map((d) => [d.code, d.scope])).toEqual([
      ['single_bidder', 'tender'],
      ['short_submission_period', 'tender'],
      ['late_amendment', 'tender'],
      ['contract_amendment_near_limit', 'tender'],
      ['supplier_recently_registered', 'tender'],
      ['zero_amount_contract', 'tender'],
      ['direct_award_share', 'buying_unit'],
      ['winner_concentration', 'buying_unit'],
      ['split_purchase', 'buying_unit'],
      ['missing_delivery', 'contract'],
      ['late_delivery', 'contract'],
      ['late_payment', 'contract'],
    ]);
  });
});
