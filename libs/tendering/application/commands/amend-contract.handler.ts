import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AmendContract as AmendContractCommand } from '../../domain/contract';
import { ContractMessage, ContractWriter, type ContractOutcome } from '../contract-writer';

/** An amendment of a contract: amount, quantities or end date, within 20 % in total (LAASSP art. 52). */
export class AmendContract extends ContractMessage<AmendContractCommand> {}

@CommandHandler(AmendContract)
export class AmendContractHandler implements ICommandHandler<AmendContract> {
  constructor(private readonly contracts: ContractWriter) {}

  execute({ command, principal, context }: AmendContract): Promise<ContractOutcome> {
    return this.contracts.decide(command, principal, context);
  }
}
