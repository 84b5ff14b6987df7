import { at, deciderSpec } from '../../../test/support/decider-spec';
import type { ChallengeAward, ResolveChallenge, TenderCommand } from './tender.commands';
import { evaluationBlind } from './auction-anonymity';
import { tenderDecider } from './tender.decider';
import type { TenderEvent } from './tender.events';
import {
  aDirectAward,
  aDraftTender,
  anAwardedTender,
  anEvaluatedTender,
  anOpenedTender,
  aProposal,
  aTenderReadyForContract,
  aTenderWithProposals,
  advanceClock,
  awardTender,
  evaluate,
  HOUR,
  laptopsAt,
  ms,
  play,
  standing,
  stateOf,
  submitProposal,
  SUPPLIER,
  T,
  TENDER_ID,
  twoLots,
  DAY,
  PROPOSAL,
} from './tender.scenarios';
import type { TenderContentInput } from './tender.types';

const given = deciderSpec(tenderDecider);
const { A, B, C } = PROPOSAL;
const completeEvaluation: TenderCommand = { type: 'CompleteEvaluation', tenderId: TENDER_ID };
const points = (technicalWeight: number, economicWeight: number): Partial<TenderContentInput> => ({
  awardCriterion: { type: 'points_and_percentages', technicalWeight, economicWeight },
});
const mxn = (amount: number) => ({ amount, currency: 'MXN' });

describe('evaluating proposals', () => {
  it('records a compliant evaluation and starts the evaluation', () => {
    given(...anOpenedTender([A]))
      .when(evaluate(A.proposalId, 'lot-1'), at(T.evaluated))
      .then({
        type: 'ProposalEvaluated',
        data: {
          tenderId: TENDER_ID,
          proposalId: A.proposalId,
          supplierId: SUPPLIER.A,
          lotId: 'lot-1',
          compliant: true,
          reasons: [],
          technicalPoints: null,
          evaluatedAt: T.evaluated,
        },
      });
    expect(
      given(...anOpenedTender([A]))
        .when(evaluate(A.proposalId, 'lot-1'), at(T.evaluated))
        .thenState().status,
    ).toBe('evaluation');
  });

  it('refuses a non-compliant evaluation without reasons', () =>
    given(...anOpenedTender([A]))
      .when(evaluate(A.proposalId, 'lot-1', { compliant: false, reasons: [' '] }), at(T.evaluated))
      .thenThrows('evaluation.reason_required'));

  it('needs technical points between 0 and 100 under points and percentages, and none under lowest price', () => {
    given(...anOpenedTender([A], points(60, 40)))
      .when(evaluate(A.proposalId, 'lot-1'), at(T.evaluated))
      .thenThrows('evaluation.points_required');
    given(...anOpenedTender([A], points(60, 40)))
      .when(evaluate(A.proposalId, 'lot-1', { technicalPoints: 100.5 }), at(T.evaluated))
      .thenThrows('evaluation.points_out_of_range');
    given(...anOpenedTender([A]))
      .when(evaluate(A.proposalId, 'lot-1', { technicalPoints: 80 }), at(T.evaluated))
      .thenThrows('evaluation.points_not_applicable');
  });

  it('refuses evaluating a lot the proposal does not cover, or a proposal that was not opened', () => {
    given(...anOpenedTender([A], twoLots()))
      .when(evaluate(A.proposalId, 'lot-2'), at(T.evaluated))
      .thenThrows('evaluation.lot_not_covered', { lotId: 'lot-2' });
    given(...anOpenedTender([A]))
      .when(evaluate('prop-x', 'lot-1'), at(T.evaluated))
      .thenThrows('proposal.not_found');
  });

  it('refuses evaluating before the opening act', () =>
    given(...aTenderWithProposals([A]))
      .when(evaluate(A.proposalId, 'lot-1'), at(T.evaluated))
      .thenThrows('tender.invalid_transition', { status: 'active.awaiting_opening' }));

  it('lets the evaluator correct an evaluation before completing, and ignores a repeat', () => {
    const evaluated = play(anOpenedTender([A]), evaluate(A.proposalId, 'lot-1'), T.evaluated);
    given(...evaluated)
      .when(evaluate(A.proposalId, 'lot-1'), at(T.evaluated))
      .thenNothing();
    const state = given(...evaluated)
      .when(evaluate(A.proposalId, 'lot-1', { compliant: false, reasons: ['Sin garantía'] }), at(T.evaluated))
      .thenState();
    expect(state.evaluations[`${A.proposalId}|lot-1`]).toMatchObject({ compliant: false, reasons: ['Sin garantía'] });
  });

  it('refuses completing while a proposal is not evaluated for a lot it covers', () =>
    given(...play(anOpenedTender([A, B]), evaluate(A.proposalId, 'lot-1'), T.evaluated))
      .when(completeEvaluation, at(T.evaluated))
      .thenThrows('evaluation.incomplete', { missing: [{ proposalId: B.proposalId, lotId: 'lot-1' }] }));
});

describe('evaluating proposals', () => {
  it('refuses evaluating or completing again once completed', () => {
    given(...anEvaluatedTender([A]))
      .when(completeEvaluation, at(T.evaluated))
      .thenThrows('evaluation.already_completed');
    given(...anEvaluatedTender([A]))
      .when(evaluate(A.proposalId, 'lot-1'), at(T.evaluated))
      .thenThrows('evaluation.already_completed');
  });
});

describe('ranking', () => {
  const completedLot = (history: TenderEvent[]) =>
    history.find((e) => e.type === 'EvaluationCompleted')?.data as {
      lots: Array<{ ranking: unknown[]; nonCompliant: unknown[] }>;
    };

  it('ranks by the lowest compliant price and lists the non-compliant with their reasons', () => {
    const history = anEvaluatedTender(
      [A, B, C],
      {},
      { [`${C.proposalId}|lot-1`]: { compliant: false, reasons: ['No acredita experiencia'] } },
    );
    expect(completedLot(history).lots[0]).toEqual({
      lotId: 'lot-1',
      ranking: [
        {
          rank: 1,
          proposalId: B.proposalId,
          supplierId: SUPPLIER.B,
          amount: mxn(24_000_000),
          submittedAt: ms(T.questionsDeadline, 2 * HOUR),
          technicalPoints: null,
          score: null,
        },
        {
          rank: 2,
          proposalId: A.proposalId,
          supplierId: SUPPLIER.A,
          amount: mxn(25_000_000),
          submittedAt: ms(T.questionsDeadline, HOUR),
          technicalPoints: null,
          score: null,
        },
      ],
      nonCompliant: [{ proposalId: C.proposalId, supplierId: SUPPLIER.C, reasons: ['No acredita experiencia'] }],
      goesToAuction: false,
    });
  });

  it('breaks a price tie in favour of the earlier submission', () => {
    const sameAsA = aProposal(SUPPLIER.B, laptopsAt(2_400_000));
    const ranking = completedLot(anEvaluatedTender([A, sameAsA])).lots[0].ranking as Array<{ supplierId: string }>;
    expect(ranking.map((r) => r.supplierId)).toEqual([SUPPLIER.A, SUPPLIER.B]);
  });

  it('counts a replaced proposal from its replacement', () => {
    const sameAsA = aProposal(SUPPLIER.B, laptopsAt(2_400_000));
    let history = aTenderWithProposals([A, sameAsA]);
    history = play(history, { ...submitProposal(A), type: 'ReplaceProposal' }, ms(T.questionsDeadline, 3 * HOUR));
    history = play(
      history,
      {
        type: 'OpenProposals',
        tenderId: TENDER_ID,
        revealed: [A, sameAsA].map((content) => ({ proposalId: content.proposalId, content })),
      },
      T.openingDate,
    );
    history = play(
      play(history, evaluate(A.proposalId, 'lot-1'), T.evaluated),
      evaluate(sameAsA.proposalId, 'lot-1'),
      T.evaluated,
    );
    history = play(history, completeEvaluation, T.evaluated);
    expect((completedLot(history).lots[0].ranking as Array<{ supplierId: string }>).map((r) => r.supplierId)).toEqual([
      SUPPLIER.B,
      SUPPLIER.A,
    ]);
  });
});

describe('ranking', () => {
  const completedLot = (history: TenderEvent[]) =>
    history.find((e) => e.type === 'EvaluationCompleted')?.data as {
      lots: Array<{ ranking: unknown[]; nonCompliant: unknown[] }>;
    };

  it('scores points and percentages: weight × technical points / 100 + weight × lowest price / price', () => {
    const history = anEvaluatedTender([A, B], points(60, 40), {
      [`${A.proposalId}|lot-1`]: { technicalPoints: 90 },
      [`${B.proposalId}|lot-1`]: { technicalPoints: 70 },
    });
    const ranking = completedLot(history).lots[0].ranking as Array<{
      supplierId: string;
      score: number;
      technicalPoints: number;
    }>;
    // A: 60 × 0.90 + 40 × 24.0 / 25.0 = 54 + 38.4 = 92.4; B: 60 × 0.70 + 40 = 82
    expect(ranking.map(({ supplierId, score, technicalPoints }) => ({ supplierId, score, technicalPoints }))).toEqual([
      { supplierId: SUPPLIER.A, score: 92.4, technicalPoints: 90 },
      { supplierId: SUPPLIER.B, score: 82, technicalPoints: 70 },
    ]);
  });

  it('breaks a score tie in favour of the lower price, before the earlier submission', () => {
    const expensive = aProposal(SUPPLIER.A, laptopsAt(2_400_000)); // 25 000 000, submitted first
    const cheap = aProposal(SUPPLIER.B, laptopsAt(1_900_000)); // 20 000 000
    const history = anEvaluatedTender([expensive, cheap], points(50, 50), {
      [`${expensive.proposalId}|lot-1`]: { technicalPoints: 80 }, // 40 + 50 × 20/25 = 80
      [`${cheap.proposalId}|lot-1`]: { technicalPoints: 60 }, // 30 + 50 = 80
    });
    const ranking = completedLot(history).lots[0].ranking as Array<{ supplierId: string; score: number }>;
    expect(ranking.map((r) => [r.supplierId, r.score])).toEqual([
      [SUPPLIER.B, 80],
      [SUPPLIER.A, 80],
    ]);
  });

  it('deserts a lot without a compliant proposal, and the tender when no lot is left', () => {
    const history = anEvaluatedTender(
      [A],
      {},
      { [`${A.proposalId}|lot-1`]: { compliant: false, reasons: ['Sin registro sanitario'] } },
    );
    expect(history.slice(-2)).toEqual([
      {
        type: 'LotDeserted',
        data: { tenderId: TENDER_ID, lotId: 'lot-1', reason: 'no_compliant_proposal', desertedAt: T.evaluated },
      },
      { type: 'TenderDeserted', data: { tenderId: TENDER_ID, desertedAt: T.evaluated } },
    ]);
    expect(stateOf(history).status).toBe('deserted');
  });

  it('sends a lot with two or more compliant proposals to the reverse auction, and keeps a lot with one out of it', () => {
    const printersA = aProposal(SUPPLIER.A, { 'lot-1': laptopsAt(2_400_000)['lot-1'], 'lot-2': { 'item-3': 700_000 } });
    const history = anEvaluatedTender([printersA, B], { ...twoLots(), reverseAuction: true });
    const state = stateOf(history);
    expect(state.status).toBe('auction');
    expect(state.lots['lot-1'].status).toBe('auction');
    expect(state.lots['lot-2'].status).toBe('open');
  });

  it('marks an evaluation sealed until the auction, with a blind from the opened salts; none without an auction', () => {
    const completed = (reverseAuction: boolean) =>
      anEvaluatedTender([A, B], { reverseAuction }).find((e) => e.type === 'EvaluationCompleted')!.data as Record<
        string,
        unknown
      >;
    expect(completed(true)).toMatchObject({
      offersSealedUntilAuction: true,
      blind: evaluationBlind([A.salt, B.salt]),
    });
    expect(completed(true).blind).toMatch(/^[0-9a-f]{64}$/);
    expect(completed(false)).not.toHaveProperty('offersSealedUntilAuction');
    expect(completed(false)).not.toHaveProperty('blind');
  });
});

describe('the award (fallo)', () => {
  it('awards each lot to its best compliant proposal, with an objection period', () =>
    given(...anEvaluatedTender([A, B]))
      .when(awardTender(), at(T.awarded))
      .then({
        type: 'LotAwarded',
        data: {
          tenderId: TENDER_ID,
          lotId: 'lot-1',
          proposalId: B.proposalId,
          supplierId: SUPPLIER.B,
          amount: mxn(24_000_000),
          basis: 'evaluation',
          auctionId: null,
          awardedAt: T.awarded,
          objectionPeriodEndsAt: T.objectionPeriodEnds,
        },
      }));

  it('refuses the award before the evaluation is completed', () =>
    given(...play(anOpenedTender([A]), evaluate(A.proposalId, 'lot-1'), T.evaluated))
      .when(awardTender(), at(T.awarded))
      .thenThrows('evaluation.not_completed'));

  it('awards the lots left after others were deserted', () => {
    const printersOnly = aProposal(SUPPLIER.C, { 'lot-2': { 'item-3': 700_000 } });
    const history = anEvaluatedTender([A, printersOnly], twoLots(), {
      [`${A.proposalId}|lot-1`]: { compliant: false, reasons: ['Garantía insuficiente'] },
    });
    const state = given(...history)
      .when(awardTender(), at(T.awarded))
      .thenState();
    expect(state.status).toBe('awarded');
    expect(state.lots['lot-1'].status).toBe('deserted');
    expect(state.lots['lot-2'].award).toMatchObject({ supplierId: SUPPLIER.C, amount: mxn(2_800_000) });
  });

  it('passes over a better-ranked supplier sanctioned or unverified at the award, and says so', () => {
    const sanctionedB = {
      ...awardTender(),
      standings: [standing(SUPPLIER.B, { sanctioned: true }), standing(SUPPLIER.A)],
    };
    given(...anEvaluatedTender([A, B]))
      .when(sanctionedB, at(T.awarded))
      .then({
        type: 'LotAwarded',
        data: {
          tenderId: TENDER_ID,
          lotId: 'lot-1',
          proposalId: A.proposalId,
          supplierId: SUPPLIER.A,
          amount: mxn(25_000_000),
          basis: 'evaluation',
          auctionId: null,
          awardedAt: T.awarded,
          objectionPeriodEndsAt: T.objectionPeriodEnds,
          passedOver: [{ supplierId: SUPPLIER.B, verified: true, sanctioned: true }],
        },
      });
  });
});

describe('the award (fallo)', () => {
  it('deserts a lot whose every compliant supplier may not be awarded', () => {
    const noneEligible = {
      ...awardTender(),
      standings: [standing(SUPPLIER.A, { verified: false }), standing(SUPPLIER.B, { sanctioned: true })],
    };
    const state = given(...anEvaluatedTender([A, B]))
      .when(noneEligible, at(T.awarded))
      .thenState();
    expect(state.lots['lot-1'].status).toBe('deserted');
    expect(state.status).toBe('deserted');
  });
});

describe('the award (fallo)', () => {
  describe('after a reverse auction', () => {
    const auctioned = () => anEvaluatedTender([A, B, C], { reverseAuction: true });
    const result = (ranking: Array<[string, number]>) => [
      {
        lotId: 'lot-1',
        auctionId: 'auction-1',
        ranking: ranking.map(([supplierId, amount]) => ({ supplierId, amount })),
      },
    ];

    it('awards to the auction’s winner at its final price and records the auction ranking', () => {
      const events = tenderDecider.decide(
        awardTender(
          result([
            [SUPPLIER.A, 23_000_000],
            [SUPPLIER.B, 23_100_000],
            [SUPPLIER.C, 24_500_000],
          ]),
        ),
        stateOf(auctioned()),
        at(T.awarded),
      );
      expect(events[0]).toEqual({
        type: 'AuctionResultRecorded',
        data: {
          tenderId: TENDER_ID,
          lotId: 'lot-1',
          auctionId: 'auction-1',
          ranking: [
            { rank: 1, proposalId: A.proposalId, supplierId: SUPPLIER.A, amount: mxn(23_000_000) },
            { rank: 2, proposalId: B.proposalId, supplierId: SUPPLIER.B, amount: mxn(23_100_000) },
            { rank: 3, proposalId: C.proposalId, supplierId: SUPPLIER.C, amount: mxn(24_500_000) },
          ],
        },
      });
      expect(events[1].data).toMatchObject({
        proposalId: A.proposalId,
        supplierId: SUPPLIER.A,
        amount: mxn(23_000_000),
        basis: 'auction',
        auctionId: 'auction-1',
      });
    });

    it('needs the auction result of every lot that went to auction, and no other', () => {
      given(...auctioned())
        .when(awardTender(), at(T.awarded))
        .thenThrows('award.auction_result_required', { lotId: 'lot-1' });
      given(...anEvaluatedTender([A, B]))
        .when(awardTender(result([[SUPPLIER.A, 1]])), at(T.awarded))
        .thenThrows('award.auction_result_not_expected', { lotId: 'lot-1' });
    });

    it('refuses a result that leaves out a bidder, ranks a stranger, raises a price or is out of order', () => {
      // Each ranking is the suppliers' final prices, best first.
      const cases: Array<[Record<string, number>, string]> = [
        [{ [SUPPLIER.A]: 23_000_000, [SUPPLIER.B]: 23_100_000 }, 'participants'],
        [{ [SUPPLIER.A]: 23_000_000, [SUPPLIER.B]: 23_100_000, [SUPPLIER.D]: 23_200_000 }, 'not_a_compliant_bidder'],
        [{ [SUPPLIER.A]: 23_000_000, [SUPPLIER.B]: 23_100_000, [SUPPLIER.C]: 24_500_001 }, 'above_proposal'],
        [{ [SUPPLIER.A]: 23_100_000, [SUPPLIER.B]: 23_000_000, [SUPPLIER.C]: 24_000_000 }, 'order'],
      ];
      for (const [ranking, problem] of cases)
        given(...auctioned())
          .when(awardTender(result(Object.entries(ranking))), at(T.awarded))
          .thenThrows('award.auction_result_invalid', { problem });
    });
  });
});

const challenge = (overrides: Partial<ChallengeAward> = {}): ChallengeAward => ({
  type: 'ChallengeAward',
  tenderId: TENDER_ID,
  challengeId: 'challenge-1',
  lotId: 'lot-1',
  supplierId: SUPPLIER.A,
  grounds: 'La propuesta ganadora no acredita la garantía de 3 años.',
  ...overrides,
});
const resolve = (overrides: Partial<ResolveChallenge> = {}): ResolveChallenge => ({
  type: 'ResolveChallenge',
  tenderId: TENDER_ID,
  challengeId: 'challenge-1',
  upheld: false,
  reason: 'La garantía está acreditada en el anexo 4.',
  ...overrides,
});
const recordContract = (lotId = 'lot-1', contractId = 'contract-1'): TenderCommand => ({
  type: 'RecordContractSigned',
  tenderId: TENDER_ID,
  lotId,
  contractId,
});

describe('the objection period', () => {
  const awarded = () => anAwardedTender([A, B]); // B wins lot-1
  const challenged = () => play(awarded(), challenge(), ms(T.awarded, DAY));

  it('accepts a bidder’s challenge until one millisecond before the period ends', () =>
    given(...awarded())
      .when(challenge(), at(ms(T.objectionPeriodEnds, -1)))
      .then({
        type: 'AwardChallenged',
        data: {
          tenderId: TENDER_ID,
          challengeId: 'challenge-1',
          lotId: 'lot-1',
          supplierId: SUPPLIER.A,
          grounds: challenge().grounds,
          challengedAt: ms(T.objectionPeriodEnds, -1),
        },
      }));

  it('refuses a challenge at the end of the period and after it', () => {
    given(...awarded())
      .when(challenge(), at(T.objectionPeriodEnds))
      .thenThrows('challenge.objection_period_over', { objectionPeriodEndsAt: T.objectionPeriodEnds });
    given(...awarded())
      .when(challenge(), at(ms(T.objectionPeriodEnds, DAY)))
      .thenThrows('challenge.objection_period_over');
  });

  it('refuses a challenge by someone who did not bid for the lot, or without grounds', () => {
    given(...awarded())
      .when(challenge({ supplierId: SUPPLIER.D }), at(T.awarded))
      .thenThrows('challenge.not_a_bidder', { supplierId: SUPPLIER.D });
    given(...awarded())
      .when(challenge({ grounds: '' }), at(T.awarded))
      .thenThrows('challenge.grounds_required');
  });

  it('refuses a challenge before the award', () =>
    given(...anEvaluatedTender([A, B]))
      .when(challenge(), at(T.awarded))
      .thenThrows('tender.invalid_transition', { status: 'evaluation' }));

  it('dismisses a challenge: the award stands', () => {
    given(...challenged())
      .when(resolve(), at(ms(T.awarded, 2 * DAY)))
      .then({
        type: 'ChallengeResolved',
        data: {
          tenderId: TENDER_ID,
          challengeId: 'challenge-1',
          lotId: 'lot-1',
          upheld: false,
          reason: resolve().reason,
          resolvedAt: ms(T.awarded, 2 * DAY),
        },
      });
  });
});

describe('the objection period', () => {
  const awarded = () => anAwardedTender([A, B]); // B wins lot-1
  const challenged = () => play(awarded(), challenge(), ms(T.awarded, DAY));

  it('upholds a challenge and revises the award to another compliant proposal, with a new objection period', () => {
    const resolvedAt = ms(T.awarded, 2 * DAY);
    const events = tenderDecider.decide(
      resolve({ upheld: true, revisedProposalId: A.proposalId }),
      stateOf(challenged()),
      at(resolvedAt),
    );
    expect(events[1]).toEqual({
      type: 'AwardRevised',
      data: {
        tenderId: TENDER_ID,
        lotId: 'lot-1',
        challengeId: 'challenge-1',
        proposalId: A.proposalId,
        supplierId: SUPPLIER.A,
        amount: mxn(25_000_000),
        revisedAt: resolvedAt,
        objectionPeriodEndsAt: ms(resolvedAt, 8 * DAY),
      },
    });
  });

  it('upholds a challenge and annuls the award: the lot, and here the tender, is deserted', () => {
    const state = given(...challenged())
      .when(resolve({ upheld: true, revisedProposalId: null }), at(ms(T.awarded, 2 * DAY)))
      .thenState();
    expect(state.lots['lot-1']).toMatchObject({ status: 'deserted', desertionReason: 'award_annulled' });
    expect(state.status).toBe('deserted');
  });

  it('refuses an upheld resolution without the revision, naming an unknown proposal, or the same winner', () => {
    given(...challenged())
      .when(resolve({ upheld: true }), at(T.awarded))
      .thenThrows('challenge.revision_required');
    given(...challenged())
      .when(resolve({ upheld: true, revisedProposalId: 'prop-x' }), at(T.awarded))
      .thenThrows('challenge.unknown_proposal');
    given(...challenged())
      .when(resolve({ upheld: true, revisedProposalId: B.proposalId }), at(T.awarded))
      .thenThrows('challenge.same_winner');
  });

  it('refuses resolving twice, an unknown challenge, or without a reason', () => {
    given(...play(challenged(), resolve(), T.awarded))
      .when(resolve(), at(T.awarded))
      .thenThrows('challenge.already_resolved');
    given(...awarded())
      .when(resolve(), at(T.awarded))
      .thenThrows('challenge.not_found');
    given(...challenged())
      .when(resolve({ reason: '' }), at(T.awarded))
      .thenThrows('challenge.reason_required');
  });

  it('treats the same challenge again as done', () =>
    given(...challenged())
      .when(challenge(), at(ms(T.awarded, DAY)))
      .thenNothing());
});

describe('recording the contract of a lot', () => {
  it('refuses the contract during the objection period (early), accepts it at its end (on time) and later', () => {
    given(...anAwardedTender([A, B]))
      .when(recordContract(), at(ms(T.objectionPeriodEnds, -1)))
      .thenThrows('contract.award_not_final', { objectionPeriodEndsAt: T.objectionPeriodEnds });
    expect(
      given(...anAwardedTender([A, B]))
        .when(recordContract(), at(T.objectionPeriodEnds))
        .thenState().status,
    ).toBe('contracted');
    expect(
      given(...anAwardedTender([A, B]))
        .when(recordContract(), at(ms(T.objectionPeriodEnds, 30 * DAY)))
        .thenState().status,
    ).toBe('contracted');
  });

  it('waits for a pending challenge even after the period ends, and proceeds once it is dismissed', () => {
    const challenged = play(anAwardedTender([A, B]), challenge(), T.awarded);
    given(...challenged)
      .when(recordContract(), at(T.contracted))
      .thenThrows('contract.award_not_final', { openChallenges: ['challenge-1'] });
    expect(
      given(...play(challenged, resolve(), T.contracted))
        .when(recordContract(), at(T.contracted))
        .thenState().status,
    ).toBe('contracted');
  });

  it('records the awarded supplier and amount, and the tender as contracted once every awarded lot is', () =>
    given(...aTenderReadyForContract([A, B]))
      .when(recordContract(), at(T.contracted))
      .then(
        {
          type: 'LotContracted',
          data: {
            tenderId: TENDER_ID,
            lotId: 'lot-1',
            contractId: 'contract-1',
            supplierId: SUPPLIER.B,
            amount: mxn(24_000_000),
            contractedAt: T.contracted,
          },
        },
        { type: 'TenderContracted', data: { tenderId: TENDER_ID, contractedAt: T.contracted } },
      ));

  it('keeps the tender awarded until the last awarded lot is contracted', () => {
    const both = aProposal(SUPPLIER.A, { 'lot-1': laptopsAt(2_400_000)['lot-1'], 'lot-2': { 'item-3': 700_000 } });
    const ready = aTenderReadyForContract([both], twoLots());
    const first = play(ready, recordContract('lot-1', 'contract-1'), T.contracted);
    expect(stateOf(first).status).toBe('awarded');
    expect(stateOf(play(first, recordContract('lot-2', 'contract-2'), T.contracted)).status).toBe('contracted');
  });

  it('treats the same contract again as done and refuses a second contract for the lot', () => {
    const contracted = play(aTenderReadyForContract([A, B]), recordContract(), T.contracted);
    given(...contracted)
      .when(recordContract(), at(T.contracted))
      .thenNothing();
    given(...contracted)
      .when(recordContract('lot-1', 'contract-2'), at(T.contracted))
      .thenThrows('contract.already_signed', { contractId: 'contract-1' });
  });
});

describe('recording the contract of a lot', () => {
  it('completes the tender when every contract is closed', () => {
    const contracted = play(aTenderReadyForContract([A, B]), recordContract(), T.contracted);
    const closedAt = ms(T.contracted, 90 * DAY);
    given(...contracted)
      .when(
        { type: 'RecordContractClosed', tenderId: TENDER_ID, contractId: 'contract-1', outcome: 'completed' },
        at(closedAt),
      )
      .then(
        {
          type: 'LotContractClosed',
          data: { tenderId: TENDER_ID, lotId: 'lot-1', contractId: 'contract-1', outcome: 'completed', closedAt },
        },
        { type: 'TenderCompleted', data: { tenderId: TENDER_ID, completedAt: closedAt } },
      );
    given(...contracted)
      .when(
        { type: 'RecordContractClosed', tenderId: TENDER_ID, contractId: 'contract-9', outcome: 'completed' },
        at(closedAt),
      )
      .thenThrows('contract.not_found');
  });
});

describe('a direct award', () => {
  const awardDirectly = (overrides: object = {}): TenderCommand => ({
    type: 'AwardDirectly',
    tenderId: TENDER_ID,
    suppliers: [standing(SUPPLIER.A)],
    lots: [{ lotId: 'lot-1', amount: 26_000_000 }],
    ...overrides,
  });

  it('goes from the draft straight to the award, marked as a direct award, with no objection period', () =>
    given(...aDraftTender(aDirectAward()))
      .when(awardDirectly(), at(T.awarded))
      .then({
        type: 'LotAwarded',
        data: {
          tenderId: TENDER_ID,
          lotId: 'lot-1',
          proposalId: null,
          supplierId: SUPPLIER.A,
          amount: mxn(26_000_000),
          basis: 'direct_award',
          auctionId: null,
          awardedAt: T.awarded,
          objectionPeriodEndsAt: null,
        },
      }));

  it('may be contracted at once and cannot be challenged', () => {
    const awarded = play(aDraftTender(aDirectAward()), awardDirectly(), T.awarded);
    expect(
      given(...awarded)
        .when(recordContract(), at(T.awarded))
        .thenState().status,
    ).toBe('contracted');
    given(...awarded)
      .when(challenge(), at(T.awarded))
      .thenThrows('challenge.not_applicable');
  });

  it('goes only to the supplier the procedure names, verified and not sanctioned', () => {
    given(...aDraftTender(aDirectAward()))
      .when(
        awardDirectly({
          lots: [{ lotId: 'lot-1', supplierId: SUPPLIER.B, amount: 1 }],
          suppliers: [standing(SUPPLIER.B)],
        }),
        at(T.awarded),
      )
      .thenThrows('award.supplier_mismatch', { supplierId: SUPPLIER.A });
    given(...aDraftTender(aDirectAward()))
      .when(awardDirectly({ suppliers: [standing(SUPPLIER.A, { sanctioned: true })] }), at(T.awarded))
      .thenThrows('award.supplier_not_eligible', { sanctioned: true });
    given(...aDraftTender(aDirectAward()))
      .when(awardDirectly({ suppliers: [] }), at(T.awarded))
      .thenThrows('award.supplier_not_eligible', { supplierId: SUPPLIER.A, verified: false });
  });

  it('needs a positive amount in centavos for every lot, and only for its lots', () => {
    given(...aDraftTender(aDirectAward()))
      .when(awardDirectly({ lots: [] }), at(T.awarded))
      .thenThrows('award.lot_missing', { lotId: 'lot-1' });
    given(...aDraftTender(aDirectAward()))
      .when(awardDirectly({ lots: [{ lotId: 'lot-1', amount: 10.5 }] }), at(T.awarded))
      .thenThrows('award.invalid_amount');
    given(...aDraftTender(aDirectAward()))
      .when(awardDirectly({ lots: [{ lotId: 'lot-1', amount: 0 }] }), at(T.awarded))
      .thenThrows('award.invalid_amount', { lotId: 'lot-1', openContract: false });
    given(...aDraftTender(aDirectAward()))
      .when(
        awardDirectly({
          lots: [
            { lotId: 'lot-1', amount: 1 },
            { lotId: 'lot-7', amount: 1 },
          ],
        }),
        at(T.awarded),
      )
      .thenThrows('award.unknown_lot', { lotId: 'lot-7' });
  });

  it('refuses a direct award of a competitive procedure', () =>
    given(...aDraftTender())
      .when(awardDirectly(), at(T.awarded))
      .thenThrows('tender.not_direct_award'));
});

describe('objection periods on the clock', () => {
  it('records the end of the objection period when due, dated at the end however late', () => {
    given(...anAwardedTender([A, B]))
      .when(advanceClock(), at(ms(T.objectionPeriodEnds, -1)))
      .thenNothing();
    given(...anAwardedTender([A, B]))
      .when(advanceClock(), at(ms(T.objectionPeriodEnds, 5 * DAY)))
      .then({
        type: 'ObjectionPeriodEnded',
        data: { tenderId: TENDER_ID, lotId: 'lot-1', endedAt: T.objectionPeriodEnds },
      });
    given(...aTenderReadyForContract([A, B]))
      .when(advanceClock(), at(ms(T.objectionPeriodEnds, 6 * DAY)))
      .thenNothing();
  });
});
