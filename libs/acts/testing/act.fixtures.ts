import type { ActProcedure, AuctionResultAct, OpeningAct, RulingAct } from '../domain/act.types';

export const aProcedure = (overrides: Partial<ActProcedure> = {}): ActProcedure => ({
  tenderId: '7f0c1d2e-0000-4000-8000-000000000001',
  title: 'Adquisición de equipo de cómputo',
  buyingUnit: 'Unidad UC-0001 (UC-0001)',
  procedureType: 'public_national',
  lots: [
    { lotId: 'lot-1', title: 'Computadoras portátiles' },
    { lotId: 'lot-2', title: 'Impresoras' },
  ],
  ...overrides,
});

const alamo = { supplierId: 'supplier-a', name: 'Constructora Álamo, S.A. de C.V.', rfc: 'CAL010101AB1' };
const balam = { supplierId: 'supplier-b', name: 'Grupo Balam, S.A. de C.V.', rfc: 'GBA020202CD2' };

export const anOpeningAct = (overrides: Partial<OpeningAct> = {}): OpeningAct => ({
  kind: 'opening',
  procedure: aProcedure(),
  event: { position: '42', occurredAt: '2026-03-20T17:00:00.000Z' },
  proposals: [
    {
      proposalId: 'proposal-a',
      supplier: alamo,
      commitment: 'a'.repeat(64),
      submittedAt: '2026-03-18T16:00:00.000Z',
      lots: [
        { lotId: 'lot-1', amount: { amount: 123_456_789, currency: 'MXN' } },
        { lotId: 'lot-2', amount: { amount: 50_000, currency: 'MXN' } },
      ],
    },
    {
      proposalId: 'proposal-b',
      supplier: balam,
      commitment: 'b'.repeat(64),
      submittedAt: '2026-03-19T16:00:00.000Z',
      lots: [{ lotId: 'lot-1', amount: { amount: 120_000_000, currency: 'MXN' } }],
    },
  ],
  ...overrides,
});

export const aRulingAct = (overrides: Partial<RulingAct> = {}): RulingAct => ({
  kind: 'ruling',
  procedure: aProcedure(),
  event: { position: '57', occurredAt: '2026-03-25T18:00:00.000Z' },
  lots: [
    {
      lotId: 'lot-1',
      award: {
        supplier: balam,
        amount: { amount: 120_000_000, currency: 'MXN' },
        basis: 'evaluation',
        awardedAt: '2026-03-25T18:00:00.000Z',
        objectionPeriodEndsAt: '2026-04-01T18:00:00.000Z',
      },
      desertionReason: null,
      nonCompliant: [{ supplier: alamo, reasons: ['Sin garantía'] }],
    },
    { lotId: 'lot-2', award: null, desertionReason: 'no_compliant_proposal', nonCompliant: [] },
  ],
  ...overrides,
});

export const anAuctionResultAct = (overrides: Partial<AuctionResultAct> = {}): AuctionResultAct => ({
  kind: 'auction_result',
  auctionId: 'auction-1',
  procedure: aProcedure(),
  lotId: 'lot-1',
  currency: 'MXN',
  endsAt: '2026-03-22T17:10:00.000Z',
  event: { position: '63', occurredAt: '2026-03-22T17:10:01.000Z' },
  ranking: [
    { rank: 1, label: 'Participante 2', supplier: alamo, openingPrice: 25_000_000, finalPrice: 23_500_000, bids: 1 },
    { rank: 2, label: 'Participante 1', supplier: balam, openingPrice: 24_000_000, finalPrice: 23_600_000, bids: 1 },
  ],
  savings: { amount: 500_000, basisPoints: 208 },
  ...overrides,
});
