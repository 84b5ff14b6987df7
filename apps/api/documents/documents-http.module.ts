import { Module } from '@nestjs/common';
import { DocumentsModule } from '@licita/documents';
import { DocumentsController } from './documents.controller';
import { ProposalFilesController } from './proposal-files.controller';

/** The documents context and its HTTP routes (here, as they need identity's guard, downstream of libs/documents). */
@Module({ imports: [DocumentsModule], controllers: [DocumentsController, ProposalFilesController] })
export class DocumentsHttpModule {}
