import { base64Bytes } from '../../projections/supplier-proposals.projection';
import type { LotResult } from '../../projections/tender-view';
import { proposalState } from './supplier-desk.handler';

const lot = (overrides: Partial<LotResult> = {}): LotResult => ({
  lotId: 'lot-1',
  status: 'open',
  ranking: [],
  nonCompliant: [],
  auctionId: null,
  award: null,
  desertionReason: null,
  contractId: null,
  contractOutcome: null,
  ...overrides,
});
const award = (proposalId: string) => ({
  proposalId,
  supplierId: `supplier-of-${proposalId}`,
  amount: { amount: 100, currency: 'MXN' },
  basis: 'lowest_price',
  awardedAt: '2026-03-21T16:00:00.000Z',
  objectionPeriodEndsAt: '2026-03-29T16:00:00.000Z',
});
const opening = { openedAt: '2026-03-20T17:00:00.000Z', proposals: [] };
const mine = { proposalId: 'p-1', lotIds: ['lot-1'], withdrawnAt: null };
const view = (overrides: Record<string, unknown> = {}) =>
  ({ status: 'active.tendering', opening: null, lotResults: [lot()], cancellation: null, ...overrides }) as Parameters<
    typeof proposalState
  >[0];

describe("a proposal's state on the supplier's desk", () => {
  it('is withdrawn once withdrawn, whatever happened after', () => {
    expect(proposalState(view({ opening }), { ...mine, withdrawnAt: '2026-03-10T16:00:00.000Z' })).toBe('withdrawn');
  });

  it('is sealed until the opening act, then opened while under evaluation', () => {
    expect(proposalState(view(), mine)).toBe('sealed');
    expect(proposalState(view({ opening }), mine)).toBe('opened');
  });

  it('is awarded when one of its lots went to it, not awarded when they went to others or were deserted', () => {
    expect(proposalState(view({ opening, lotResults: [lot({ status: 'awarded', award: award('p-1') })] }), mine)).toBe(
      'awarded',
    );
    expect(proposalState(view({ opening, lotResults: [lot({ status: 'awarded', award: award('p-2') })] }), mine)).toBe(
      'not_awarded',
    );
    expect(proposalState(view({ opening, lotResults: [lot({ status: 'deserted' })] }), mine)).toBe('not_awarded');
  });

  it('is not compliant when every lot it offered found it so, and cancelled with the procedure', () => {
    const nonCompliant = [{ proposalId: 'p-1', supplierId: 's-1', reasons: ['Sin garantía'] }];
    expect(proposalState(view({ opening, lotResults: [lot({ nonCompliant })] }), mine)).toBe('not_compliant');
    expect(
      proposalState(
        view({ cancellation: { reason: 'Sin presupuesto', cancelledAt: '2026-03-12T16:00:00.000Z' } }),
        mine,
      ),
    ).toBe('cancelled');
  });
});

describe('the size of sealed bytes', () => {
  it('is counted from base64 without decoding', () => {
    for (const bytes of [0, 1, 2, 3, 4, 5, 100, 1001])
      expect(base64Bytes(Buffer.alloc(bytes, 7).toString('base64'))).toBe(bytes);
  });
});
