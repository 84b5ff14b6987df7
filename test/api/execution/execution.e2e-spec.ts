import { aPdf, sha256 } from '../documents/documents-api';
import { OcdsReader } from '../ocds/ocds-reader';
import { aContract, aDirectAward, type Party, type Reply, TenderingApi } from '../tendering/tendering-api';

/**
 * Contract execution over HTTP, one app for every case: the buyer schedules deliveries and records receipts,
 * the supplier registers its CFDI, the buyer accepts it and pays, applies a capped penalty and records the
 * guarantee; the public reads the execution and its flags (late and missing deliveries, late payment), never the
 * CFDI's XML. Time moves with the injected clock.
 */
let world: TenderingApi;
let buyer: Party;
let otherBuyer: Party;
let supplier: Party;
let otherSupplier: Party;
let contractId: string;
let itemId: string;
let quantity: number;
let tenderId: string;
let unitId: string;
/** The last command's reply: reads wait for its position. */
let last: Reply;
const START = '2026-03-02T16:00:00.000Z';
const CFDI = '6F1B2C3D-1234-4ABC-9DEF-0123456789AB';
const path = (rest = '') => `/api/contracts/${contractId}/execution${rest}`;

/** The public execution once the projections have reached the command's position. */
const publicView = async (after: Reply) =>
  (await world.anonymous('GET', `${path()}?minPosition=${after.headers.get('licita-position')}`)).body;

const problem = (reply: Reply, status: number, code: string) => {
  expect(reply).toMatchObject({ status, body: { code } });
  expect(reply.headers.get('content-type')).toContain('application/problem+json');
};

beforeAll(async () => {
  world = await TenderingApi.start(START);
  unitId = await world.buyingUnit();
  buyer = await world.buyer(unitId);
  otherBuyer = await world.buyer(await world.buyingUnit());
  supplier = await world.supplier('Papelera del Centro');
  otherSupplier = await world.supplier('Otra Papelera');
  tenderId = (await buyer.post('/api/tenders', aDirectAward(unitId, START, supplier.supplierId))).body.tenderId;
  await buyer.post(`/api/tenders/${tenderId}/direct-award`, { lots: [{ lotId: 'lot-1', amount: 26_000_000 }] });
  const signed = await buyer.post('/api/contracts', aContract(tenderId, START));
  expect(signed.status).toBe(201);
  contractId = signed.body.contractId;
  const contract = (await world.anonymous('GET', `/api/contracts/${contractId}`)).body;
  ({ itemId, quantity } = contract.items[0]);
}, 120_000);

afterAll(() => world?.close());

describe('the execution of a contract', () => {
  it('has a delivery schedule written by the buyers of the contracting unit only', async () => {
    const delivery = { deliveryId: 'D1', itemId, quantity, place: 'Almacén central', dueDate: '2026-03-10' };
    expect(await world.anonymous('POST', path('/deliveries'), delivery)).toMatchObject({ status: 401 });
    expect(await otherBuyer.post(path('/deliveries'), delivery)).toMatchObject({ status: 403 });
    expect(await supplier.post(path('/deliveries'), delivery)).toMatchObject({ status: 403 });
    problem(
      await buyer.post(path('/deliveries'), { ...delivery, quantity: quantity + 1 }),
      422,
      'execution.schedule_exceeds_quantity',
    );
    problem(await buyer.post(path('/deliveries'), { ...delivery, itemId: 'nope' }), 422, 'execution.unknown_item');
    problem(
      await buyer.post('/api/contracts/no-such-contract/execution/deliveries', delivery),
      404,
      'contract.not_found',
    );
    const scheduled = await buyer.post(path('/deliveries'), delivery);
    expect(scheduled).toMatchObject({ status: 200, body: { recorded: ['DeliveryScheduled'] } });
    expect(scheduled.headers.get('licita-position')).toMatch(/^\d+$/);
    expect(await publicView(scheduled)).toMatchObject({
      deliveries: [{ deliveryId: 'D1', quantity, dueDate: '2026-03-10', accepted: 0, receipts: [] }],
      flags: [],
    });
  });

  it('flags a delivery missing after its due date, then late once completed', async () => {
    const receipt = (receiptId: string, q: number, extra: Record<string, unknown> = {}) =>
      buyer.post(path('/deliveries/D1/receipts'), {
        receiptId,
        quantity: q,
        outcome: 'accepted',
        receivedAt: world.clock.now().toISOString(),
        ...extra,
      });
    world.clock.set('2026-03-09T17:00:00.000Z');
    expect(await receipt('R1', quantity / 2)).toMatchObject({ status: 200 });
    problem(await receipt('R2', 1, { outcome: 'rejected' }), 422, 'execution.reason_required');
    // The supplier's upload named as the buyer's act of receipt: refused (each party names only its own uploads).
    const bytes = aPdf('acta');
    const form = new FormData();
    form.append('file', new Blob([bytes], { type: 'application/pdf' }), 'acta.pdf');
    const uploaded = await fetch(`${world.api.api.url}/api/documents`, {
      method: 'POST',
      body: form,
      headers: { Authorization: `Bearer ${await world.api.login(supplier.email)}` },
    });
    expect(uploaded.status).toBe(201);
    const { documentId } = (await uploaded.json()) as { documentId: string };
    const act = {
      documentId,
      title: 'Acta',
      fileName: 'acta.pdf',
      mediaType: 'application/pdf',
      sha256: sha256(bytes),
    };
    problem(await receipt('R9', 1, { documents: [act] }), 403, 'execution.document_not_owned');
    world.clock.set('2026-03-12T17:00:00.000Z');
    const rejected = await receipt('R2', 1, { outcome: 'rejected', reason: 'Cajas dañadas' });
    expect(await publicView(rejected)).toMatchObject({
      deliveries: [
        { accepted: quantity / 2, receipts: [{ receiptId: 'R1' }, { outcome: 'rejected', reason: 'Cajas dañadas' }] },
      ],
      flags: [{ code: 'missing_delivery', deliveryId: 'D1', days: 2, pending: quantity / 2 }],
    });
    world.clock.set('2026-03-13T17:00:00.000Z');
    const completed = await receipt('R3', quantity / 2);
    expect((await publicView(completed)).flags).toEqual([
      { code: 'late_delivery', deliveryId: 'D1', dueDate: '2026-03-10', days: 3 },
    ]);
  });

  it("takes the supplier's invoice within the contract amount, and never publishes its XML", async () => {
    const invoice = {
      invoiceId: 'F1',
      cfdiUuid: CFDI,
      folio: 'A-1043',
      amount: 26_000_000,
      issuedAt: '2026-03-13T16:00:00.000Z',
      xml: {
        documentId: 'cfdi-xml-1',
        title: 'CFDI',
        fileName: 'A-1043.xml',
        mediaType: 'application/xml',
        sha256: 'a'.repeat(64),
      },
    };
    expect(await buyer.post(path('/invoices'), invoice)).toMatchObject({ status: 403 });
    expect(await otherSupplier.post(path('/invoices'), invoice)).toMatchObject({ status: 403 });
    problem(
      await supplier.post(path('/invoices'), { ...invoice, amount: 26_000_001 }),
      422,
      'execution.invoice_exceeds_contract',
    );
    problem(
      await supplier.post(path('/invoices'), { ...invoice, cfdiUuid: 'A-1043' }),
      422,
      'execution.invalid_cfdi_uuid',
    );
    const registered = await supplier.post(path('/invoices'), invoice);
    expect(registered).toMatchObject({ status: 200, body: { recorded: ['InvoiceRegistered'] } });
    const view = await publicView(registered);
    expect(view.invoices).toEqual([
      expect.objectContaining({ invoiceId: 'F1', cfdiUuid: CFDI.toLowerCase(), amount: 26_000_000, xmlFiled: true }),
    ]);
    expect(JSON.stringify(view)).not.toContain('cfdi-xml-1');
    expect(view.invoices[0]).not.toHaveProperty('xml');
  });

  it('flags a payment made after the 20 calendar days of LAASSP art. 51', async () => {
    expect(await supplier.post(path('/invoices/F1/review'), { decision: 'accepted' })).toMatchObject({ status: 403 });
    problem(
      await buyer.post(path('/payments'), {
        paymentId: 'P0',
        invoiceId: 'F1',
        amount: 1,
        paidAt: '2026-03-13T16:00:00Z',
      }),
      409,
      'execution.invoice_not_accepted',
    );
    world.clock.set('2026-03-16T17:00:00.000Z');
    const accepted = await buyer.post(path('/invoices/F1/review'), { decision: 'accepted' });
    expect(accepted).toMatchObject({ status: 200, body: { recorded: ['InvoiceAccepted'] } });
    expect((await publicView(accepted)).invoices[0]).toMatchObject({
      status: 'accepted',
      paymentDueDate: '2026-04-05',
    });

    world.clock.set('2026-04-08T18:00:00.000Z');
    const pay = (paymentId: string, amount: number) =>
      buyer.post(path('/payments'), { paymentId, invoiceId: 'F1', amount, paidAt: world.clock.now().toISOString() });
    problem(await pay('P1', 26_000_001), 422, 'execution.payment_exceeds_invoice');
    const partial = await pay('P1', 20_000_000);
    const unpaid = (await publicView(partial)).flags.find((f: { code: string }) => f.code === 'late_payment');
    expect(unpaid).toEqual({
      code: 'late_payment',
      invoiceId: 'F1',
      dueDate: '2026-04-05',
      days: 3,
      paid: false,
      legalBasis: 'LAASSP art. 51',
      termDays: 20,
    });
    world.clock.set('2026-04-10T18:00:00.000Z');
    const rest = await pay('P2', 6_000_000);
    const view = await publicView(rest);
    expect(view.totals).toEqual({ invoiced: 26_000_000, paid: 26_000_000, penalties: 0 });
    expect(view.payments).toEqual([
      expect.objectContaining({ paymentId: 'P1', amount: 20_000_000, currency: 'MXN' }),
      expect.objectContaining({ paymentId: 'P2', amount: 6_000_000, paidAt: '2026-04-10T18:00:00.000Z' }),
    ]);
    expect(view.flags).toContainEqual(expect.objectContaining({ code: 'late_payment', days: 5, paid: true }));
  });

  it('caps conventional penalties and holds the guarantee until the contract is completed', async () => {
    const penalty = (penaltyId: string, amount: number) =>
      buyer.post(path('/penalties'), { penaltyId, deliveryId: 'D1', amount, reason: 'Entrega con 3 días de atraso' });
    problem(await penalty('X1', 100_000), 409, 'execution.penalty_cap_missing');
    expect(
      await buyer.call('PUT', path('/penalty-cap'), { cap: 2_600_000, reason: 'Cláusula décima: 10 % del monto' }),
    ).toMatchObject({ status: 200 });
    const guarantee = await buyer.post(path('/guarantees'), {
      guaranteeId: 'G1',
      amount: 2_000_000,
      issuer: 'Afianzadora Ejemplo, S.A.',
      policyNumber: 'F-2026-001',
    });
    expect(guarantee).toMatchObject({ status: 200 });
    problem(await penalty('X1', 2_000_001), 422, 'execution.penalty_cap_exceeded');
    const applied = await penalty('X1', 390_000);
    expect(await publicView(applied)).toMatchObject({
      penaltyCap: 2_000_000,
      penalties: [{ penaltyId: 'X1', amount: 390_000, currency: 'MXN' }],
      totals: { penalties: 390_000 },
      guarantees: [{ guaranteeId: 'G1', issuer: 'Afianzadora Ejemplo, S.A.', released: null }],
    });
    const release = () => buyer.post(path('/guarantees/G1/release'), { reason: 'Contrato cumplido' });
    problem(await release(), 409, 'execution.contract_not_completed');
    expect(await buyer.call('POST', `/api/contracts/${contractId}/complete`)).toMatchObject({ status: 200 });
    const released = await release();
    last = released;
    expect(released).toMatchObject({ status: 200, body: { recorded: ['GuaranteeReleased'] } });
    expect((await publicView(released)).guarantees[0].released).toMatchObject({ reason: 'Contrato cumplido' });
    problem(
      await buyer.post(path('/deliveries'), {
        deliveryId: 'D2',
        itemId,
        quantity: 1,
        place: 'x',
        dueDate: '2026-05-01',
      }),
      409,
      'execution.contract_not_active',
    );
  });

  it("publishes the deliveries and payments as the contract's OCDS implementation, valid against the schema", async () => {
    const releases = await new OcdsReader(world).releasesOf(tenderId);
    expect(releases.filter((r: { tag: string[] }) => r.tag.includes('implementation')).length).toBeGreaterThanOrEqual(
      5,
    );
    const release = releases.at(-1);
    const contract = release.contracts.find((c: { id: string }) => c.id === contractId);
    expect(contract.implementation.milestones).toEqual([
      expect.objectContaining({
        id: 'delivery-D1',
        type: 'delivery',
        status: 'met',
        dueDate: '2026-03-11T05:59:59.000Z',
        dateMet: '2026-03-13T17:00:00.000Z',
      }),
    ]);
    expect(contract.implementation.transactions).toEqual([
      expect.objectContaining({ id: 'P1', value: { amount: 200_000, currency: 'MXN' } }),
      expect.objectContaining({
        id: 'P2',
        value: { amount: 60_000, currency: 'MXN' },
        date: '2026-04-10T18:00:00.000Z',
      }),
    ]);
    expect(contract.implementation.transactions[0].payee.id).toBe(`supplier-${supplier.supplierId}`);
    expect(JSON.stringify(release)).not.toContain('cfdi-xml-1');
  });

  it('counts the late delivery and the late payment among the public red flags, statistics and files', async () => {
    const at = `minPosition=${last.headers.get('licita-position')}`;
    const flags = (await world.anonymous('GET', `/api/transparency/red-flags?buyingUnitId=${unitId}&${at}`)).body;
    expect(flags.totals.contractFlags).toEqual({ missing_delivery: 0, late_delivery: 1, late_payment: 1 });
    expect(flags.buyingUnits[0].contractFlags).toEqual([
      expect.objectContaining({ code: 'late_delivery', contractId, tenderId, value: 3, unit: 'days', year: 2026 }),
      expect.objectContaining({
        code: 'late_payment',
        currency: 'MXN',
        value: 5,
        explanation: expect.stringContaining(
          'después del plazo de 20 días naturales (LAASSP art. 51), por $260,000.00 MXN',
        ),
      }),
    ]);
    expect(flags.definitions).toContainEqual(expect.objectContaining({ code: 'late_payment', scope: 'contract' }));

    const stats = (await world.anonymous('GET', `/api/transparency/execution/statistics?year=2026&${at}`)).body;
    expect(stats.rows).toEqual([
      {
        buyingUnitId: unitId,
        buyingUnitName: expect.any(String),
        year: 2026,
        currency: 'MXN',
        contracts: 1,
        deliveries: { scheduled: 1, late: 1, missing: 0, contractsFlagged: 1 },
        payments: {
          due: 1,
          late: 1,
          unpaidLate: 0,
          contractsFlagged: 1,
          averageDaysLate: 5,
          amountPaidLate: { amount: 26_000_000, currency: 'MXN' },
          amountOverdue: { amount: 0, currency: 'MXN' },
        },
      },
    ]);
    expect((await world.anonymous('GET', '/api/transparency/execution/statistics?year=2025')).body.rows).toEqual([]);
    // The due dates' read model rebuilt from the log holds the same rows.
    const dump = () => world.api.db.query('SELECT * FROM contract_execution_terms ORDER BY contract_id, kind, term_id');
    const live = await dump();
    expect(live).toHaveLength(2);
    await world.api.projections.rebuildProjection('contract-execution-terms');
    expect(await dump()).toEqual(live);
    problem(await world.anonymous('GET', '/api/transparency/execution/statistics?year=20x6'), 400, 'request.invalid');

    const file = async (table: string) => {
      const reply = await fetch(`${world.api.api.url}/api/transparency/execution/export?table=${table}&lang=en`);
      expect(reply.headers.get('content-type')).toContain('text/csv');
      return (await reply.text())
        .replace(/^\ufeff/, '')
        .trim()
        .split(/\r?\n/);
    };
    const deliveries = await file('deliveries');
    expect(deliveries[0]).toContain('Due date (Mexico City),Completed,Flag,Days late');
    expect(deliveries.slice(1)).toEqual([
      expect.stringMatching(new RegExp(`^${contractId},.*,D1,.*,2026-03-10,.*,late_delivery,3$`)),
    ]);
    const payments = await file('payments');
    expect(payments.slice(1)).toEqual([
      expect.stringMatching(
        new RegExp(`^${contractId},.*,F1,A-1043,accepted,MXN,260000\\.00,260000\\.00,.*,2026-04-05,.*,late_payment,5$`),
      ),
    ]);
    expect(payments.join('\n')).not.toContain('cfdi-xml-1');
  });
});
