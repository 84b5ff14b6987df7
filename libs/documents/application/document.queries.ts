import type { Readable } from 'node:stream';
import { Inject } from '@nestjs/common';
import { Query, QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, type EventStore } from '@licita/event-store';
import { DomainError } from '@licita/shared';
import { isOwnersParty, type Reader } from '../domain/document-access';
import { documentDecider, documentStream, type DocumentOwner } from '../domain/document.decider';
import { DOCUMENT_STORE, DocumentBlobNotFound, type ByteRange, type DocumentStore } from '../store/document-store.port';

/** A document as its readers see it. `public`: anyone may read it (not yet: only the uploader's party reads). */
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

const notFound = () => new DomainError('document.not_found', 'no such document', 'not_found');

@QueryHandler(DocumentById)
export class DocumentByIdHandler implements IQueryHandler<DocumentById> {
  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(DOCUMENT_STORE) private readonly store: DocumentStore,
  ) {}

  async execute({ documentId, reader }: DocumentById): Promise<DocumentView> {
    const recorded = await this.events.readStream(documentStream(documentId), { maxCount: 1 });
    const state = recorded.reduce(
      (s, e) => documentDecider.evolve(s, { type: e.type, data: e.data } as never),
      documentDecider.initialState(),
    );
    const uploaded = state.uploaded;
    if (!uploaded || !isOwnersParty(uploaded.uploadedBy, reader)) throw notFound();
    if (!(await this.store.has(uploaded.sha256))) throw notFound();
    return {
      ...uploaded,
      uploadedAt: recorded[0].metadata.occurredAt,
      position: String(recorded[0].globalPosition),
      public: false,
    };
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
