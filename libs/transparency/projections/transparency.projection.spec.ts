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
  for (const [id, name] of [['sup-a', 'Proveedora Álamo, S.A. de C.V.'], ['sup-b', 'Balam Cómputo, S.A. de C.V.'], ['sup-c', 'Centli Sistemas, S.C.']]) {
    await testbed.supplierRegistered(id, name, LONG_AGO);
  }
}, 120_000);

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
    expect(published.classifierCodes).toEqual(expect.arrayContaining(['30000000-9', '30200000-1', '30210000-4', '30213000-5', '30213100-6', '30237200-1']));
    expect(published.timeline.map((entry) => entry.key)).toEqual(['tender.created', 'tender.published']);
    expect(published.timeline[1].text).toBe(
      'Se publicó la convocatoria. Valor estimado: $265,000.00 MXN. Las propuestas se reciben hasta el 20 de marzo de 2026, 10:00 h.',
    );
  });

  it('keeps who asked a question out of every table', async () => {
    const questionId = await tender.ask('sup-asker', '¿Se aceptan equipos reacondicionados?', at(P, DAY));
    await tender.answer(questionId, 'No.', at(P, 2 * DAY));
    const answered = await record('LA-001');
    expect(answered.clarifications).toEqual([
      { questionId, lotId: null, question: '¿Se aceptan equipos reacondicionados?', askedAt: at(P, DAY), answer: 'No.', answeredAt: at(P, 2 * DAY) },
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
    expect(await testbed.leaked(['sup-a', 'sup-b', 'sup-c', 'Álamo', 'Balam', 'Centli', '2111111', '21111110', '2333333', 'tecnica.pdf', 'Propuesta técnica'])).toEqual([]);
  });

  it('shows the opening act, the evaluation and the award with names and amounts once due', async () => {
    await tender.openAndEvaluate();
    await tender.award(at(P, 21 * DAY));
    const awarded = await record('LA-001');
    expect(awarded.opening).toMatchObject({ bidders: 2, proposals: [{ supplier: { id: 'sup-a', name: 'Proveedora Álamo, S.A. de C.V.' } }, { supplier: { id: 'sup-c' } }] });
    expect(awarded.opening?.proposals[0].offers).toEqual([
      { lotId: 'lot-1', value: { amount: 22_111_110, currency: 'MXN' }, items: [{ itemId: 'item-1', unitPrice: 2_111_111 }, { itemId: 'item-2', unitPrice: 100_000 }] },
    ]);
    expect(awarded.awards).toEqual([
      expect.objectContaining({ lotId: 'lot-1', supplier: { id: 'sup-a', name: 'Proveedora Álamo, S.A. de C.V.' }, value: { amount: 22_111_110, currency: 'MXN' }, basis: 'evaluation', status: 'active' }),
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
        amendments: [expect.objectContaining({ reason: 'Ampliación de garantía', value: { amount: 24_000_000, currency: 'MXN' } })],
      }),
    ]);
    expect(completed.timeline.find((entry) => entry.key === 'contract.amended')?.text).toBe(
      'Se modificó el contrato de la partida «Equipo de cómputo portátil». El monto pasó de $221,111.10 MXN a $240,000.00 MXN (+8.54 % respecto del original). Motivo: Ampliación de garantía',
    );
  });
});
