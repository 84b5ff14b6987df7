import { Injectable } from '@nestjs/common';
import {
  CommandExecutor,
  deterministicUuid,
  type CommandContext,
  type CommandOutcome,
} from '@licita/event-store/command-executor';
import { assertAuthorized } from '@licita/identity/domain/authorization.policy';
import type { Principal } from '@licita/identity/domain/roles';
import { conflict, notFound } from '@licita/shared';
import {
  contractDecider,
  contractStream,
  type AmendContract,
  type CompleteContract,
  type ContractEvent,
  type ContractSigned,
  type ContractState,
  type SignContract,
  type TerminateContract,
} from '../domain/contract';
import { contractTermsFor } from '../domain/tender.state';
import type { IsoDateTime } from '../domain/tender.types';
import { TenderCommands, withReason } from './tender-commands';

export type ContractOutcome = CommandOutcome<ContractEvent, ContractState>;

/** A lot has at most one contract, so its id follows from the lot: signing again (a retry) names the same contract. */
export const contractIdOf = (tenderId: string, lotId: string) => deterministicUuid(`contract|${tenderId}|${lotId}`);

/**
 * The contracts of awarded lots (stream `contract-<id>`), and their record on the tender. Each step writes two
 * streams; each is safe to send again, so a request that failed half-way completes when retried:
 * - signing: the contract's own rules are checked first (dates, amount), then the tender records the
 *   signature (refused unless the lot's award is final), then the contract stream is written;
 * - completion and termination: the contract first, then the tender's record of its closing.
 */
@Injectable()
export class ContractCommands {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly tenders: TenderCommands,
  ) {}

  async sign(
    input: { tenderId: string; lotId: string; startDate: IsoDateTime; endDate: IsoDateTime },
    principal: Principal,
    context: CommandContext,
  ): Promise<ContractOutcome & { contractId: string }> {
    const { tenderId, lotId, startDate, endDate } = input;
    const tender = await this.tenders.load(tenderId);
    if (tender.content === null) throw notFound('tender.not_found', `there is no tender ${tenderId}`);
    assertAuthorized({ type: 'SignContract', buyingUnitId: tender.content.buyingUnitId }, principal);
    const contractId = contractIdOf(tenderId, lotId);
    const record = { type: 'RecordContractSigned' as const, tenderId, lotId, contractId };
    const terms = contractTermsFor(tender, lotId);
    if (terms === null) {
      await this.tenders.recordContract(record, context); // refused by the tender, saying why (no such lot, not awarded...)
      throw conflict('contract.lot_not_awarded', `lot ${lotId} has no award`, { lotId });
    }
    const command: SignContract = { type: 'SignContract', contractId, ...terms, startDate, endDate };
    contractDecider.decide(command, await this.state(contractId), context); // the contract's own rules, before anything is written
    await this.tenders.recordContract(record, context);
    const outcome = await this.executor.execute(contractStream(contractId), contractDecider, command, context);
    return { ...outcome, contractId };
  }

  async amend(command: AmendContract, principal: Principal, context: CommandContext): Promise<ContractOutcome> {
    await this.authorized(command, principal);
    return this.executor.execute(
      contractStream(command.contractId),
      contractDecider,
      command,
      withReason(command, context),
    );
  }

  async close(
    command: CompleteContract | TerminateContract,
    principal: Principal,
    context: CommandContext,
  ): Promise<ContractOutcome> {
    const state = await this.authorized(command, principal);
    const { tenderId, lotId } = state.original as ContractSigned['data'];
    const outcome = command.type === 'CompleteContract' ? 'completed' : 'terminated';
    const halfDone = state.status === outcome && (await this.tenders.load(tenderId)).lots[lotId]?.status !== 'closed';
    const result = halfDone
      ? { events: [], state, revision: -1n }
      : await this.executor.execute(
          contractStream(command.contractId),
          contractDecider,
          command,
          withReason(command, context),
        );
    await this.tenders.recordContract(
      { type: 'RecordContractClosed', tenderId, contractId: command.contractId, outcome },
      context,
    );
    return result;
  }

  private async state(contractId: string): Promise<ContractState> {
    return (await this.executor.load(contractStream(contractId), contractDecider)).state;
  }

  /** The contract, if the principal may send it this command: buyers of the contracting unit. */
  private async authorized(
    command: AmendContract | CompleteContract | TerminateContract,
    principal: Principal,
  ): Promise<ContractState> {
    const state = await this.state(command.contractId);
    if (state.original === null) throw notFound('contract.not_found', `there is no contract ${command.contractId}`);
    assertAuthorized({ type: command.type, buyingUnitId: state.original.buyingUnitId }, principal);
    return state;
  }
}
