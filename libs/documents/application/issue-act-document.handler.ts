import { Inject, Logger } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandExecutor, EVENT_STORE, type CommandContext, type EventStore } from '@licita/event-store';
import { documentProblem } from '../domain/document-problem';
import { documentDecider, documentStream, type IssuedAct } from '../domain/document.decider';
import { DOCUMENT_STORE, type DocumentStore } from '../store/document-store.port';

/** What issuing an act answers: its document, the bytes' hash, and whether this call recorded it (false: already). */
export interface IssuedActReceipt {
  documentId: string;
  sha256: string;
  issued: boolean;
}

/**
 * The platform stores a signed act (libs/acts) as a document of its procedure: the bytes are committed to the
 * content-addressed store first, then `ActIssued` is appended to `document-<documentId>` (so no event ever names
 * missing bytes; bytes without their event are harmless, the same act stores the same blob). Idempotent: the same
 * act under the same id appends nothing the second time, other bytes under that id are refused.
 */
export class IssueActDocument extends Command<IssuedActReceipt> {
  constructor(
    readonly documentId: string,
    readonly pdf: Buffer,
    readonly fileName: string,
    readonly act: IssuedAct,
    readonly context: CommandContext,
  ) {
    super();
  }
}

@CommandHandler(IssueActDocument)
export class IssueActDocumentHandler implements ICommandHandler<IssueActDocument> {
  private readonly executor: CommandExecutor;
  private readonly logger = new Logger('Documents');

  constructor(
    @Inject(DOCUMENT_STORE) private readonly store: DocumentStore,
    @Inject(EVENT_STORE) events: EventStore,
  ) {
    this.executor = new CommandExecutor(events);
  }

  async execute({ documentId, pdf, fileName, act, context }: IssueActDocument): Promise<IssuedActReceipt> {
    const { sha256, size } = await this.stored(pdf);
    const outcome = await this.executor.execute(
      documentStream(documentId),
      documentDecider,
      { type: 'IssueAct', documentId, sha256, size, mediaType: 'application/pdf', fileName, act, issuedBy: 'system' },
      context,
    );
    return { documentId, sha256, issued: outcome.events.length > 0 };
  }

  private async stored(pdf: Buffer) {
    try {
      const temp = await this.store.begin();
      try {
        temp.writable.end(pdf);
        const info = await temp.written;
        await this.store.commit(temp);
        return info;
      } catch (error) {
        await this.store.abort(temp).catch(() => undefined);
        throw error;
      }
    } catch (error) {
      this.logger.error(`the document store failed: ${(error as Error)?.message ?? String(error)}`);
      throw documentProblem('document.store_unavailable', 'the document store failed; nothing was kept');
    }
  }
}
