/**
 * Each procedure type from draft to completed contract, at the domain level: this file plays the handlers'
 * part (looks up standings, seals proposals with the tender key, decrypts at the opening act, writes the tender
 * and contract streams) around the real deciders, and checks what the public would see at each step.
 */
import { fold, type Decider, type DomainEvent } from '@licita/shared';
import { contractDecider, contractStream, type ContractCommand, type ContractEvent } from './contract';
import { checkProposalContent } from './proposal-content';
import { commitmentOf, openProposal, proposalReceipt, sealProposal } from './sealing';
import type { TenderCommand } from './tender.commands';
import { tenderDecider } from './tender.decider';
import { tenderStream, type ProposalsOpened, type ProposalSubmitted, type TenderEvent } from './tender.events';
import { activeProposals, contractTermsFor, nextClockAlarm, type TenderState } from './tender.state';
import {
  aDirectAward,
  anInvitation,
  aProposal,
  aTenderContent,
  laptopsAt,
  ms,
  standing,
  SUPPLIER,
  T,
  TENDER_ID,
  twoLots,
  type Prices,
  DAY,
} from './tender.scenarios';
import type { SupplierStanding, TenderContentInput } from './tender.types';

/** An in-memory stand-in for the event store and the command executor: load, decide, append. */
class Platform {
  readonly streams = new Map<string, DomainEvent[]>();
  /** The key store of the application layer: per-tender data keys, apart from the events. */
  private readonly keys = new Map<string, Buffer>();
  private ivCounter = 0;

  run<C, E extends DomainEvent, S>(decider: Decider<C, E, S>, stream: string, command: C, now: string): E[] {
    const history = (this.streams.get(stream) ?? []) as E[];
    const events = decider.decide(command, fold(decider, history), { now: new Date(now), actor: 'account-e2e' });
    this.streams.set(stream, [...history, ...events]);
    return events;
  }

  tender = (command: TenderCommand, now: string) => this.run(tenderDecider, tenderStream(TENDER_ID), command, now);
  tenderState = (): TenderState =>
    fold(tenderDecider, (this.streams.get(tenderStream(TENDER_ID)) ?? []) as TenderEvent[]);
  tenderEvents = (): TenderEvent[] => (this.streams.get(tenderStream(TENDER_ID)) ?? []) as TenderEvent[];

  publish(now: string, invitees: SupplierStanding[] = []) {
    const tenderKeyId = `key-${TENDER_ID}`;
    this.keys.set(tenderKeyId, Buffer.alloc(32, 0x5a));
    return this.tender({ type: 'PublishTender', tenderId: TENDER_ID, tenderKeyId, invitees }, now);
  }

  /** The submission handler: check the content, seal it with the tender key under a fresh IV, send only the seal. */
  submit(
    supplierId: string,
    prices: Prices,
    now: string,
    options: { replace?: boolean; standing?: SupplierStanding; proposalId?: string } = {},
  ) {
    const state = this.tenderState();
    const content = checkProposalContent(
      aProposal(supplierId, prices, { lots: state.content?.lots, proposalId: options.proposalId }),
      { tenderId: TENDER_ID, content: state.content! },
    );
    const iv = Buffer.alloc(12, ++this.ivCounter);
    const { commitment, sealed } = sealProposal(content, this.keys.get(state.tenderKeyId!)!, iv, state.tenderKeyId!);
    const command = {
      tenderId: TENDER_ID,
      proposalId: content.proposalId,
      supplier: options.standing ?? standing(supplierId),
      lotIds: content.lots.map((offer) => offer.lotId),
      commitment,
      sealed,
    };
    return this.tender(
      options.replace ? { ...command, type: 'ReplaceProposal' } : { ...command, type: 'SubmitProposal' },
      now,
    );
  }

  /** The opening handler: decrypt every live proposal with the tender key and pass them all at once. */
  open(now: string) {
    const state = this.tenderState();
    const key = this.keys.get(state.tenderKeyId!)!;
    const revealed = activeProposals(state).map((p) => ({
      proposalId: p.proposalId,
      content: openProposal(p.sealed, key) as never,
    }));
    return this.tender({ type: 'OpenProposals', tenderId: TENDER_ID, revealed }, now);
  }

  /** The contract handler: the contract stream from the award's terms, then the record on the tender. */
  signContract(lotId: string, now: string) {
    const terms = contractTermsFor(this.tenderState(), lotId)!;
    const contractId = `contract-${lotId}`;
    const command: ContractCommand = {
      type: 'SignContract',
      contractId,
      ...terms,
      startDate: ms(now, DAY),
      endDate: ms(now, 90 * DAY),
    };
    this.run(contractDecider, contractStream(contractId), command, now);
    this.tender({ type: 'RecordContractSigned', tenderId: TENDER_ID, lotId, contractId }, now);
    return contractId;
  }

  contract = (contractId: string, command: ContractCommand, now: string) =>
    this.run(contractDecider, contractStream(contractId), command, now);
  contractEvents = (contractId: string) => (this.streams.get(contractStream(contractId)) ?? []) as ContractEvent[];

  closeContract(contractId: string, outcome: 'completed' | 'terminated', now: string) {
    this.tender({ type: 'RecordContractClosed', tenderId: TENDER_ID, contractId, outcome }, now);
  }

  /** The durable scheduler: send the clock command at each alarm up to `until`. */
  tick(until: string) {
    for (
      let alarm = nextClockAlarm(this.tenderState());
      alarm !== null && Date.parse(alarm) <= Date.parse(until);
      alarm = nextClockAlarm(this.tenderState())
    ) {
      if (this.tender({ type: 'AdvanceTenderClock', tenderId: TENDER_ID }, until).length === 0) break;
    }
  }
}

const create = (platform: Platform, content: Partial<TenderContentInput>) =>
  platform.tender({ type: 'CreateTender', tenderId: TENDER_ID, content: aTenderContent(content) }, T.created);
const evaluateAll = (platform: Platform, now: string, technicalPoints?: Record<string, number>) => {
  const state = platform.tenderState();
  for (const proposal of activeProposals(state)) {
    for (const lotId of proposal.lotIds) {
      platform.tender(
        {
          type: 'EvaluateProposal',
          tenderId: TENDER_ID,
          proposalId: proposal.proposalId,
          lotId,
          compliant: true,
          reasons: [],
          technicalPoints: technicalPoints?.[proposal.supplierId],
        },
        now,
      );
    }
  }
  platform.tender({ type: 'CompleteEvaluation', tenderId: TENDER_ID }, now);
};

describe('a public national tender, lowest price, two lots', () => {
  it('runs from draft to completed contracts', () => {
    const p = new Platform();
    create(p, twoLots());
    p.publish(T.published);
    expect(p.tenderState().status).toBe('active.enquiries');

    p.tender(
      {
        type: 'AskQuestion',
        tenderId: TENDER_ID,
        questionId: 'q-1',
        supplier: standing(SUPPLIER.C),
        text: '¿Garantía mínima?',
      },
      ms(T.published, DAY),
    );
    p.tender(
      { type: 'AnswerQuestion', tenderId: TENDER_ID, questionId: 'q-1', answer: 'Tres años.' },
      ms(T.published, 2 * DAY),
    );
    p.tick(T.questionsDeadline);
    expect(p.tenderState().status).toBe('active.tendering');

    const during = ms(T.questionsDeadline, DAY);
    p.submit(SUPPLIER.A, { ...laptopsAt(2_400_000), 'lot-2': { 'item-3': 750_000 } }, during);
    p.submit(SUPPLIER.B, laptopsAt(2_300_000), during);
    p.submit(SUPPLIER.C, { 'lot-2': { 'item-3': 700_000 } }, during);
    p.submit(SUPPLIER.A, { ...laptopsAt(2_200_000), 'lot-2': { 'item-3': 750_000 } }, ms(during, DAY), {
      replace: true,
    });
    p.tender(
      { type: 'WithdrawProposal', tenderId: TENDER_ID, proposalId: `prop-${SUPPLIER.C}`, supplierId: SUPPLIER.C },
      ms(during, DAY),
    );
    p.submit(SUPPLIER.C, { 'lot-2': { 'item-3': 690_000 } }, ms(during, 2 * DAY), { proposalId: 'prop-sup-c-2' });

    expect(() => p.submit(SUPPLIER.D, laptopsAt(1_000_000), T.submissionDeadline)).toThrow(
      expect.objectContaining({ code: 'proposal.late' }),
    );
    expect(() => p.open(ms(T.openingDate, -1))).toThrow(expect.objectContaining({ code: 'opening.too_early' }));

    const [opened] = p.open(T.openingDate) as ProposalsOpened[];
    const receipts = new Map(
      p
        .tenderEvents()
        .filter((e): e is ProposalSubmitted => e.type === 'ProposalSubmitted' || e.type === 'ProposalReplaced')
        .map((e) => [e.data.proposalId, proposalReceipt(e.data)]),
    );
    expect(
      opened.data.proposals.map((o) => [o.supplierId, o.offers.map((offer) => [offer.lotId, offer.amount.amount])]),
    ).toEqual([
      [SUPPLIER.B, [['lot-1', 24_000_000]]],
      [
        SUPPLIER.A,
        [
          ['lot-1', 23_000_000],
          ['lot-2', 3_000_000],
        ],
      ],
      [SUPPLIER.C, [['lot-2', 2_760_000]]],
    ]);
    for (const o of opened.data.proposals) expect(commitmentOf(o.content)).toBe(receipts.get(o.proposalId)?.commitment);

    evaluateAll(p, T.evaluated);
    p.tender({ type: 'AwardTender', tenderId: TENDER_ID }, T.awarded);
    expect(
      Object.values(p.tenderState().lots).map((lot) => [lot.lotId, lot.award?.supplierId, lot.award?.amount.amount]),
    ).toEqual([
      ['lot-1', SUPPLIER.A, 23_000_000],
      ['lot-2', SUPPLIER.C, 2_760_000],
    ]);

    expect(() => p.signContract('lot-1', ms(T.objectionPeriodEnds, -1))).toThrow(
      expect.objectContaining({ code: 'contract.award_not_final' }),
    );
    p.tick(T.objectionPeriodEnds);
    const laptops = p.signContract('lot-1', T.contracted);
    const printers = p.signContract('lot-2', T.contracted);
    expect(p.tenderState().status).toBe('contracted');

    p.contract(
      laptops,
      { type: 'AmendContract', contractId: laptops, amendmentId: 'm-1', amount: 27_600_000, reason: 'Ampliación' },
      ms(T.contracted, 10 * DAY),
    );
    expect(() =>
      p.contract(
        laptops,
        { type: 'AmendContract', contractId: laptops, amendmentId: 'm-2', amount: 27_600_001, reason: 'Otra' },
        ms(T.contracted, 11 * DAY),
      ),
    ).toThrow(expect.objectContaining({ code: 'contract.amendment_exceeds_limit' }));
    for (const contractId of [laptops, printers]) {
      p.contract(contractId, { type: 'CompleteContract', contractId }, ms(T.contracted, 60 * DAY));
      p.closeContract(contractId, 'completed', ms(T.contracted, 60 * DAY));
    }
    expect(p.tenderState().status).toBe('completed');
    expect(p.contractEvents(laptops).map((e) => e.type)).toEqual([
      'ContractSigned',
      'ContractAmended',
      'ContractCompleted',
    ]);
  });
});

describe('a public international tender, points and percentages, with a reverse auction', () => {
  it('runs from draft to a contract terminated early', () => {
    const p = new Platform();
    create(p, {
      procedureType: 'public_international',
      awardCriterion: { type: 'points_and_percentages', technicalWeight: 60, economicWeight: 40 },
      reverseAuction: true,
      schedule: {
        ...aTenderContent().schedule!,
        submissionDeadline: ms(T.published, 20 * DAY),
        openingDate: ms(T.published, 20 * DAY),
        awardDate: ms(T.published, 30 * DAY),
      },
    });
    p.publish(T.published);
    const during = ms(T.questionsDeadline, DAY);
    for (const [supplier, price] of [
      [SUPPLIER.A, 2_400_000],
      [SUPPLIER.B, 2_300_000],
      [SUPPLIER.C, 2_350_000],
    ] as const)
      p.submit(supplier, laptopsAt(price), during);

    p.open(ms(T.published, 20 * DAY));
    evaluateAll(p, ms(T.published, 21 * DAY), { [SUPPLIER.A]: 95, [SUPPLIER.B]: 70, [SUPPLIER.C]: 85 });
    expect(p.tenderState().status).toBe('auction');

    const awardedAt = ms(T.published, 22 * DAY);
    p.tender(
      {
        type: 'AwardTender',
        tenderId: TENDER_ID,
        auctionResults: [
          {
            lotId: 'lot-1',
            auctionId: 'auction-lot-1',
            ranking: [
              { supplierId: SUPPLIER.C, amount: 22_000_000 },
              { supplierId: SUPPLIER.B, amount: 22_500_000 },
              { supplierId: SUPPLIER.A, amount: 25_000_000 },
            ],
          },
        ],
      },
      awardedAt,
    );
    expect(p.tenderState().lots['lot-1'].award).toMatchObject({
      supplierId: SUPPLIER.C,
      amount: { amount: 22_000_000 },
      basis: 'auction',
    });

    p.tender(
      {
        type: 'ChallengeAward',
        tenderId: TENDER_ID,
        challengeId: 'ch-1',
        lotId: 'lot-1',
        supplierId: SUPPLIER.A,
        grounds: 'Puja extemporánea',
      },
      ms(awardedAt, DAY),
    );
    p.tender(
      {
        type: 'ResolveChallenge',
        tenderId: TENDER_ID,
        challengeId: 'ch-1',
        upheld: false,
        reason: 'La puja consta en el registro de la subasta',
      },
      ms(awardedAt, 3 * DAY),
    );
    p.tick(ms(awardedAt, 8 * DAY));
    const contractId = p.signContract('lot-1', ms(awardedAt, 8 * DAY));
    p.contract(
      contractId,
      { type: 'TerminateContract', contractId, kind: 'early_termination', reason: 'Razones de interés general' },
      ms(awardedAt, 40 * DAY),
    );
    p.closeContract(contractId, 'terminated', ms(awardedAt, 40 * DAY));
    expect(p.tenderState().status).toBe('completed');
  });
});

describe('an invitation to three suppliers', () => {
  it('runs from draft to completed contract, with an award revised after an upheld challenge', () => {
    const p = new Platform();
    create(p, {
      ...anInvitation(),
      schedule: {
        ...aTenderContent().schedule!,
        questionsDeadline: ms(T.published, 2 * DAY),
        submissionDeadline: ms(T.published, 5 * DAY),
        openingDate: ms(T.published, 5 * DAY),
        awardDate: ms(T.published, 8 * DAY),
      },
    });
    p.publish(T.published, [standing(SUPPLIER.A), standing(SUPPLIER.B), standing(SUPPLIER.C)]);
    const during = ms(T.published, 3 * DAY);
    expect(() => p.submit(SUPPLIER.D, laptopsAt(1_000_000), during)).toThrow(
      expect.objectContaining({ code: 'proposal.supplier_not_invited' }),
    );
    p.submit(SUPPLIER.A, laptopsAt(2_400_000), during);
    p.submit(SUPPLIER.B, laptopsAt(2_300_000), during);
    p.submit(SUPPLIER.C, laptopsAt(2_350_000), during);

    p.open(ms(T.published, 5 * DAY));
    evaluateAll(p, ms(T.published, 6 * DAY));
    const awardedAt = ms(T.published, 7 * DAY);
    p.tender({ type: 'AwardTender', tenderId: TENDER_ID }, awardedAt);
    expect(p.tenderState().lots['lot-1'].award?.supplierId).toBe(SUPPLIER.B);

    p.tender(
      {
        type: 'ChallengeAward',
        tenderId: TENDER_ID,
        challengeId: 'ch-1',
        lotId: 'lot-1',
        supplierId: SUPPLIER.C,
        grounds: 'B no acreditó su capacidad',
      },
      ms(awardedAt, DAY),
    );
    const revisedAt = ms(awardedAt, 4 * DAY);
    p.tender(
      {
        type: 'ResolveChallenge',
        tenderId: TENDER_ID,
        challengeId: 'ch-1',
        upheld: true,
        reason: 'Procede',
        revisedProposalId: `prop-${SUPPLIER.C}`,
      },
      revisedAt,
    );
    expect(p.tenderState().lots['lot-1'].award).toMatchObject({
      supplierId: SUPPLIER.C,
      amount: { amount: 24_500_000 },
      objectionPeriodEndsAt: ms(revisedAt, 8 * DAY),
    });

    expect(() => p.signContract('lot-1', ms(awardedAt, 8 * DAY))).toThrow(
      expect.objectContaining({ code: 'contract.award_not_final' }),
    );
    p.tick(ms(revisedAt, 8 * DAY));
    const contractId = p.signContract('lot-1', ms(revisedAt, 8 * DAY));
    expect(p.contractEvents(contractId)[0].data).toMatchObject({
      supplierId: SUPPLIER.C,
      amount: { amount: 24_500_000, currency: 'MXN' },
      directAward: false,
    });
    p.contract(contractId, { type: 'CompleteContract', contractId }, ms(revisedAt, 50 * DAY));
    p.closeContract(contractId, 'completed', ms(revisedAt, 50 * DAY));
    expect(p.tenderState().status).toBe('completed');
  });
});

describe('a direct award', () => {
  it('goes from draft to award and contract, marked as a direct award, to completion', () => {
    const p = new Platform();
    create(p, aDirectAward());
    p.tender(
      {
        type: 'AwardDirectly',
        tenderId: TENDER_ID,
        suppliers: [standing(SUPPLIER.A)],
        lots: [{ lotId: 'lot-1', amount: 26_000_000 }],
      },
      T.awarded,
    );
    const contractId = p.signContract('lot-1', T.awarded);
    expect(p.contractEvents(contractId)[0].data).toMatchObject({
      supplierId: SUPPLIER.A,
      directAward: true,
      amount: { amount: 26_000_000 },
    });
    expect(p.tenderState().lots['lot-1'].award?.basis).toBe('direct_award');
    p.contract(contractId, { type: 'CompleteContract', contractId }, ms(T.awarded, 30 * DAY));
    p.closeContract(contractId, 'completed', ms(T.awarded, 30 * DAY));
    expect(p.tenderEvents().map((e) => e.type)).toEqual([
      'TenderCreated',
      'LotAwarded',
      'LotContracted',
      'TenderContracted',
      'LotContractClosed',
      'TenderCompleted',
    ]);
  });
});

describe('a public tender nobody bids for', () => {
  it('is deserted by the scheduler at the submission deadline, even when it runs days late', () => {
    const p = new Platform();
    create(p, {});
    p.publish(T.published);
    p.tick(ms(T.submissionDeadline, 3 * DAY));
    expect(p.tenderState().status).toBe('deserted');
    expect(
      p
        .tenderEvents()
        .slice(-3)
        .map((e) => [e.type, Object.values(e.data).find((v) => typeof v === 'string' && v.startsWith('2026'))]),
    ).toEqual([
      ['EnquiryPeriodEnded', T.questionsDeadline],
      ['LotDeserted', T.submissionDeadline],
      ['TenderDeserted', T.submissionDeadline],
    ]);
  });
});
