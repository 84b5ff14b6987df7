import { Inject, Logger, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { LICITA_CONFIG, type LicitaConfig } from '@licita/platform';
import { DocumentByIdHandler, DocumentBytesHandler, UploadedDocumentHandler } from './application/document.queries';
import {
  OpenSealedDocumentHandler,
  SealedDocumentFactsHandler,
  UploadSealedDocumentHandler,
} from './application/sealed-documents';
import { IssueActDocumentHandler } from './application/issue-act-document.handler';
import { UploadDocumentHandler } from './application/upload-document.handler';
import { createDocumentStore } from './store/create-document-store';
import { DOCUMENT_STORE, type DocumentStore } from './store/document-store.port';

/** Temps older than this at start-up were left by a process that died mid-upload (an upload never takes an hour). */
export const STALE_TEMP_MS = 60 * 60_000;

/**
 * Documents: the store of their bytes (DOCUMENTS_STORE), the UploadDocument command and the DocumentById and
 * DocumentBytes queries. The HTTP routes are in apps/api/documents. At start-up, stale temps are swept.
 */
@Module({
  providers: [
    {
      provide: DOCUMENT_STORE,
      useFactory: (config: LicitaConfig) => createDocumentStore(config.documents),
      inject: [LICITA_CONFIG],
    },
    UploadDocumentHandler,
    IssueActDocumentHandler,
    DocumentByIdHandler,
    DocumentBytesHandler,
    UploadedDocumentHandler,
    UploadSealedDocumentHandler,
    SealedDocumentFactsHandler,
    OpenSealedDocumentHandler,
  ],
  exports: [DOCUMENT_STORE],
})
export class DocumentsModule implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Documents');

  constructor(@Inject(DOCUMENT_STORE) private readonly store: DocumentStore) {}

  async onApplicationBootstrap(): Promise<void> {
    const swept = await this.store.sweep(STALE_TEMP_MS).catch(() => 0);
    if (swept > 0) this.logger.log(`removed ${swept} temp(s) of uploads that never finished`);
  }

  onApplicationShutdown(): Promise<void> {
    return this.store.close();
  }
}
