import type { Readable } from 'node:stream';
import { Inject } from '@nestjs/common';
import { Query, QueryBus, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore, type RecordedEvent } from '@licita/event-store';
import { DomainError } from '@licita/shared';
import { isOwnersParty, type Reader } from '../domain/document-access';
import {
  documentDecider,
  documentStream,
  type DocumentOwner,
  type DocumentUploadedData,
} from '../domain/document.decider';
import { DOCUMENT_STORE, DocumentBlobNotFound, type ByteRange, type DocumentStore } from '../store/document-store.port';

/** A document as its readers see it. `public`: anyone may read it (a published procedure names it). */
export interface DocumentView {
  documentId: string;
  sha256: string;
  size: number;
  mediaType: string;
  fileName: string;
  uploadedAt: string;
  uploadedBy: DocumentOwner;
  position: string;
  public: boolean;
}

/**
 * One document's metadata, for a reader allowed to see it; anyone else gets `document.not_found` (404), as does
 * a document whose bytes never reached their final key (the store failed between the append and the commit:
 * the same upload sent again with its Idempotency-Key completes it).
 */
export class DocumentById extends Query<DocumentView> {
  constructor(
    readonly documentId: string,
    readonly reader: Reader,
  ) {
    super();
  }
}

/**
 * The bytes of a document already read with DocumentById (which checked the reader), or those of `range`;
 * `document.not_found` when the blob is missing.
 */
export class DocumentBytes extends Query<Readable> {
  constructor(
    readonly sha256: string,
    readonly range?: ByteRange,
  ) {
    super();
  }
}

/**
 * What was uploaded under an id, whoever asks (for other contexts' handlers: a tender attaching a document
 * checks who uploaded it and that its hash and type agree); undefined when nothing was.
 */
export class UploadedDocument extends Query<DocumentUploadedData | undefined> {
  constructor(readonly documentId: string) {
    super();
  }
}

/**
 * Whether anyone may read a document: answered by the contexts that publish documents (tendering: a published
 * procedure names it, now or in an earlier version).
 */
export class IsDocumentPublic extends Query<boolean> {
  constructor(readonly documentId: string) {
    super();
  }
}

const notFound = () => new DomainError('document.not_found', 'no such document', 'not_found');

@QueryHandler(DocumentById)
export class DocumentByIdHandler implements IQueryHandler<DocumentById> {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(DOCUMENT_STORE) private readonly store: DocumentStore,
    private readonly queries: QueryBus,
  ) {}

  async execute({ documentId, reader }: DocumentById): Promise<DocumentView> {
    const [recorded] = await this.events.readStream(documentStream(documentId), { maxCount: 1 });
    const uploaded = recorded && uploadedIn(recorded);
    // A sealed proposal file is read only through its procedure (GET /api/tenders/{id}/proposals/…), opened.
    if (!uploaded || uploaded.sealedFor) throw notFound();
    // An act the platform issued is public by nature (tendering's IsDocumentPublic says so too, once projected).
    const isPublic = uploaded.act !== undefined || (await this.queries.execute(new IsDocumentPublic(documentId)));
    if (!isPublic && !isOwnersParty(uploaded.uploadedBy, reader)) throw notFound();
    if (!(await this.store.has(uploaded.sha256))) throw notFound();
    return {
      ...uploaded,
      uploadedAt: recorded.metadata.occurredAt,
      position: String(recorded.globalPosition),
      public: isPublic,
    };
  }
}

@QueryHandler(UploadedDocument)
export class UploadedDocumentHandler implements IQueryHandler<UploadedDocument> {
  constructor(@Inject(EVENT_STORE) private readonly events: EventStore) {}

  async execute({ documentId }: UploadedDocument): Promise<DocumentUploadedData | undefined> {
    const [recorded] = await this.events.readStream(documentStream(documentId), { maxCount: 1 });
    return recorded && uploadedIn(recorded);
  }
}

@QueryHandler(DocumentBytes)
export class DocumentBytesHandler implements IQueryHandler<DocumentBytes> {
  constructor(@Inject(DOCUMENT_STORE) private readonly store: DocumentStore) {}

  execute({ sha256, range }: DocumentBytes): Promise<Readable> {
    return this.store.open(sha256, range).catch((error: unknown) => {
      throw error instanceof DocumentBlobNotFound ? notFound() : error;
    });
  }
}

const uploadedIn = (recorded: RecordedEvent): DocumentUploadedData | undefined =>
  documentDecider.evolve(documentDecider.initialState(), { type: recorded.type, data: recorded.data } as never)
    .uploaded;
