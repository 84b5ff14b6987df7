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
 * then refreshes the counts of every code whose usage changed. Three statements whatever the batch size.
 */
export async function replaceUsage(tx: ProjectionTransaction, kind: UsageKind, subjectIds: string[], uses: Use[]): Promise<void> {
  // Wrapped in a SELECT: TypeORM answers a bare DELETE with [rows, count].
  const removed: CodeKey[] = await tx.query(
    'WITH removed AS (DELETE FROM classifier_usage WHERE kind = $1 AND subject_id = ANY ($2::text[]) RETURNING scheme, code) SELECT * FROM removed',
    [kind, subjectIds],
  );
  const added: CodeKey[] = await tx.query(
    `INSERT INTO classifier_usage (scheme, code, kind, subject_id, amount)
     SELECT c.scheme, used.code, $1, u.subject_id, u.amount
     FROM unnest($2::text[], $3::text[], $4::bigint[]) AS u (subject_id, code, amount)
     JOIN classifier_codes c ON c.code = u.code AND NOT c.retired
     CROSS JOIN LATERAL unnest(c.ancestors || c.code) AS used (code)
     ON CONFLICT DO NOTHING
     RETURNING scheme, code`,
    [kind, uses.map((use) => use.subjectId), uses.map((use) => use.code), uses.map((use) => use.amount ?? 0)],
  );
  await refreshUsageColumns(tx, [...removed, ...added]);
}

interface CodeKey {
  scheme: string;
  code: string;
}

async function refreshUsageColumns(tx: ProjectionTransaction, codes: CodeKey[]): Promise<void> {
  if (codes.length === 0) return;
  await tx.query(
    `UPDATE classifier_codes c SET
       tenders_count = u.tenders, items_count = u.items, estimated_amount = u.estimated, awarded_amount = u.awarded,
       suppliers_awarded = u.suppliers_awarded, suppliers_registered = u.suppliers_registered
     FROM (
       SELECT k.scheme, k.code,
         count(l.kind) FILTER (WHERE l.kind = '${USAGE.tender}') AS tenders,
         count(l.kind) FILTER (WHERE l.kind = '${USAGE.item}') AS items,
         coalesce(sum(l.amount) FILTER (WHERE l.kind = '${USAGE.item}'), 0) AS estimated,
         coalesce(sum(l.amount) FILTER (WHERE l.kind = '${USAGE.award}'), 0) AS awarded,
         count(l.kind) FILTER (WHERE l.kind = '${USAGE.supplierAwarded}') AS suppliers_awarded,
         count(l.kind) FILTER (WHERE l.kind = '${USAGE.supplierRegistered}') AS suppliers_registered
       FROM (SELECT DISTINCT * FROM unnest($1::text[], $2::text[])) AS k (scheme, code)
       LEFT JOIN classifier_usage l ON l.scheme = k.scheme AND l.code = k.code
       GROUP BY k.scheme, k.code
     ) u
     WHERE c.scheme = u.scheme AND c.code = u.code`,
    [codes.map((key) => key.scheme), codes.map((key) => key.code)],
  );
}
