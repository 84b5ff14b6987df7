import { TransparencyTestbed } from '../testing/transparency.testbed';
import { at, DAY, HOUR, laptopsAt, type ProcedureDriver } from '../testing/procedure-driver';

/**
 * The transparency projection on procedures played through the real deciders: what the public record holds
 * at each step, what it must never hold, and a rebuild that gives the same rows as the live run.
 */
let testbed: TransparencyTestbed;

const LONG_AGO = '2025-06-01T16:00:00.000Z';

beforeAll(async () => {
  testbed = await TransparencyTestbed.start();
  await testbed.buyingUnit('uc-imss-001', 'Coordinación de Adquisiciones del IMSS');
  for (const [id, name] of [
    ['sup-a', 'Proveedora Álamo, S.A. de C.V.'],
    ['sup-b', 'Balam Cómputo, S.A. de C.V.'],
    ['sup-c', 'Centli Sistemas, S.C.'],
  ]) {
    await testbed.supplierRegistered(id, name, LONG_AGO);
  }
}, 240_000);

afterAll(() => testbed?.close());

const record = async (tenderId: string) => {
  await testbed.caughtUp();
  return testbed.tenders.get(tenderId);
};

describe('a public tender from publication to completed contract', () => {
  const P = '2026-03-02T16:00:00.000Z';
  let tender: ProcedureDriver;

  beforeAll(async () => {
    tender = testbed.procedure('LA-001');
    await tender.publish(P);
  });

  it('is public once published, with its lots, items, estimated value and schedule', async () => {
    const published = await record('LA-001');
    expect(published).toMatchObject({
      tenderId: 'LA-001',
      status: 'active.enquiries',
      procedureType: 'public_national',
      buyingUnit: { id: 'uc-imss-001', name: 'Coordinación de Adquisiciones del IMSS' },
      value: { amount: 26_500_000, currency: 'MXN' },
      publishedAt: P,
      proposalsReceived: 0,
      opening: null,
    });
    expect(published.lots[0].items[0]).toMatchObject({
      itemId: 'item-1',
      classifierCode: '30213100-6',
      division: '30000000-9',
      unitValue: { amount: 2_500_000, currency: 'MXN' },
      estimatedValue: { amount: 25_000_000, currency: 'MXN' },
    });
    expect(published.classifierCodes).toEqual(
      expect.arrayContaining(['30000000-9', '30200000-1', '30210000-4', '30213000-5', '30213100-6', '30237200-1']),
    );
    expect(published.timeline.map((entry) => entry.key)).toEqual(['tender.created', 'tender.published']);
    expect(published.timeline[1].text).toBe(
      'Se publicó la convocatoria. Valor estimado: $265,000.00 MXN. Las propuestas se reciben hasta el 20 de marzo de 2026, 10:00 h.',
    );
  });

  it('carries the legal rule its submission period was checked against, in real time', async () => {
    const published = await record('LA-001');
    // Published 2 March 2026 under LAASSP as in force since 17-04-2025, national: 15 calendar days.
    expect(published.submissionPeriod).toEqual({
      law: 'LAASSP',
      version: 'LAASSP-2025',
      inForceFrom: '2025-04-17',
      procedureType: 'public_national',
      reduced: false,
      minimumDays: 15,
      appliedMinimumDays: 15,
      reference: 'LAASSP 2025 (DOF 16-04-2025)',
      verified: false,
    });
    expect(published).not.toHaveProperty('timeAcceleration');
  });

  it("a practice tender's record carries its time acceleration beside the rule", async () => {
    const practice = testbed.procedure('PR-001', { maxTimeAcceleration: 1440 });
    // 15 days of the law are 15 minutes at ×1440: proposals due 20 minutes after publication.
    const schedule = {
      publicationDate: P,
      questionsDeadline: at(P, 10 * 60_000),
      submissionDeadline: at(P, 20 * 60_000),
      openingDate: at(P, 21 * 60_000),
      awardDate: at(P, 30 * 60_000),
    };
    await practice.publish(P, { timeAcceleration: 1440, schedule });
    const published = await record('PR-001');
    expect(published.timeAcceleration).toBe(1440);
    expect(published.submissionPeriod).toMatchObject({ law: 'LAASSP', minimumDays: 15, appliedMinimumDays: 15 });
  });

  it('keeps who asked a question out of every table', async () => {
    const questionId = await tender.ask('sup-asker', '¿Se aceptan equipos reacondicionados?', at(P, DAY));
    await tender.answer(questionId, 'No.', at(P, 2 * DAY));
    const answered = await record('LA-001');
    expect(answered.clarifications).toEqual([
      {
        questionId,
        lotId: null,
        question: '¿Se aceptan equipos reacondicionados?',
        askedAt: at(P, DAY),
        answer: 'No.',
        answeredAt: at(P, 2 * DAY),
      },
    ]);
    expect(await testbed.leaked(['sup-asker'])).toEqual([]);
  });

  it('before the opening act shows only how many sealed proposals there are: no bidder, amount or document in any table', async () => {
    await tender.clock(at(P, 7 * DAY));
    await tender.submit('sup-a', laptopsAt(2_111_111), at(P, 8 * DAY));
    const withdrawn = await tender.submit('sup-b', laptopsAt(2_222_222), at(P, 8 * DAY + HOUR));
    await tender.withdraw(withdrawn, at(P, 9 * DAY));
    await tender.submit('sup-c', laptopsAt(2_333_333), at(P, 9 * DAY + HOUR));
    const sealed = await record('LA-001');
    expect(sealed).toMatchObject({ status: 'active.tendering', proposalsReceived: 2, opening: null });
    expect(sealed.timeline.slice(-4).map((entry) => entry.text)).toEqual([
      'Se recibió una propuesta sellada (1 propuesta vigente).',
      'Se recibió una propuesta sellada (2 propuestas vigentes).',
      'Un licitante retiró su propuesta (1 propuesta vigente).',
      'Se recibió una propuesta sellada (2 propuestas vigentes).',
    ]);
    expect(
      await testbed.leaked([
        'sup-a',
        'sup-b',
        'sup-c',
        'Álamo',
        'Balam',
        'Centli',
        '2111111',
        '21111110',
        '2333333',
        'tecnica.pdf',
        'Propuesta técnica',
      ]),
    ).toEqual([]);
  });

  it('shows the opening act, the evaluation and the award with names and amounts once due', async () => {
    await tender.openAndEvaluate();
    await tender.award(at(P, 21 * DAY));
    const awarded = await record('LA-001');
    expect(awarded.opening).toMatchObject({
      bidders: 2,
      proposals: [{ supplier: { id: 'sup-a', name: 'Proveedora Álamo, S.A. de C.V.' } }, { supplier: { id: 'sup-c' } }],
    });
    expect(awarded.opening?.proposals[0].offers).toEqual([
      {
        lotId: 'lot-1',
        value: { amount: 22_111_110, currency: 'MXN' },
        items: [
          { itemId: 'item-1', unitPrice: 2_111_111 },
          { itemId: 'item-2', unitPrice: 100_000 },
        ],
      },
    ]);
    expect(awarded.awards).toEqual([
      expect.objectContaining({
        lotId: 'lot-1',
        supplier: { id: 'sup-a', name: 'Proveedora Álamo, S.A. de C.V.' },
        value: { amount: 22_111_110, currency: 'MXN' },
        basis: 'evaluation',
        status: 'active',
      }),
    ]);
    expect(awarded.timeline.map((entry) => entry.text)).toContain(
      'Se adjudicó la partida «Equipo de cómputo portátil» a Proveedora Álamo, S.A. de C.V. por $221,111.10 MXN, como resultado de la evaluación.',
    );
  });

  it('follows the contract to its amendments and completion', async () => {
    const contractId = await tender.contract('lot-1', at(P, 30 * DAY));
    await tender.amendContract(contractId, { amount: 24_000_000, reason: 'Ampliación de garantía' }, at(P, 40 * DAY));
    await tender.completeContract(contractId, at(P, 80 * DAY));
    const completed = await record('LA-001');
    expect(completed).toMatchObject({ status: 'completed', closedAt: at(P, 80 * DAY) });
    expect(completed.contracts).toEqual([
      expect.objectContaining({
        contractId,
        supplier: { id: 'sup-a', name: 'Proveedora Álamo, S.A. de C.V.' },
        originalValue: { amount: 22_111_110, currency: 'MXN' },
        value: { amount: 24_000_000, currency: 'MXN' },
        status: 'completed',
        amendments: [
          expect.objectContaining({ reason: 'Ampliación de garantía', value: { amount: 24_000_000, currency: 'MXN' } }),
        ],
      }),
    ]);
    expect(completed.timeline.find((entry) => entry.key === 'contract.amended')?.text).toBe(
      'Se modificó el contrato de la partida «Equipo de cómputo portátil». El monto pasó de $221,111.10 MXN a $240,000.00 MXN (+8.54 % respecto del original). Motivo: Ampliación de garantía',
    );
  });
});

describe('an invitation whose award is challenged and revised', () => {
  const P = '2026-06-01T16:00:00.000Z';

  it('keeps the first award as revised and the new winner as the standing award', async () => {
    const tender = testbed.procedure('IA-002');
    await tender.publishInvitation(P, ['sup-a', 'sup-b', 'sup-c']);
    await tender.clock(at(P, 2 * DAY));
    await tender.submit('sup-a', laptopsAt(2_300_000), at(P, 3 * DAY));
    const fromC = await tender.submit('sup-c', laptopsAt(2_350_000), at(P, 3 * DAY + HOUR));
    await tender.openAndEvaluate();
    const awardedAt = at(P, 8 * DAY);
    await tender.award(awardedAt);
    const challengeId = await tender.challenge(
      'lot-1',
      'sup-c',
      'A no acreditó su capacidad técnica',
      at(awardedAt, DAY),
    );
    await tender.resolve(
      challengeId,
      true,
      'Procede: la constancia de A no corresponde',
      at(awardedAt, 3 * DAY),
      fromC,
    );

    const revised = await record('IA-002');
    expect(revised.invitedSuppliers).toBe(3);
    expect(revised.awards.map((a) => [a.supplier.id, a.value.amount, a.status])).toEqual([
      ['sup-a', 24_000_000, 'revised'],
      ['sup-c', 24_500_000, 'active'],
    ]);
    expect(revised.challenges).toEqual([
      expect.objectContaining({
        challengeId,
        supplier: { id: 'sup-c', name: 'Centli Sistemas, S.C.' },
        resolution: expect.objectContaining({ upheld: true }),
      }),
    ]);
    expect(revised.timeline.slice(-3).map((entry) => entry.text)).toEqual([
      'Centli Sistemas, S.C. presentó una inconformidad contra la adjudicación de la partida «Equipo de cómputo portátil».',
      'Se resolvió la inconformidad sobre la partida «Equipo de cómputo portátil»: procedente. Procede: la constancia de A no corresponde',
      'Se modificó la adjudicación de la partida «Equipo de cómputo portátil»: ahora a Centli Sistemas, S.C. por $245,000.00 MXN.',
    ]);
    const rows = await testbed.db.query(
      `SELECT supplier_id, status, amount::int FROM transparency_awards WHERE tender_id = 'IA-002' ORDER BY supplier_id`,
    );
    expect(rows).toEqual([
      { supplier_id: 'sup-a', status: 'revised', amount: 24_000_000 },
      { supplier_id: 'sup-c', status: 'active', amount: 24_500_000 },
    ]);
    const [tenderRow] = await testbed.db.query(
      `SELECT awarded_amount::int FROM transparency_tenders WHERE tender_id = 'IA-002'`,
    );
    expect(tenderRow.awarded_amount).toBe(24_500_000);
  });
});

describe('procedures that end without a contract', () => {
  it('a tender with no proposals at the deadline is deserted', async () => {
    const P = '2026-07-01T16:00:00.000Z';
    const tender = testbed.procedure('LA-DESERTED');
    await tender.publish(P);
    await tender.clock(at(P, 18 * DAY));
    const deserted = await record('LA-DESERTED');
    expect(deserted).toMatchObject({
      status: 'deserted',
      closedAt: at(P, 18 * DAY),
      lots: [{ status: 'deserted', desertionReason: 'no_proposals' }],
    });
    expect(deserted.timeline.slice(-2).map((entry) => entry.text)).toEqual([
      'Se declaró desierta la partida «Equipo de cómputo portátil»: no se presentaron propuestas.',
      'Se declaró desierto el procedimiento.',
    ]);
  });

  it('a tender cancelled after its award keeps the award on record, no longer standing', async () => {
    const P = '2026-07-06T16:00:00.000Z';
    const tender = testbed.procedure('LA-CANCELLED');
    await tender.publish(P);
    await tender.clock(at(P, 7 * DAY));
    await tender.submit('sup-b', laptopsAt(2_000_000), at(P, 8 * DAY));
    await tender.submit('sup-c', laptopsAt(2_100_000), at(P, 8 * DAY + HOUR));
    await tender.openAndEvaluate();
    await tender.award(at(P, 20 * DAY));
    await tender.cancel('Recorte presupuestal', at(P, 21 * DAY));
    const cancelled = await record('LA-CANCELLED');
    expect(cancelled).toMatchObject({
      status: 'cancelled',
      cancellation: { reason: 'Recorte presupuestal', cancelledAt: at(P, 21 * DAY) },
    });
    expect(cancelled.awards.map((a) => a.status)).toEqual(['cancelled']);
    const [row] = await testbed.db.query(
      `SELECT awarded_amount::int, status FROM transparency_tenders WHERE tender_id = 'LA-CANCELLED'`,
    );
    expect(row).toEqual({ awarded_amount: 0, status: 'cancelled' });
    expect(cancelled.timeline[cancelled.timeline.length - 1].text).toBe(
      'Se canceló el procedimiento. Motivo: Recorte presupuestal',
    );
  });
});

describe('a deadline the scheduler records late', () => {
  it('stands in the timeline where it fell due, before the proposals that came in past it', async () => {
    const P = '2026-07-10T16:00:00.000Z';
    const tender = testbed.procedure('LA-LATE-CLOCK');
    await tender.publish(P);
    await tender.submit('sup-a', laptopsAt(2_000_000), at(P, 7 * DAY + HOUR)); // the questions deadline passed, not yet recorded
    await tender.clock(at(P, 7 * DAY + 2 * HOUR)); // recorded now, dated when it fell due
    const { timeline } = await record('LA-LATE-CLOCK');
    expect(timeline.map((step) => [step.key, step.at])).toEqual([
      ['tender.created', expect.any(String)],
      ['tender.published', P],
      ['tender.enquiry_period_ended', at(P, 7 * DAY)],
      ['proposal.submitted', at(P, 7 * DAY + HOUR)],
    ]);
  });
});

describe('CUCoP codes (4 to 8 digits, no check digit)', () => {
  it("find a procedure by its item's code and each ancestor: chapter, concept, partida, generic partida", async () => {
    // As the CUCoP import records them: chapter X000 → concept XX00 → partida XXX0 → XXXXX → the 8-digit code.
    const chain = ['2000', '2100', '2110', '21101', '21101001'];
    const codes = chain.map((code, i) => ({
      code,
      parent: i === 0 ? null : chain[i - 1],
      level: ['chapter', 'concept', 'partida', 'generic', 'article'][i],
      category: 'goods',
      description: { es: `Código ${code}`, en: null },
    }));
    await testbed.store.appendToStream(
      'classifier-import-CUCOP-test',
      [
        {
          id: '6a0c7d0e-8e51-4b8c-9a57-3f4f0b0c1c01',
          type: 'ClassifierCodesAdded',
          data: { scheme: 'CUCOP', version: 'test', chunk: 0, codes },
          metadata: { actor: 'system', correlationId: 'cucop-test', occurredAt: LONG_AGO },
        },
      ],
      { expectedRevision: 'any' },
    );
    await testbed.caughtUp();
    const lot = {
      lotId: 'lot-1',
      title: 'Papelería',
      items: [
        {
          itemId: 'item-1',
          classifierCode: '21101001',
          description: 'Hojas blancas',
          quantity: 100,
          unit: 'paquete',
          estimatedUnitPrice: 10_000,
        },
      ],
      estimatedValue: { amount: 1_000_000, currency: 'MXN' },
    };
    await testbed
      .procedure('CUCOP-1')
      .publish('2026-05-04T16:00:00.000Z', { lots: [lot], estimatedTotal: { amount: 1_000_000, currency: 'MXN' } });
    await testbed.caughtUp();
    for (const code of chain)
      expect({
        code,
        found: (await testbed.tenders.search({ classifierCode: code })).items.map((t) => t.tenderId),
      }).toEqual({
        code,
        found: ['CUCOP-1'],
      });
    expect((await testbed.tenders.search({ classifierCode: '2200' })).items).toEqual([]);
    expect((await testbed.tenders.search({ classifierCode: '21101002' })).items).toEqual([]);
  });
});

describe('a rebuild', () => {
  it('gives the same rows as the live projection, which applied the log in batches of 7', async () => {
    await testbed.caughtUp();
    const live = await testbed.dump();
    expect(live.transparency_tenders.length).toBeGreaterThanOrEqual(4);
    const progress = await testbed.runner.rebuildProjection('transparency');
    expect(progress.eventsDone).toBeGreaterThan(50);
    await testbed.caughtUp();
    expect(await testbed.dump()).toEqual(live);
  });
});
