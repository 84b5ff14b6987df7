import { join } from 'node:path';
import type { DocumentsConfig } from '@licita/platform';
import type { DocumentStore } from './document-store.port';
import { FilesystemDocumentStore } from './filesystem-document-store';
import { S3DocumentStore } from './s3-document-store';

/** The adapter DOCUMENTS_STORE names. */
export function createDocumentStore(config: DocumentsConfig): DocumentStore {
  if (config.store === 's3' && config.s3)
    return new S3DocumentStore(config.s3, join(config.dir, 'tmp'), config.maxBytes);
  return new FilesystemDocumentStore(config.dir, config.maxBytes);
}
