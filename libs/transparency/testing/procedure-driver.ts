import { randomUUID } from 'node:crypto';
import { auctionDecider } from '@licita/auctions/domain/auction.decider';
import { auctionStream, type AuctionClosed } from '@licita/auctions/domain/auction.events';
import { CommandExecutor } from '@licita/event-store/command-executor';
import type { EventStore } from '@licita/event-store/event-store.port';
import { contractDecider, contractStream, type AmendContract } from '@licita/tendering/domain/contract';
import type { TenderAmendment, TenderCommand, AuctionResult } from '@licita/tendering/domain/tender.commands';
import { tenderStream } from '@licita/tendering/domain/tender.events';
import { tenderPolicy, type TenderPolicy } from '@licita/tendering/domain/tender.policy';
import {
  aProposal,
  aTenderContent,
  laptopsLot,
  printersLot,
  scheduleFrom,
  standing,
  submitProposal,
  TENDER_KEY_ID,
  type Prices,
} from '@licita/tendering/domain/tender.scenarios';
import { contractTermsFor, type TenderState } from '@licita/tendering/domain/tender.state';
import { createTenderDecider } from '@licita/tendering/domain/tender.decider';
import { addDays, DAY_MS, type ProposalContent, type TenderContentInput } from '@licita/tendering/domain/tender.types';

export const DAY = DAY_MS;
export const HOUR = 3_600_000;
export const at = (iso: string, delta = 0) => new Date(Date.parse(iso) + delta).toISOString();

/** The deciders with the default policy, except that any test may shorten a public tender with a justification. */
const tenderDecider = createTenderDecider(tenderPolicy());

export { scheduleFrom };

/**
 * Plays a procedure through the real deciders and `CommandExecutor` (load, decide, append with the expected
 * revision) as the tendering handlers do, each step at the instant given. Proposal contents are the domain's
 * scenario builders, sealed with the scenarios' fixed key.
 */
export class ProcedureDriver {
  private readonly executor: CommandExecutor;
  private readonly contents = new Map<string, ProposalContent>();
  publishedAt = '';

  private readonly decider: typeof tenderDecider;

  /** `policy`: the deciders' policy when a test needs another (a sandbox's, to accelerate time). */
  constructor(
    private readonly store: EventStore,
    readonly tenderId: string,
    policy?: Partial<TenderPolicy>,
  ) {
    this.executor = new CommandExecutor(store);
    this.decider = policy ? createTenderDecider(tenderPolicy(policy)) : tenderDecider;
  }

  /** Created an hour before `publishedAt` and published then (competitive procedures). */
  async publish(
    publishedAt: string,
    content: Partial<TenderContentInput> = {},
    invitees: string[] = [],
  ): Promise<this> {
    this.publishedAt = publishedAt;
    await this.create({ schedule: scheduleFrom(publishedAt), ...content }, at(publishedAt, -HOUR));
    await this.tender(
      {
        type: 'PublishTender',
        tenderId: this.tenderId,
        tenderKeyId: TENDER_KEY_ID,
        invitees: invitees.map((id) => standing(id)),
      },
      publishedAt,
    );
    return this;
  }

  /** Publishes an invitation to `invitees` at `publishedAt`: questions for 2 days, proposals until day 6. */
  publishInvitation(publishedAt: string, invitees: string[], content: Partial<TenderContentInput> = {}): Promise<this> {
    const schedule = scheduleFrom(publishedAt, { questions: 2, submission: 6 });
    return this.publish(
      publishedAt,
      { procedureType: 'invitation', invitedSupplierIds: invitees, schedule, ...content },
      invitees,
    );
  }

  async create(content: Partial<TenderContentInput>, when: string): Promise<void> {
    await this.tender({ type: 'CreateTender', tenderId: this.tenderId, content: aTenderContent(content) }, when);
  }

  async clock(when: string): Promise<void> {
    await this.tender({ type: 'AdvanceTenderClock', tenderId: this.tenderId }, when);
  }

  async ask(supplierId: string, text: string, when: string, lotId: string | null = null): Promise<string> {
    const questionId = randomUUID();
    const supplier = { supplierId, verified: true, sanctioned: false };
    await this.tender({ type: 'AskQuestion', tenderId: this.tenderId, questionId, supplier, lotId, text }, when);
    return questionId;
  }

  async answer(questionId: string, answer: string, when: string): Promise<void> {
    await this.tender({ type: 'AnswerQuestion', tenderId: this.tenderId, questionId, answer }, when);
  }

  async amend(changes: TenderAmendment, reason: string, when: string): Promise<void> {
    await this.tender(
      { type: 'AmendTender', tenderId: this.tenderId, amendmentId: randomUUID(), changes, reason },
      when,
    );
  }

  /** A sealed proposal of `supplierId` priced per item (`laptopsAt(…)`); returns its proposal id. */
  async submit(supplierId: string, prices: Prices, when: string): Promise<string> {
    const proposalId = randomUUID();
    const content = {
      ...aProposal(supplierId, prices, { proposalId, lots: [laptopsLot(), printersLot()] }),
      tenderId: this.tenderId,
    };
    this.contents.set(proposalId, content);
    await this.tender({ ...submitProposal(content), tenderId: this.tenderId }, when);
    return proposalId;
  }

  async withdraw(proposalId: string, when: string): Promise<void> {
    const content = this.contents.get(proposalId) as ProposalContent;
    this.contents.delete(proposalId);
    await this.tender(
      { type: 'WithdrawProposal', tenderId: this.tenderId, proposalId, supplierId: content.supplierId },
      when,
    );
  }

  /** The opening act at the opening date, every proposal evaluated compliant, the evaluation completed. */
  async openAndEvaluate(when?: string): Promise<void> {
    const opening = when ?? (await this.state()).content!.schedule!.openingDate;
    await this.tender(
      {
        type: 'OpenProposals',
        tenderId: this.tenderId,
        revealed: [...this.contents.values()].map((content) => ({ proposalId: content.proposalId, content })),
      },
      opening,
    );
    for (const content of this.contents.values()) {
      for (const lot of content.lots) {
        await this.tender(
          {
            type: 'EvaluateProposal',
            tenderId: this.tenderId,
            proposalId: content.proposalId,
            lotId: lot.lotId,
            compliant: true,
            reasons: [],
          },
          at(opening, HOUR),
        );
      }
    }
    if (this.contents.size > 0)
      await this.tender({ type: 'CompleteEvaluation', tenderId: this.tenderId }, at(opening, 2 * HOUR));
  }

  async award(when: string, auctionResults?: AuctionResult[]): Promise<void> {
    await this.tender({ type: 'AwardTender', tenderId: this.tenderId, auctionResults }, when);
  }

  /** A direct-award procedure, created and awarded at `when` to `supplierId` for `amount` (one lot). */
  async awardDirectly(
    supplierId: string,
    amount: number,
    when: string,
    content: Partial<TenderContentInput> = {},
  ): Promise<void> {
    const justification = { article: 'LAASSP art. 41 fr. I', text: 'Bienes con patente exclusiva.' };
    await this.create(
      { procedureType: 'direct_award', schedule: null, directAward: { supplierId, justification }, ...content },
      at(when, -HOUR),
    );
    await this.tender(
      {
        type: 'AwardDirectly',
        tenderId: this.tenderId,
        suppliers: [standing(supplierId)],
        lots: [{ lotId: 'lot-1', amount }],
      },
      when,
    );
    this.publishedAt = when;
  }

  async challenge(lotId: string, supplierId: string, grounds: string, when: string): Promise<string> {
    const challengeId = randomUUID();
    await this.tender(
      { type: 'ChallengeAward', tenderId: this.tenderId, challengeId, lotId, supplierId, grounds },
      when,
    );
    return challengeId;
  }

  /** The auditor's resolution: upheld with the new winner's proposal (or `null` to annul), or not upheld. */
  async resolve(
    challengeId: string,
    upheld: boolean,
    reason: string,
    when: string,
    revisedProposalId?: string | null,
  ): Promise<void> {
    await this.tender(
      { type: 'ResolveChallenge', tenderId: this.tenderId, challengeId, upheld, reason, revisedProposalId },
      when,
    );
  }

  /** Signs the lot's contract (after the objection period, recorded by the clock) and records it on the tender. */
  async contract(lotId: string, when: string): Promise<string> {
    const state = await this.state();
    const award = state.lots[lotId]?.award;
    if (award?.objectionPeriodEndsAt) await this.clock(award.objectionPeriodEndsAt);
    const terms = contractTermsFor(await this.state(), lotId);
    if (!terms) throw new Error(`lot ${lotId} of ${this.tenderId} has no award`);
    const contractId = `${this.tenderId}-${lotId}-contract`;
    await this.executor.execute(
      contractStream(contractId),
      contractDecider,
      { type: 'SignContract', contractId, ...terms, startDate: at(when, DAY), endDate: at(when, 90 * DAY) },
      this.context(when),
    );
    await this.tender({ type: 'RecordContractSigned', tenderId: this.tenderId, lotId, contractId }, when);
    return contractId;
  }

  async amendContract(
    contractId: string,
    change: Omit<AmendContract, 'type' | 'contractId' | 'amendmentId'>,
    when: string,
  ): Promise<void> {
    await this.executor.execute(
      contractStream(contractId),
      contractDecider,
      { type: 'AmendContract', contractId, amendmentId: randomUUID(), ...change },
      this.context(when),
    );
  }

  async completeContract(contractId: string, when: string): Promise<void> {
    await this.executor.execute(
      contractStream(contractId),
      contractDecider,
      { type: 'CompleteContract', contractId },
      this.context(when),
    );
    await this.tender(
      { type: 'RecordContractClosed', tenderId: this.tenderId, contractId, outcome: 'completed' },
      when,
    );
  }

  async cancel(reason: string, when: string): Promise<void> {
    await this.tender({ type: 'CancelTender', tenderId: this.tenderId, reason }, when);
  }

  /**
   * A reverse auction of a lot that went to auction: scheduled at `startsAt` for 10 minutes with the lot's
   * compliant bidders at their proposal prices, `bids` placed in order, closed at its end. Returns its result.
   */
  async auction(
    lotId: string,
    startsAt: string,
    bids: Array<{ supplierId: string; amount: number }>,
  ): Promise<AuctionResult> {
    const state = await this.state();
    const auctionId = `${this.tenderId}-${lotId}-auction`;
    const participants = state.lots[lotId].ranking.map((bid) => ({
      bidderId: bid.supplierId,
      name: `Proveedor ${bid.supplierId}`,
      openingPrice: bid.amount.amount,
    }));
    const stream = auctionStream(auctionId);
    const run = (command: Parameters<typeof auctionDecider.decide>[0], when: string) =>
      this.executor.execute(stream, auctionDecider, command, this.context(when));
    await run(
      {
        type: 'ScheduleAuction',
        auctionId,
        tenderId: this.tenderId,
        lotId,
        currency: 'MXN',
        startsAt,
        durationSeconds: 600,
        minimumDecrement: { kind: 'absolute', amount: 1_000 },
        antiSniping: null,
        abnormallyLowFloor: null,
        participants,
        labelSeed: '5eed'.repeat(8),
      },
      at(startsAt, -HOUR),
    );
    for (const [i, bid] of bids.entries()) {
      await run(
        { type: 'PlaceBid', auctionId, bidderId: bid.supplierId, amount: bid.amount, clientBidId: `bid-${i}` },
        at(startsAt, (i + 1) * 1000),
      );
    }
    const closed = await run({ type: 'CloseAuction', auctionId }, at(startsAt, 600_000));
    const data = (closed.events[0] as AuctionClosed).data;
    return { lotId, auctionId, ranking: data.ranking.map((r) => ({ supplierId: r.bidderId, amount: r.finalPrice })) };
  }

  async state(): Promise<TenderState> {
    return (await this.executor.load(tenderStream(this.tenderId), this.decider)).state;
  }

  private async tender(command: TenderCommand, when: string): Promise<void> {
    await this.executor.execute(tenderStream(this.tenderId), this.decider, command, this.context(when));
  }

  private context(when: string) {
    return { actor: 'account-test', correlationId: randomUUID(), now: new Date(when) };
  }
}

export { addDays, laptopsLot, printersLot };
export const laptopsAt = (laptopPrice: number): Prices => ({ 'lot-1': { 'item-1': laptopPrice, 'item-2': 100_000 } });
