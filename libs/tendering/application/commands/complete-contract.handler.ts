import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandExecutor } from '@licita/event-store';
import {
  contractDecider,
  type CompleteContract as CompleteContractCommand,
  type TerminateContract,
} from '../../domain/contract';
import { tenderStream } from '../../domain/tender.events';
import { ContractMessage, ContractWriter, type ContractOutcome } from '../contract-writer';
import { TenderWriter } from '../tender-writer';

/** A contract fulfilled; the tender completes when all its contracts are closed. */
export class CompleteContract extends ContractMessage<CompleteContractCommand> {}

/**
 * Closing writes two streams, the contract first, then the tender's record of its closing; each is safe to
 * send again. A contract already closed this way whose tender has not recorded it (a request that failed
 * half-way) is left as it is, and the tender's record is written.
 */
@CommandHandler(CompleteContract)
export class CompleteContractHandler implements ICommandHandler<CompleteContract> {
  constructor(
    private readonly contracts: ContractWriter,
    private readonly tenders: TenderWriter,
    private readonly executor: CommandExecutor,
  ) {}

  async execute({
    command,
    principal,
    context,
  }: ContractMessage<CompleteContractCommand | TerminateContract>): Promise<ContractOutcome> {
    const outcome = command.type === 'CompleteContract' ? 'completed' : 'terminated';
    let tenderId = '';
    const result = await this.contracts.decide(command, principal, context, async (state, signed) => {
      tenderId = signed.tenderId;
      if (state.status === outcome && !(await this.lotClosed(signed.tenderId, signed.lotId))) return [];
      return contractDecider.decide(command, state, { now: context.now, actor: context.actor });
    });
    const { contractId } = command;
    await this.tenders.decide(tenderId, context, () => ({
      type: 'RecordContractClosed',
      tenderId,
      contractId,
      outcome,
    }));
    return result;
  }

  private async lotClosed(tenderId: string, lotId: string): Promise<boolean> {
    const { state } = await this.executor.load(tenderStream(tenderId), this.tenders.decider);
    return state.lots[lotId]?.status === 'closed';
  }
}
