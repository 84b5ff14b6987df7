import { join } from 'node:path';
import type { DocumentsConfig } from '@licita/platform';
import type { DocumentStore } from './document-store.port';
import { FilesystemDocumentStore } from './filesystem-document-store';

/** The adapter DOCUMENTS_STORE names. */
export function createDocumentStore(config: DocumentsConfig): DocumentStore {
  if (config.store === 's3' && config.s3) {
    // Required only when configured: the AWS SDK is half a second of start-up for a filesystem store.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { S3DocumentStore } = require('./s3-document-store') as typeof import('./s3-document-store');
    return new S3DocumentStore(config.s3, join(config.dir, 'tmp'), config.maxBytes);
  }
  return new FilesystemDocumentStore(config.dir, config.maxBytes);
}
