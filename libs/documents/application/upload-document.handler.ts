import type { Readable } from 'node:stream';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Inject, Logger } from '@nestjs/common';
import { Command, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { CommandExecutor, EVENT_STORE, type CommandContext, type EventStore } from '@licita/event-store';
import { DomainError } from '@licita/shared';
import { documentProblem } from '../domain/document-problem';
import { sanitizeFileName } from '../content/file-name';
import { ALLOWED_MEDIA_TYPES, sniffMediaType, SNIFF_BYTES } from '../content/media-type';
import { documentDecider, documentStream, type DocumentOwner } from '../domain/document.decider';
import {
  DOCUMENT_STORE,
  DocumentTooLarge,
  type BlobInfo,
  type DocumentStore,
  type TempBlob,
} from '../store/document-store.port';

/** One file of a request, as the HTTP edge hands it over. */
export interface IncomingFile {
  /** The name the client gave; sanitized before it is recorded. */
  fileName: string;
  stream: Readable;
  /** Settles once the whole request has been read: rejects (e.g. `document.too_many_files`) when it is not acceptable. */
  requestRead: Promise<void>;
}

/** What an upload answers: the document, its bytes' hash and size, the media type found, the log position. */
export interface DocumentReceipt {
  documentId: string;
  sha256: string;
  size: number;
  mediaType: string;
  fileName: string;
  position: string;
}

/**
 * A buyer or supplier uploads a document: its bytes are written to the store's temp (hashed, size-limited),
 * its media type is told from its content, `DocumentUploaded` is appended to `document-<id>`, and only then is
 * the blob committed; whatever fails before, the temp is dropped, so no event names missing bytes and no
 * partial bytes are kept.
 */
export class UploadDocument extends Command<DocumentReceipt> {
  constructor(
    readonly documentId: string,
    readonly file: IncomingFile,
    readonly owner: DocumentOwner,
    readonly context: CommandContext,
  ) {
    super();
  }
}

/** Keeps the first `limit` bytes that pass through, for the media-type sniffer. */
export class Head extends Transform {
  private chunks: Buffer[] = [];
  private kept = 0;

  constructor(private readonly limit: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    if (this.kept < this.limit) {
      const part = chunk.subarray(0, this.limit - this.kept);
      this.chunks.push(part);
      this.kept += part.length;
    }
    done(null, chunk);
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

@CommandHandler(UploadDocument)
export class UploadDocumentHandler implements ICommandHandler<UploadDocument> {
  private readonly executor: CommandExecutor;
  private readonly logger = new Logger('Documents');

  constructor(
    @Inject(DOCUMENT_STORE) private readonly store: DocumentStore,
    @Inject(EVENT_STORE) private readonly events: EventStore,
  ) {
    this.executor = new CommandExecutor(events);
  }

  async execute({ documentId, file, owner, context }: UploadDocument): Promise<DocumentReceipt> {
    const temp = await this.store.begin().catch((error: unknown) => {
      throw this.storeFailed(error);
    });
    try {
      const head = new Head(SNIFF_BYTES);
      const { sha256, size } = await this.write(file.stream, head, temp);
      await file.requestRead;
      if (size === 0) throw documentProblem('document.no_file', 'the file is empty');
      const mediaType = sniffMediaType(head.bytes());
      if (!mediaType)
        throw documentProblem('document.unsupported_media_type', 'not a PDF, PNG, JPEG, docx, xlsx, XML or text', {
          allowed: ALLOWED_MEDIA_TYPES.join(', '),
        });
      const fileName = sanitizeFileName(file.fileName);
      const outcome = await this.executor.execute(
        documentStream(documentId),
        documentDecider,
        { type: 'UploadDocument', documentId, sha256, size, mediaType, fileName, uploadedBy: owner },
        context,
      );
      const recorded = outcome.state.uploaded!;
      await this.store.commit(temp).catch((error: unknown) => {
        throw this.storeFailed(error);
      });
      return {
        documentId,
        sha256,
        size,
        mediaType: recorded.mediaType,
        fileName: recorded.fileName,
        position: String(outcome.position ?? (await this.positionOf(documentId))),
      };
    } catch (error) {
      await this.store.abort(temp).catch(() => undefined);
      throw error;
    }
  }

  /** The bytes into the temp; the temp's own failure (too large, a disk or bucket error) is the one told. */
  private async write(source: Readable, head: Head, temp: TempBlob): Promise<BlobInfo> {
    try {
      await pipeline(source, head, temp.writable);
      return await temp.written;
    } catch (error) {
      const own = await temp.written.then(
        () => error,
        (failure: unknown) => failure,
      );
      if (own instanceof DocumentTooLarge)
        throw documentProblem('document.too_large', own.message, { maxBytes: own.maxBytes });
      throw this.storeFailed(own);
    }
  }

  /** What the client is told of a failing store; the operator gets the cause in the log. */
  private storeFailed(error: unknown): unknown {
    if (error instanceof DomainError) return error;
    this.logger.error(`the document store failed: ${(error as Error)?.message ?? String(error)}`);
    return documentProblem('document.store_unavailable', 'the document store failed; nothing was kept');
  }

  /** A retried upload appends nothing: its receipt names the position of the first. */
  private async positionOf(documentId: string): Promise<bigint> {
    const [first] = await this.events.readStream(documentStream(documentId), { maxCount: 1 });
    return first?.globalPosition ?? 0n;
  }
}
