import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '@licita/event-store';
import { fold, notFound } from '@licita/shared';
import {
  contractDecider,
  contractStream,
  type ContractAmended,
  type ContractEvent,
  type ContractSigned,
} from '../../domain/contract';
import type { IsoDateTime } from '../../domain/tender.types';

export type ContractView = Omit<ContractSigned['data'], 'amount'> & {
  status: 'active' | 'completed' | 'terminated';
  amount: ContractSigned['data']['amount'];
  originalAmount: ContractSigned['data']['amount'];
  amendments: Array<Omit<ContractAmended['data'], 'contractId'>>;
  closedAt: IsoDateTime | null;
  termination: { kind: string; reason: string } | null;
};

/** Public: a contract as signed and as amended, and how it ended. */
export class ContractById extends Query<ContractView> {
  constructor(readonly contractId: string) {
    super();
  }
}

/** Folded from the contract's stream: contracts are published in full. */
@QueryHandler(ContractById)
export class ContractByIdHandler implements IQueryHandler<ContractById> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ contractId }: ContractById): Promise<ContractView> {
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
      ...(state.multiYear ? { multiYear: state.multiYear } : {}),
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

const withoutId = ({ contractId: _id, ...rest }: ContractAmended['data']) => rest;
