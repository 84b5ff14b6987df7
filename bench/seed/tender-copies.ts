/** What runs SQL: a TypeORM DataSource or a pg Client. */
type Sql = { query(sql: string, params?: unknown[]): Promise<unknown> };

export const COPY_STATUSES = ['active.tendering', 'awarded', 'contracted', 'deserted'] as const;

/**
 * `count` copies of a public procedure's row of the transparency read model, for exports and lists of many
 * rows without driving each procedure through the API: copy `g` (1…count) is `<prefix><g>`, its title the
 * original's with ` · copia <g>`, its status `COPY_STATUSES[g % 4]`, its estimated value `100,000 + g × 12,345`
 * centavos, its awarded amount `g × 100 + 7` centavos, published `g` hours before the original, raising
 * `single_bidder` when `g` is a multiple of 10. Every other column (those added later too) is the original's.
 */
export async function copyPublicTender(db: Sql, tenderId: string, count: number, prefix = 'copia-'): Promise<void> {
  const columns = (await db.query(
    `SELECT column_name FROM information_schema.columns
      WHERE table_name = 'transparency_tenders' AND table_schema = current_schema() AND is_generated = 'NEVER'
      ORDER BY ordinal_position`,
  )) as Array<{ column_name: string }> | { rows: Array<{ column_name: string }> };
  const names = (Array.isArray(columns) ? columns : columns.rows).map((column) => column.column_name);
  const varied: Record<string, string> = {
    tender_id: `$2 || g`,
    title: `t.title || ' · copia ' || g`,
    status: `(ARRAY[${COPY_STATUSES.map((status) => `'${status}'`).join(', ')}])[1 + g % 4]`,
    estimated_amount: `100000 + g * 12345`,
    awarded_amount: `g * 100 + 7`,
    published_at: `t.published_at - g * interval '1 hour'`,
    change_seq: `(SELECT max(change_seq) FROM transparency_tenders) + g`,
    red_flags: `CASE WHEN g % 10 = 0 THEN ARRAY['single_bidder'] ELSE ARRAY[]::text[] END`,
  };
  const values = names.map((name) => varied[name] ?? `t.${name}`);
  await db.query(
    `INSERT INTO transparency_tenders (${names.join(', ')})
     SELECT ${values.join(', ')} FROM transparency_tenders t, generate_series(1, $3::int) g
      WHERE t.tender_id = $1 AND t.is_public`,
    [tenderId, prefix, count],
  );
  await db.query('ANALYZE transparency_tenders');
}
