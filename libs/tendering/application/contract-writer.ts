import { Injectable, Optional } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { CommandExecutor, deterministicUuid, type CommandContext, type CommandOutcome } from '@licita/event-store';
import { assertAuthorized, type Principal } from '@licita/identity';
import { notFound } from '@licita/shared';
import {
  contractDecider,
  contractStream,
  type ContractCommand,
  type ContractEvent,
  type ContractSigned,
  type ContractState,
} from '../domain/contract';
import { CommandMessage, withReason } from './tender-writer';
import { assertUploadedDocumentsFit } from './uploaded-documents';

export type ContractOutcome = CommandOutcome<ContractEvent, ContractState>;

/**
 * A lot has at most one contract, or, in a consolidated purchase, one per participating unit, so its id follows from
 * the lot (and the unit): signing again (a retry) names the same contract.
 */
export const contractIdOf = (tenderId: string, lotId: string, buyingUnitId?: string) =>
  deterministicUuid(buyingUnitId ? `contract|${tenderId}|${lotId}|${buyingUnitId}` : `contract|${tenderId}|${lotId}`);

/** A contract command on the command bus; its handler answers the contract's outcome by default. */
export abstract class ContractMessage<P, R = ContractOutcome> extends CommandMessage<P, R> {}

/**
 * The write path of the contract commands on a signed contract (stream `contract-<id>`): load it once, authorize
 * the sender against it (buyers of the contracting unit), let the handler decide once (it may look facts up),
 * append at the revision read. The command's reason goes into the events' metadata.
 */
@Injectable()
export class ContractWriter {
  constructor(
    private readonly executor: CommandExecutor,
    @Optional() private readonly queries?: QueryBus,
  ) {}

  decide(
    command: Exclude<ContractCommand, { type: 'SignContract' }>,
    principal: Principal,
    context: CommandContext,
    decide: (state: ContractState, signed: ContractSigned['data']) => ContractEvent[] | Promise<ContractEvent[]> = (
      state,
    ) => contractDecider.decide(command, state, { now: context.now, actor: context.actor }),
  ): Promise<ContractOutcome> {
    const { contractId } = command;
    return this.executor.decideWith(
      contractStream(contractId),
      contractDecider,
      async (state) => {
        if (state.original === null) throw notFound('contract.not_found', `there is no contract ${contractId}`);
        assertAuthorized({ type: command.type, buyingUnitId: state.original.buyingUnitId }, principal);
        const events = await decide(state, state.original);
        await this.assertDocumentsFit(events, state.original.buyingUnitId);
        return events;
      },
      withReason(command, context),
    );
  }

  /** The documents the events name, if uploaded, are the contracting unit's and agree with what was stored. */
  async assertDocumentsFit(events: ContractEvent[], buyingUnitId: string): Promise<void> {
    const documents = events.flatMap((event) =>
      event.type === 'ContractSigned' || event.type === 'ContractAmended' ? (event.data.documents ?? []) : [],
    );
    await assertUploadedDocumentsFit(this.queries, documents, buyingUnitId, 'contract');
  }
}
