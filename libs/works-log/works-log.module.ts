import { Module } from '@nestjs/common';
import { EfirmaVerifier } from '@licita/tendering';
import { WorksLogAttachmentHandler, WorksLogOfContractHandler } from './application/works-log-queries';
import {
  CloseWorksLogHandler,
  OpenWorksLogHandler,
  WorksContracts,
  WorksLogNotes,
  WriteWorksLogNoteHandler,
} from './application/works-log-writer';
import { WorksLogController } from './http/works-log.controller';

/** The works log (bitácora electrónica de obra pública) of each works contract: its commands and reads. */
@Module({
  controllers: [WorksLogController],
  providers: [
    EfirmaVerifier,
    WorksContracts,
    WorksLogNotes,
    OpenWorksLogHandler,
    WriteWorksLogNoteHandler,
    CloseWorksLogHandler,
    WorksLogOfContractHandler,
    WorksLogAttachmentHandler,
  ],
})
export class WorksLogModule {}
