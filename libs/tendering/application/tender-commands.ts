import { Inject, Injectable, Optional } from '@nestjs/common';
import { ClassifierLookup } from '@licita/classifier/application/classifier-lookup';
import { CommandExecutor, type CommandContext, type CommandOutcome } from '@licita/event-store/command-executor';
import { assertAuthorized } from '@licita/identity/domain/authorization.policy';
import { SYSTEM, type Principal } from '@licita/identity/domain/roles';
import { conflict, DomainError, notFound, type Decider } from '@licita/shared';
import { SupplierRegistry } from '@licita/suppliers/application/supplier-registry';
import { sanctionsInForce } from '@licita/suppliers/domain/supplier.decider';
import { checkProposalContent } from '../domain/proposal-content';
import {
  openProposal,
  proposalReceipt,
  randomIv,
  randomSalt,
  saltForRequest,
  sealProposal,
  type ProposalReceipt,
} from '../domain/sealing';
import type * as C from '../domain/tender.commands';
import { createTenderDecider } from '../domain/tender.decider';
import {
  tenderStream,
  type TenderAmended,
  type TenderCreated,
  type TenderDraftUpdated,
  type TenderEvent,
} from '../domain/tender.events';
import { DEFAULT_TENDER_POLICY, type TenderPolicy } from '../domain/tender.policy';
import { activeProposals, initialState, scheduleOf, statusAt, type TenderState } from '../domain/tender.state';
import type { ProposalContent, SupplierStanding, TenderContent, TenderLot } from '../domain/tender.types';
import { TenderKeyStore } from './tender-keys';

/** Optional provider: the periods of the procedures (tender.policy.ts); DEFAULT_TENDER_POLICY otherwise. */
export const TENDER_POLICY = Symbol('TENDER_POLICY');

export type TenderOutcome = CommandOutcome<TenderEvent, TenderState>;

/** What a supplier sends: its offer per lot and its documents. The handler adds who, the currency and the salt. */
export type ProposalInput = {
  proposalId: string;
  lots: ProposalContent['lots'];
  documents: ProposalContent['documents'];
};

type Command<T extends C.TenderCommand['type']> = Extract<C.TenderCommand, { type: T }>;

/**
 * The tender's command handlers: load the stream, authorize the principal against the tender (buyers act on
 * their own unit's tenders, suppliers for themselves, the auditor on challenges; COMMAND_POLICY decides),
 * look up the facts other contexts own (supplier standings at `now`, classifier codes), seal or open
 * proposals with the tender's data key, then decide and append at the revision read. A conflict (409) carries
 * the tender's current status in `details.status`.
 */
@Injectable()
export class TenderCommands {
  private readonly decider: Decider<C.TenderCommand, TenderEvent, TenderState>;

  constructor(
    private readonly executor: CommandExecutor,
    private readonly keys: TenderKeyStore,
    private readonly suppliers: SupplierRegistry,
    private readonly classifier: ClassifierLookup,
    @Optional() @Inject(TENDER_POLICY) policy?: TenderPolicy,
  ) {
    this.decider = createTenderDecider(policy ?? DEFAULT_TENDER_POLICY);
  }

  async create(
    command: Command<'CreateTender'>,
    principal: Principal,
    context: CommandContext,
  ): Promise<TenderOutcome> {
    assertAuthorized({ type: command.type, buyingUnitId: command.content?.buyingUnitId }, principal);
    const [created] = this.decider.decide(command, initialState(), context) as TenderCreated[]; // every rule of the content first
    await this.assertKnownCodes(created.data.content.lots);
    return this.guarded(command.tenderId, context, () => this.execute(command, context));
  }

  /** A draft's changes; new or changed items have their classifier codes checked. */
  updateDraft(
    command: Command<'UpdateTenderDraft'>,
    principal: Principal,
    context: CommandContext,
  ): Promise<TenderOutcome> {
    return this.guarded(command.tenderId, context, async () => {
      const state = await this.authorized(command.type, command.tenderId, principal);
      const [updated] = this.decider.decide(command, state, context) as TenderDraftUpdated[];
      if (updated?.data.changes.lots) await this.assertKnownCodes(updated.data.changes.lots);
      return this.execute(command, context);
    });
  }

  amend(command: Command<'AmendTender'>, principal: Principal, context: CommandContext): Promise<TenderOutcome> {
    return this.guarded(command.tenderId, context, async () => {
      const state = await this.authorized(command.type, command.tenderId, principal);
      const [amended] = this.decider.decide(command, state, context) as TenderAmended[];
      if (amended?.data.amended.lots) await this.assertKnownCodes(amended.data.amended.lots);
      return this.execute(command, withReason(command, context));
    });
  }

  /** Publishes the call: creates the tender's data key for sealing, and checks every invitee's standing at `now`. */
  publish(tenderId: string, principal: Principal, context: CommandContext): Promise<TenderOutcome> {
    return this.guarded(tenderId, context, async () => {
      const state = await this.authorized('PublishTender', tenderId, principal);
      const content = state.content as TenderContent;
      const invited = content.procedureType === 'invitation' ? content.invitedSupplierIds : [];
      const invitees = await Promise.all(invited.map((supplierId) => this.standingOf(supplierId, context.now)));
      // Anything but a competitive draft is refused by the decider before the key matters: no key is made for it.
      const tenderKeyId =
        state.status === 'draft' && content.schedule !== null ? await this.keys.keyIdFor(tenderId) : '';
      return this.execute({ type: 'PublishTender', tenderId, tenderKeyId, invitees }, context);
    });
  }

  /**
   * Seals a proposal: checks the content against the tender (normalized, with a fresh random salt, or one derived
   * from the request's Idempotency-Key so that a retried request is recognised as the same proposal), encrypts
   * it with the tender's data key under a fresh IV, and sends the decider only the commitment and the sealed
   * box. The supplier gets the receipt (commitment and submission time), which is also published.
   */
  submitProposal(
    tenderId: string,
    input: ProposalInput,
    principal: Principal,
    context: CommandContext,
    replace = false,
  ): Promise<ProposalReceipt> {
    const type = replace ? 'ReplaceProposal' : 'SubmitProposal';
    return this.guarded(tenderId, context, async () => {
      const supplierId = principal.kind === 'account' ? principal.supplierId : undefined;
      const state = await this.authorized(type, tenderId, principal, { supplierId });
      if (state.tenderKeyId === null) {
        throw conflict('tender.invalid_transition', `${type} is not possible while the tender is ${state.status}`, {
          status: state.status,
          command: type,
        });
      }
      const tender = { tenderId, content: state.content as TenderContent };
      const dataKey = await this.keys.dataKey(state.tenderKeyId);
      const salt = context.idempotencyKey ? saltForRequest(dataKey, context.idempotencyKey) : randomSalt();
      const content = checkProposalContent(
        { ...input, tenderId, supplierId: supplierId as string, currency: tender.content.currency, salt },
        tender,
      );
      const sealed = sealProposal(content, dataKey, randomIv(), state.tenderKeyId);
      const supplier = await this.standingOf(content.supplierId, context.now);
      const lotIds = content.lots.map((offer) => offer.lotId);
      const outcome = await this.execute(
        { type, tenderId, proposalId: content.proposalId, supplier, lotIds, ...sealed },
        context,
      );
      return proposalReceipt({ tenderId, ...outcome.state.proposals[content.proposalId] });
    });
  }

  /**
   * The opening act. The tender's data key is unwrapped only when the act is due (the right status, at or
   * after the opening date): every live proposal is decrypted and all are revealed in one event, which the
   * decider accepts only if each hashes to the commitment published at its submission.
   */
  open(tenderId: string, principal: Principal, context: CommandContext): Promise<TenderOutcome> {
    return this.guarded(tenderId, context, async () => {
      const state = await this.authorized('OpenProposals', tenderId, principal);
      if (!openingDue(state, context.now))
        return this.execute({ type: 'OpenProposals', tenderId, revealed: [] }, context); // refused, saying why
      const key = await this.keys.dataKey(state.tenderKeyId as string);
      const revealed = activeProposals(state).map((p) => ({
        proposalId: p.proposalId,
        content: openProposal(p.sealed, key) as ProposalContent,
      }));
      return this.execute({ type: 'OpenProposals', tenderId, revealed }, context);
    });
  }

  /** A direct award to the supplier the draft names, whose standing is looked up at `now`. */
  awardDirectly(
    tenderId: string,
    lots: Command<'AwardDirectly'>['lots'],
    principal: Principal,
    context: CommandContext,
  ): Promise<TenderOutcome> {
    return this.guarded(tenderId, context, async () => {
      const state = await this.authorized('AwardDirectly', tenderId, principal);
      const supplierId = state.content?.directAward?.supplierId;
      const supplier = supplierId
        ? await this.standingOf(supplierId, context.now)
        : { supplierId: '', verified: false, sanctioned: false };
      return this.execute({ type: 'AwardDirectly', tenderId, supplier, lots }, context);
    });
  }

  /**
   * The commands that need nothing but the tender: questions and answers, withdrawals, evaluation, award,
   * challenges and their resolution, cancellation. A supplier's commands carry its own `supplierId`.
   */
  send(
    command: Command<
      | 'AskQuestion'
      | 'AnswerQuestion'
      | 'WithdrawProposal'
      | 'EvaluateProposal'
      | 'CompleteEvaluation'
      | 'AwardTender'
      | 'ChallengeAward'
      | 'ResolveChallenge'
      | 'CancelTender'
    >,
    principal: Principal,
    context: CommandContext,
  ): Promise<TenderOutcome> {
    return this.guarded(command.tenderId, context, async () => {
      const state = await this.authorized(
        command.type,
        command.tenderId,
        principal,
        'supplierId' in command ? { supplierId: command.supplierId } : {},
      );
      const withFacts =
        command.type === 'AwardTender'
          ? { ...command, standings: await this.standingsOfRanked(state, command, context.now) }
          : command;
      return this.execute(withFacts, withReason(command, context));
    });
  }

  /** The award passes over a ranked supplier sanctioned or unverified at `now`: the register says which. */
  private async standingsOfRanked(state: TenderState, command: C.AwardTender, now: Date): Promise<SupplierStanding[]> {
    const ranked = new Set([
      ...Object.values(state.lots).flatMap((lot) => lot.ranking.map((entry) => entry.supplierId)),
      ...(command.auctionResults ?? []).flatMap((result) =>
        Array.isArray(result.ranking) ? result.ranking.map((entry) => entry.supplierId) : [],
      ),
    ]);
    return Promise.all([...ranked].map((supplierId) => this.standingOf(supplierId, now)));
  }

  /** The durable scheduler's command (actor `system`). */
  advanceClock(tenderId: string, context: CommandContext): Promise<TenderOutcome> {
    assertAuthorized({ type: 'AdvanceTenderClock' }, SYSTEM);
    return this.execute({ type: 'AdvanceTenderClock', tenderId }, context);
  }

  /** The tender's record of its contracts, sent by ContractCommands after it authorized the contract command. */
  recordContract(
    command: Command<'RecordContractSigned' | 'RecordContractClosed'>,
    context: CommandContext,
  ): Promise<TenderOutcome> {
    return this.guarded(command.tenderId, context, () => this.execute(command, context));
  }

  async load(tenderId: string): Promise<TenderState> {
    return (await this.executor.load(tenderStream(tenderId), this.decider)).state;
  }

  /** What the supplier register says about a supplier at `now`; an unknown supplier is not verified. */
  async standingOf(supplierId: string, now: Date): Promise<SupplierStanding> {
    const supplier = await this.suppliers.load(supplierId);
    return {
      supplierId,
      verified: supplier.status === 'verified',
      sanctioned: sanctionsInForce(supplier, now).length > 0,
    };
  }

  private execute(command: C.TenderCommand, context: CommandContext): Promise<TenderOutcome> {
    return this.executor.execute(tenderStream(command.tenderId), this.decider, command, context);
  }

  /** The tender, if the principal may send it this command (`tender.not_found` when there is none). */
  private async authorized(
    type: C.TenderCommand['type'],
    tenderId: string,
    principal: Principal,
    fields: Record<string, unknown> = {},
  ): Promise<TenderState> {
    const state = await this.load(tenderId);
    if (state.content === null) throw notFound('tender.not_found', `there is no tender ${tenderId}`);
    assertAuthorized({ type, buyingUnitId: state.content.buyingUnitId, ...fields }, principal);
    return state;
  }

  private async assertKnownCodes(lots: TenderLot[]): Promise<void> {
    await this.classifier.assertKnown(lots.flatMap((lot) => lot.items.map((item) => item.classifierCode)));
  }

  /** A conflict says what the tender's status is now (`details.status`), when the rule that refused did not. */
  private async guarded<T>(tenderId: string, context: CommandContext, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof DomainError) || error.kind !== 'conflict' || error.details?.status !== undefined)
        throw error;
      const status = statusAt(await this.load(tenderId), context.now);
      throw new DomainError(error.code, error.message, error.kind, { ...error.details, status });
    }
  }
}

/** The command's reason (an amendment's, a cancellation's...) goes into its events' metadata too. */
export function withReason(command: object, context: CommandContext): CommandContext {
  const reason = (command as { reason?: unknown }).reason;
  return typeof reason === 'string' && !context.reason ? { ...context, reason } : context;
}

/** The opening act may be held: the tender takes or took proposals, and the opening date has come. */
function openingDue(state: TenderState, now: Date): boolean {
  const status = statusAt(state, now);
  return (
    (status === 'active.enquiries' || status === 'active.tendering') &&
    now.getTime() >= Date.parse(scheduleOf(state).openingDate)
  );
}
