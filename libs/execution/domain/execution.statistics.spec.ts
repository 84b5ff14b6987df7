import { termFlags } from './execution.flags';
import { contractFlagSummaries, executionStatistics, type PublicTerm } from './execution.statistics';

const term = (fields: Partial<PublicTerm> & Pick<PublicTerm, 'kind' | 'termId'>): PublicTerm => ({
  quantity: 10,
  done: 0,
  status: fields.kind === 'delivery' ? 'scheduled' : 'accepted',
  dueDate: '2026-03-10',
  completedAt: null,
  contractId: 'C1',
  tenderId: 'T1',
  buyingUnitId: 'U1',
  supplierId: 'S1',
  currency: 'MXN',
  ...fields,
});
// 18:00 UTC is noon in Mexico City: the calendar day is the same on both clocks.
const AS_OF = '2026-03-15T18:00:00.000Z';

describe('the flags of a due date, judged at the time of asking', () => {
  it('a delivery not complete is missing from the day after its due date, with no event', () => {
    const pending = term({ kind: 'delivery', termId: 'D1', done: 4 });
    expect(termFlags(pending, '2026-03-10T18:00:00.000Z')).toEqual([]);
    expect(termFlags(pending, '2026-03-11T18:00:00.000Z')).toEqual([
      { code: 'missing_delivery', deliveryId: 'D1', dueDate: '2026-03-10', days: 1, pending: 6 },
    ]);
  });

  it('a delivery completed after its due date is late by the Mexico City days between them', () => {
    // 02:00 UTC on the 13th is still the 12th in Mexico City.
    const done = term({ kind: 'delivery', termId: 'D1', done: 10, completedAt: '2026-03-13T02:00:00.000Z' });
    expect(termFlags(done, AS_OF)).toEqual([
      { code: 'late_delivery', deliveryId: 'D1', dueDate: '2026-03-10', days: 2 },
    ]);
  });

  it('an invoice not accepted, or rejected, has no payment term', () => {
    expect(termFlags(term({ kind: 'invoice', termId: 'F1', status: 'registered', dueDate: null }), AS_OF)).toEqual([]);
    expect(termFlags(term({ kind: 'invoice', termId: 'F1', status: 'rejected' }), AS_OF)).toEqual([]);
  });
});

describe('execution statistics per unit, year and currency', () => {
  const terms: PublicTerm[] = [
    term({ kind: 'delivery', termId: 'D1', done: 10, completedAt: '2026-03-12T18:00:00.000Z' }),
    term({ kind: 'delivery', termId: 'D2' }),
    term({ kind: 'delivery', termId: 'D3', done: 10, completedAt: '2026-03-01T18:00:00.000Z' }),
    // Paid in full 3 days late; unpaid 5 days past its term (part paid); on time.
    term({ kind: 'invoice', termId: 'F1', quantity: 100_000, done: 100_000, completedAt: '2026-03-13T18:00:00.000Z' }),
    term({ kind: 'invoice', termId: 'F2', quantity: 50_000, done: 20_000, contractId: 'C2' }),
    term({ kind: 'invoice', termId: 'F3', quantity: 70_000, done: 70_000, completedAt: '2026-03-10T18:00:00.000Z' }),
    // Another currency and another year: never added to the pesos.
    term({ kind: 'invoice', termId: 'F4', quantity: 9_000, currency: 'USD', contractId: 'C3' }),
    term({ kind: 'delivery', termId: 'D9', dueDate: '2025-12-30', done: 10, completedAt: '2025-12-29T18:00:00.000Z' }),
  ];

  it('counts late and missing deliveries, late payments, their mean days and amounts, each currency apart', () => {
    const rows = executionStatistics(terms, AS_OF);
    expect(rows.map((row) => [row.year, row.currency])).toEqual([
      [2026, 'MXN'],
      [2026, 'USD'],
      [2025, 'MXN'],
    ]);
    expect(rows[0]).toEqual({
      buyingUnitId: 'U1',
      year: 2026,
      currency: 'MXN',
      contracts: 2,
      deliveries: { scheduled: 3, late: 1, missing: 1, contractsFlagged: 1 },
      payments: {
        due: 3,
        late: 2,
        unpaidLate: 1,
        contractsFlagged: 2,
        averageDaysLate: 4,
        amountPaidLate: { amount: 100_000, currency: 'MXN' },
        amountOverdue: { amount: 30_000, currency: 'MXN' },
      },
    });
    expect(rows[1].payments).toMatchObject({ late: 1, amountOverdue: { amount: 9_000, currency: 'USD' } });
    expect(rows[2].deliveries).toEqual({ scheduled: 1, late: 0, missing: 0, contractsFlagged: 0 });
  });

  it('gives each contract one flag of each kind, with the most days late', () => {
    const summaries = contractFlagSummaries(terms, AS_OF);
    expect(summaries.filter((s) => s.contractId === 'C1')).toEqual([
      expect.objectContaining({ code: 'late_delivery', count: 1, days: 2 }),
      expect.objectContaining({ code: 'missing_delivery', count: 1, days: 5 }),
      expect.objectContaining({ code: 'late_payment', count: 1, days: 3, amount: 100_000, year: 2026 }),
    ]);
    expect(summaries.find((s) => s.contractId === 'C3')).toMatchObject({ currency: 'USD', amount: 9_000 });
  });
});
