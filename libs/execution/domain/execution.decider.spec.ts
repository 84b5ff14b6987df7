import { at, deciderSpec } from '../../../test/support/decider-spec';
import { fold } from '@licita/shared';
import { executionDecider } from './execution.decider';
import { executionFlags } from './execution.flags';
import type { ContractFacts, ExecutionCommand, ExecutionEvent } from './execution.types';
import { paymentDueDate } from './payment-term';

const given = deciderSpec(executionDecider);
const contract: ContractFacts = {
  contractId: 'C1',
  buyingUnitId: 'U1',
  supplierId: 'S1',
  status: 'active',
  ceiling: 1_000_000,
  currency: 'MXN',
  items: [{ itemId: 'I1', quantity: 100, unit: 'caja' }],
};
const cmd = <T extends ExecutionCommand['type']>(
  type: T,
  fields: Omit<Extract<ExecutionCommand, { type: T }>, 'type' | 'contract'>,
  facts: Partial<ContractFacts> = {},
) => ({ type, contract: { ...contract, ...facts }, ...fields }) as Extract<ExecutionCommand, { type: T }>;

const NOW = '2026-03-01T18:00:00.000Z';
const schedule = (deliveryId = 'D1', quantity = 60, dueDate = '2026-03-10') =>
  cmd('ScheduleDelivery', { deliveryId, itemId: 'I1', quantity, place: 'Almacén central', dueDate });
const scheduled = (deliveryId = 'D1', quantity = 60, dueDate = '2026-03-10'): ExecutionEvent => ({
  type: 'DeliveryScheduled',
  data: {
    contractId: 'C1',
    deliveryId,
    itemId: 'I1',
    quantity,
    unit: 'caja',
    place: 'Almacén central',
    dueDate,
    scheduledAt: NOW,
  },
});
const received = (quantity: number, receivedAt: string, outcome: 'accepted' | 'rejected' = 'accepted', id = 'R1') =>
  ({
    type: 'DeliveryReceived',
    data: {
      contractId: 'C1',
      receiptId: id,
      deliveryId: 'D1',
      quantity,
      outcome,
      reason: outcome === 'rejected' ? 'Cajas dañadas' : null,
      receivedAt,
      recordedAt: receivedAt,
    },
  }) as ExecutionEvent;
const UUID = '6F1B2C3D-1234-4ABC-9DEF-0123456789AB';
const invoiceRegistered = (amount = 600_000, id = 'F1', cfdiUuid = UUID.toLowerCase()): ExecutionEvent => ({
  type: 'InvoiceRegistered',
  data: {
    contractId: 'C1',
    invoiceId: id,
    supplierId: 'S1',
    cfdiUuid,
    folio: 'A-1',
    amount,
    currency: 'MXN',
    issuedAt: NOW,
    registeredAt: NOW,
    xml: null,
  },
});
const accepted = (acceptedAt = '2026-03-02T17:00:00.000Z', id = 'F1'): ExecutionEvent => ({
  type: 'InvoiceAccepted',
  data: { contractId: 'C1', invoiceId: id, acceptedAt, paymentDueDate: paymentDueDate(acceptedAt) },
});
const paid = (amount: number, paidAt: string, id = 'P1'): ExecutionEvent => ({
  type: 'PaymentRecorded',
  data: {
    contractId: 'C1',
    paymentId: id,
    invoiceId: 'F1',
    amount,
    currency: 'MXN',
    paidAt,
    recordedAt: paidAt,
    buyingUnitId: 'U1',
    supplierId: 'S1',
  },
});
const flagsOf = (asOf: string, ...events: ExecutionEvent[]) => executionFlags(fold(executionDecider, events), asOf);

describe('the delivery schedule', () => {
  it('schedules a delivery of a contract item, its place and due date', () =>
    given().when(schedule(), at(NOW)).then(scheduled()));

  it('refuses to schedule more than the contract holds of the item', () =>
    given(scheduled())
      .when(schedule('D2', 41), at(NOW))
      .thenThrows('execution.schedule_exceeds_quantity', { contracted: 100, scheduled: 60 }));

  it.each([
    ['execution.unknown_item', { ...schedule(), itemId: 'I9' }],
    ['execution.invalid_quantity', schedule('D1', 0)],
    ['execution.invalid_date', schedule('D1', 1, '10/03/2026')],
  ])('refuses with %s', (code, command) => given().when(command, at(NOW)).thenThrows(code));

  it('refuses once the contract has ended', () =>
    given()
      .when({ ...schedule(), contract: { ...contract, status: 'terminated' } }, at(NOW))
      .thenThrows('execution.contract_not_active', { status: 'terminated' }));
});

describe('receipts', () => {
  const receive = (quantity: number, outcome: 'accepted' | 'rejected' = 'accepted', reason?: string) =>
    cmd('RecordReceipt', { receiptId: 'R1', deliveryId: 'D1', quantity, outcome, receivedAt: NOW, reason });

  it('records a partial receipt', () => given(scheduled()).when(receive(20), at(NOW)).then(received(20, NOW)));

  it('a rejection needs its reason', () =>
    given(scheduled()).when(receive(20, 'rejected'), at(NOW)).thenThrows('execution.reason_required'));

  it('refuses to accept more than is pending', () =>
    given(scheduled(), received(50, NOW, 'accepted', 'R0'))
      .when(receive(11), at(NOW))
      .thenThrows('execution.receipt_exceeds_delivery', { pending: 10 }));

  it('a receipt without its time arrived now', () =>
    given(scheduled())
      .when({ ...receive(20), receivedAt: undefined }, at(NOW))
      .then(received(20, NOW)));

  it('a receipt recorded twice is done once', () =>
    given(scheduled(), received(20, NOW)).when(receive(20), at(NOW)).thenNothing());
});

describe('flags of deliveries', () => {
  it('a delivery still pending the day after its due date (Mexico City) is missing', () => {
    // 2026-03-11T05:30Z is still 10 March in Mexico City (UTC-6): not yet overdue.
    expect(flagsOf('2026-03-11T05:30:00.000Z', scheduled())).toEqual([]);
    expect(flagsOf('2026-03-11T06:30:00.000Z', scheduled(), received(20, NOW))).toEqual([
      { code: 'missing_delivery', deliveryId: 'D1', dueDate: '2026-03-10', days: 1, pending: 40 },
    ]);
  });

  it('a delivery completed after its due date is late by the days between', () =>
    expect(flagsOf('2026-04-01T00:00:00.000Z', scheduled(), received(60, '2026-03-13T17:00:00.000Z'))).toEqual([
      { code: 'late_delivery', deliveryId: 'D1', dueDate: '2026-03-10', days: 3 },
    ]));

  it('a delivery completed on time raises nothing; a rejection does not complete it', () => {
    expect(flagsOf('2026-04-01T00:00:00.000Z', scheduled(), received(60, '2026-03-10T23:00:00.000Z'))).toEqual([]);
    expect(
      flagsOf('2026-03-12T18:00:00.000Z', scheduled(), received(60, '2026-03-09T17:00:00.000Z', 'rejected')),
    ).toMatchObject([{ code: 'missing_delivery', pending: 60 }]);
  });
});

describe('invoices', () => {
  const register = (amount: number, invoiceId = 'F1', cfdiUuid = UUID) =>
    cmd('RegisterInvoice', { invoiceId, cfdiUuid, folio: 'A-1', amount, issuedAt: NOW });

  it('registers the CFDI with its folio fiscal in lower case, for the contract supplier', () =>
    given().when(register(600_000), at(NOW)).then(invoiceRegistered()));

  it('refuses an invoice beyond what the contract still holds', () =>
    given(invoiceRegistered(600_000))
      .when(register(400_001, 'F2', '00000000-0000-4000-8000-000000000001'), at(NOW))
      .thenThrows('execution.invoice_exceeds_contract', { remaining: 400_000 }));

  it('a rejected invoice frees its amount and its CFDI', () =>
    given(invoiceRegistered(600_000), {
      type: 'InvoiceRejected',
      data: { contractId: 'C1', invoiceId: 'F1', reason: 'RFC equivocado', rejectedAt: NOW },
    })
      .when(register(1_000_000, 'F2'), at(NOW))
      .then({ ...invoiceRegistered(1_000_000, 'F2') }));

  it.each([
    ['execution.invalid_cfdi_uuid', register(10, 'F1', 'folio-1')],
    ['execution.invalid_amount', register(10.5)],
  ])('refuses with %s', (code, command) => given().when(command, at(NOW)).thenThrows(code));

  it('refuses the same CFDI twice', () =>
    given(invoiceRegistered(100)).when(register(100, 'F2'), at(NOW)).thenThrows('execution.duplicate_cfdi'));

  it('accepting starts the 20-day term of LAASSP art. 51 on the Mexico City calendar', () =>
    given(invoiceRegistered())
      .when(cmd('ReviewInvoice', { invoiceId: 'F1', decision: 'accepted' }), at('2026-03-03T04:00:00.000Z'))
      .then({
        type: 'InvoiceAccepted',
        // 22:00 on 2 March in Mexico City: the term ends on 22 March.
        data: {
          contractId: 'C1',
          invoiceId: 'F1',
          acceptedAt: '2026-03-03T04:00:00.000Z',
          paymentDueDate: '2026-03-22',
        },
      }));
});

describe('payments', () => {
  const pay = (amount: number, paidAt = NOW, paymentId = 'P1') =>
    cmd('RecordPayment', { paymentId, invoiceId: 'F1', amount, paidAt });

  it('a payment needs an accepted invoice', () =>
    given(invoiceRegistered()).when(pay(100), at(NOW)).thenThrows('execution.invoice_not_accepted'));

  it('refuses a payment beyond the invoice', () =>
    given(invoiceRegistered(600_000), accepted(), paid(500_000, NOW))
      .when(pay(100_001, NOW, 'P2'), at(NOW))
      .thenThrows('execution.payment_exceeds_invoice', { outstanding: 100_000 }));

  it('a payment in the future is refused', () =>
    given(invoiceRegistered(), accepted())
      .when(pay(100, '2026-03-05T00:00:00.000Z'), at(NOW))
      .thenThrows('execution.date_in_future'));

  it('paid in full on the 20th day: on time; on the 21st: one day late', () => {
    const base = [invoiceRegistered(600_000), accepted('2026-03-02T17:00:00.000Z')];
    expect(flagsOf('2026-05-01T00:00:00.000Z', ...base, paid(600_000, '2026-03-22T23:00:00.000Z'))).toEqual([]);
    expect(flagsOf('2026-05-01T00:00:00.000Z', ...base, paid(600_000, '2026-03-23T17:00:00.000Z'))).toEqual([
      {
        code: 'late_payment',
        invoiceId: 'F1',
        dueDate: '2026-03-22',
        days: 1,
        paid: true,
        legalBasis: 'LAASSP art. 51',
        termDays: 20,
      },
    ]);
  });

  it('an accepted invoice partly paid after its term is flagged as unpaid, the days growing', () =>
    expect(
      flagsOf('2026-03-30T18:00:00.000Z', invoiceRegistered(600_000), accepted(), paid(100_000, NOW)),
    ).toMatchObject([{ code: 'late_payment', days: 8, paid: false }]));
});

describe('penalties and the guarantee', () => {
  const penalty = (amount: number, penaltyId = 'X1') =>
    cmd('ApplyPenalty', { penaltyId, deliveryId: 'D1', amount, reason: 'Entrega con 3 días de atraso' });
  const late = [scheduled(), received(60, '2026-03-13T17:00:00.000Z')];
  const capSet: ExecutionEvent = {
    type: 'PenaltyCapSet',
    data: { contractId: 'C1', cap: 100_000, currency: 'MXN', reason: 'Cláusula décima', setAt: NOW },
  };
  const guarantee: ExecutionEvent = {
    type: 'GuaranteeRecorded',
    data: {
      contractId: 'C1',
      guaranteeId: 'G1',
      amount: 50_000,
      currency: 'MXN',
      issuer: 'Afianzadora Ejemplo',
      policyNumber: 'F-1',
      document: null,
      recordedAt: NOW,
    },
  };

  it('a penalty is for a late delivery', () =>
    given(scheduled(), capSet).when(penalty(10), at(NOW)).thenThrows('execution.delivery_not_late'));

  it('needs the cap the contract states', () =>
    given(...late)
      .when(penalty(10), at(NOW))
      .thenThrows('execution.penalty_cap_missing'));

  it('stays within the cap', () =>
    given(...late, capSet)
      .when(penalty(100_001), at(NOW))
      .thenThrows('execution.penalty_cap_exceeded', { cap: 100_000, applied: 0 }));

  it('the guarantee caps the penalties too (LAASSP art. 53)', () =>
    given(...late, capSet, guarantee)
      .when(penalty(50_001), at(NOW))
      .thenThrows('execution.penalty_cap_exceeded', { cap: 50_000 }));

  it('applies a penalty within the cap', () =>
    given(...late, capSet)
      .when(penalty(30_000), at(NOW))
      .then({
        type: 'PenaltyApplied',
        data: {
          contractId: 'C1',
          penaltyId: 'X1',
          deliveryId: 'D1',
          amount: 30_000,
          currency: 'MXN',
          reason: 'Entrega con 3 días de atraso',
          appliedAt: NOW,
        },
      }));

  it('releases the guarantee only once the contract is completed', () => {
    const release = cmd('ReleaseGuarantee', { guaranteeId: 'G1', reason: 'Contrato cumplido' });
    given(guarantee).when(release, at(NOW)).thenThrows('execution.contract_not_completed');
    given(guarantee)
      .when({ ...release, contract: { ...contract, status: 'completed' } }, at(NOW))
      .then({
        type: 'GuaranteeReleased',
        data: { contractId: 'C1', guaranteeId: 'G1', reason: 'Contrato cumplido', document: null, releasedAt: NOW },
      });
  });
});
