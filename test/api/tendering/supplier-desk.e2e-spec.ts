import { allCompliant, aProposal, at, DAY, HOUR, laptopsAt, Party, scheduleFrom, TenderingApi } from './tendering-api';

/**
 * The reads behind the supplier's and the auditor's desks (GET /api/me/procedures, GET
 * /api/tenders/{id}/sealed-proposals) and the supplier's register history (GET /api/suppliers/{id}/history):
 * each party reads only what is its own, sealed metadata never carries contents, and the states follow the
 * procedure from sealed to awarded.
 */
const P = '2026-03-02T16:00:00.000Z';
const S = scheduleFrom(P);
const PRICES = { bidder: 2_311_117, third: 2_477_773, rival: 2_399_991 };
const amounts = Object.values(PRICES).flatMap((p) => [String(p), String(p * 10 + 1_000_000)]);

let world: TenderingApi;
let buyer: Party;
let auditor: Party;
let registrar: Party;
let bidder: Party;
let rival: Party;
let third: Party;
let tenderId: string;
const receipts: Record<string, { proposalId: string; commitment: string }> = {};

jest.setTimeout(60_000);

beforeAll(async () => {
  world = await TenderingApi.start();
  buyer = await world.buyer(await world.buyingUnit());
  auditor = await world.auditor();
  const account = await world.api.account('registrar');
  registrar = new Party(world, account.email, { accountId: account.accountId });
  [bidder, rival, third] = [
    await world.supplier('Proveedora del Escritorio'),
    await world.supplier('Proveedora que Retira'),
    await world.supplier('Proveedora que Impugna'),
  ];
  tenderId = await world.publishedTender(buyer, P);

  world.clock.set(at(S.questionsDeadline, HOUR));
  const first = await bidder.post(`/api/tenders/${tenderId}/proposals`, aProposal(laptopsAt(2_500_000)));
  const withdrawn = await rival.post(`/api/tenders/${tenderId}/proposals`, aProposal(laptopsAt(PRICES.rival)));
  const challenger = await third.post(`/api/tenders/${tenderId}/proposals`, aProposal(laptopsAt(PRICES.third)));
  expect([first.status, withdrawn.status, challenger.status]).toEqual([201, 201, 201]);
  receipts.third = challenger.body;
  world.clock.set(at(S.questionsDeadline, DAY));
  const replaced = await bidder.call(
    'PUT',
    `/api/tenders/${tenderId}/proposals/${first.body.proposalId}`,
    aProposal(laptopsAt(PRICES.bidder)),
  );
  expect(replaced.status).toBe(200);
  receipts.bidder = replaced.body;
  const gone = await rival.call('DELETE', `/api/tenders/${tenderId}/proposals/${withdrawn.body.proposalId}`);
  expect(gone.status).toBe(200);
  receipts.rival = withdrawn.body;
  await world.api.caughtUp();
}, 120_000);

afterAll(() => world?.close());

describe('GET /api/me/procedures', () => {
  it("gives a supplier its procedure with its own proposal's receipt and state, and nothing sealed", async () => {
    const reply = await bidder.get('/api/me/procedures');
    expect(reply.status).toBe(200);
    expect(reply.body).toEqual([
      expect.objectContaining({
        tenderId,
        title: expect.any(String),
        status: 'active.tendering',
        submissionDeadline: S.submissionDeadline,
        proposals: [
          expect.objectContaining({
            proposalId: receipts.bidder.proposalId,
            commitment: receipts.bidder.commitment,
            lotIds: ['lot-1'],
            replacements: 1,
            withdrawnAt: null,
            state: 'sealed',
            sealedBytes: expect.any(Number),
          }),
        ],
        challenges: [],
      }),
    ]);
    const text = JSON.stringify(reply.body);
    expect(amounts.filter((amount) => text.includes(amount))).toEqual([]);
    expect(text).not.toContain(receipts.third.proposalId);
    expect(text).not.toContain(rival.supplierId);
  });

  it('shows a withdrawn proposal as withdrawn to its supplier only', async () => {
    const reply = await rival.get('/api/me/procedures');
    expect(reply.body).toHaveLength(1);
    expect(reply.body[0].proposals).toEqual([
      expect.objectContaining({
        proposalId: receipts.rival.proposalId,
        state: 'withdrawn',
        withdrawnAt: expect.any(String),
      }),
    ]);
    expect(JSON.stringify(reply.body)).not.toContain(receipts.bidder.proposalId);
  });

  it('answers a supplier without proposals with an empty list, and refuses everyone else', async () => {
    const newcomer = await world.supplier('Proveedora Nueva', { verified: false });
    expect(await newcomer.get('/api/me/procedures')).toMatchObject({ status: 200, body: [] });
    expect(await buyer.get('/api/me/procedures')).toMatchObject({ status: 403, body: { code: 'auth.forbidden' } });
    expect(await auditor.get('/api/me/procedures')).toMatchObject({ status: 403 });
    expect(await world.anonymous('GET', '/api/me/procedures')).toMatchObject({
      status: 401,
      body: { code: 'auth.unauthenticated' },
    });
  });
});

describe('GET /api/tenders/{id}/sealed-proposals', () => {
  it('gives auditors every proposal as metadata: commitment, size, times; no supplier before the opening act; never an amount', async () => {
    const reply = await auditor.get(`/api/tenders/${tenderId}/sealed-proposals`);
    expect(reply.status).toBe(200);
    expect(reply.body).toHaveLength(3);
    expect(reply.body).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          proposalId: receipts.bidder.proposalId,
          supplierId: null,
          commitment: receipts.bidder.commitment,
          replacements: 1,
          signed: false,
        }),
        expect.objectContaining({ proposalId: receipts.rival.proposalId, withdrawnAt: expect.any(String) }),
      ]),
    );
    for (const proposal of reply.body) expect(proposal.sealedBytes).toBeGreaterThan(100);
    const text = JSON.stringify(reply.body);
    expect(amounts.filter((amount) => text.includes(amount))).toEqual([]);
    expect(text).not.toContain('Propuesta técnica');
    for (const party of [bidder, rival, third]) expect(text).not.toContain(party.supplierId);
  });

  it('refuses suppliers, buyers and the public; 404 for an unknown tender', async () => {
    const path = `/api/tenders/${tenderId}/sealed-proposals`;
    expect(await bidder.get(path)).toMatchObject({ status: 403, body: { code: 'auth.forbidden' } });
    expect(await buyer.get(path)).toMatchObject({ status: 403 });
    expect(await registrar.get(path)).toMatchObject({ status: 403 });
    expect(await world.anonymous('GET', path)).toMatchObject({ status: 401 });
    expect(await auditor.get('/api/tenders/no-such-tender/sealed-proposals')).toMatchObject({
      status: 404,
      body: { code: 'tender.not_found' },
    });
  });
});

describe('after the opening act', () => {
  it('follows the proposals to the award, and lists the challenge the losing bidder files', async () => {
    world.clock.set(S.openingDate);
    const opened = await buyer.post(`/api/tenders/${tenderId}/open`);
    expect(opened.status).toBe(200);
    world.clock.set(at(S.openingDate, HOUR));
    await allCompliant(buyer, tenderId, opened.body.proposals);
    expect((await buyer.post(`/api/tenders/${tenderId}/evaluations/complete`)).status).toBe(200);
    const awarded = await world.award(buyer, tenderId, at(S.openingDate, DAY));
    expect(awarded.status).toBe(200);
    world.clock.set(at(S.openingDate, DAY + HOUR));
    const challenge = await third.post(`/api/tenders/${tenderId}/challenges`, {
      lotId: 'lot-1',
      grounds: 'La propuesta ganadora no acredita la garantía de tres años.',
    });
    expect(challenge.status).toBe(201);
    await world.api.caughtUp();

    const named = (await auditor.get(`/api/tenders/${tenderId}/sealed-proposals`)).body;
    expect(named).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ proposalId: receipts.bidder.proposalId, supplierId: bidder.supplierId }),
        expect.objectContaining({ proposalId: receipts.third.proposalId, supplierId: third.supplierId }),
      ]),
    );

    const [mine] = (await bidder.get('/api/me/procedures')).body;
    expect(mine.proposals[0].state).toBe('awarded');
    expect(mine.lots).toEqual([
      expect.objectContaining({
        lotId: 'lot-1',
        awardedToMe: true,
        award: expect.objectContaining({ amount: { amount: PRICES.bidder * 10 + 1_000_000, currency: 'MXN' } }),
      }),
    ]);
    const [theirs] = (await third.get('/api/me/procedures')).body;
    expect(theirs.proposals[0].state).toBe('not_awarded');
    expect(theirs.lots[0]).toMatchObject({ awardedToMe: false, award: null });
    expect(theirs.challenges).toEqual([
      expect.objectContaining({ challengeId: challenge.body.challengeId, lotId: 'lot-1', resolution: null }),
    ]);
    expect(mine.challenges).toEqual([]);
  });
});

describe('the supplier-proposals read model', () => {
  it('is rebuilt from the events to the same rows (replacements and withdrawals counted once)', async () => {
    const rows = () =>
      world.api.db.query<unknown[]>('SELECT * FROM supplier_proposals ORDER BY tender_id, proposal_id');
    await world.api.caughtUp();
    const live = await rows();
    expect(live).toHaveLength(3);
    await world.api.projections.rebuildProjection('supplier-proposals');
    expect(await rows()).toEqual(live);
  });
});

describe('GET /api/suppliers/{id}/history', () => {
  it('shows registrars, auditors and the supplier itself its registration and verification, with who and when', async () => {
    for (const reader of [registrar, auditor, bidder]) {
      const reply = await reader.get(`/api/suppliers/${bidder.supplierId}/history`);
      expect(reply.status).toBe(200);
      expect(reply.body.map((entry: { type: string }) => entry.type)).toEqual([
        'SupplierRegistered',
        'SupplierVerified',
      ]);
      expect(reply.body[1]).toMatchObject({ actor: 'system', at: expect.any(String), reason: null });
    }
  });

  it('is not found for another supplier, a buyer and the public', async () => {
    const path = `/api/suppliers/${bidder.supplierId}/history`;
    for (const reply of [await rival.get(path), await buyer.get(path), await world.anonymous('GET', path)])
      expect(reply).toMatchObject({ status: 404, body: { code: 'supplier.not_found' } });
  });
});
