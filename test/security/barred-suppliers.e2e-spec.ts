import { at, DAY } from '../support/time';
import { aProposal, laptopsAt, type Party, scheduleFrom, TenderingApi } from '../api/tendering/tendering-api';

/**
 * Issue #16, point 7: what a supplier may do in each state, enforced by the deciders (over real HTTP).
 * - verified, no sanction in force: everything a supplier does (ask, submit, bid, edit its record);
 * - pending or rejected: log in, read, correct its record (goes to the registrar); not ask, submit or bid;
 * - suspended, or under a sanction in force (inhabilitado, as a sanctioned supplier on CompraNet): log in and
 *   read (its notices, its history, the sanction), withdraw its own proposals, challenge an award; change only
 *   where it is notified (contact, address); not ask, submit, bid, nor change its identity, size or offer.
 * A refusal writes nothing.
 */
const P = '2026-03-02T16:00:00.000Z';
const S = scheduleFrom(P);

let world: TenderingApi;
let tenderId: string;
let good: Party;
let suspended: Party;
let sanctioned: Party;

beforeAll(async () => {
  world = await TenderingApi.start();
  const buyer = await world.buyer(await world.buyingUnit());
  good = await world.supplier('Proveedora Cumplida');
  suspended = await world.supplier('Proveedora Suspendida');
  sanctioned = await world.supplier('Proveedora Inhabilitada');
  await world.sanction(sanctioned, '2026-01-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z');
  tenderId = await world.publishedTender(buyer, P);
  const { token: registrar } = await world.api.account('registrar');
  const reply = await world.api.call('POST', `/api/suppliers/${suspended.supplierId}/suspend`, {
    token: registrar,
    body: { reason: 'Documentación apócrifa en el expediente' },
  });
  if (reply.status !== 200) throw new Error(`suspend: ${reply.status} ${JSON.stringify(reply.body)}`);
  world.clock.set(at(P, DAY));
}, 120_000);

afterAll(() => world?.close());

const ask = (supplier: Party) =>
  supplier.post(`/api/tenders/${tenderId}/questions`, { text: '¿Se aceptan equipos reacondicionados?' });
const tenderEvents = async () => (await world.events(`tender-${tenderId}`)).length;
const supplierEvents = async (supplier: Party) => (await world.events(`supplier-${supplier.supplierId}`)).length;

describe('a supplier in good standing', () => {
  it('asks a question and edits its record', async () => {
    expect((await ask(good)).status).toBe(201);
    expect((await good.call('PATCH', `/api/suppliers/${good.supplierId}`, { size: 'medium' })).status).toBe(200);
  });
});

describe.each([
  ['suspended', () => suspended, 'question.supplier_not_verified', 'supplier.suspended'],
  ['sanctioned', () => sanctioned, 'question.supplier_sanctioned', 'supplier.sanctioned'],
] as const)('a %s supplier', (_state, supplier, questionCode, recordCode) => {
  it('still logs in and reads (its account, the published tender)', async () => {
    expect((await supplier().get('/api/accounts/me')).status).toBe(200);
    expect((await supplier().get(`/api/tenders/${tenderId}`)).status).toBe(200);
  });

  it('may not ask a question, and nothing is written', async () => {
    const before = await tenderEvents();
    expect(await ask(supplier())).toMatchObject({ status: 403, body: { code: questionCode } });
    expect(await tenderEvents()).toBe(before);
  });

  it('may not change its legal name, size or offer, and nothing is written', async () => {
    const before = await supplierEvents(supplier());
    for (const changes of [{ legalName: 'Nombre Nuevo, S.A. de C.V.' }, { size: 'large' }]) {
      expect(await supplier().call('PATCH', `/api/suppliers/${supplier().supplierId}`, changes)).toMatchObject({
        status: 409,
        body: { code: recordCode },
      });
    }
    expect(await supplierEvents(supplier())).toBe(before);
  });

  it('may still change where it is notified (contact)', async () => {
    const contact = {
      name: 'Luis Ruiz',
      email: `avisos-${supplier().supplierId.slice(0, 8)}@example.mx`,
      phone: '+52 33 8765 4321',
    };
    const reply = await supplier().call('PATCH', `/api/suppliers/${supplier().supplierId}`, { contact });
    expect(reply).toMatchObject({ status: 200, body: { changedFields: ['contact'] } });
  });
});

describe('in the tendering period', () => {
  beforeAll(() => world.clock.set(at(S.questionsDeadline, DAY)));

  it.each([
    ['suspended', () => suspended, 'proposal.supplier_not_verified'],
    ['sanctioned', () => sanctioned, 'proposal.supplier_sanctioned'],
  ] as const)('a %s supplier may not submit a proposal', async (_state, supplier, code) => {
    const reply = await supplier().post(`/api/tenders/${tenderId}/proposals`, aProposal(laptopsAt(2_000_000)));
    expect(reply).toMatchObject({ status: 403, body: { code } });
  });
});
