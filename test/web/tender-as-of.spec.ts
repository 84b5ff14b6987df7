import {
  momentIndex,
  momentsOf,
  tenderAsOf,
  type LedgerEntry,
  type PastTenderView,
} from '../../apps/web/src/tender-as-of';
import type { PublicTender } from '../../apps/web/src/types';

const mxn = (amount: number) => ({ amount, currency: 'MXN' });

let position = 0;
const entry = (type: string, occurredAt: string): LedgerEntry => {
  position += 1;
  return {
    leafIndex: position,
    position: String(position),
    leafHash: `hash-${position}`,
    event: { position: String(position), type, metadata: { occurredAt } },
  };
};

describe('the moments of a tender', () => {
  const entries = [
    entry('TenderCreated', '2026-03-02T15:00:00.000Z'),
    entry('TenderDraftUpdated', '2026-03-02T15:30:00.000Z'),
    entry('TenderPublished', '2026-03-02T16:00:00.000Z'),
    entry('QuestionAsked', '2026-03-03T16:00:00.000Z'),
    { leafIndex: 99, position: '99', leafHash: 'gone', event: null },
    entry('ProposalsOpened', '2026-03-20T17:00:00.000Z'),
    entry('ProposalEvaluated', '2026-03-20T17:00:00.000Z'),
  ];

  it('starts at the publication (a draft is not public) and keeps the events of one instant together', () => {
    const moments = momentsOf(entries);
    expect(moments.map((m) => [m.at, m.events.map((e) => e.type)])).toEqual([
      ['2026-03-02T16:00:00.000Z', ['TenderPublished']],
      ['2026-03-03T16:00:00.000Z', ['QuestionAsked']],
      ['2026-03-20T17:00:00.000Z', ['ProposalsOpened', 'ProposalEvaluated']],
    ]);
    expect(moments[0].events[0]).toEqual({ type: 'TenderPublished', position: '3', leafHash: 'hash-3' });
  });

  it('finds the moment shown at an instant: the last one at or before it', () => {
    const moments = momentsOf(entries);
    expect(momentIndex(moments, '2026-03-02T15:59:59.999Z')).toBe(-1);
    expect(momentIndex(moments, '2026-03-02T16:00:00.000Z')).toBe(0);
    expect(momentIndex(moments, '2026-03-10T00:00:00-06:00')).toBe(1);
    expect(momentIndex(moments, '2027-01-01T00:00:00Z')).toBe(2);
  });
});

/** What the record and the past view say alike of the laptops tender. */
const LAPTOPS = {
  title: 'Laptops',
  description: '',
  category: 'goods' as const,
  procedureType: 'public_national' as const,
  awardCriterion: { type: 'lowest_price' as const },
  reverseAuction: true,
  currency: 'MXN',
};

/** The laptops tender as the public record shows it today: opened, auctioned, awarded, contracted and amended. */
function today(): PublicTender {
  const winner = { id: 'sup-a', name: 'Cómputo del Bajío, S.A. de C.V.' };
  const other = { id: 'sup-b', name: 'Sistemas Tapatíos, S.A. de C.V.' };
  return {
    tenderId: 't-1',
    status: 'contracted',
    buyingUnit: { id: 'unit-1', name: 'Hospital General' },
    ...LAPTOPS,
    value: mxn(26_500_000),
    lots: [],
    documents: [],
    schedule: null,
    directAward: null,
    invitedSuppliers: 0,
    publishedAt: '2026-03-02T16:00:00.000Z',
    clarifications: [],
    amendments: [],
    proposalsReceived: 2,
    opening: {
      openedAt: '2026-03-20T17:00:00.000Z',
      bidders: 2,
      proposals: [winner, other].map((supplier, i) => ({
        proposalId: `p-${i}`,
        supplier,
        submittedAt: '2026-03-10T16:00:00.000Z',
        commitment: 'c',
        lotIds: ['lot-1'],
        offers: [{ lotId: 'lot-1', value: mxn(24_000_000) }],
      })),
    },
    evaluation: null,
    auctions: [
      {
        auctionId: 'auc-1',
        lotId: 'lot-1',
        status: 'closed',
        startsAt: '2026-03-22T16:00:00.000Z',
        endsAt: '2026-03-22T16:10:00.000Z',
        participants: 2,
        closedAt: '2026-03-22T16:10:00.000Z',
        ranking: [{ rank: 1, supplier: winner, openingPrice: mxn(24_000_000), finalPrice: mxn(23_000_000), bids: 3 }],
        bestOpeningPrice: mxn(24_000_000),
        finalPrice: mxn(23_000_000),
        savings: { amount: mxn(1_000_000), basisPoints: 417 },
      },
    ],
    awards: [],
    challenges: [],
    contracts: [
      {
        contractId: 'con-1',
        lotId: 'lot-1',
        supplier: winner,
        originalValue: mxn(23_000_000),
        value: mxn(25_000_000),
        startDate: '2026-04-10T00:00:00.000Z',
        endDate: '2026-09-30T00:00:00.000Z',
        signedAt: '2026-04-06T16:00:00.000Z',
        status: 'completed',
        amendments: [
          {
            amendmentId: 'am-1',
            reason: 'Más equipos',
            amendedAt: '2026-05-01T16:00:00.000Z',
            value: mxn(25_000_000),
            endDate: '2026-09-30T00:00:00.000Z',
            changes: [{ path: 'endDate', before: '2026-08-31T00:00:00.000Z', after: '2026-09-30T00:00:00.000Z' }],
          },
        ],
        directAward: false,
        termination: null,
        closedAt: '2026-09-30T16:00:00.000Z',
      },
    ],
    cancellation: null,
    timeline: [
      { at: '2026-03-02T16:00:00.000Z', event: 'TenderPublished', key: 'k1', text: 'Se publicó la convocatoria.' },
      { at: '2026-03-20T17:00:00.000Z', event: 'ProposalsOpened', key: 'k2', text: 'Se abrieron 2 propuestas.' },
      { at: '2026-04-06T16:00:00.000Z', event: 'LotContracted', key: 'k3', text: 'Se firmó el contrato.' },
    ],
    redFlags: [
      { code: 'single_bidder', title: 'Un solo licitante', explanation: '', value: 1, threshold: 1, unit: 'bidders' },
    ],
  };
}

/** What `GET /api/tenders/t-1?asOf=` answers at `asOf`, with the lot's result given. */
function pastView(lotResult: Partial<PastTenderView['lotResults'][number]>): PastTenderView {
  return {
    tenderId: 't-1',
    status: 'auction',
    buyingUnitId: 'unit-1',
    ...LAPTOPS,
    lots: [
      {
        lotId: 'lot-1',
        title: 'Laptops',
        estimatedValue: mxn(26_500_000),
        items: [
          {
            itemId: 'i-1',
            classifierCode: '30213100-6',
            description: 'Laptop',
            quantity: 2.5,
            unit: 'pieza',
            estimatedUnitPrice: 333,
          },
        ],
      },
    ],
    estimatedTotal: mxn(26_500_000),
    documents: [],
    schedule: null,
    invitedSupplierIds: [],
    directAward: null,
    periodReduction: null,
    createdAt: '2026-03-01T16:00:00.000Z',
    publishedAt: '2026-03-02T16:00:00.000Z',
    questions: [],
    amendments: [],
    receipts: [],
    opening: {
      openedAt: '2026-03-20T17:00:00.000Z',
      proposals: ['sup-a', 'sup-b'].map((supplierId, i) => ({
        proposalId: `p-${i}`,
        supplierId,
        lotIds: ['lot-1'],
        commitment: 'c',
        submittedAt: '2026-03-10T16:00:00.000Z',
        offers: [{ lotId: 'lot-1', amount: mxn(24_000_000) }],
        content: {
          tenderId: 't-1',
          proposalId: `p-${i}`,
          supplierId,
          currency: 'MXN',
          lots: [{ lotId: 'lot-1', amount: 24_000_000, items: [{ itemId: 'i-1', unitPrice: 9_600_000 }] }],
          documents: [],
          salt: 's',
        },
      })),
    },
    evaluationCompletedAt: '2026-03-20T18:00:00.000Z',
    lotResults: [
      {
        lotId: 'lot-1',
        status: 'auction',
        ranking: [],
        nonCompliant: [],
        auctionId: null,
        award: null,
        desertionReason: null,
        contractId: null,
        contractOutcome: null,
        ...lotResult,
      },
    ],
    challenges: [],
    cancellation: null,
    closedAt: null,
  };
}

describe('the tender as the public saw it at a moment', () => {
  it('names the parties it shows, cuts the timeline to then, computes item amounts exactly, and judges no red flag', () => {
    const shown = tenderAsOf(pastView({}), '2026-03-21T00:00:00.000Z', today());
    expect(shown.buyingUnit).toEqual({ id: 'unit-1', name: 'Hospital General' });
    expect(shown.opening?.bidders).toBe(2);
    expect(shown.opening?.proposals.map((p) => p.supplier.name)).toEqual([
      'Cómputo del Bajío, S.A. de C.V.',
      'Sistemas Tapatíos, S.A. de C.V.',
    ]);
    expect(shown.proposalsReceived).toBe(2);
    expect(shown.timeline.map((e) => e.key)).toEqual(['k1', 'k2']);
    expect(shown.lots[0].items[0]).toMatchObject({ unitValue: mxn(333), estimatedValue: mxn(833) }); // 2.5 × 3.33 = 8.325, half up
    expect(shown.lots[0].status).toBe('auction');
    expect(shown.redFlags).toEqual([]);
    expect(shown.evaluation?.lots[0].goesToAuction).toBe(true);
  });

  it("keeps the submission period's legal rule (fixed at publication) and a practice tender's factor", () => {
    const rule = {
      law: 'LAASSP',
      version: 'LAASSP-2025',
      inForceFrom: '2025-04-17',
      procedureType: 'public_national',
      reduced: false,
      minimumDays: 15,
      appliedMinimumDays: 15,
      reference: 'LAASSP 2025 (DOF 16-04-2025)',
      verified: false,
    } as const;
    const now = { ...today(), submissionPeriod: rule };
    const shown = tenderAsOf({ ...pastView({}), timeAcceleration: 1440 }, '2026-03-21T00:00:00.000Z', now);
    expect(shown.submissionPeriod).toEqual(rule);
    expect(shown.timeAcceleration).toBe(1440);
    expect(tenderAsOf(pastView({}), '2026-03-21T00:00:00.000Z', today())).not.toHaveProperty('submissionPeriod');
  });

  it('shows an auction scheduled but without its outcome until the tender recorded the result', () => {
    const before = tenderAsOf(pastView({}), '2026-03-21T00:00:00.000Z', today());
    expect(before.auctions).toEqual([
      expect.objectContaining({
        auctionId: 'auc-1',
        status: 'scheduled',
        finalPrice: null,
        savings: null,
        ranking: [],
      }),
    ]);
    const after = tenderAsOf(pastView({ status: 'open', auctionId: 'auc-1' }), '2026-03-23T00:00:00.000Z', today());
    expect(after.auctions[0]).toMatchObject({ status: 'closed', finalPrice: mxn(23_000_000) });
    expect(tenderAsOf(pastView({ status: 'open' }), '2026-03-21T00:00:00.000Z', today()).auctions).toEqual([]);
  });

  it('shows a contract as signed before its later amendment, still in force, and no contract before the signature', () => {
    const award = {
      proposalId: 'p-0',
      supplierId: 'sup-a',
      amount: mxn(23_000_000),
      basis: 'auction',
      awardedAt: '2026-03-25T16:00:00.000Z',
      objectionPeriodEndsAt: null,
    };
    const signed = tenderAsOf(
      pastView({ status: 'contracted', auctionId: 'auc-1', award, contractId: 'con-1' }),
      '2026-04-20T00:00:00.000Z',
      today(),
    );
    expect(signed.contracts).toEqual([
      expect.objectContaining({
        contractId: 'con-1',
        value: mxn(23_000_000),
        endDate: '2026-08-31T00:00:00.000Z',
        status: 'active',
        amendments: [],
      }),
    ]);
    expect(signed.awards).toEqual([
      expect.objectContaining({
        supplier: { id: 'sup-a', name: 'Cómputo del Bajío, S.A. de C.V.' },
        value: mxn(23_000_000),
        status: 'active',
      }),
    ]);
    const closed = tenderAsOf(
      pastView({ status: 'closed', auctionId: 'auc-1', award, contractId: 'con-1', contractOutcome: 'completed' }),
      '2026-10-01T00:00:00.000Z',
      today(),
    );
    expect(closed.contracts[0]).toMatchObject({
      value: mxn(25_000_000),
      endDate: '2026-09-30T00:00:00.000Z',
      status: 'completed',
    });
    expect(
      tenderAsOf(pastView({ status: 'awarded', auctionId: 'auc-1', award }), '2026-04-01T00:00:00.000Z', today())
        .contracts,
    ).toEqual([]);
  });
});
