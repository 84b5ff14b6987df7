import type { AnswerMarketResearch, RequestMarketResearch } from './market-research.commands';
import type { AnswerData, MarketResearchEvent } from './market-research.events';

export const RESEARCH_ID = '3f1e0c52-7a0b-4c55-9e35-2d9b6a1f0c11';
export const UNIT_ID = 'unit-salud';
export const SENT_AT = '2026-03-02T15:00:00.000Z';
export const DEADLINE = '2026-03-09T15:00:00.000Z';

export const requestResearch = (overrides: Partial<RequestMarketResearch> = {}): RequestMarketResearch => ({
  type: 'RequestMarketResearch',
  researchId: RESEARCH_ID,
  buyingUnitId: UNIT_ID,
  title: 'Precios de referencia de computadoras portátiles',
  items: [
    { classifierCode: '30213100-6', description: 'Computadora portátil 14"', quantity: 40, unit: 'pieza' },
    { classifierCode: '30237200-1', description: 'Base de conexión USB-C', quantity: 40, unit: 'pieza' },
  ],
  deadline: DEADLINE,
  addressees: ['sup-b', 'sup-a'],
  ...overrides,
});

export const researchRequested = (overrides: Record<string, unknown> = {}): MarketResearchEvent => ({
  type: 'MarketResearchRequested',
  data: {
    researchId: RESEARCH_ID,
    buyingUnitId: UNIT_ID,
    title: 'Precios de referencia de computadoras portátiles',
    items: [
      {
        itemId: 'item-1',
        classifierCode: '30213100-6',
        description: 'Computadora portátil 14"',
        quantity: 40,
        unit: 'pieza',
      },
      {
        itemId: 'item-2',
        classifierCode: '30237200-1',
        description: 'Base de conexión USB-C',
        quantity: 40,
        unit: 'pieza',
      },
    ],
    deadline: DEADLINE,
    invited: false,
    supplierIds: ['sup-a', 'sup-b'],
    requestedAt: SENT_AT,
    ...overrides,
  },
});

export const answerResearch = (overrides: Partial<AnswerMarketResearch> = {}): AnswerMarketResearch => ({
  type: 'AnswerMarketResearch',
  researchId: RESEARCH_ID,
  supplierId: 'sup-a',
  prices: [{ itemId: 'item-1', unitPrice: { amount: 2_450_000, currency: 'MXN' } }],
  ...overrides,
});

export const answered = (at: string, overrides: Partial<AnswerData> = {}): MarketResearchEvent => ({
  type: (overrides.revision ?? 1) === 1 ? 'MarketResearchAnswered' : 'MarketResearchAnswerRevised',
  data: {
    researchId: RESEARCH_ID,
    supplierId: 'sup-a',
    prices: [{ itemId: 'item-1', unitPrice: { amount: 2_450_000, currency: 'MXN' } }],
    notes: null,
    validUntil: null,
    answeredAt: at,
    revision: 1,
    ...overrides,
  },
});
