import type { EstablishFrameworkAgreement, PlaceFrameworkOrder } from './framework.commands';
import type { FrameworkAgreementEstablished, FrameworkOrderPlaced } from './framework.events';

/** Scenario builders for the framework decider's tests: a paper agreement of two suppliers, in force in 2026. */
export const AGREEMENT_ID = 'fa-paper-2026';
export const CENTRAL_UNIT = 'unit-central';
export const ORDERING_UNIT = 'unit-hospital';
export const SUPPLIER_A = 'sup-a';
export const SUPPLIER_B = 'sup-b';
const STATES = ['01', '09', '14', '15'];

export const establishAgreement = (
  overrides: Partial<EstablishFrameworkAgreement> = {},
): EstablishFrameworkAgreement => ({
  type: 'EstablishFrameworkAgreement',
  agreementId: AGREEMENT_ID,
  centralBuyingUnitId: CENTRAL_UNIT,
  tenderId: 'tender-paper',
  title: 'Papel bond para oficina 2026',
  validFrom: '2026-01-01T06:00:00.000Z',
  validTo: '2027-01-01T06:00:00.000Z',
  regions: ['09', '15'],
  authorisedBuyingUnitIds: 'all',
  items: [
    {
      itemId: 'paper-a4',
      classification: { scheme: 'CUCOP', id: '21100001' },
      description: 'Papel bond tamaño carta, 75 g, caja de 10 paquetes',
      unit: 'caja',
      priceFixed: true,
      prices: [
        { supplierId: SUPPLIER_A, unitPrice: { amount: '450.00', currency: 'MXN' } },
        { supplierId: SUPPLIER_B, unitPrice: { amount: '430.50', currency: 'MXN' } },
      ],
      maxQuantity: 1000,
    },
    {
      itemId: 'toner',
      classification: { scheme: 'CUCOP', id: '21400001' },
      description: 'Tóner para impresora láser',
      unit: 'pieza',
      priceFixed: false,
    },
  ],
  ceilings: [{ amount: '10000.00', currency: 'MXN' }],
  facts: {
    centralBody: true,
    procedure: { buyingUnitId: CENTRAL_UNIT, awardedSupplierIds: [SUPPLIER_A, SUPPLIER_B] },
    knownStateCodes: STATES,
  },
  ...overrides,
});

export const agreementEstablished = (): FrameworkAgreementEstablished => ({
  type: 'FrameworkAgreementEstablished',
  data: {
    agreementId: AGREEMENT_ID,
    tenderId: 'tender-paper',
    centralBuyingUnitId: CENTRAL_UNIT,
    title: 'Papel bond para oficina 2026',
    validFrom: '2026-01-01T06:00:00.000Z',
    validTo: '2027-01-01T06:00:00.000Z',
    regions: ['09', '15'],
    authorisedBuyingUnitIds: 'all',
    suppliers: [{ supplierId: SUPPLIER_A }, { supplierId: SUPPLIER_B }],
    items: [
      {
        itemId: 'paper-a4',
        classification: { scheme: 'CUCOP', id: '21100001' },
        description: 'Papel bond tamaño carta, 75 g, caja de 10 paquetes',
        unit: 'caja',
        priceFixed: true,
        prices: [
          { supplierId: SUPPLIER_A, unitPrice: { amount: 45_000, currency: 'MXN' } },
          { supplierId: SUPPLIER_B, unitPrice: { amount: 43_050, currency: 'MXN' } },
        ],
        maxQuantity: 1000,
      },
      {
        itemId: 'toner',
        classification: { scheme: 'CUCOP', id: '21400001' },
        description: 'Tóner para impresora láser',
        unit: 'pieza',
        priceFixed: false,
        prices: [
          { supplierId: SUPPLIER_A, unitPrice: null },
          { supplierId: SUPPLIER_B, unitPrice: null },
        ],
        maxQuantity: null,
      },
    ],
    ceilings: [{ amount: 1_000_000, currency: 'MXN' }],
    establishedAt: '2026-01-15T16:00:00.000Z',
  },
});

export const placeOrder = (overrides: Partial<PlaceFrameworkOrder> = {}): PlaceFrameworkOrder => ({
  type: 'PlaceFrameworkOrder',
  agreementId: AGREEMENT_ID,
  orderId: 'order-1',
  buyingUnitId: ORDERING_UNIT,
  supplierId: SUPPLIER_B,
  lines: [{ itemId: 'paper-a4', quantity: 10, unitPrice: { amount: '430.50', currency: 'MXN' } }],
  origin: { kind: 'catalogue' },
  buyingUnitStateCode: '09',
  ...overrides,
});

export const orderPlaced = (overrides: Partial<FrameworkOrderPlaced['data']> = {}): FrameworkOrderPlaced => ({
  type: 'FrameworkOrderPlaced',
  data: {
    agreementId: AGREEMENT_ID,
    orderId: 'order-1',
    buyingUnitId: ORDERING_UNIT,
    supplierId: SUPPLIER_B,
    lines: [
      {
        itemId: 'paper-a4',
        quantity: 10,
        unitPrice: { amount: 43_050, currency: 'MXN' },
        total: { amount: 430_500, currency: 'MXN' },
      },
    ],
    totals: [{ amount: 430_500, currency: 'MXN' }],
    origin: { kind: 'catalogue' },
    placedAt: '2026-01-15T16:00:00.000Z',
    ...overrides,
  },
});
