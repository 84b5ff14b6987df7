/** What runs SQL: a pg Client. */
type Sql = { query(sql: string, params?: unknown[]): Promise<{ rows: Array<Record<string, unknown>> }> };

/**
 * The read-model tables the public search and detail read, keyed by the procedure's id (`tender_id`): what a
 * replicated scale copies. The registers they join (buying units, suppliers) are left as they are.
 */
export const REPLICATED_TABLES = [
  'transparency_tenders',
  'transparency_timeline',
  'transparency_openings',
  'tender_views',
] as const;

/**
 * A larger scale of the read models where the log cannot be generated and projected in the time there is (a
 * million procedures: about 16 million events, hours on 2 shared cores): every procedure of the projected
 * database copied `copies` times over in SQL, copy `g` of procedure `id` being `id.g` (a valid id in a path), with the same
 * contents (dates, values, texts, units, suppliers, statuses), and the feed's sequence moved past the last one
 * (it is unique). So the read models hold (copies + 1) × the procedures with the same distribution, and every
 * query runs over tables, indexes and statistics of the larger size; what a copy cannot show is new words, units
 * or suppliers (a filter's matches grow with the copies). One statement per table and copy, each its own
 * transaction; ANALYZE at the end. Only for benchmarks: the copies are not in the log, a projection rebuild
 * drops them.
 */
export async function replicateReadModels(db: Sql, copies: number, log: (line: string) => void): Promise<void> {
  const [{ max }] = (await db.query(`SELECT coalesce(max(change_seq), 0)::bigint AS max FROM transparency_tenders`))
    .rows as Array<{ max: string }>;
  for (const table of REPLICATED_TABLES) {
    const { rows } = await db.query(
      `SELECT column_name FROM information_schema.columns
        WHERE table_name = $1 AND table_schema = current_schema() AND is_generated = 'NEVER'
        ORDER BY ordinal_position`,
      [table],
    );
    const names = rows.map((row) => String(row.column_name));
    const varied: Record<string, string> = {
      tender_id: `t.tender_id || '.' || $1::int`,
      ...(table === 'transparency_tenders' ? { change_seq: `t.change_seq + $1::bigint * ${BigInt(max)}` } : {}),
    };
    const values = names.map((name) => varied[name] ?? `t.${name}`);
    const started = Date.now();
    // The originals apart, so each copy reads them only (not the copies made before it).
    await db.query(`CREATE TEMPORARY TABLE originals AS SELECT * FROM ${table}`);
    for (let g = 1; g <= copies; g++) {
      await db.query(`INSERT INTO ${table} (${names.join(', ')}) SELECT ${values.join(', ')} FROM originals t`, [g]);
      if (g % 10 === 0 || g === copies)
        log(`  replicated ${table}: ${g} of ${copies} copies (${Math.round((Date.now() - started) / 1000)} s)`);
    }
    await db.query('DROP TABLE originals');
  }
  await db.query('VACUUM ANALYZE');
}
