import type { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import {
  Command,
  CommandHandler,
  Query,
  QueryBus,
  QueryHandler,
  type ICommandHandler,
  type IQueryHandler,
} from '@nestjs/cqrs';
import { DocumentBytes, UploadedDocument } from '@licita/documents';
import type { CommandContext } from '@licita/event-store';
import { DomainError, invalid, notFound } from '@licita/shared';
import type { SupplierDocument } from '../domain/supplier.commands';
import type { SupplierOutcome } from './commands/supplier.commands';
import { SupplierRegistry } from './supplier-registry';
import type { Viewer } from './supplier-queries';

/** A document as the supplier names it: kind and id; hash, media type, size and name filled from the upload. */
export type SupplierDocumentRequest = { kind: string; documentId: string } & Partial<
  Pick<SupplierDocument, 'sha256' | 'mediaType' | 'size' | 'name'>
>;

/** `POST /api/suppliers/{id}/documents`: the supplier adds documents it uploaded, for the registrar to check. */
export class AttachSupplierDocuments extends Command<SupplierOutcome> {
  constructor(
    readonly supplierId: string,
    readonly documents: SupplierDocumentRequest[],
    readonly context: CommandContext,
  ) {
    super();
  }
}

/**
 * Each document named must have been uploaded (POST /api/documents) by this supplier
 * (`supplier.document_not_uploaded` 422, `supplier.document_not_owned` 403: another party's file, a sealed
 * proposal or an act), and a hash or media type sent must be the upload's (`supplier.document_mismatch` 422).
 * The event then keeps what was stored, so the registrar reads exactly the bytes the supplier sent.
 */
@CommandHandler(AttachSupplierDocuments)
export class AttachSupplierDocumentsHandler implements ICommandHandler<AttachSupplierDocuments> {
  constructor(
    private readonly registry: SupplierRegistry,
    private readonly queries: QueryBus,
  ) {}

  async execute({ supplierId, documents, context }: AttachSupplierDocuments): Promise<SupplierOutcome> {
    if (!Array.isArray(documents))
      throw invalid('supplier.invalid_documents', 'documents is a list of uploaded documents');
    const filled: unknown[] = [];
    for (const [index, document] of documents.entries()) {
      const documentId = typeof document?.documentId === 'string' ? document.documentId : '';
      const stored = documentId ? await this.queries.execute(new UploadedDocument(documentId)) : undefined;
      if (!stored)
        throw invalid('supplier.document_not_uploaded', 'upload the document first (POST /api/documents)', {
          index,
          documentId,
        });
      if (stored.uploadedBy.supplierId !== supplierId || stored.sealedFor || stored.act)
        throw new DomainError(
          'supplier.document_not_owned',
          'the document was not uploaded by this supplier',
          'forbidden',
          {
            documentId,
          },
        );
      const mismatch =
        (document.sha256 !== undefined && document.sha256 !== stored.sha256) ||
        (document.mediaType !== undefined && document.mediaType !== stored.mediaType);
      if (mismatch)
        throw invalid('supplier.document_mismatch', 'the hash or media type is not that of the uploaded document', {
          documentId,
          sha256: stored.sha256,
          mediaType: stored.mediaType,
        });
      filled.push({
        kind: document.kind,
        documentId,
        sha256: stored.sha256,
        mediaType: stored.mediaType,
        size: stored.size,
        name: typeof document.name === 'string' && document.name.trim() !== '' ? document.name : stored.fileName,
      });
    }
    return this.registry.handle(
      { type: 'AttachSupplierDocuments', supplierId, documents: filled as SupplierDocument[] },
      context,
    );
  }
}

/** A supplier's documents: for registrars, auditors and the supplier itself; `supplier.not_found` for anyone else. */
export class SupplierDocuments extends Query<SupplierDocument[]> {
  constructor(
    readonly supplierId: string,
    readonly viewer: Viewer,
  ) {
    super();
  }
}

/** One of those documents with its bytes, for the same readers (`supplier.document_not_found` otherwise). */
export class SupplierDocumentContent extends Query<{ document: SupplierDocument; bytes: Readable }> {
  constructor(
    readonly supplierId: string,
    readonly documentId: string,
    readonly viewer: Viewer,
  ) {
    super();
  }
}

@Injectable()
@QueryHandler(SupplierDocuments)
export class SupplierDocumentsHandler implements IQueryHandler<SupplierDocuments> {
  constructor(private readonly registry: SupplierRegistry) {}

  async execute({ supplierId, viewer }: SupplierDocuments): Promise<SupplierDocument[]> {
    const mayRead = viewer.staff || viewer.supplierId === supplierId;
    const state = mayRead ? await this.registry.load(supplierId) : undefined;
    if (!state?.data) throw notFound('supplier.not_found', `no supplier ${supplierId}`);
    return state.documents;
  }
}

@Injectable()
@QueryHandler(SupplierDocumentContent)
export class SupplierDocumentContentHandler implements IQueryHandler<SupplierDocumentContent> {
  constructor(private readonly queries: QueryBus) {}

  async execute({ supplierId, documentId, viewer }: SupplierDocumentContent) {
    const documents = await this.queries.execute(new SupplierDocuments(supplierId, viewer));
    const document = documents.find((d) => d.documentId === documentId);
    if (!document)
      throw notFound('supplier.document_not_found', `supplier ${supplierId} has no document ${documentId}`);
    const bytes = await this.queries.execute(new DocumentBytes(document.sha256));
    return { document, bytes };
  }
}
