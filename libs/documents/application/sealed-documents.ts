import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, Query, QueryHandler, type ICommandHandler, type IQueryHandler } from '@nestjs/cqrs';
import { CommandExecutor, EVENT_STORE, type CommandContext, type EventStore } from '@licita/event-store';
import { LICITA_CONFIG, type LicitaConfig } from '@licita/platform';
import { DomainError } from '@licita/shared';
import { sanitizeFileName } from '../content/file-name';
import { ALLOWED_MEDIA_TYPES, sniffMediaType, SNIFF_BYTES } from '../content/media-type';
import { documentProblem } from '../domain/document-problem';
import {
  documentDecider,
  documentStream,
  type DocumentOwner,
  type DocumentUploadedData,
} from '../domain/document.decider';
import { OpeningStream, readSealedFacts, SealingStream, type SealedFileFacts } from '../sealed/sealed-files';
import {
  DOCUMENT_STORE,
  DocumentBlobNotFound,
  DocumentTooLarge,
  type BlobInfo,
  type DocumentStore,
} from '../store/document-store.port';
import { Head, type DocumentReceipt, type IncomingFile } from './upload-document.handler';

/** How a sealed document's stored bytes are described: the real type and name are inside, with the bytes. */
export const SEALED_MEDIA_TYPE = 'application/vnd.licita.sealed';

/** What a sealed upload answers: the clear file's hash, size, type and name (for the proposal that names it). */
export type SealedDocumentReceipt = DocumentReceipt & { sealed: true };

/**
 * A supplier's proposal file, sealed before it reaches the store (envelope encryption, libs/documents/sealed): the
 * store keeps ciphertext under its own hash; `DocumentUploaded` records that hash, the size stored, `sealedFor`
 * the tender, and neither the file's name nor its clear hash (both sealed inside, and in the sealed proposal
 * that names it). The tendering context sends this only while the tender accepts proposals.
 */
export class UploadSealedDocument extends Command<SealedDocumentReceipt> {
  constructor(
    readonly documentId: string,
    readonly tenderId: string,
    readonly file: IncomingFile,
    readonly owner: DocumentOwner,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** A sealed document's record and its clear facts (read from its own trailer); undefined when nothing was uploaded. */
export type SealedDocumentRecord = { uploaded: DocumentUploadedData; facts: SealedFileFacts | null };

/** What was uploaded under an id, with the clear facts when it is sealed (for the proposal's checks at submission). */
export class SealedDocumentFacts extends Query<SealedDocumentRecord | undefined> {
  constructor(readonly documentId: string) {
    super();
  }
}

/**
 * The clear bytes of a sealed document of `tenderId`, for a reader the tendering context has already allowed
 * (the supplier who sealed it; the buying unit and auditors after the opening act).
 */
export class OpenSealedDocument extends Query<{ facts: SealedFileFacts; bytes: Readable }> {
  constructor(
    readonly documentId: string,
    readonly tenderId: string,
  ) {
    super();
  }
}

const notFound = () => new DomainError('document.not_found', 'no such document', 'not_found');
const masterKeyOf = (config: Pick<LicitaConfig, 'masterKey'>) => Buffer.from(config.masterKey, 'base64');

@CommandHandler(UploadSealedDocument)
export class UploadSealedDocumentHandler implements ICommandHandler<UploadSealedDocument> {
  private readonly executor: CommandExecutor;
  private readonly masterKey: Buffer;

  constructor(
    @Inject(DOCUMENT_STORE) private readonly store: DocumentStore,
    @Inject(EVENT_STORE) events: EventStore,
    @Inject(LICITA_CONFIG) config: Pick<LicitaConfig, 'masterKey'>,
  ) {
    this.executor = new CommandExecutor(events);
    this.masterKey = masterKeyOf(config);
  }

  async execute({ documentId, tenderId, file, owner, context }: UploadSealedDocument): Promise<SealedDocumentReceipt> {
    const temp = await this.store.begin().catch((error: unknown) => {
      throw storeFailed(error);
    });
    try {
      const head = new Head(SNIFF_BYTES);
      const fileName = sanitizeFileName(file.fileName);
      const sealing = new SealingStream(this.masterKey, { tenderId, documentId }, () => ({
        mediaType: sniffMediaType(head.bytes()) ?? 'application/octet-stream',
        fileName,
      }));
      let stored: BlobInfo;
      try {
        await pipeline(file.stream, head, sealing, temp.writable);
        stored = await temp.written;
      } catch (error) {
        const own = await temp.written.then(
          () => error,
          (failure: unknown) => failure,
        );
        if (own instanceof DocumentTooLarge)
          throw documentProblem('document.too_large', own.message, { maxBytes: own.maxBytes });
        throw storeFailed(own);
      }
      await file.requestRead;
      const facts = sealing.facts();
      if (facts.size === 0) throw documentProblem('document.no_file', 'the file is empty');
      if (!sniffMediaType(head.bytes()))
        throw documentProblem('document.unsupported_media_type', 'not a PDF, PNG, JPEG, docx, xlsx, XML or text', {
          allowed: ALLOWED_MEDIA_TYPES.join(', '),
        });
      const outcome = await this.executor.execute(
        documentStream(documentId),
        documentDecider,
        {
          type: 'UploadDocument',
          documentId,
          sha256: stored.sha256,
          size: stored.size,
          mediaType: SEALED_MEDIA_TYPE,
          fileName: `${documentId}.sealed`,
          uploadedBy: owner,
          sealedFor: { tenderId },
        },
        context,
      );
      await this.store.commit(temp).catch((error: unknown) => {
        throw storeFailed(error);
      });
      return { documentId, ...facts, position: String(outcome.position ?? 0n), sealed: true };
    } catch (error) {
      await this.store.abort(temp).catch(() => undefined);
      throw error;
    }
  }
}

/** Reads a sealed blob's header and trailer (two ranged reads) and opens its facts with the master key. */
async function factsOf(
  store: DocumentStore,
  masterKey: Buffer,
  uploaded: DocumentUploadedData,
  tenderId: string,
): Promise<SealedFileFacts> {
  const { size } = await store.stat(uploaded.sha256);
  const edge = Math.min(size, 4096);
  const [start, end] = await Promise.all([
    collect(await store.open(uploaded.sha256, { start: 0, end: edge - 1 })),
    collect(await store.open(uploaded.sha256, { start: size - edge, end: size - 1 })),
  ]);
  return readSealedFacts(masterKey, start, end, { tenderId, documentId: uploaded.documentId });
}

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

@QueryHandler(SealedDocumentFacts)
export class SealedDocumentFactsHandler implements IQueryHandler<SealedDocumentFacts> {
  private readonly masterKey: Buffer;

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(DOCUMENT_STORE) private readonly store: DocumentStore,
    @Inject(LICITA_CONFIG) config: Pick<LicitaConfig, 'masterKey'>,
  ) {
    this.masterKey = masterKeyOf(config);
  }

  async execute({ documentId }: SealedDocumentFacts): Promise<SealedDocumentRecord | undefined> {
    const uploaded = await uploadedAs(this.events, documentId);
    if (!uploaded) return undefined;
    if (!uploaded.sealedFor) return { uploaded, facts: null };
    const facts = await factsOf(this.store, this.masterKey, uploaded, uploaded.sealedFor.tenderId).catch(
      (error: unknown) => {
        throw error instanceof DocumentBlobNotFound ? notFound() : error;
      },
    );
    return { uploaded, facts };
  }
}

@QueryHandler(OpenSealedDocument)
export class OpenSealedDocumentHandler implements IQueryHandler<OpenSealedDocument> {
  private readonly masterKey: Buffer;

  constructor(
    @Inject(EVENT_STORE) private readonly events: EventStore,
    @Inject(DOCUMENT_STORE) private readonly store: DocumentStore,
    @Inject(LICITA_CONFIG) config: Pick<LicitaConfig, 'masterKey'>,
  ) {
    this.masterKey = masterKeyOf(config);
  }

  async execute({ documentId, tenderId }: OpenSealedDocument): Promise<{ facts: SealedFileFacts; bytes: Readable }> {
    const uploaded = await uploadedAs(this.events, documentId);
    if (!uploaded || uploaded.sealedFor?.tenderId !== tenderId) throw notFound();
    try {
      const facts = await factsOf(this.store, this.masterKey, uploaded, tenderId);
      const source = await this.store.open(uploaded.sha256);
      const opening = new OpeningStream(this.masterKey, { tenderId, documentId });
      source.on('error', (error) => opening.destroy(error));
      return { facts, bytes: source.pipe(opening) };
    } catch (error) {
      throw error instanceof DocumentBlobNotFound ? notFound() : error;
    }
  }
}

async function uploadedAs(events: EventStore, documentId: string): Promise<DocumentUploadedData | undefined> {
  const [recorded] = await events.readStream(documentStream(documentId), { maxCount: 1 });
  return recorded?.type === 'DocumentUploaded' ? (recorded.data as DocumentUploadedData) : undefined;
}

function storeFailed(error: unknown): unknown {
  if (error instanceof DomainError) return error;
  return documentProblem('document.store_unavailable', 'the document store failed; nothing was kept');
}
