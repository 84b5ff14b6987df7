import { Inject, Injectable } from '@nestjs/common';
import { CommandExecutor } from '@licita/event-store/command-executor';
import { EVENT_STORE, type EventStore } from '@licita/event-store/event-store.port';
import type { Principal } from '@licita/identity/domain/roles';
import { foldAsOf } from '@licita/ledger/domain/time-travel';
import { fold, notFound } from '@licita/shared';
import { DataSource } from 'typeorm';
import {
  contractDecider,
  contractStream,
  type ContractAmended,
  type ContractEvent,
  type ContractSigned,
} from '../domain/contract';
import { openProposal } from '../domain/sealing';
import { tenderStream, type TenderEvent } from '../domain/tender.events';
import { tenderDecider } from '../domain/tender.decider';
import type { IsoDateTime, ProposalContent } from '../domain/tender.types';
import { applyToView, viewStatusAt, type TenderView } from '../projections/tender-view';
import { TenderKeyStore } from './tender-keys';

export type OwnProposal = {
  proposalId: string;
  lotIds: string[];
  commitment: string;
  submittedAt: IsoDateTime;
  withdrawn: boolean;
  /** As the supplier sealed it (decrypted for its owner only). */
  content: ProposalContent;
};

export type ContractView = Omit<ContractSigned['data'], 'amount'> & {
  status: 'active' | 'completed' | 'terminated';
  amount: ContractSigned['data']['amount'];
  originalAmount: ContractSigned['data']['amount'];
  amendments: Array<Omit<ContractAmended['data'], 'contractId'>>;
  closedAt: IsoDateTime | null;
  termination: { kind: string; reason: string } | null;
};

/** The tender's view, `$1` its id (the bench EXPLAINs exactly this). */
export const TENDER_VIEW_STATEMENT = 'SELECT view FROM tender_views WHERE tender_id = $1';

/**
 * Reads for the parties and the public. The tender comes from its read model (`tender_views`, eventually
 * consistent, nothing sealed in it); a supplier's own proposals and a contract come from their streams.
 */
@Injectable()
export class TenderQueries {
  constructor(
    private readonly db: DataSource,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly executor: CommandExecutor,
    private readonly keys: TenderKeyStore,
  ) {}

  /** A published tender for anyone; a draft only for the buyers of its unit. */
  async tender(tenderId: string, principal: Principal, now: Date): Promise<TenderView> {
    const [row]: Array<{ view: TenderView }> = await this.db.query(TENDER_VIEW_STATEMENT, [tenderId]);
    return visibleView(tenderId, row?.view ?? null, principal, now);
  }

  /** The tender as it stood at `asOf` (time travel: folded from its stream, not the read model), with the same rules. */
  async tenderAsOf(tenderId: string, principal: Principal, asOf: Date): Promise<TenderView> {
    const recorded = await this.store.readStream(tenderStream(tenderId));
    const view = foldAsOf(
      recorded,
      asOf,
      (folded: TenderView | null, e) => applyToView(folded, { type: e.type, data: e.data } as TenderEvent),
      null,
    );
    return visibleView(tenderId, view, principal, asOf);
  }

  /** The proposals a supplier submitted to a tender, decrypted for that supplier alone, before and after the opening act. */
  async ownProposals(tenderId: string, supplierId: string): Promise<OwnProposal[]> {
    const { state } = await this.executor.load(tenderStream(tenderId), tenderDecider);
    if (state.content === null || state.status === 'draft')
      throw notFound('tender.not_found', `there is no tender ${tenderId}`);
    const own = Object.values(state.proposals).filter((proposal) => proposal.supplierId === supplierId);
    if (own.length === 0) return [];
    const key = await this.keys.dataKey(state.tenderKeyId as string);
    return own.map(({ proposalId, lotIds, commitment, submittedAt, withdrawn, sealed }) => ({
      proposalId,
      lotIds,
      commitment,
      submittedAt,
      withdrawn,
      content: openProposal(sealed, key) as ProposalContent,
    }));
  }

  /** Public: contracts are published in full. */
  async contract(contractId: string): Promise<ContractView> {
    const recorded = await this.store.readStream(contractStream(contractId));
    if (recorded.length === 0) throw notFound('contract.not_found', `there is no contract ${contractId}`);
    const events = recorded.map((e) => ({ type: e.type, data: e.data }) as ContractEvent);
    const state = fold(contractDecider, events);
    const signed = state.original as ContractSigned['data'];
    const closing = events.find((e) => e.type === 'ContractCompleted' || e.type === 'ContractTerminated');
    return {
      ...signed,
      status: state.status as ContractView['status'],
      amount: state.amount as ContractView['amount'],
      originalAmount: signed.amount,
      items: state.items,
      endDate: state.endDate as string,
      amendments: events.flatMap((e) => (e.type === 'ContractAmended' ? [withoutId(e.data)] : [])),
      closedAt:
        closing?.type === 'ContractCompleted'
          ? closing.data.completedAt
          : closing?.type === 'ContractTerminated'
            ? closing.data.terminatedAt
            : null,
      termination:
        closing?.type === 'ContractTerminated' ? { kind: closing.data.kind, reason: closing.data.reason } : null,
    };
  }
}

function visibleView(tenderId: string, view: TenderView | null, principal: Principal, now: Date): TenderView {
  const ownUnit =
    principal.kind === 'account' && principal.role === 'buyer' && principal.buyingUnitId === view?.buyingUnitId;
  if (!view || (view.status === 'draft' && !ownUnit))
    throw notFound('tender.not_found', `there is no tender ${tenderId}`);
  return { ...view, status: viewStatusAt(view, now) };
}

const withoutId = ({ contractId: _id, ...rest }: ContractAmended['data']) => rest;
