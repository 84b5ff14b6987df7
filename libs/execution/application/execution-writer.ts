import { Injectable } from '@nestjs/common';
import { Command, CommandHandler, QueryBus, type ICommandHandler } from '@nestjs/cqrs';
import { UploadedDocument } from '@licita/documents';
import { CommandExecutor, type CommandContext, type CommandOutcome } from '@licita/event-store';
import { assertAuthorized, type Principal } from '@licita/identity';
import { DomainError, invalid, notFound } from '@licita/shared';
import { contractDecider, contractStream } from '@licita/tendering';
import { executionDecider, type ExecutionState } from '../domain/execution.decider';
import {
  executionStream,
  type ContractFacts,
  type DocumentRef,
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
    private readonly queries: QueryBus,
  ) {}

  async execute({ command, principal, context }: ExecuteOnContract): Promise<ExecutionOutcome> {
    const { contractId, ...rest } = command;
    const contract = await this.contracts.factsOf(contractId);
    assertAuthorized(
      { type: command.type, buyingUnitId: contract.buyingUnitId, supplierId: contract.supplierId },
      principal,
    );
    await this.assertDocumentsFit(command, contract);
    const reason = 'reason' in rest && typeof rest.reason === 'string' ? rest.reason.trim() : '';
    return this.executor.execute(
      executionStream(contractId),
      executionDecider,
      { ...rest, contract },
      reason && !context.reason ? { ...context, reason } : context,
    );
  }

  /**
   * A document the command names that was uploaded (POST /api/documents) must be the sender's party's: the
   * contracting unit's for the buyers' records, the contract's supplier's for its invoice's XML
   * (`execution.document_not_owned`, 403), and agree with what was stored (`execution.document_mismatch`).
   * One never uploaded is kept by its metadata and hash alone, as a contract's are.
   */
  private async assertDocumentsFit(command: ExecutionRequest, contract: ContractFacts): Promise<void> {
    const named = documentsOf(command);
    for (const document of named) {
      const stored = await this.queries.execute(new UploadedDocument(document.documentId));
      if (!stored) continue;
      const owned =
        command.type === 'RegisterInvoice'
          ? stored.uploadedBy.supplierId === contract.supplierId
          : stored.uploadedBy.buyingUnitId === contract.buyingUnitId;
      if (!owned)
        throw new DomainError('execution.document_not_owned', "the document is not the sender party's", 'forbidden', {
          documentId: document.documentId,
        });
      if (stored.sha256 !== document.sha256 || stored.mediaType !== document.mediaType)
        throw invalid('execution.document_mismatch', 'the hash or media type is not that of the uploaded document', {
          documentId: document.documentId,
        });
    }
  }
}

function documentsOf(command: ExecutionRequest): DocumentRef[] {
  if (command.type === 'RecordReceipt') return command.documents ?? [];
  if (command.type === 'RegisterInvoice') return command.xml ? [command.xml] : [];
  if (command.type === 'RecordGuarantee' || command.type === 'ReleaseGuarantee')
    return command.document ? [command.document] : [];
  return [];
}
