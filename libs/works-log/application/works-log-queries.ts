import { Query, QueryBus, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Readable } from 'node:stream';
import { DocumentBytes } from '@licita/documents';
import { CommandExecutor } from '@licita/event-store';
import { ContractExecution } from '@licita/execution';
import type { Principal } from '@licita/identity';
import { notFound } from '@licita/shared';
import { contractDecider, contractStream } from '@licita/tendering';
import { worksLogDecider, type WorksLogState } from '../domain/works-log.decider';
import { paidProgress, worksLogView, type PaidProgress, type WorksLogView } from '../domain/works-log.view';
import { worksLogStream, type NoteAttachment } from '../domain/works-log.types';

/**
 * The log of a contract for a reader: in full (private notes too) for the contract's buying unit, its supplier's
 * accounts and auditors; without the private notes' contents for everyone else. Read from the log's own stream
 * (a log holds hundreds of notes, not millions), so a reader sees a note as soon as its command answered.
 */
export class WorksLogOfContract extends Query<WorksLogView> {
  constructor(
    readonly contractId: string,
    readonly reader: Principal,
  ) {
    super();
  }
}

/** One attachment of a note the reader may read, and its bytes. */
export class WorksLogAttachment extends Query<{ attachment: NoteAttachment; bytes: Readable }> {
  constructor(
    readonly contractId: string,
    readonly documentId: string,
    readonly reader: Principal,
  ) {
    super();
  }
}

function readsInFull(state: WorksLogState, reader: Principal): boolean {
  if (reader.kind !== 'account' || state.opening === null) return false;
  if (reader.role === 'auditor') return true;
  if (reader.role === 'buyer') return reader.buyingUnitId === state.opening.buyingUnitId;
  if (reader.role === 'supplier') return reader.supplierId === state.opening.supplierId;
  return false;
}

const noLog = (contractId: string) =>
  notFound('works_log.not_found', `contract ${contractId} has no works log`, { contractId });

/** The log's notes as `reader` may see them, folded from its stream (without the payments). */
async function notesView(executor: CommandExecutor, contractId: string, reader: Principal): Promise<WorksLogView> {
  const { state } = await executor.load(worksLogStream(contractId), worksLogDecider);
  const view = worksLogView(contractId, state, readsInFull(state, reader));
  if (view === null) throw noLog(contractId);
  return view;
}

@QueryHandler(WorksLogOfContract)
export class WorksLogOfContractHandler implements IQueryHandler<WorksLogOfContract> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly queries: QueryBus,
  ) {}

  async execute({ contractId, reader }: WorksLogOfContract): Promise<WorksLogView> {
    const view = await notesView(this.executor, contractId, reader);
    return { ...view, paidProgress: await this.paidProgress(contractId, view) };
  }

  /**
   * Financial progress as paid: the contract's amount as amended (its own stream) and the payments the execution
   * read answers (libs/execution, its projection: wait for a position with `minPosition`).
   */
  private async paidProgress(contractId: string, view: WorksLogView): Promise<PaidProgress | null> {
    const { state: contract } = await this.executor.load(contractStream(contractId), contractDecider);
    if (contract.amount === null) return null;
    const execution = await this.queries.execute(new ContractExecution(contractId));
    const payments = execution.payments.filter((payment) => payment.currency === contract.amount?.currency);
    return paidProgress(contract.amount, payments, view.progress);
  }
}

@QueryHandler(WorksLogAttachment)
export class WorksLogAttachmentHandler implements IQueryHandler<WorksLogAttachment> {
  constructor(
    private readonly executor: CommandExecutor,
    private readonly queries: QueryBus,
  ) {}

  async execute({ contractId, documentId, reader }: WorksLogAttachment) {
    const view = await notesView(this.executor, contractId, reader);
    const attachment = view.notes.flatMap((note) => note.attachments).find((a) => a.documentId === documentId);
    if (!attachment)
      throw notFound('works_log.attachment_not_found', `the log shows no attachment ${documentId}`, { documentId });
    const bytes = await this.queries.execute(new DocumentBytes(attachment.sha256));
    return { attachment, bytes };
  }
}
