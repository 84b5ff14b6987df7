/**
 * The documents context: the bytes of documents (tender annexes, proposals' files) in a content-addressed store
 * (filesystem or S3-compatible, one conformance suite), the check of what they are (by their content), the
 * `DocumentUploaded` event of `document-<id>` (and `ActIssued`: an act the platform stored), and the queries that
 * read them back.
 */
export { DocumentsModule, STALE_TEMP_MS } from './documents.module';
export {
  blobKey,
  DOCUMENT_STORE,
  DocumentBlobNotFound,
  DocumentTooLarge,
  type BlobInfo,
  type ByteRange,
  type DocumentStore,
  type TempBlob,
} from './store/document-store.port';
export { createDocumentStore } from './store/create-document-store';
export { FilesystemDocumentStore } from './store/filesystem-document-store';
export type { S3StoreConfig } from './store/s3-document-store';
export { ALLOWED_MEDIA_TYPES, sniffMediaType, type AllowedMediaType } from './content/media-type';
export { MAX_FILE_NAME_LENGTH, sanitizeFileName } from './content/file-name';
export { UploadDocument, type DocumentReceipt, type IncomingFile } from './application/upload-document.handler';
export {
  DocumentById,
  DocumentBytes,
  IsDocumentPublic,
  UploadedDocument,
  type DocumentView,
} from './application/document.queries';
export {
  documentStream,
  PLATFORM_OWNER,
  type ActIssued,
  type ActIssuedData,
  type DocumentEvent,
  type DocumentOwner,
  type DocumentUploaded,
  type IssuedAct,
} from './domain/document.decider';
export { IssueActDocument, type IssuedActReceipt } from './application/issue-act-document.handler';
export { documentProblem } from './domain/document-problem';
export {
  OpenSealedDocument,
  SEALED_MEDIA_TYPE,
  SealedDocumentFacts,
  UploadSealedDocument,
  type SealedDocumentReceipt,
  type SealedDocumentRecord,
} from './application/sealed-documents';
export type { SealedFileFacts } from './sealed/sealed-files';
export type { Reader } from './domain/document-access';
