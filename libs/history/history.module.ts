import { Module } from '@nestjs/common';
import { HISTORY_HANDLERS } from './application/history.cqrs';
import { HistoryDesk } from './application/history-reader';
import { ImportsController } from './http/imports.controller';

/** Imported history: the import runs and reports, and the registrar's review of the parties imports met. */
@Module({
  controllers: [ImportsController],
  providers: [HistoryDesk, ...HISTORY_HANDLERS],
  exports: [HistoryDesk],
})
export class HistoryModule {}
