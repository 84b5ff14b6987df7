/**
 * How many rows a list holds, for "1,234 procedimientos": counted exactly up to a bound, then the planner's
 * estimate, marked as such. Counting every match of a broad search over 200,000 procedures reads them all;
 * counting up to the bound reads at most bound + 1 index entries, and past it nobody needs the exact figure
 * (the portal says "más de 10,000" / "≈ 123,000").
 */

/** A list's total: `exact: false` when `value` is PostgreSQL's estimate (always more than the bound). */
export type ListTotal = { value: number; exact: boolean };

/** The default bound (LIST_TOTAL_EXACT_BOUND): up to it, totals are exact. */
export const DEFAULT_LIST_TOTAL_BOUND = 10_000;

/** The part of a database a total needs: a query with positional parameters. */
export type Queryable = { query(sql: string, params?: unknown[]): Promise<unknown> };

/**
 * The total of `select`, a `SELECT … FROM … WHERE …` with `$n` parameters and no ORDER BY or LIMIT (its select
 * list does not matter): `count(*)` over at most `bound + 1` of its rows; beyond the bound, the estimate of
 * `EXPLAIN (FORMAT JSON)` for the same statement, never less than `bound + 1`.
 */
export async function listTotal(db: Queryable, select: string, params: unknown[], bound: number): Promise<ListTotal> {
  const limit = `$${params.length + 1}`;
  const [row] = (await db.query(`SELECT count(*)::int AS n FROM (${select} LIMIT ${limit}) AS bounded`, [
    ...params,
    bound + 1,
  ])) as Array<{ n: number }>;
  if (row.n <= bound) return { value: row.n, exact: true };
  return { value: Math.max(await estimatedRows(db, select, params), bound + 1), exact: false };
}

/** The planner's estimate of the rows `select` returns (its top plan node's `Plan Rows`). */
export async function estimatedRows(db: Queryable, select: string, params: unknown[]): Promise<number> {
  const [row] = (await db.query(`EXPLAIN (FORMAT JSON) ${select}`, params)) as Array<{ 'QUERY PLAN': unknown }>;
  return planRows(row['QUERY PLAN']);
}

/** `Plan Rows` of an EXPLAIN (FORMAT JSON) answer (an array holding `{ Plan }`, or its text), rounded. */
export function planRows(plan: unknown): number {
  const parsed = typeof plan === 'string' ? (JSON.parse(plan) as unknown) : plan;
  const top = Array.isArray(parsed) ? (parsed[0] as { Plan?: { 'Plan Rows'?: unknown } }) : undefined;
  const rows = top?.Plan?.['Plan Rows'];
  return typeof rows === 'number' && Number.isFinite(rows) ? Math.round(rows) : 0;
}

/** The bound of a configuration (LIST_TOTAL_EXACT_BOUND), or the default where none is injected. */
export const totalBound = (config?: { listTotalBound?: number }): number =>
  config?.listTotalBound ?? DEFAULT_LIST_TOTAL_BOUND;
