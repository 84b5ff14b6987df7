import { at, DAY, HOUR } from '../../support/time';
import {
  aContract,
  aDirectAward,
  aProposal,
  aTender,
  laptopsAt,
  laptopsLot,
  type Party,
  scheduleFrom,
  TenderingApi,
} from './tendering-api';

/**
 * What a caller is told when a command does not fit, over HTTP: the status and the stable problem code of a
 * representative set of refusals (the domain tests cover every rule): who may act (401/403), the request's
 * shape (400), the content and policy rules (422), the state (409, with the tender's current status), and
 * what does not exist (404). Also Idempotency-Key on tender commands.
 */
const P = '2026-03-02T16:00:00.000Z';
const S = scheduleFrom(P);

let world: TenderingApi;
let unitId: string;
let buyer: Party;
let otherBuyer: Party;
let supplier: Party;
let rival: Party;
let unverified: Party;
let sanctioned: Party;
let tenderId: string;

beforeAll(async () => {
  world = await TenderingApi.start();
  unitId = await world.buyingUnit();
  buyer = await world.buyer(unitId);
  otherBuyer = await world.buyer(await world.buyingUnit());
  await world.auditor();
  supplier = await world.supplier('Proveedora Uno');
  rival = await world.supplier('Proveedora Dos');
  unverified = await world.supplier('Proveedora Pendiente', { verified: false });
  sanctioned = await world.supplier('Proveedora Sancionada');
  await world.sanction(sanctioned, '2026-01-01T00:00:00.000Z', null);
  tenderId = await world.publishedTender(buyer, P);
}, 120_000);

afterAll(() => world?.close());

const problem = (status: number, code: string, details?: Record<string, unknown>) => ({
  status,
  body: expect.objectContaining({ code, ...(details ? { details: expect.objectContaining(details) } : {}) }),
});

describe('who may act', () => {
  it('asks an anonymous caller to log in, and refuses roles the command is not for', async () => {
    expect(await world.anonymous('POST', '/api/tenders', aTender(unitId, P))).toMatchObject(
      problem(401, 'auth.unauthenticated'),
    );
    expect(await supplier.post('/api/tenders', aTender(unitId, P))).toMatchObject(problem(403, 'auth.forbidden'));
    expect(await buyer.post(`/api/tenders/${tenderId}/proposals`, aProposal(laptopsAt(2_000_000)))).toMatchObject(
      problem(403, 'auth.forbidden'),
    );
    expect(await supplier.post(`/api/tenders/${tenderId}/open`)).toMatchObject(problem(403, 'auth.forbidden'));
    expect(
      await buyer.post(`/api/tenders/${tenderId}/challenges/c-1/resolution`, { upheld: false, reason: 'No' }),
    ).toMatchObject(problem(403, 'auth.forbidden'));
    expect(await world.anonymous('GET', `/api/tenders/${tenderId}/proposals/mine`)).toMatchObject(
      problem(401, 'auth.unauthenticated'),
    );
  });

  it("refuses a buyer another unit's tenders: creating one, and acting on one", async () => {
    expect(await otherBuyer.post('/api/tenders', aTender(unitId, P))).toMatchObject(problem(403, 'auth.forbidden'));
    expect(await otherBuyer.post(`/api/tenders/${tenderId}/cancel`, { reason: 'No es mía' })).toMatchObject(
      problem(403, 'auth.forbidden'),
    );
    world.clock.set(at(P, DAY));
    const question = await supplier.post(`/api/tenders/${tenderId}/questions`, { text: '¿Garantía?' });
    expect(
      await otherBuyer.post(`/api/tenders/${tenderId}/questions/${question.body.questionId}/answer`, { answer: 'Sí' }),
    ).toMatchObject(problem(403, 'auth.forbidden'));
  });

  it('lets only verified suppliers without sanctions bid, and only the owner touch a proposal', async () => {
    world.clock.set(at(S.questionsDeadline, HOUR));
    expect(await unverified.post(`/api/tenders/${tenderId}/proposals`, aProposal(laptopsAt(2_000_000)))).toMatchObject(
      problem(403, 'proposal.supplier_not_verified'),
    );
    expect(await sanctioned.post(`/api/tenders/${tenderId}/proposals`, aProposal(laptopsAt(2_000_000)))).toMatchObject(
      problem(403, 'proposal.supplier_sanctioned'),
    );
    const own = await supplier.post(`/api/tenders/${tenderId}/proposals`, aProposal(laptopsAt(2_400_000)));
    expect(own.status).toBe(201);
    expect(
      await rival.call('PUT', `/api/tenders/${tenderId}/proposals/${own.body.proposalId}`, aProposal(laptopsAt(1))),
    ).toMatchObject(problem(403, 'proposal.not_owner'));
    expect(await rival.call('DELETE', `/api/tenders/${tenderId}/proposals/${own.body.proposalId}`)).toMatchObject(
      problem(403, 'proposal.not_owner'),
    );
    expect(await supplier.post(`/api/tenders/${tenderId}/proposals`, aProposal(laptopsAt(2_300_000)))).toMatchObject(
      problem(409, 'proposal.lot_already_covered'),
    );
  });
});

describe("the request's shape", () => {
  it.each([
    ['an unknown field', { ...aTender('u', P), discount: 5 }, 'discount'],
    [
      'money that is not integer centavos',
      aTender('u', P, { estimatedTotal: { amount: 26_500_000.5, currency: 'MXN' } }),
      'estimatedTotal.amount',
    ],
    [
      'a date that is not ISO 8601',
      aTender('u', P, { schedule: { ...scheduleFrom(P), openingDate: 'mañana' } }),
      'schedule.openingDate',
    ],
    ['a missing title', (({ title: _t, ...rest }) => rest)(aTender('u', P)), 'title'],
  ])('refuses %s with 400 request.invalid naming the field', async (_what, body, field) => {
    const reply = await buyer.post('/api/tenders', { ...body, buyingUnitId: unitId });
    expect(reply).toMatchObject(problem(400, 'request.invalid'));
    expect(reply.body.errors.map((e: { field: string }) => e.field)).toContain(field);
  });
});

describe('content and policy rules (422)', () => {
  it.each([
    [
      'an unknown classifier code',
      {
        lots: [
          {
            ...laptopsLot(),
            items: [
              { ...laptopsLot().items[0], classifierCode: '99999999-9', quantity: 10, estimatedUnitPrice: 2_650_000 },
            ],
          },
        ],
      },
      'classifier.unknown_code',
    ],
    [
      'a submission period shorter than the procedure allows',
      { schedule: scheduleFrom(P, { questions: 3, submission: 10 }) },
      'tender.schedule_too_short',
    ],
    [
      'a lot whose value is not the sum of its items',
      { lots: [{ ...laptopsLot(), estimatedValue: { amount: 1, currency: 'MXN' } }] },
      'tender.lot_value_mismatch',
    ],
    [
      'weights that do not sum to 100',
      { awardCriterion: { type: 'points_and_percentages', technicalWeight: 60, economicWeight: 30 } },
      'tender.invalid_award_criterion',
    ],
    [
      'an invitation to two suppliers',
      { procedureType: 'invitation', invitedSupplierIds: ['s-1', 's-2'] },
      'tender.too_few_invitees',
    ],
    [
      'a direct award without a legal justification',
      { procedureType: 'direct_award', schedule: null },
      'tender.field_required',
    ],
  ])('refuses a tender with %s', async (_what, overrides, code) => {
    world.clock.set(at(P, -HOUR));
    expect(await buyer.post('/api/tenders', aTender(unitId, P, overrides))).toMatchObject(problem(422, code));
  });

  it('refuses to publish an invitation whose invitee is not verified', async () => {
    const invited = [supplier.supplierId, rival.supplierId, unverified.supplierId];
    const draft = await buyer.post(
      '/api/tenders',
      aTender(unitId, P, {
        procedureType: 'invitation',
        invitedSupplierIds: invited,
        schedule: scheduleFrom(P, { questions: 2, submission: 6 }),
      }),
    );
    world.clock.set(P);
    expect(await buyer.post(`/api/tenders/${draft.body.tenderId}/publish`)).toMatchObject(
      problem(422, 'tender.invitee_not_eligible', { supplierId: unverified.supplierId }),
    );
  });

  it('refuses a publication that would leave too short a period, and a direct award to a sanctioned supplier', async () => {
    world.clock.set(at(P, -HOUR));
    const draft = await buyer.post('/api/tenders', aTender(unitId, P));
    world.clock.set(at(P, 4 * DAY)); // published four days late: 14 days left to bid, 15 required
    expect(await buyer.post(`/api/tenders/${draft.body.tenderId}/publish`)).toMatchObject(
      problem(422, 'tender.schedule_too_short', { minimumDays: 15, actualDays: 14 }),
    );

    const direct = await buyer.post(
      '/api/tenders',
      aTender(unitId, P, {
        procedureType: 'direct_award',
        schedule: null,
        directAward: {
          supplierId: sanctioned.supplierId,
          justification: { article: 'LAASSP art. 41 fr. I', text: 'Patente' },
        },
      }),
    );
    expect(
      await buyer.post(`/api/tenders/${direct.body.tenderId}/direct-award`, {
        lots: [{ lotId: 'lot-1', amount: 1_000 }],
      }),
    ).toMatchObject(problem(403, 'award.supplier_not_eligible', { sanctioned: true }));
  });

  it('refuses proposals whose amounts do not add up or name lots the tender lacks', async () => {
    world.clock.set(at(S.questionsDeadline, 2 * HOUR));
    const wrongAmount = aProposal(laptopsAt(2_000_000));
    wrongAmount.lots[0].amount += 1;
    expect(await rival.post(`/api/tenders/${tenderId}/proposals`, wrongAmount)).toMatchObject(
      problem(422, 'proposal.amount_mismatch', { lotId: 'lot-1' }),
    );
    expect(
      await rival.post(`/api/tenders/${tenderId}/proposals`, aProposal({ 'lot-2': { 'item-3': 1_000 } })),
    ).toMatchObject(problem(422, 'proposal.unknown_lot'));
  });
});

describe('commands that do not fit the state (409 with the current status) and what does not exist (404)', () => {
  it('refuses to edit or publish a published tender', async () => {
    expect(await buyer.call('PATCH', `/api/tenders/${tenderId}`, { title: 'Otro título' })).toMatchObject(
      problem(409, 'tender.invalid_transition', { status: 'active.tendering', command: 'UpdateTenderDraft' }),
    );
    expect(await buyer.post(`/api/tenders/${tenderId}/publish`)).toMatchObject(
      problem(409, 'tender.invalid_transition', { status: 'active.tendering' }),
    );
  });

  it('refuses evaluation and award out of order', async () => {
    world.clock.set(S.openingDate);
    expect(await buyer.post(`/api/tenders/${tenderId}/award`)).toMatchObject(
      problem(409, 'tender.invalid_transition', { status: 'active.awaiting_opening' }),
    );
    const opened = await buyer.post(`/api/tenders/${tenderId}/open`);
    const [proposal] = opened.body.proposals;
    expect(await buyer.post(`/api/tenders/${tenderId}/award`)).toMatchObject(
      problem(409, 'tender.invalid_transition', { status: 'opened' }),
    );
    expect(await buyer.post(`/api/tenders/${tenderId}/evaluations/complete`)).toMatchObject(
      problem(409, 'evaluation.incomplete', { status: 'opened' }),
    );
    expect(
      await buyer.post(`/api/tenders/${tenderId}/evaluations`, {
        proposalId: proposal.proposalId,
        lotId: 'lot-1',
        compliant: false,
      }),
    ).toMatchObject(problem(422, 'evaluation.reason_required'));
    expect(
      await buyer.post(`/api/tenders/${tenderId}/evaluations`, {
        proposalId: proposal.proposalId,
        lotId: 'lot-1',
        compliant: true,
        technicalPoints: 80,
      }),
    ).toMatchObject(problem(422, 'evaluation.points_not_applicable'));
  });

  it('refuses a cancelled tender everything but reading it', async () => {
    expect(await buyer.post(`/api/tenders/${tenderId}/cancel`, { reason: 'Restricción presupuestal' })).toMatchObject({
      status: 200,
      body: { status: 'cancelled' },
    });
    expect(await buyer.post(`/api/tenders/${tenderId}/evaluations/complete`)).toMatchObject(
      problem(409, 'tender.invalid_transition', { status: 'cancelled' }),
    );
    expect(await buyer.post(`/api/tenders/${tenderId}/cancel`, { reason: 'Otra vez' })).toMatchObject(
      problem(409, 'tender.invalid_transition', { status: 'cancelled' }),
    );
    expect((await world.view(tenderId, (v) => v.status === 'cancelled')).cancellation).toEqual({
      reason: 'Restricción presupuestal',
      cancelledAt: S.openingDate,
    });
  });

  it('refuses a contract before its dates make sense or its award exists, and closing it twice', async () => {
    const now = '2026-05-01T16:00:00.000Z';
    world.clock.set(now);
    const direct = await buyer.post('/api/tenders', aDirectAward(unitId, now, supplier.supplierId, 'Patente'));
    const id = direct.body.tenderId;
    expect(await buyer.post('/api/contracts', aContract(id, now))).toMatchObject(
      problem(409, 'tender.invalid_transition', { status: 'draft' }),
    );
    await buyer.post(`/api/tenders/${id}/direct-award`, { lots: [{ lotId: 'lot-1', amount: 26_000_000 }] });
    expect(await buyer.post('/api/contracts', aContract(id, now, 'lot-9'))).toMatchObject(
      problem(404, 'tender.lot_not_found'),
    );
    expect(
      await buyer.post('/api/contracts', {
        tenderId: id,
        lotId: 'lot-1',
        startDate: at(now, 30 * DAY),
        endDate: at(now, DAY),
      }),
    ).toMatchObject(problem(422, 'contract.invalid_dates'));
    const signed = await buyer.post('/api/contracts', aContract(id, now));
    expect(signed.status).toBe(201);
    const again = await buyer.post('/api/contracts', aContract(id, now));
    expect(again).toMatchObject({ status: 201, body: { contractId: signed.body.contractId } }); // one contract per lot
    expect(await buyer.post(`/api/tenders/${id}/cancel`, { reason: 'Tarde' })).toMatchObject(
      problem(409, 'tender.invalid_transition', { status: 'contracted' }),
    );
    const contract = signed.body.contractId;
    expect(await otherBuyer.post(`/api/contracts/${contract}/complete`)).toMatchObject(problem(403, 'auth.forbidden'));
    expect(await buyer.post(`/api/contracts/${contract}/complete`)).toMatchObject(problem(409, 'contract.not_started'));
    world.clock.set(at(now, 2 * DAY));
    expect((await buyer.post(`/api/contracts/${contract}/complete`)).status).toBe(200);
    expect(
      await buyer.post(`/api/contracts/${contract}/terminate`, { kind: 'rescission', reason: 'Incumplimiento' }),
    ).toMatchObject(problem(409, 'contract.invalid_transition', { status: 'completed' }));
  });

  it('says what does not exist', async () => {
    expect(await world.anonymous('GET', '/api/tenders/no-such-tender')).toMatchObject(problem(404, 'tender.not_found'));
    expect(await buyer.post('/api/tenders/no-such-tender/publish')).toMatchObject(problem(404, 'tender.not_found'));
    expect(await world.anonymous('GET', '/api/contracts/no-such-contract')).toMatchObject(
      problem(404, 'contract.not_found'),
    );
    expect(await buyer.post('/api/contracts/no-such-contract/complete')).toMatchObject(
      problem(404, 'contract.not_found'),
    );
  });
});

describe('Idempotency-Key', () => {
  it('creates a tender once for a repeated request, and refuses the key for another body', async () => {
    world.clock.set(at(P, -HOUR));
    const body = aTender(unitId, P);
    const first = await buyer.post('/api/tenders', body, 'crear-licitacion-1');
    const second = await buyer.post('/api/tenders', body, 'crear-licitacion-1');
    expect(second).toMatchObject({ status: 201, body: first.body });
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect((await world.events(`tender-${first.body.tenderId}`)).map((e) => e.type)).toEqual(['TenderCreated']);
    expect(await buyer.post('/api/tenders', { ...body, title: 'Otra' }, 'crear-licitacion-1')).toMatchObject(
      problem(422, 'idempotency.key_reused'),
    );
  });

  it('seals a proposal once for a repeated request, giving back the same receipt', async () => {
    const id = await world.publishedTender(buyer, '2026-06-01T16:00:00.000Z');
    world.clock.set(at(scheduleFrom('2026-06-01T16:00:00.000Z').questionsDeadline, HOUR));
    const first = await rival.post(`/api/tenders/${id}/proposals`, aProposal(laptopsAt(2_200_000)), 'propuesta-1');
    const second = await rival.post(`/api/tenders/${id}/proposals`, aProposal(laptopsAt(2_200_000)), 'propuesta-1');
    expect(first.status).toBe(201);
    expect(second).toMatchObject({ status: 201, body: first.body });
    expect((await world.events(`tender-${id}`)).filter((e) => e.type === 'ProposalSubmitted')).toHaveLength(1);
  });
});

describe('OpenAPI', () => {
  it('documents every tendering endpoint with its request schema', async () => {
    const document = (await world.anonymous('GET', '/docs-json')).body;
    const operations = Object.entries(document.paths as Record<string, Record<string, unknown>>)
      .filter(([path]) => path.startsWith('/api/tenders') || path.startsWith('/api/contracts'))
      .flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
    expect(operations.sort()).toEqual(
      [
        'POST /api/tenders',
        'PATCH /api/tenders/{id}',
        'GET /api/tenders',
        'GET /api/tenders/{id}',
        'POST /api/tenders/{id}/publish',
        'POST /api/tenders/{id}/questions',
        'POST /api/tenders/{id}/questions/{questionId}/answer',
        'POST /api/tenders/{id}/amendments',
        'POST /api/tenders/{id}/proposals',
        'PUT /api/tenders/{id}/proposals/{proposalId}',
        'DELETE /api/tenders/{id}/proposals/{proposalId}',
        'GET /api/tenders/{id}/proposals/mine',
        'POST /api/tenders/{id}/open',
        'POST /api/tenders/{id}/evaluations',
        'POST /api/tenders/{id}/evaluations/complete',
        'POST /api/tenders/{id}/award',
        'POST /api/tenders/{id}/direct-award',
        'POST /api/tenders/{id}/challenges',
        'POST /api/tenders/{id}/challenges/{challengeId}/resolution',
        'POST /api/tenders/{id}/cancel',
        'POST /api/tenders/{id}/lots/{lotId}/auction',
        'POST /api/tenders/{id}/proposal-files',
        'POST /api/tenders/{id}/clarification-minutes',
        'GET /api/tenders/{id}/proposals/{proposalId}/documents/{documentId}/content',
        'GET /api/tenders/{id}/acts/opening.pdf',
        'GET /api/tenders/{id}/acts/ruling.pdf',
        'GET /api/tenders/{id}/sealed-proposals',
        'POST /api/contracts',
        'GET /api/contracts/{id}',
        'POST /api/contracts/{id}/amendments',
        'POST /api/contracts/{id}/complete',
        'POST /api/contracts/{id}/terminate',
        // Other contexts under the same paths: market research (attached to a tender), contract execution
        'GET /api/tenders/{id}/market-research',
        'GET /api/contracts/{id}/execution',
        'POST /api/contracts/{id}/execution/deliveries',
        'POST /api/contracts/{id}/execution/deliveries/{deliveryId}/receipts',
        'POST /api/contracts/{id}/execution/guarantees',
        'POST /api/contracts/{id}/execution/guarantees/{guaranteeId}/release',
        'POST /api/contracts/{id}/execution/invoices',
        'POST /api/contracts/{id}/execution/invoices/{invoiceId}/review',
        'POST /api/contracts/{id}/execution/payments',
        'POST /api/contracts/{id}/execution/penalties',
        'PUT /api/contracts/{id}/execution/penalty-cap',
      ].sort(),
    );
    expect(document.components.schemas.CreateTenderDto.properties.lots).toMatchObject({
      type: 'array',
      items: { $ref: '#/components/schemas/TenderLotDto' },
    });
    expect(document.components.schemas.LotOfferDto.required).toEqual(
      expect.arrayContaining(['lotId', 'amount', 'items']),
    );
  });
});
