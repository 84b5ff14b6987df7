import { Injectable } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandExecutor, type CommandContext, type CommandOutcome } from '@licita/event-store';
import { assertAuthorized, type Principal } from '@licita/identity';
import { notFound } from '@licita/shared';
import { contractDecider, contractStream } from '@licita/tendering';
import { executionDecider, type ExecutionState } from '../domain/execution.decider';
import {
  executionStream,
  type ContractFacts,
  type ExecutionCommand,
  type ExecutionEvent,
} from '../domain/execution.types';

export type ExecutionOutcome = CommandOutcome<ExecutionEvent, ExecutionState>;

/** An execution command without its contract facts: the handler reads them. */
export type ExecutionRequest = ExecutionCommand extends infer C
  ? C extends ExecutionCommand
    ? Omit<C, 'contract'> & { contractId: string }
    : never
  : never;

/** Any execution command on the command bus; its answer is the outcome (the position goes to `Licita-Position`). */
export class ExecuteOnContract extends Command<ExecutionOutcome> {
  constructor(
    readonly command: ExecutionRequest,
    readonly principal: Principal,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** The contract as signed and amended, from its own stream: what the execution's decisions need of it. */
@Injectable()
export class ContractFactsReader {
  constructor(private readonly executor: CommandExecutor) {}

  async factsOf(contractId: string): Promise<ContractFacts> {
    const { state } = await this.executor.load(contractStream(contractId), contractDecider);
    if (state.status === 'none' || state.original === null || state.amount === null)
      throw notFound('contract.not_found', `there is no contract ${contractId}`, { contractId });
    const signed = state.original;
    return {
      contractId,
      buyingUnitId: signed.buyingUnitId,
      supplierId: signed.supplierId,
      status: state.status,
      // An open contract (LAASSP art. 47) is invoiced up to its maximum; any other up to its amount as amended.
      ceiling: signed.openContract?.maximum?.amount ?? state.amount.amount,
      currency: state.amount.currency,
      items: state.items.map(({ itemId, quantity, unit }) => ({ itemId, quantity, unit })),
    };
  }
}

/**
 * Every execution command: read the contract's facts, authorize the sender against them (the buyers of the
 * contracting unit; the contract's supplier for its invoices), decide on the execution stream and append at the
 * revision read (a concurrent write is decided again). The facts are read once: a contract amended in between
 * is seen by the next command.
 */
@CommandHandler(ExecuteOnContract)
export class ExecuteOnContractHandler implements ICommandHandler<ExecuteOnContract> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly contracts: ContractFactsReader,
  ) {}

  async execute({ command, principal, context }: ExecuteOnContract): Promise<ExecutionOutcome> {
    const { contractId, ...rest } = command;
    const contract = await this.contracts.factsOf(contractId);
    assertAuthorized(
      { type: command.type, buyingUnitId: contract.buyingUnitId, supplierId: contract.supplierId },
      principal,
    );
    const reason = 'reason' in rest && typeof rest.reason === 'string' ? rest.reason.trim() : '';
    return this.executor.execute(
      executionStream(contractId),
      executionDecider,
      { ...rest, contract },
      reason && !context.reason ? { ...context, reason } : context,
    );
  }
}
