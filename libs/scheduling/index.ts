export { RegisterScheduledCommandHandler, SchedulingModule } from './scheduling.module';
export { type ScheduledCommandHandler, type ScheduledJob } from './command-scheduler';
export {
  cancelScheduledCommand,
  completeScheduledCommand,
  deleteScheduledCommandsOf,
  scheduleCommand,
} from './scheduled-commands';
