export { PageCursor, PageSize } from './paging';
export {
  loadConfig,
  loadConfigOrExit,
  licitaConfigModule,
  ConfigError,
  CONFIG_EXIT_CODE,
  LICITA_CONFIG,
  type LicitaConfig,
} from './config';
export { openDatabase, dataSourceOptions, runMigrationsExclusively, type Database } from './database';
export { createLogger, PinoLoggerService } from './logger';
export { stopOnSignals } from './shutdown';
export { PlatformModule } from './platform.module';
export { RateLimitModule } from './rate-limit';
