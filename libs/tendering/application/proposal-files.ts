import type { Readable } from 'node:stream';
import {
  CommandBus,
  CommandHandler,
  Query,
  QueryBus,
  QueryHandler,
  type ICommandHandler,
  type IQueryHandler,
} from '@nestjs/cqrs';
import {
  OpenSealedDocument,
  SealedDocumentFacts,
  UploadSealedDocument,
  type DocumentOwner,
  type IncomingFile,
  type SealedDocumentReceipt,
  type SealedFileFacts,
} from '@licita/documents';
import type { Principal } from '@licita/identity';
import { DomainError, invalid } from '@licita/shared';
import { proposalFileAccess } from '../domain/proposal-files';
import { assertAcceptingProposals } from '../domain/tender.decider';
import type { ProposalContent } from '../domain/tender.types';
import { CommandMessage, TenderWriter } from './tender-writer';

/** A supplier's file for its proposal to `tenderId`, sealed as it streams in (the HTTP edge picks its id). */
export class UploadProposalFile extends CommandMessage<
  { tenderId: string; documentId: string; file: IncomingFile },
  SealedDocumentReceipt
> {}

/**
 * Accepts a proposal file only from a supplier for itself, while the tender accepts proposals (the refusals
 * SubmitProposal would get: `proposal.tendering_not_started`, `proposal.late`, `tender.invalid_transition`), then
 * has the documents context seal and store it. What the receipt says (clear hash, size, type, name) is what the
 * proposal names; the proposal's commitment covers it.
 */
@CommandHandler(UploadProposalFile)
export class UploadProposalFileHandler implements ICommandHandler<UploadProposalFile> {
  constructor(
    private readonly tenders: TenderWriter,
    private readonly commands: CommandBus,
  ) {}

  async execute({ command, principal, context }: UploadProposalFile): Promise<SealedDocumentReceipt> {
    const supplierId = principal.kind === 'account' ? principal.supplierId : undefined;
    const state = await this.tenders.load(command.tenderId);
    this.tenders.authorize(state, 'SubmitProposal', principal, { supplierId });
    assertAcceptingProposals(state, context.now);
    const owner: DocumentOwner = {
      accountId: principal.kind === 'account' ? principal.accountId : '',
      role: 'supplier',
      supplierId,
    };
    return this.commands.execute(
      new UploadSealedDocument(command.documentId, command.tenderId, command.file, owner, context),
    );
  }
}

/** The clear bytes of a proposal's file, for whom `proposalFileAccess` allows. */
export class ProposalFileContent extends Query<{ facts: SealedFileFacts; bytes: Readable }> {
  constructor(
    readonly tenderId: string,
    readonly proposalId: string,
    readonly documentId: string,
    readonly reader: Principal,
  ) {
    super();
  }
}

@QueryHandler(ProposalFileContent)
export class ProposalFileContentHandler implements IQueryHandler<ProposalFileContent> {
  constructor(
    private readonly tenders: TenderWriter,
    private readonly queries: QueryBus,
  ) {}

  async execute({ tenderId, proposalId, documentId, reader }: ProposalFileContent) {
    const state = await this.tenders.load(tenderId);
    proposalFileAccess(state, proposalId, documentId, reader);
    const record = await this.queries.execute(new SealedDocumentFacts(documentId));
    const supplierId = state.proposals[proposalId].supplierId;
    if (
      !record ||
      record.uploaded.sealedFor?.tenderId !== tenderId ||
      record.uploaded.uploadedBy.supplierId !== supplierId
    )
      throw notFoundDocument();
    return this.queries.execute(new OpenSealedDocument(documentId, tenderId));
  }
}

const notFoundDocument = () => new DomainError('document.not_found', 'no such document', 'not_found');

/**
 * The files a proposal names that were uploaded must be this supplier's, sealed for this tender
 * (`proposal.document_not_owned`, 403; a plain upload: `proposal.document_not_sealed`, 422), and named by their
 * clear hash and type (`proposal.document_mismatch`, 422). A document never uploaded is kept by its metadata and
 * hash alone, as before uploads existed.
 */
export async function assertProposalFilesFit(
  queries: QueryBus,
  documents: ProposalContent['documents'],
  tenderId: string,
  supplierId: string | undefined,
): Promise<void> {
  for (const document of documents) {
    const record = await queries.execute(new SealedDocumentFacts(document.documentId));
    if (!record) continue;
    const { uploaded, facts } = record;
    if (uploaded.uploadedBy.supplierId === undefined || uploaded.uploadedBy.supplierId !== supplierId)
      throw new DomainError('proposal.document_not_owned', 'the file was not uploaded by this supplier', 'forbidden', {
        documentId: document.documentId,
      });
    if (!facts || uploaded.sealedFor?.tenderId !== tenderId)
      throw invalid('proposal.document_not_sealed', 'a proposal file must be uploaded sealed for this tender', {
        documentId: document.documentId,
      });
    if (facts.sha256 !== document.sha256 || facts.mediaType !== document.mediaType)
      throw invalid('proposal.document_mismatch', 'the hash or media type is not that of the sealed file', {
        documentId: document.documentId,
      });
  }
}
