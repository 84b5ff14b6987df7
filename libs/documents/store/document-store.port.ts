import type { Readable, Writable } from 'node:stream';

/** What the store knows of a blob: its SHA-256 (hex, lower case) and its size in bytes. */
export interface BlobInfo {
  sha256: string;
  size: number;
}

/** An inclusive byte range, as HTTP `Range: bytes=start-end` names it. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Bytes on their way in: `writable` hashes and counts what is written to it and refuses the byte past the
 * limit (`DocumentTooLarge`); `written` settles once the last byte is durably in the temp (or with the error).
 * Nothing is at a final key until `commit`.
 */
export interface TempBlob {
  readonly id: string;
  readonly writable: Writable;
  readonly written: Promise<BlobInfo>;
}

/**
 * Documents' bytes, addressed by their SHA-256 (`blobs/<first 2 hex>/<sha256>`): the same bytes twice are
 * stored once, and a final key never holds partial bytes. Two adapters (filesystem, S3-compatible) pass the
 * same conformance suite (libs/documents/conformance).
 */
export interface DocumentStore {
  /** A new temp to write into, refusing more than `maxBytes`. */
  begin(): Promise<TempBlob>;
  /** Moves a fully written temp to its final key (a no-op when those bytes are already stored). */
  commit(temp: TempBlob): Promise<BlobInfo>;
  /** Forgets a temp, written or not; never fails on one already gone. */
  abort(temp: TempBlob): Promise<void>;
  /** The blob's bytes, or those of `range`; `DocumentBlobNotFound` when it is not stored. */
  open(sha256: string, range?: ByteRange): Promise<Readable>;
  /** `DocumentBlobNotFound` when it is not stored. */
  stat(sha256: string): Promise<BlobInfo>;
  has(sha256: string): Promise<boolean>;
  /** Removes temps older than `olderThanMs` (left by a process that died mid-upload); how many went. */
  sweep(olderThanMs: number): Promise<number>;
  close(): Promise<void>;
}

export const DOCUMENT_STORE = Symbol('DOCUMENT_STORE');

/** The bytes written went past the store's limit; nothing of them is kept. */
export class DocumentTooLarge extends Error {
  constructor(readonly maxBytes: number) {
    super(`the document is larger than ${maxBytes} bytes`);
    this.name = 'DocumentTooLarge';
  }
}

/** No blob has this SHA-256. */
export class DocumentBlobNotFound extends Error {
  constructor(readonly sha256: string) {
    super(`no blob ${sha256}`);
    this.name = 'DocumentBlobNotFound';
  }
}

const SHA256 = /^[0-9a-f]{64}$/;

/** `blobs/ab/ab12…`: the final key of a blob; refuses anything that is not a SHA-256 in hex. */
export function blobKey(sha256: string): string {
  if (!SHA256.test(sha256)) throw new DocumentBlobNotFound(sha256);
  return `blobs/${sha256.slice(0, 2)}/${sha256}`;
}
