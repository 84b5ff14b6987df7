import { CommandHandler } from '@nestjs/cqrs';
import type { TerminateContract as TerminateContractCommand } from '../../domain/contract';
import { ContractMessage } from '../contract-writer';
import { CompleteContractHandler } from './complete-contract.handler';

/** A contract ended early: terminated in the general interest or rescinded for breach, with its reason. */
export class TerminateContract extends ContractMessage<TerminateContractCommand> {}

/** Closed exactly like a completion (CompleteContractHandler), with the outcome `terminated`. */
@CommandHandler(TerminateContract)
export class TerminateContractHandler extends CompleteContractHandler {}
