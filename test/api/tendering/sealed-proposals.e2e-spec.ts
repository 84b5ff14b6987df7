import { TenderKeyStore } from '@licita/tendering/application/tender-keys';
import { commitmentOf } from '@licita/tendering/domain/sealing';
import { aProposal, at, DAY, HOUR, type Party, type Reply, scheduleFrom, TenderingApi, twoLots } from './tendering-api';

/**
 * Sealed means sealed: before the opening act no endpoint, no event and no table holds a proposal's amounts
 * or documents in clear (nor the tender's data key), and the public view names no bidder. After it, every
 * proposal is revealed at once and matches the commitment its supplier received as a receipt.
 *
 * The proposals carry markers that cannot appear by chance: a document title, a file name and unit prices
 * whose digits (and the lot amounts they make) are distinctive.
 */
const P = '2026-03-02T16:00:00.000Z';
const S = scheduleFrom(P);
const MARKERS = {
  title: 'MARCADOR-SECRETO-7f3a9c Propuesta técnica',
  laptopPrice: 2_345_671, // lot-1: 10 × 2,345,671 + 10 × 100,000 = 24,456,710
  lot1Amount: 24_456_710,
  printerPrice: 777_313, // lot-2: 4 × 777,313 = 3,109,252
  lot2Amount: 3_109_252,
  replacedPrice: 2_298_767, // the first version, replaced: 23,987,670
  replacedAmount: 23_987_670,
};
const SECRETS = [
  MARKERS.title,
  'MARCADOR-SECRETO-7f3a9c',
  ...[
    MARKERS.laptopPrice,
    MARKERS.lot1Amount,
    MARKERS.printerPrice,
    MARKERS.lot2Amount,
    MARKERS.replacedPrice,
    MARKERS.replacedAmount,
  ].map(String),
];

let world: TenderingApi;
let buyer: Party;
let auditor: Party;
let bidder: Party;
let rival: Party;
let tenderId: string;
const receipts: Record<string, { proposalId: string; commitment: string; submittedAt: string }> = {};

beforeAll(async () => {
  world = await TenderingApi.start();
  buyer = await world.buyer(await world.buyingUnit());
  auditor = await world.auditor();
  bidder = await world.supplier('Proveedora Sellada');
  rival = await world.supplier('Proveedora Rival');
  tenderId = await world.publishedTender(buyer, P, twoLots());

  world.clock.set(at(S.questionsDeadline, HOUR));
  const first = await bidder.post(`/api/tenders/${tenderId}/proposals`, {
    ...aProposal({ 'lot-1': { 'item-1': MARKERS.replacedPrice, 'item-2': 100_000 } }, MARKERS.title),
  });
  world.clock.set(at(S.questionsDeadline, DAY));
  const replaced = await bidder.call('PUT', `/api/tenders/${tenderId}/proposals/${first.body.proposalId}`, {
    ...aProposal(
      { 'lot-1': { 'item-1': MARKERS.laptopPrice, 'item-2': 100_000 }, 'lot-2': { 'item-3': MARKERS.printerPrice } },
      MARKERS.title,
    ),
  });
  receipts[bidder.supplierId] = replaced.body;
  const other = await rival.post(
    `/api/tenders/${tenderId}/proposals`,
    aProposal({ 'lot-1': { 'item-1': 2_500_000, 'item-2': 150_000 } }, 'Propuesta ordinaria'),
  );
  receipts[rival.supplierId] = other.body;
  world.clock.set(at(S.submissionDeadline, HOUR)); // after the deadline, before the opening date
  await world.api.caughtUp();
}, 120_000);

afterAll(() => world?.close());

const leaks = (text: string, secrets: string[] = SECRETS) => secrets.filter((secret) => text.includes(secret));

/** `table: secret` for every table of the database whose rows (as text) contain one of the secrets. */
async function tablesHolding(secrets: string[]): Promise<string[]> {
  const tables: Array<{ table_name: string }> = await world.api.db.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  expect(tables.map((t) => t.table_name)).toEqual(
    expect.arrayContaining(['es_events', 'tender_keys', 'tender_views', 'idempotency_keys', 'scheduled_commands']),
  );
  const found: string[] = [];
  for (const { table_name } of tables) {
    for (const secret of secrets) {
      const [hit] = await world.api.db.query(
        `SELECT count(*)::int AS n FROM "${table_name}" t WHERE strpos(t::text, $1) > 0`,
        [secret],
      );
      if (hit.n > 0) found.push(`${table_name}: ${secret}`);
    }
  }
  return found;
}

describe('before the opening act', () => {
  it('gave each supplier a receipt: the SHA-256 commitment and the submission time', () => {
    expect(receipts[bidder.supplierId]).toEqual({
      tenderId,
      proposalId: expect.any(String),
      commitment: expect.stringMatching(/^[0-9a-f]{64}$/),
      submittedAt: at(S.questionsDeadline, DAY),
    });
  });

  it('no GET shows an amount or a document to anyone, and the public view names no bidder', async () => {
    const paths = [
      `/api/tenders/${tenderId}`,
      `/api/tenders/${tenderId}/proposals/mine`,
      `/api/contracts/00000000-0000-4000-8000-000000000000`,
    ];
    const callers: Array<[string, (path: string) => Promise<Reply>]> = [
      ['anonymous', (path) => world.anonymous('GET', path)],
      ['buyer', (path) => buyer.get(path)],
      ['auditor', (path) => auditor.get(path)],
      ['rival', (path) => rival.get(path)],
    ];
    const answers: string[] = [];
    for (const [who, get] of callers) {
      for (const path of paths) {
        const reply = await get(path);
        answers.push(`${who} GET ${path} -> ${reply.status} ${JSON.stringify(reply.body)}`);
      }
    }
    expect(
      answers.flatMap((answer) =>
        leaks(answer, [...SECRETS, bidder.supplierId]).map((secret) => `${secret} in: ${answer.slice(0, 80)}`),
      ),
    ).toEqual([]);
    const view = (await world.anonymous('GET', `/api/tenders/${tenderId}`)).body;
    expect(
      view.receipts
        .filter((r: { withdrawn: boolean }) => !r.withdrawn)
        .map((r: { commitment: string }) => r.commitment)
        .sort(),
    ).toEqual([receipts[bidder.supplierId].commitment, receipts[rival.supplierId].commitment].sort());
    expect(view.opening).toBeNull();
    expect(await buyer.get(`/api/tenders/${tenderId}/proposals/mine`)).toMatchObject({
      status: 403,
      body: { code: 'auth.forbidden' },
    });
  });

  it('shows a supplier its own proposal, decrypted for it alone', async () => {
    const own = await bidder.get(`/api/tenders/${tenderId}/proposals/mine`);
    expect(own.status).toBe(200);
    expect(own.body).toEqual([
      expect.objectContaining({
        proposalId: receipts[bidder.supplierId].proposalId,
        commitment: receipts[bidder.supplierId].commitment,
        lotIds: ['lot-1', 'lot-2'],
        content: expect.objectContaining({
          lots: [
            expect.objectContaining({ amount: MARKERS.lot1Amount }),
            expect.objectContaining({ amount: MARKERS.lot2Amount }),
          ],
        }),
      }),
    ]);
    expect(commitmentOf(own.body[0].content)).toBe(receipts[bidder.supplierId].commitment);
    expect(leaks(JSON.stringify((await rival.get(`/api/tenders/${tenderId}/proposals/mine`)).body))).toEqual([]);
  });

  it('no event in the log carries an amount or a document in clear', async () => {
    const events = await world.api.store.readAll();
    expect(events.filter((e) => e.streamId === `tender-${tenderId}`).map((e) => e.type)).toContain('ProposalReplaced');
    expect(leaks(JSON.stringify(events, (_key, value) => (typeof value === 'bigint' ? String(value) : value)))).toEqual(
      [],
    );
  });

  it('no table of the database holds them in clear, nor the data key that seals them', async () => {
    const [row] = await world.api.db.query('SELECT tender_key_id FROM tender_keys');
    const dataKey = await world.api.api.app.get(TenderKeyStore).dataKey(row.tender_key_id);
    const keyForms = [dataKey.toString('base64'), dataKey.toString('hex')];
    expect(await tablesHolding([...SECRETS, ...keyForms])).toEqual([]);
  });
});

describe('at the opening act', () => {
  it('reveals every proposal at once, each matching the commitment of its receipt and the amounts its supplier sent', async () => {
    world.clock.set(S.openingDate);
    const opened = await buyer.post(`/api/tenders/${tenderId}/open`);
    expect(opened.status).toBe(200);
    const view = await world.view(tenderId, (v) => v.opening !== null);
    expect(view.opening.proposals).toHaveLength(2);
    for (const proposal of view.opening.proposals) {
      expect(commitmentOf(proposal.content)).toBe(proposal.commitment);
      expect(receipts[proposal.supplierId]).toMatchObject({
        proposalId: proposal.proposalId,
        commitment: proposal.commitment,
        submittedAt: proposal.submittedAt,
      });
    }
    const revealed = view.opening.proposals.find((p: { supplierId: string }) => p.supplierId === bidder.supplierId);
    expect(revealed.offers).toEqual([
      { lotId: 'lot-1', amount: { amount: MARKERS.lot1Amount, currency: 'MXN' } },
      { lotId: 'lot-2', amount: { amount: MARKERS.lot2Amount, currency: 'MXN' } },
    ]);
    expect(revealed.content.documents[0].title).toBe(MARKERS.title);
    expect(JSON.stringify(view)).not.toContain(String(MARKERS.replacedAmount)); // the replaced version stays sealed
  });

  it('makes the same searches find them now, so the searches before could have', async () => {
    await world.api.caughtUp();
    expect(await tablesHolding([MARKERS.title, String(MARKERS.lot1Amount)])).toEqual(
      expect.arrayContaining([
        `es_events: ${MARKERS.title}`,
        `es_events: ${MARKERS.lot1Amount}`,
        `tender_views: ${MARKERS.title}`,
        `tender_views: ${MARKERS.lot1Amount}`,
      ]),
    );
    expect(
      leaks(JSON.stringify((await world.anonymous('GET', `/api/tenders/${tenderId}`)).body), [
        MARKERS.title,
        bidder.supplierId,
      ]),
    ).toHaveLength(2);
  });
});
