/** Time in the scenarios: ISO instants moved by milliseconds, and waiting until something holds. */
export { eventually } from '@licita/projections/testing/projection-testbed';

export const DAY = 86_400_000;
export const HOUR = 3_600_000;
export const at = (iso: string, delta = 0) => new Date(Date.parse(iso) + delta).toISOString();
