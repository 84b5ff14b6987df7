import { listScheduledCommands } from '@licita/scheduling/scheduled-commands';
import { commitmentOf } from '@licita/tendering/domain/sealing';
import { tenderClockKey } from '@licita/tendering/projections/tender-clock.schedule';
import { OcdsReader } from '../ocds/ocds-reader';
import { at, DAY, eventually, HOUR } from '../../support/time';
import {
  aContract,
  aDirectAward,
  allCompliant,
  allCompliantOnTheirLots,
  awardedWith,
  aProposal,
  aTender,
  laptopProposals,
  laptopsAt,
  laptopsLot,
  mxn,
  type Party,
  printersLot,
  scheduleFrom,
  TenderingApi,
  twoLots,
} from './tendering-api';

/**
 * Each procedure type from draft to completed contract over HTTP, against the real application, PostgreSQL,
 * projections and the durable scheduler, with a ManualClock. The time-driven steps (end of the enquiry
 * period, end of objection periods) are recorded by the scheduler, as `system`.
 */
let world: TenderingApi;
let unitId: string;
let buyer: Party;
let auditor: Party;
const suppliers: Record<'A' | 'B' | 'C' | 'D', Party> = {} as never;

beforeAll(async () => {
  world = await TenderingApi.start('2026-03-02T15:00:00.000Z');
  unitId = await world.buyingUnit();
  buyer = await world.buyer(unitId);
  auditor = await world.auditor();
  for (const name of ['A', 'B', 'C', 'D'] as const) suppliers[name] = await world.supplier(`Proveedora ${name}`);
}, 120_000);

afterAll(() => world?.close());

const types = async (tenderId: string) => (await world.events(`tender-${tenderId}`)).map((event) => event.type);

/** Waits for the scheduler to have recorded `type` on the tender, and returns that event. */
const recordedByClock = (tenderId: string, type: string) =>
  eventually(`${type} recorded by the scheduler`, async () =>
    (await world.events(`tender-${tenderId}`)).find((event) => event.type === type),
  );

describe('a public national tender, lowest price, two lots', () => {
  const P = '2026-03-02T16:00:00.000Z';
  const S = scheduleFrom(P);
  let tenderId: string;
  const proposals: Record<string, { proposalId: string; commitment: string }> = {};

  it('is drafted, corrected and published by a buyer of the unit', async () => {
    const created = await buyer.post('/api/tenders', aTender(unitId, P, twoLots()));
    expect(created).toMatchObject({ status: 201, body: { status: 'draft' } });
    tenderId = created.body.tenderId;

    const edited = await buyer.call('PATCH', `/api/tenders/${tenderId}`, {
      title: 'Adquisición de equipo de cómputo y periféricos 2026',
    });
    expect(edited).toMatchObject({ status: 200, body: { status: 'draft', changedFields: ['title'] } });
    expect((await world.anonymous('GET', `/api/tenders/${tenderId}`)).status).toBe(404); // a draft is the unit's own

    world.clock.set(P);
    const published = await buyer.post(`/api/tenders/${tenderId}/publish`);
    expect(published).toMatchObject({ status: 200, body: { status: 'active.enquiries', publishedAt: P, schedule: S } });
    const view = await world.view(tenderId, (v) => v.status === 'active.enquiries');
    expect(view).toMatchObject({
      title: 'Adquisición de equipo de cómputo y periféricos 2026',
      procedureType: 'public_national',
      schedule: S,
      receipts: [],
    });
  });

  it('answers a question in public without naming who asked', async () => {
    world.clock.set(at(P, DAY));
    const asked = await suppliers.C.post(`/api/tenders/${tenderId}/questions`, {
      text: '¿Se acepta garantía de tres años?',
      lotId: 'lot-1',
    });
    expect(asked.status).toBe(201);
    world.clock.set(at(P, 2 * DAY));
    const answered = await buyer.post(`/api/tenders/${tenderId}/questions/${asked.body.questionId}/answer`, {
      answer: 'Sí, como mínimo.',
    });
    expect(answered).toMatchObject({ status: 200, body: { answeredAt: at(P, 2 * DAY) } });

    const view = await world.view(tenderId, (v) => v.questions[0]?.answer !== null && v.questions.length === 1);
    expect(view.questions).toEqual([
      {
        questionId: asked.body.questionId,
        lotId: 'lot-1',
        text: '¿Se acepta garantía de tres años?',
        askedAt: at(P, DAY),
        answer: 'Sí, como mínimo.',
        answeredAt: at(P, 2 * DAY),
      },
    ]);
    expect(JSON.stringify(view)).not.toContain(suppliers.C.supplierId);
  });

  it('ends the enquiry period at the questions deadline by itself (the scheduler, as system)', async () => {
    const job = await eventually(
      'the questions-deadline job',
      async () => (await listScheduledCommands(world.api.db, tenderClockKey(tenderId, 'questions')))[0],
    );
    expect(job).toMatchObject({ kind: 'AdvanceTenderClock', status: 'pending', dueAt: new Date(S.questionsDeadline) });
    world.clock.set(S.questionsDeadline);
    const ended = await recordedByClock(tenderId, 'EnquiryPeriodEnded');
    expect(ended.data).toMatchObject({ endedAt: S.questionsDeadline });
    expect(ended.metadata).toMatchObject({
      actor: 'system',
      occurredAt: S.questionsDeadline,
      causationId: `scheduled:${tenderClockKey(tenderId, 'questions')}`,
    });
    await world.view(tenderId, (v) => v.status === 'active.tendering');
  });

  it('takes sealed proposals, replacements and withdrawals until the deadline, each with a receipt', async () => {
    world.clock.set(at(S.questionsDeadline, DAY));
    const submit = async (who: Party, prices: Record<string, Record<string, number>>) => {
      const reply = await who.post(`/api/tenders/${tenderId}/proposals`, aProposal(prices));
      expect(reply).toMatchObject({
        status: 201,
        body: {
          tenderId,
          commitment: expect.stringMatching(/^[0-9a-f]{64}$/),
          submittedAt: world.clock.now().toISOString(),
        },
      });
      return reply.body;
    };
    proposals.A = await submit(suppliers.A, { ...laptopsAt(2_400_000), 'lot-2': { 'item-3': 750_000 } });
    proposals.B = await submit(suppliers.B, laptopsAt(2_300_000));
    const firstOfC = await submit(suppliers.C, { 'lot-2': { 'item-3': 700_000 } });

    world.clock.set(at(S.questionsDeadline, 2 * DAY));
    const replaced = await suppliers.A.call(
      'PUT',
      `/api/tenders/${tenderId}/proposals/${proposals.A.proposalId}`,
      aProposal({ ...laptopsAt(2_200_000), 'lot-2': { 'item-3': 750_000 } }),
    );
    expect(replaced).toMatchObject({
      status: 200,
      body: { proposalId: proposals.A.proposalId, submittedAt: at(S.questionsDeadline, 2 * DAY) },
    });
    expect(replaced.body.commitment).not.toBe(proposals.A.commitment);
    proposals.A = replaced.body;
    expect((await suppliers.C.call('DELETE', `/api/tenders/${tenderId}/proposals/${firstOfC.proposalId}`)).status).toBe(
      200,
    );
    proposals.C = await submit(suppliers.C, { 'lot-2': { 'item-3': 690_000 } });

    const view = await world.view(tenderId, (v) => v.receipts.length === 4);
    expect(
      view.receipts
        .filter((r: { withdrawn: boolean }) => !r.withdrawn)
        .map((r: { commitment: string }) => r.commitment)
        .sort(),
    ).toEqual([proposals.A.commitment, proposals.B.commitment, proposals.C.commitment].sort());
  });

  it('opens every proposal at once at the opening act; each matches its receipt', async () => {
    world.clock.set(S.openingDate);
    const opened = await buyer.post(`/api/tenders/${tenderId}/open`);
    expect(opened).toMatchObject({
      status: 200,
      body: { status: 'opened', openedAt: S.openingDate, desertedLots: [] },
    });
    const offers = Object.fromEntries(
      opened.body.proposals.map((p: any) => [p.supplierId, p.offers.map((o: any) => [o.lotId, o.amount.amount])]),
    );
    expect(offers).toEqual({
      [suppliers.A.supplierId]: [
        ['lot-1', 23_000_000],
        ['lot-2', 3_000_000],
      ],
      [suppliers.B.supplierId]: [['lot-1', 24_000_000]],
      [suppliers.C.supplierId]: [['lot-2', 2_760_000]],
    });
    const view = await world.view(tenderId, (v) => v.opening !== null);
    for (const proposal of view.opening.proposals) {
      expect(commitmentOf(proposal.content)).toBe(proposal.commitment);
      expect(Object.values(proposals).map((p) => p.commitment)).toContain(proposal.commitment);
    }
  });

  it('evaluates, ranks and awards each lot to its lowest compliant proposal', async () => {
    world.clock.set(at(S.openingDate, DAY));
    const view = await world.view(tenderId, (v) => v.opening !== null);
    for (const proposal of view.opening.proposals) {
      for (const lotId of proposal.lotIds) {
        const reply = await buyer.post(`/api/tenders/${tenderId}/evaluations`, {
          proposalId: proposal.proposalId,
          lotId,
          compliant: true,
        });
        expect(reply).toMatchObject({ status: 201, body: { status: 'evaluation' } });
      }
    }
    const completed = await buyer.post(`/api/tenders/${tenderId}/evaluations/complete`);
    expect(completed.body.lots.map((lot: any) => [lot.lotId, lot.ranking.map((r: any) => r.supplierId)])).toEqual([
      ['lot-1', [suppliers.A.supplierId, suppliers.B.supplierId]],
      ['lot-2', [suppliers.C.supplierId, suppliers.A.supplierId]],
    ]);
    const awarded = await world.award(buyer, tenderId, at(S.openingDate, 2 * DAY));
    expect(awarded).toMatchObject(
      awardedWith(
        {
          lotId: 'lot-1',
          supplierId: suppliers.A.supplierId,
          amount: mxn(23_000_000),
          basis: 'evaluation',
          objectionPeriodEndsAt: at(S.openingDate, 10 * DAY),
        },
        { lotId: 'lot-2', supplierId: suppliers.C.supplierId, amount: mxn(2_760_000), basis: 'evaluation' },
      ),
    );
  });

  it('signs each contract once the objection period is over, amends it within 20 % and completes the tender', async () => {
    const tooSoon = await buyer.post('/api/contracts', {
      tenderId,
      lotId: 'lot-1',
      startDate: at(S.openingDate, 11 * DAY),
      endDate: at(S.openingDate, 100 * DAY),
    });
    expect(tooSoon).toMatchObject({
      status: 409,
      body: { code: 'contract.award_not_final', details: { status: 'awarded' } },
    });

    const ends = at(S.openingDate, 10 * DAY);
    world.clock.set(ends);
    const ended = await recordedByClock(tenderId, 'ObjectionPeriodEnded');
    expect(ended.metadata).toMatchObject({ actor: 'system', occurredAt: ends });

    const contractIds: string[] = [];
    for (const lotId of ['lot-1', 'lot-2']) {
      const signed = await buyer.post('/api/contracts', aContract(tenderId, ends, lotId, 90));
      expect(signed).toMatchObject({ status: 201, body: { status: 'active', tenderId, lotId } });
      contractIds.push(signed.body.contractId);
    }
    await world.view(tenderId, (v) => v.status === 'contracted');
    const [laptops, printers] = contractIds;

    world.clock.set(at(ends, 10 * DAY));
    expect(
      await buyer.post(`/api/contracts/${laptops}/amendments`, { amount: 27_600_000, reason: 'Ampliación del 20 %' }),
    ).toMatchObject({
      status: 201,
      body: { amount: { amount: 27_600_000 } },
    });
    expect(
      await buyer.post(`/api/contracts/${laptops}/amendments`, { amount: 27_600_001, reason: 'Un centavo más' }),
    ).toMatchObject({
      status: 422,
      body: { code: 'contract.amendment_exceeds_limit' },
    });

    world.clock.set(at(ends, 60 * DAY));
    for (const contractId of contractIds)
      expect((await buyer.post(`/api/contracts/${contractId}/complete`)).body).toMatchObject({ status: 'completed' });
    const contract = await world.anonymous('GET', `/api/contracts/${laptops}`);
    expect(contract.body).toMatchObject({
      supplierId: suppliers.A.supplierId,
      originalAmount: { amount: 23_000_000 },
      amount: { amount: 27_600_000 },
      status: 'completed',
      directAward: false,
      amendments: [{ reason: 'Ampliación del 20 %' }],
    });
    expect((await world.anonymous('GET', `/api/contracts/${printers}`)).body).toMatchObject({
      supplierId: suppliers.C.supplierId,
      status: 'completed',
    });
    const view = await world.view(tenderId, (v) => v.status === 'completed');
    expect(view.lotResults.map((lot: any) => [lot.lotId, lot.status, lot.contractOutcome])).toEqual([
      ['lot-1', 'closed', 'completed'],
      ['lot-2', 'closed', 'completed'],
    ]);
    expect((await types(tenderId)).slice(-3)).toEqual(['LotContractClosed', 'LotContractClosed', 'TenderCompleted']);
  });
});

describe('an invitation to three suppliers', () => {
  const P = '2026-06-01T16:00:00.000Z';
  const S = scheduleFrom(P, { questions: 2, submission: 5 });
  let tenderId: string;

  it('runs from draft to completed contract, through an upheld challenge that revises the award', async () => {
    world.clock.set(at(P, -HOUR));
    const invited = [suppliers.A, suppliers.B, suppliers.C].map((s) => s.supplierId);
    const created = await buyer.post(
      '/api/tenders',
      aTender(unitId, P, { procedureType: 'invitation', invitedSupplierIds: invited, schedule: S }),
    );
    expect(created.status).toBe(201);
    tenderId = created.body.tenderId;
    world.clock.set(P);
    expect(await buyer.post(`/api/tenders/${tenderId}/publish`)).toMatchObject({
      status: 200,
      body: { status: 'active.enquiries' },
    });

    world.clock.set(at(S.questionsDeadline, HOUR));
    const notInvited = await suppliers.D.post(`/api/tenders/${tenderId}/proposals`, aProposal(laptopsAt(1_000_000)));
    expect(notInvited).toMatchObject({ status: 403, body: { code: 'proposal.supplier_not_invited' } });
    await laptopProposals(tenderId, [
      [suppliers.A, 2_400_000],
      [suppliers.B, 2_300_000],
      [suppliers.C, 2_350_000],
    ]);

    world.clock.set(S.openingDate);
    const opened = await buyer.post(`/api/tenders/${tenderId}/open`);
    expect(opened.body.proposals).toHaveLength(3);
    await allCompliant(buyer, tenderId, opened.body.proposals);
    await buyer.post(`/api/tenders/${tenderId}/evaluations/complete`);
    const awardedAt = at(S.openingDate, DAY);
    world.clock.set(awardedAt);
    const awarded = await buyer.post(`/api/tenders/${tenderId}/award`);
    expect(awarded.body.lots[0]).toMatchObject({ supplierId: suppliers.B.supplierId, amount: { amount: 24_000_000 } });

    world.clock.set(at(awardedAt, DAY));
    const challenged = await suppliers.C.post(`/api/tenders/${tenderId}/challenges`, {
      lotId: 'lot-1',
      grounds: 'B no acreditó su capacidad técnica',
    });
    expect(challenged.status).toBe(201);
    const revisedAt = at(awardedAt, 3 * DAY);
    world.clock.set(revisedAt);
    const cProposal = opened.body.proposals.find((p: any) => p.supplierId === suppliers.C.supplierId).proposalId;
    const resolved = await auditor.post(
      `/api/tenders/${tenderId}/challenges/${challenged.body.challengeId}/resolution`,
      {
        upheld: true,
        reason: 'Procede: la constancia de B no corresponde',
        revisedProposalId: cProposal,
      },
    );
    expect(resolved).toMatchObject({
      status: 200,
      body: {
        upheld: true,
        lots: [
          {
            lotId: 'lot-1',
            supplierId: suppliers.C.supplierId,
            amount: { amount: 24_500_000 },
            objectionPeriodEndsAt: at(revisedAt, 8 * DAY),
          },
        ],
      },
    });

    world.clock.set(at(awardedAt, 8 * DAY)); // the first period is over, the revised one is not
    const contract = { tenderId, lotId: 'lot-1', startDate: at(revisedAt, 9 * DAY), endDate: at(revisedAt, 60 * DAY) };
    const early = await buyer.post('/api/contracts', contract);
    expect(early).toMatchObject({ status: 409, body: { code: 'contract.award_not_final' } });
    world.clock.set(at(revisedAt, 8 * DAY));
    await recordedByClock(tenderId, 'ObjectionPeriodEnded');
    const signed = await buyer.post('/api/contracts', contract);
    expect(signed).toMatchObject({
      status: 201,
      body: { supplierId: suppliers.C.supplierId, amount: { amount: 24_500_000 } },
    });

    world.clock.set(at(revisedAt, 50 * DAY));
    expect((await buyer.post(`/api/contracts/${signed.body.contractId}/complete`)).body).toMatchObject({
      status: 'completed',
    });
    const view = await world.view(tenderId, (v) => v.status === 'completed');
    expect(view.challenges).toEqual([
      expect.objectContaining({
        supplierId: suppliers.C.supplierId,
        resolution: expect.objectContaining({ upheld: true }),
      }),
    ]);
    expect(view.invitedSupplierIds).toEqual(invited);
  });
});

describe('a direct award', () => {
  it('goes from draft to award and contract, marked as a direct award everywhere, to completion', async () => {
    const now = '2026-09-01T16:00:00.000Z';
    world.clock.set(now);
    const created = await buyer.post('/api/tenders', aDirectAward(unitId, now, suppliers.A.supplierId));
    const tenderId = created.body.tenderId;
    expect(await buyer.post(`/api/tenders/${tenderId}/publish`)).toMatchObject({
      status: 409,
      body: { code: 'tender.not_competitive', details: { status: 'draft' } },
    });

    const awarded = await buyer.post(`/api/tenders/${tenderId}/direct-award`, {
      lots: [{ lotId: 'lot-1', amount: 26_000_000 }],
    });
    expect(awarded).toMatchObject(
      awardedWith({
        lotId: 'lot-1',
        supplierId: suppliers.A.supplierId,
        basis: 'direct_award',
        objectionPeriodEndsAt: null,
      }),
    );

    const signed = await buyer.post('/api/contracts', aContract(tenderId, now));
    expect(signed).toMatchObject({
      status: 201,
      body: { supplierId: suppliers.A.supplierId, amount: { amount: 26_000_000 } },
    });
    expect((await world.anonymous('GET', `/api/contracts/${signed.body.contractId}`)).body).toMatchObject({
      directAward: true,
      status: 'active',
    });

    world.clock.set(at(now, 30 * DAY));
    const terminated = await buyer.post(`/api/contracts/${signed.body.contractId}/terminate`, {
      kind: 'early_termination',
      reason: 'Razones de interés general',
    });
    expect(terminated).toMatchObject({ status: 200, body: { status: 'terminated' } });
    const view = await world.view(tenderId, (v) => v.status === 'completed');
    expect(view).toMatchObject({
      procedureType: 'direct_award',
      directAward: { supplierId: suppliers.A.supplierId },
      lotResults: [{ award: { basis: 'direct_award' }, contractOutcome: 'terminated' }],
    });
    expect(await types(tenderId)).toEqual([
      'TenderCreated',
      'ProcedureNumberAssigned',
      'LotAwarded',
      'LotContracted',
      'TenderContracted',
      'LotContractClosed',
      'TenderCompleted',
    ]);
  });
});

describe('an award when the best-ranked suppliers may no longer contract', () => {
  const P = '2026-10-01T16:00:00.000Z';
  const S = scheduleFrom(P);

  it('passes over a supplier sanctioned after the opening to the next in the ranking, and deserts a lot with no eligible supplier left', async () => {
    const [E, F, G] = [
      await world.supplier('Proveedora E'),
      await world.supplier('Proveedora F'),
      await world.supplier('Proveedora G'),
    ];
    const tenderId = await world.publishedTender(buyer, P, {
      lots: [laptopsLot(), printersLot()],
      estimatedTotal: { amount: 29_700_000, currency: 'MXN' },
    });
    world.clock.set(at(S.questionsDeadline, HOUR));
    const offers = [
      [E, { ...laptopsAt(2_200_000), 'lot-2': { 'item-3': 700_000 } }],
      [F, laptopsAt(2_300_000)],
      [G, laptopsAt(2_400_000)],
    ] as const;
    for (const [who, prices] of offers)
      expect((await who.post(`/api/tenders/${tenderId}/proposals`, aProposal(prices))).status).toBe(201);

    world.clock.set(S.openingDate);
    const opened = await buyer.post(`/api/tenders/${tenderId}/open`);
    await allCompliantOnTheirLots(buyer, tenderId, opened.body.proposals);
    const completed = await buyer.post(`/api/tenders/${tenderId}/evaluations/complete`);
    expect(completed.body.lots.map((lot: any) => [lot.lotId, lot.ranking.map((r: any) => r.supplierId)])).toEqual([
      ['lot-1', [E.supplierId, F.supplierId, G.supplierId]],
      ['lot-2', [E.supplierId]],
    ]);

    // Between the evaluation and the award, the auditor sanctions E (the register's answer at the award counts).
    const awardedAt = at(S.openingDate, 2 * DAY);
    await world.sanction(E, at(S.openingDate, DAY), null);
    world.clock.set(awardedAt);
    const awarded = await buyer.post(`/api/tenders/${tenderId}/award`);
    expect(awarded).toMatchObject({
      status: 200,
      body: {
        lots: [
          {
            lotId: 'lot-1',
            status: 'awarded',
            supplierId: F.supplierId,
            amount: { amount: 24_000_000 },
            passedOver: [{ supplierId: E.supplierId, verified: true, sanctioned: true }],
          },
          { lotId: 'lot-2', status: 'deserted', supplierId: null, desertionReason: 'no_eligible_supplier' },
        ],
      },
    });
    const recorded = (await world.events(`tender-${tenderId}`)).filter(
      (event) => event.type === 'LotAwarded' || event.type === 'LotDeserted',
    );
    expect(
      recorded.map((event) => [
        event.type,
        (event.data as any).lotId,
        (event.data as any).supplierId ?? (event.data as any).reason,
      ]),
    ).toEqual([
      ['LotAwarded', 'lot-1', F.supplierId],
      ['LotDeserted', 'lot-2', 'no_eligible_supplier'],
    ]);
    expect(recorded[0].metadata.actor).toBe(`account-${buyer.ids.accountId}`);
  });
});

describe('a direct award to several suppliers, one lot an open contract (LAASSP art. 41/42, 47)', () => {
  const NOW = '2027-01-11T16:00:00.000Z';
  const OPEN = { minimum: mxn(2_000_000), maximum: mxn(5_000_000) };
  let tenderId: string;
  let A: Party;
  let B: Party;
  let unverified: Party;
  const award = (lots: unknown[]) => buyer.post(`/api/tenders/${tenderId}/direct-award`, { lots });
  const laptopsToA = { lotId: 'lot-1', supplierId: '', amount: 25_000_000 };
  const printersToB = { lotId: 'lot-2', supplierId: '', amount: 0 };

  beforeAll(async () => {
    [A, B] = [suppliers.A, suppliers.B];
    unverified = await world.supplier('Proveedora sin verificar', { verified: false });
    laptopsToA.supplierId = A.supplierId;
    printersToB.supplierId = B.supplierId;
    world.clock.set(NOW);
    const created = await buyer.post(
      '/api/tenders',
      aTender(unitId, NOW, {
        procedureType: 'direct_award',
        schedule: null,
        lots: [laptopsLot(), { ...printersLot(), openContract: OPEN }],
        estimatedTotal: mxn(29_700_000),
        directAward: { justification: { article: 'LAASSP art. 41 fr. III', text: 'Caso fortuito.' } },
      }),
    );
    expect(created.status).toBe(201);
    tenderId = created.body.tenderId;
  });

  it('refuses a lot named twice, an unverified supplier and 0.00 on a lot that is not an open contract', async () => {
    expect(await award([laptopsToA, printersToB, { ...printersToB, supplierId: A.supplierId }])).toMatchObject({
      status: 422,
      body: { code: 'award.duplicate_lot', details: { lotId: 'lot-2' } },
    });
    expect(await award([laptopsToA, { ...printersToB, supplierId: unverified.supplierId }])).toMatchObject({
      status: 403,
      body: { code: 'award.supplier_not_eligible', details: { lotId: 'lot-2', verified: false } },
    });
    expect(await award([{ ...laptopsToA, amount: 0 }, printersToB])).toMatchObject({
      status: 422,
      body: { code: 'award.invalid_amount', details: { lotId: 'lot-1', openContract: false } },
    });
    expect(await award([printersToB])).toMatchObject({ status: 422, body: { code: 'award.lot_missing' } });
  });

  it('awards each lot to its supplier, the open contract for 0.00, and signs one contract per lot', async () => {
    const awarded = await award([laptopsToA, printersToB]);
    expect(awarded).toMatchObject({
      status: 200,
      body: {
        status: 'awarded',
        lots: [
          { lotId: 'lot-1', supplierId: A.supplierId, amount: mxn(25_000_000), basis: 'direct_award' },
          { lotId: 'lot-2', supplierId: B.supplierId, amount: mxn(0), basis: 'direct_award' },
        ],
      },
    });
    const laptops = await buyer.post('/api/contracts', aContract(tenderId, NOW, 'lot-1'));
    const printers = await buyer.post('/api/contracts', aContract(tenderId, NOW, 'lot-2'));
    expect(laptops).toMatchObject({ status: 201, body: { supplierId: A.supplierId, amount: mxn(25_000_000) } });
    expect(printers).toMatchObject({ status: 201, body: { supplierId: B.supplierId, amount: mxn(0) } });
    expect(printers.body.contractId).not.toBe(laptops.body.contractId);
    expect((await world.view(tenderId, (v) => v.status === 'contracted')).lotResults).toEqual([
      expect.objectContaining({ lotId: 'lot-1', award: expect.objectContaining({ supplierId: A.supplierId }) }),
      expect.objectContaining({ lotId: 'lot-2', award: expect.objectContaining({ supplierId: B.supplierId }) }),
    ]);
  });

  it('shows both suppliers in the public record, the open contract marked with its amount of 0.00', async () => {
    const record = await eventually('the public record with both contracts', async () => {
      const reply = await world.anonymous('GET', `/api/transparency/tenders/${tenderId}`);
      return reply.status === 200 && reply.body.contracts?.length === 2 && reply.body;
    });
    expect(record.directAward).toMatchObject({ supplier: null, justification: { article: 'LAASSP art. 41 fr. III' } });
    expect(record.awards.map((a: any) => [a.lotId, a.supplier.id, a.value.amount])).toEqual([
      ['lot-1', A.supplierId, 25_000_000],
      ['lot-2', B.supplierId, 0],
    ]);
    const printers = record.contracts.find((c: any) => c.lotId === 'lot-2');
    expect(printers).toMatchObject({ supplier: { id: B.supplierId }, value: mxn(0), openContract: OPEN });
    expect(record.contracts.find((c: any) => c.lotId === 'lot-1')).not.toHaveProperty('openContract');
    for (const [supplier, lotId, amount] of [
      [A, 'lot-1', 25_000_000],
      [B, 'lot-2', 0],
    ] as const) {
      const profile = await eventually(`the profile of the supplier of ${lotId}`, async () => {
        const reply = await world.anonymous('GET', `/api/transparency/suppliers/${supplier.supplierId}`);
        return reply.status === 200 && reply.body.contracts.some((c: any) => c.tenderId === tenderId) && reply.body;
      });
      expect(profile.contracts.filter((c: any) => c.tenderId === tenderId)).toEqual([
        expect.objectContaining({ lotId, value: mxn(amount), directAward: true }),
      ]);
    }
  });

  it('publishes one award and one contract per lot and supplier in OCDS (validated with the rest below)', async () => {
    const ocds = new OcdsReader(world);
    await ocds.caughtUp();
    const latest = await eventually('the contracts in OCDS', async () => {
      const release = await ocds.latest(tenderId);
      return release?.contracts?.length === 2 && release;
    });
    const awards = latest.awards.map((a: any) => [a.relatedLots[0], a.suppliers[0].id, a.value.amount]);
    expect(awards).toEqual([
      ['lot-1', `supplier-${A.supplierId}`, 250_000],
      ['lot-2', `supplier-${B.supplierId}`, 0],
    ]);
    const awardIds = new Map(latest.awards.map((a: any) => [a.id, a.relatedLots[0]]));
    expect(latest.contracts.map((c: any) => [awardIds.get(c.awardID), c.value.amount])).toEqual([
      ['lot-1', 250_000],
      ['lot-2', 0],
    ]);
    expect(latest.contracts[0]).not.toHaveProperty('description');
    expect(latest.contracts[1].description).toBe(
      'Contrato abierto (LAASSP art. 47): mínimo 20000 MXN, máximo 50000 MXN.',
    );
    expect(latest.parties.filter((p: any) => p.roles.includes('supplier')).map((p: any) => p.id)).toEqual(
      expect.arrayContaining([`supplier-${A.supplierId}`, `supplier-${B.supplierId}`]),
    );
  });
});

describe('a consolidated purchase (LAASSP art. 17) with a multi-year contract', () => {
  it('is run by the central unit for two units, each signing its own contract; a plurianual one adds up by fiscal year', async () => {
    const now = '2026-11-02T16:00:00.000Z';
    world.clock.set(now);
    const [hospital, clinic] = [await world.buyingUnit(), await world.buyingUnit()];
    const [hospitalBuyer, clinicBuyer] = [await world.buyer(hospital), await world.buyer(clinic)];
    const participants = [
      {
        buyingUnitId: hospital,
        requestReference: 'REQ-HN-2026-014',
        items: [
          { itemId: 'item-1', quantity: 7 },
          { itemId: 'item-2', quantity: 7 },
        ],
        commitment: mxn(18_550_000),
      },
      {
        buyingUnitId: clinic,
        requestReference: 'Oficio CS/031/2026',
        items: [
          { itemId: 'item-1', quantity: 3 },
          { itemId: 'item-2', quantity: 3 },
        ],
        commitment: mxn(7_950_000),
      },
    ];
    const short = {
      ...participants[1],
      items: [
        { itemId: 'item-1', quantity: 2 },
        { itemId: 'item-2', quantity: 3 },
      ],
    };
    const draft = (consolidation: unknown) => ({ ...aDirectAward(unitId, now, suppliers.A.supplierId), consolidation });
    expect(await buyer.post('/api/tenders', draft({ participants: [participants[0], short] }))).toMatchObject({
      status: 422,
      body: { code: 'tender.consolidation_quantities_mismatch', details: { itemId: 'item-1' } },
    });
    const stranger = { ...participants[1], buyingUnitId: 'uc-no-registrada' };
    expect(await buyer.post('/api/tenders', draft({ participants: [participants[0], stranger] }))).toMatchObject({
      status: 422,
      body: { code: 'tender.consolidation_unit_unknown', details: { buyingUnitId: 'uc-no-registrada' } },
    });
    const tenderId = (await buyer.post('/api/tenders', draft({ participants }))).body.tenderId;
    await buyer.post(`/api/tenders/${tenderId}/direct-award`, { lots: [{ lotId: 'lot-1', amount: 26_000_000 }] });

    const contract = { ...aContract(tenderId, now, 'lot-1', 400) };
    expect(await buyer.post('/api/contracts', contract)).toMatchObject({
      status: 422,
      body: { code: 'contract.unit_required' },
    });
    expect((await hospitalBuyer.post('/api/contracts', { ...contract, buyingUnitId: clinic })).status).toBe(403);
    const years = (first: number, second: number) => ({
      fiscalYears: [
        { fiscalYear: 2026, amount: first },
        { fiscalYear: 2027, amount: second },
      ],
      portfolioKey: '2612GYR0001',
    });
    expect(
      await hospitalBuyer.post('/api/contracts', {
        ...contract,
        buyingUnitId: hospital,
        multiYear: years(10_000_000, 8_000_000),
      }),
    ).toMatchObject({
      status: 422,
      body: { code: 'contract.fiscal_years_mismatch', details: { sum: 18_000_000, amount: 18_200_000 } },
    });
    const mine = await hospitalBuyer.post('/api/contracts', {
      ...contract,
      buyingUnitId: hospital,
      multiYear: years(10_000_000, 8_200_000),
    });
    expect(mine).toMatchObject({ status: 201, body: { amount: mxn(18_200_000) } });
    const theirs = await clinicBuyer.post('/api/contracts', { ...contract, buyingUnitId: clinic });
    expect(theirs).toMatchObject({ status: 201, body: { amount: mxn(7_800_000) } });

    const published = await world.anonymous('GET', `/api/contracts/${mine.body.contractId}`);
    expect(published.body).toMatchObject({ buyingUnitId: hospital, multiYear: years(10_000_000, 8_200_000) });
    expect(
      await hospitalBuyer.post(`/api/contracts/${mine.body.contractId}/amendments`, {
        amount: 19_000_000,
        reason: 'Ampliación de metas',
      }),
    ).toMatchObject({ status: 422, body: { code: 'contract.fiscal_years_required' } });

    const found = await world.anonymous(
      'GET',
      `/api/transparency/tenders?feature=consolidated_purchase&minPosition=${theirs.headers.get('licita-position')}`,
    );
    expect(found.body.items.map((item: { tenderId: string }) => item.tenderId)).toEqual([tenderId]);
    const view = await world.view(tenderId, (v) => v.status === 'contracted');
    expect(view.consolidation.participants.map((p: { requestReference: string }) => p.requestReference)).toEqual([
      'REQ-HN-2026-014',
      'Oficio CS/031/2026',
    ]);
    expect(view.lotResults[0].unitContracts.map((c: { buyingUnitId: string }) => c.buyingUnitId)).toEqual([
      hospital,
      clinic,
    ]);
    expect(await types(tenderId)).toEqual([
      'TenderCreated',
      'ProcedureNumberAssigned',
      'LotAwarded',
      'UnitContractSigned',
      'UnitContractSigned',
      'LotContracted',
      'TenderContracted',
    ]);
    const { parties } = (await new OcdsReader(world).record(tenderId)).records[0].compiledRelease;
    const buyers = parties.filter((party: { roles: string[] }) => party.roles.includes('buyer'));
    expect(buyers.map((party: { name?: string }) => party.name)).toEqual([
      expect.stringMatching(/^Unidad UC-/),
      expect.stringMatching(/^Unidad UC-/),
      expect.stringMatching(/^Unidad UC-/),
    ]);
  });
});

describe('the open data of the procedures above', () => {
  it('is valid OCDS: every release, record and bulk download validates against the OCDS 1.1.5 schemas with the bid, lots and auction extensions', async () => {
    const { releases, records } = await new OcdsReader(world).validEverything();
    expect([...new Set(records.map((pkg) => pkg.records[0].compiledRelease.tender.procurementMethod))].sort()).toEqual([
      'direct',
      'open',
      'selective',
    ]);
    expect(releases.map((release) => release.tag).flat()).toEqual(
      expect.arrayContaining([
        'tender',
        'award',
        'awardCancellation',
        'contract',
        'contractAmendment',
        'contractTermination',
      ]),
    );
  });
});
