import { applyImplementation, renderImplementation, type ImplementationEvent } from './ocds-implementation';

const events: ImplementationEvent[] = [
  {
    type: 'DeliveryScheduled',
    data: {
      contractId: 'C1',
      deliveryId: 'D1',
      itemId: 'I1',
      quantity: 10,
      unit: 'caja',
      place: 'Almacén',
      dueDate: '2026-03-10',
      scheduledAt: '2026-03-02T16:00:00.000Z',
    },
  },
  {
    type: 'DeliveryReceived',
    data: {
      contractId: 'C1',
      receiptId: 'R1',
      deliveryId: 'D1',
      quantity: 4,
      outcome: 'accepted',
      reason: null,
      receivedAt: '2026-03-09T17:00:00.000Z',
      recordedAt: '2026-03-09T17:00:00.000Z',
      documents: [
        {
          documentId: 'acta-1',
          title: 'Acta',
          fileName: 'acta.pdf',
          mediaType: 'application/pdf',
          sha256: 'a'.repeat(64),
        },
      ],
    },
  },
  {
    type: 'PaymentRecorded',
    data: {
      contractId: 'C1',
      paymentId: 'P1',
      invoiceId: 'F1',
      amount: 12_345,
      currency: 'MXN',
      paidAt: '2026-04-01T17:00:00.000Z',
      recordedAt: '2026-04-01T17:00:00.000Z',
      buyingUnitId: 'U1',
      supplierId: 'S1',
    },
  },
];

const render = (list: ImplementationEvent[]) =>
  renderImplementation(
    list.reduce(applyImplementation, undefined as never),
    (id) => ({ id, name: `nombre de ${id}` }),
    (doc) => ({ id: doc.documentId, documentType: doc.documentType }),
  );

describe("a contract's OCDS implementation", () => {
  it('has a milestone per delivery, partly met, a transaction per payment (payer → payee) and the receipts acts', () =>
    expect(render(events)).toEqual({
      transactions: [
        {
          id: 'P1',
          date: '2026-04-01T17:00:00.000Z',
          value: { amount: 123.45, currency: 'MXN' },
          payer: { id: 'buying-unit-U1', name: 'nombre de buying-unit-U1' },
          payee: { id: 'supplier-S1', name: 'nombre de supplier-S1' },
        },
      ],
      milestones: [
        {
          id: 'delivery-D1',
          title: 'Entrega de 10 caja de la partida I1 en Almacén',
          type: 'delivery',
          dueDate: '2026-03-11T05:59:59.000Z',
          status: 'partiallyMet',
          dateModified: '2026-03-09T17:00:00.000Z',
        },
      ],
      documents: [{ id: 'acta-1', documentType: 'physicalProgressReport' }],
    }));

  it('a delivery scheduled twice (a batch applied again) is one milestone', () =>
    expect((render([events[0], events[0]]).milestones as unknown[]).length).toBe(1));
});
