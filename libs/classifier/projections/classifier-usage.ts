import type { ProjectionTransaction } from '@licita/projections/projection';

/**
 * How codes are used, one `classifier_usage` row per (code or one of its ancestors, kind, subject), so a
 * count of rows is a count of distinct subjects "using the code or a descendant" and a sum of `amount`
 * adds each subject once. The usage columns of `classifier_codes` are recomputed from it for the codes a
 * batch touched.
 *
 * Fed by `supplierRegistered` (subject: supplier id; from the supplier register) and, from tenders
 * (tender-usage.ts): `tender` (subject: tender id), `item` (subject: `tender/lot/item`, amount: the item's
 * estimated value in MXN centavos), `award` (same subject, amount: the item's share of its lot's standing
 * award), `supplierAwarded` (subject: supplier id).
 */
export const USAGE = {
  tender: 'tender',
  item: 'item',
  award: 'award',
  supplierAwarded: 'supplier_awarded',
  supplierRegistered: 'supplier_registered',
} as const;

export type UsageKind = (typeof USAGE)[keyof typeof USAGE];

export interface Use {
  subjectId: string;
  /** As the subject spells it; a code no scheme has (never validated) is ignored. */
  code: string;
  amount?: number;
}

/**
 * Replaces everything `subjectIds` used of one kind with `uses` (which must cover those subjects only),
 * then moves the usage columns of the codes concerned by what was removed and added. Three statements
 * whatever the batch size, and none of them scans a code's whole usage (a CPV division has a row per item
 * of every tender below it).
 */
export async function replaceUsage(tx: ProjectionTransaction, kind: UsageKind, subjectIds: string[], uses: Use[]): Promise<void> {
  // Wrapped in a SELECT: TypeORM answers a bare DELETE with [rows, count].
  const removed: UsageChange[] = await tx.query(
    'WITH removed AS (DELETE FROM classifier_usage WHERE kind = $1 AND subject_id = ANY ($2::text[]) RETURNING scheme, code, amount) SELECT * FROM removed',
    [kind, subjectIds],
  );
  const added: UsageChange[] = await tx.query(
    `INSERT INTO classifier_usage (scheme, code, kind, subject_id, amount)
     SELECT c.scheme, used.code, $1, u.subject_id, u.amount
     FROM unnest($2::text[], $3::text[], $4::bigint[]) AS u (subject_id, code, amount)
     JOIN classifier_codes c ON c.code = u.code AND NOT c.retired
     CROSS JOIN LATERAL unnest(c.ancestors || c.code) AS used (code)
     ON CONFLICT DO NOTHING
     RETURNING scheme, code, amount`,
    [kind, uses.map((use) => use.subjectId), uses.map((use) => use.code), uses.map((use) => use.amount ?? 0)],
  );
  await moveUsageColumns(tx, kind, removed, added);
}

interface UsageChange {
  scheme: string;
  code: string;
  amount: string | number;
}

/** The columns of `classifier_codes` each kind of use moves: a count of rows, and a sum of their amounts. */
const COLUMNS: Record<UsageKind, { count?: string; amount?: string }> = {
  [USAGE.tender]: { count: 'tenders_count' },
  [USAGE.item]: { count: 'items_count', amount: 'estimated_amount' },
  [USAGE.award]: { amount: 'awarded_amount' },
  [USAGE.supplierAwarded]: { count: 'suppliers_awarded' },
  [USAGE.supplierRegistered]: { count: 'suppliers_registered' },
};

/** Each column is the count (or the sum of amounts) of its kind's rows: moved by the rows removed and added. */
async function moveUsageColumns(tx: ProjectionTransaction, kind: UsageKind, removed: UsageChange[], added: UsageChange[]): Promise<void> {
  const deltas = new Map<string, { scheme: string; code: string; count: number; amount: number }>();
  const move = (row: UsageChange, sign: number) => {
    const key = `${row.scheme} ${row.code}`;
    const delta = deltas.get(key) ?? { scheme: row.scheme, code: row.code, count: 0, amount: 0 };
    delta.count += sign;
    delta.amount += sign * Number(row.amount);
    deltas.set(key, delta);
  };
  for (const row of removed) move(row, -1);
  for (const row of added) move(row, 1);
  const changed = [...deltas.values()].filter((delta) => delta.count !== 0 || delta.amount !== 0);
  if (changed.length === 0) return;
  const { count, amount } = COLUMNS[kind];
  const sets = [...(count ? [`${count} = c.${count} + d.count`] : []), ...(amount ? [`${amount} = c.${amount} + d.amount`] : [])];
  await tx.query(
    `UPDATE classifier_codes c SET ${sets.join(', ')}
     FROM unnest($1::text[], $2::text[], $3::int[], $4::bigint[]) AS d (scheme, code, count, amount)
     WHERE c.scheme = d.scheme AND c.code = d.code`,
    [changed.map((d) => d.scheme), changed.map((d) => d.code), changed.map((d) => d.count), changed.map((d) => d.amount)],
  );
}
