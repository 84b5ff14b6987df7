/**
 * The works-log context: the bitácora electrónica of each public-works contract (stream `works-log-<contractId>`),
 * its notes numbered by their place in the stream and hash-chained, progress reports in basis points, and the
 * reads (in full for the contract's parties and auditors, without private notes' contents for the public).
 */
export { WorksLogModule } from './works-log.module';
export {
  CloseWorksLogMessage,
  OpenWorksLogMessage,
  WriteWorksLogNoteMessage,
  type WorksLogAnswer,
} from './application/works-log-writer';
export { WorksLogOfContract, WorksLogAttachment } from './application/works-log-queries';
export * from './domain/works-log.types';
export * from './domain/works-log.events';
export { chainHolds, noteHash, worksLogDecider, type WorksLogState } from './domain/works-log.decider';
export { worksLogView, type NoteView, type ProgressPoint, type WorksLogView } from './domain/works-log.view';
