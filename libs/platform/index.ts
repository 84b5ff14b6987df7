export type { Database } from './database';
export { LICITA_CONFIG } from './config';
export type { LicitaConfig } from './config';
export { PageCursor } from './paging';
export { PageSize } from './paging';
export { loadConfigOrExit } from './config';
export { openDatabase } from './database';
export { answeredBy } from './answered-by';
