/**
 * The durable scheduler: jobs derived from events by projections (`scheduled_commands`), run when due by a
 * poller in every API process (one run per job, across processes and restarts), each job a command executed
 * on the CommandBus with the job's `CommandContext`. The home of the process-manager rule (README.md).
 */
export { SchedulingModule, RegisterScheduledCommandHandler, SCHEDULER_OPTIONS } from './scheduling.module';
export {
  CommandScheduler,
  type CommandSchedulerOptions,
  type RunReport,
  type ScheduledCommandHandler,
  type ScheduledJob,
  type ScheduledJobCommand,
} from './command-scheduler';
export {
  cancelScheduledCommand,
  cancelPendingScheduledCommands,
  completeScheduledCommand,
  deleteScheduledCommandsOf,
  listScheduledCommands,
  scheduleCommand,
  type ScheduledCommand,
  type ScheduledCommandRow,
  type ScheduledCommandStatus,
  type Sql,
} from './scheduled-commands';
export { LeaderElection, type LedJob, type LeaderElectionOptions } from './leader-election';
export { IdempotencyHousekeeping } from './idempotency-housekeeping';
