import { Module } from '@nestjs/common';
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
