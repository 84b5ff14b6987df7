import { commitmentOf } from './commitment';
import type { PublishQuotationRequest, QuotationContent, SubmitQuotation } from './quotation.commands';
import type { QuotationEvent, QuotationSubmitted } from './quotation.events';

/** Builders for decider tests: a published quick request and sealed quotations whose contents are known. */
export const RFQ = 'rfq-1';
export const PUBLISHED_AT = '2026-03-02T16:00:00.000Z';
export const DEADLINE = '2026-03-04T16:00:00.000Z';

export const aRequest = (overrides: Partial<PublishQuotationRequest> = {}): PublishQuotationRequest => ({
  type: 'PublishQuotationRequest',
  rfqId: RFQ,
  kind: 'quick',
  buyingUnitId: 'unit-1',
  law: 'LAASSP',
  title: 'Tóner para impresoras',
  description: 'Cartuchos de tóner negro',
  classifierCode: '30125100-2',
  quantity: 20,
  unit: 'pieza',
  estimatedValue: { amount: 8_000_000, currency: 'MXN' },
  audience: { kind: 'classifier' },
  framework: null,
  deadline: DEADLINE,
  keyId: 'key-1',
  ...overrides,
});

export const published = (overrides: Partial<PublishQuotationRequest> = {}): QuotationEvent => {
  const { type: _type, ...request } = aRequest(overrides);
  return {
    type: 'QuotationRequestPublished',
    data: { ...request, threshold: { amount: 30_000_000, currency: 'MXN' }, publishedAt: PUBLISHED_AT },
  };
};

export const contentOf = (amount: number, salt = `salt-${amount}`): QuotationContent => ({
  amount: { amount, currency: 'MXN' },
  notes: '',
  salt,
});

const box = {
  tenderKeyId: 'key-1',
  algorithm: 'aes-256-gcm' as const,
  iv: 'aXY=',
  ciphertext: 'Y3Q=',
  authTag: 'dGFn',
};

export const aQuotation = (supplierId: string, amount: number, quotationId = `q-${supplierId}`): SubmitQuotation => ({
  type: 'SubmitQuotation',
  rfqId: RFQ,
  quotationId,
  supplierId,
  commitment: commitmentOf(contentOf(amount)),
  sealed: box,
  eligibility: 'eligible',
});

export const submitted = (
  supplierId: string,
  amount: number,
  submittedAt: string,
  quotationId = `q-${supplierId}`,
  replaces: string | null = null,
): QuotationSubmitted => ({
  type: 'QuotationSubmitted',
  data: {
    rfqId: RFQ,
    quotationId,
    supplierId,
    commitment: commitmentOf(contentOf(amount)),
    sealed: box,
    replaces,
    submittedAt,
  },
});

export const opened = (openedAt: string, ...quotations: Array<[string, number, string]>): QuotationEvent => ({
  type: 'QuotationsOpened',
  data: {
    rfqId: RFQ,
    openedAt,
    quotations: quotations.map(([supplierId, amount, submittedAt]) => ({
      quotationId: `q-${supplierId}`,
      supplierId,
      amount: { amount, currency: 'MXN' },
      notes: '',
      submittedAt,
    })),
  },
});
