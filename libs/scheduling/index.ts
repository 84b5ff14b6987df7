/** The scheduling context: durable scheduled commands (deadlines) and the scheduler that runs them. */
export type { ScheduledCommandHandler, ScheduledJob } from './command-scheduler';
export { RegisterScheduledCommandHandler } from './scheduling.module';
export {
  cancelScheduledCommand,
  completeScheduledCommand,
  deleteScheduledCommandsOf,
  scheduleCommand,
} from './scheduled-commands';
export type { Sql } from './scheduled-commands';
