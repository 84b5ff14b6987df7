export { PageCursor, PageSize } from './paging';
