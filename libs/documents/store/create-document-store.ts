import { join } from 'node:path';
import type { DocumentsConfig } from '@licita/platform';
import type { DocumentStore } from './document-store.port';
import { FilesystemDocumentStore } from './filesystem-document-store';

/**
 * The adapter DOCUMENTS_STORE names. The S3 adapter is loaded only when it is the one named: the AWS SDK would
 * otherwise cost every start (and every test's app) about 0.3 s and its memory for a store it does not use.
 */
export async function createDocumentStore(config: DocumentsConfig): Promise<DocumentStore> {
  if (config.store === 's3' && config.s3) {
    const { S3DocumentStore } = await import('./s3-document-store');
    return new S3DocumentStore(config.s3, join(config.dir, 'tmp'), config.maxBytes);
  }
  return new FilesystemDocumentStore(config.dir, config.maxBytes);
}
