import { listTotal, planRows, totalBound, DEFAULT_LIST_TOTAL_BOUND } from './list-total';

/** A database that answers the bounded count with `count` and EXPLAIN with `estimate` rows, recording the SQL. */
function fakeDatabase(count: number, estimate: number) {
  const statements: Array<{ sql: string; params?: unknown[] }> = [];
  return {
    statements,
    query: (sql: string, params?: unknown[]) => {
      statements.push({ sql, params });
      return Promise.resolve(
        sql.startsWith('EXPLAIN') ? [{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': estimate } }] }] : [{ n: count }],
      );
    },
  };
}

describe('listTotal', () => {
  const select = 'SELECT 1 FROM t WHERE a = $1';

  it('counts exactly up to the bound, over at most bound + 1 rows', async () => {
    const db = fakeDatabase(7, 999);
    expect(await listTotal(db, select, ['x'], 10)).toEqual({ value: 7, exact: true });
    expect(db.statements).toEqual([
      { sql: `SELECT count(*)::int AS n FROM (${select} LIMIT $2) AS bounded`, params: ['x', 11] },
    ]);
  });

  it('is exact at the bound itself', async () => {
    expect(await listTotal(fakeDatabase(10, 5), select, ['x'], 10)).toEqual({ value: 10, exact: true });
  });

  it("past the bound gives the planner's estimate of the same statement, marked as one", async () => {
    const db = fakeDatabase(11, 123_456.4);
    expect(await listTotal(db, select, ['x'], 10)).toEqual({ value: 123_456, exact: false });
    expect(db.statements[1]).toEqual({ sql: `EXPLAIN (FORMAT JSON) ${select}`, params: ['x'] });
  });

  it('never estimates under the bound it passed', async () => {
    expect(await listTotal(fakeDatabase(11, 3), select, ['x'], 10)).toEqual({ value: 11, exact: false });
  });
});

describe('planRows', () => {
  it('reads the top plan node, as an object or as the JSON text', () => {
    expect(planRows([{ Plan: { 'Plan Rows': 42 } }])).toBe(42);
    expect(planRows('[{"Plan": {"Plan Rows": 41.6}}]')).toBe(42);
  });

  it('is 0 for anything else', () => {
    expect(planRows([])).toBe(0);
    expect(planRows([{ Plan: {} }])).toBe(0);
    expect(planRows(null)).toBe(0);
  });
});

it('the bound is the configuration’s, or 10,000', () => {
  expect(totalBound({ listTotalBound: 5 })).toBe(5);
  expect(totalBound(undefined)).toBe(DEFAULT_LIST_TOTAL_BOUND);
  expect(DEFAULT_LIST_TOTAL_BOUND).toBe(10_000);
});
