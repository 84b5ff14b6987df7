import type { ProjectionTransaction } from '@licita/projections';

/**
 * The usage columns of `classifier_codes`, each over the code and its descendants: distinct tenders, items,
 * estimated and awarded amounts (MXN centavos), distinct suppliers awarded and registered.
 *
 * They are moved by deltas: for each subject that changed in a batch (a tender, a supplier), what it counted
 * before is taken away and what it counts now is added, on each code it uses and every ancestor (`CodeTree`),
 * and the sums are written in one statement per batch. A subject that counts once per code (a tender, a
 * registered supplier) is taken away and added as the set of codes its uses reach, so it counts once on a
 * division however many of its items lie below it. Suppliers awarded are the exception: their awards come
 * from many tenders, so `classifier_supplier_awards` keeps, per (code, supplier), how many tenders award the
 * supplier something at or below the code; the column moves when that number leaves or reaches zero.
 *
 * Usage is always counted against the versions in force: when a version completes, `recountUsage` counts
 * everything again from what the projection keeps (`classifier_tenders`, `classifier_suppliers`).
 */
export const USAGE_COLUMNS = [
  'tenders_count',
  'items_count',
  'estimated_amount',
  'awarded_amount',
  'suppliers_awarded',
  'suppliers_registered',
] as const;

export type UsageColumn = (typeof USAGE_COLUMNS)[number];

/** A code of one scheme. */
export type CodeNode = { scheme: string; code: string };

export const nodeKey = (node: CodeNode) => `${node.scheme} ${node.code}`;

/** Closures kept between batches (one per projection instance), with the versions in force they were read under. */
export class ClosureCache {
  generation = '';
  closures = new Map<string, CodeNode[]>();
}

/**
 * What a code counts on: the code and its ancestors, in every scheme in force that has it (none for a code no
 * scheme has: such a use is ignored). Closures are cached between batches for as long as the set of completed
 * versions read at the start of a batch stays the same, so a batch that rolled back, a version completed by
 * another runner or a reset never leave a stale tree behind.
 */
export class CodeTree {
  private constructor(private readonly closures: Map<string, CodeNode[]>) {}

  /** The tree as the batch starts: the cached closures if the versions in force are those they were read under. */
  static async current(tx: ProjectionTransaction, cache: ClosureCache): Promise<CodeTree> {
    const [{ generation }]: Array<{ generation: string | null }> = await tx.query(
      `SELECT string_agg(scheme || '/' || version, ' ' ORDER BY scheme, version) AS generation FROM classifier_versions WHERE status = 'completed'`,
    );
    if (cache.generation !== (generation ?? '')) {
      cache.generation = generation ?? '';
      cache.closures = new Map();
    }
    return new CodeTree(cache.closures);
  }

  /** After a version completed in this batch: nothing cached is kept, nor what is read now (the batch may yet roll back). */
  static changed(cache: ClosureCache): CodeTree {
    cache.generation = '(changed by a batch)';
    cache.closures = new Map();
    return new CodeTree(new Map());
  }

  /** Reads the closures of the codes not known yet (one statement). */
  async know(tx: ProjectionTransaction, codes: Iterable<string>): Promise<void> {
    const missing = [...new Set(codes)].filter((code) => !this.closures.has(code));
    if (missing.length === 0) return;
    const rows: Array<{ scheme: string; code: string; ancestors: string[] }> = await tx.query(
      'SELECT scheme, code, ancestors FROM classifier_codes WHERE code = ANY ($1::text[]) AND NOT retired',
      [missing],
    );
    for (const code of missing) this.closures.set(code, []);
    for (const row of rows)
      (this.closures.get(row.code) as CodeNode[]).push(
        ...[...row.ancestors, row.code].map((code) => ({ scheme: row.scheme, code })),
      );
  }

  /** The code and its ancestors in each scheme that has it; `know` it first. */
  closure(code: string): CodeNode[] {
    const closure = this.closures.get(code);
    if (!closure) throw new Error(`classifier usage: code ${code} was not looked up`);
    return closure;
  }

  /** The distinct nodes the codes reach. */
  reach(codes: Iterable<string>): CodeNode[] {
    const nodes = new Map<string, CodeNode>();
    for (const code of codes) for (const node of this.closure(code)) nodes.set(nodeKey(node), node);
    return [...nodes.values()];
  }
}

/** The moves of a batch: usage columns by code, and supplier-award counts by (code, supplier). */
export class UsageMoves {
  private readonly columns = new Map<string, CodeNode & Record<UsageColumn, number>>();
  private readonly supplierAwards = new Map<string, CodeNode & { supplierId: string; uses: number }>();

  move(node: CodeNode, column: UsageColumn, by: number): void {
    if (by === 0) return;
    const key = nodeKey(node);
    let row = this.columns.get(key);
    if (!row)
      this.columns.set(
        key,
        (row = {
          ...node,
          tenders_count: 0,
          items_count: 0,
          estimated_amount: 0,
          awarded_amount: 0,
          suppliers_awarded: 0,
          suppliers_registered: 0,
        }),
      );
    row[column] += by;
  }

  /** One more (or one less) tender awarding `supplierId` something at or below `node`. */
  moveSupplierAward(supplierId: string, node: CodeNode, by: number): void {
    const key = `${supplierId} ${nodeKey(node)}`;
    const row = this.supplierAwards.get(key) ?? { ...node, supplierId, uses: 0 };
    row.uses += by;
    this.supplierAwards.set(key, row);
  }

  /** Writes the supplier-award counts (which move `suppliers_awarded`), then every usage column: three statements at most. */
  async write(tx: ProjectionTransaction): Promise<void> {
    await this.writeSupplierAwards(tx);
    const rows = [...this.columns.values()].filter((row) => USAGE_COLUMNS.some((column) => row[column] !== 0));
    if (rows.length === 0) return;
    await tx.query(
      `UPDATE classifier_codes c SET ${USAGE_COLUMNS.map((column) => `${column} = c.${column} + d.${column}`).join(', ')}
       FROM unnest($1::text[], $2::text[], ${USAGE_COLUMNS.map((_, i) => `$${i + 3}::bigint[]`).join(', ')}) AS d (scheme, code, ${USAGE_COLUMNS.join(', ')})
       WHERE c.scheme = d.scheme AND c.code = d.code`,
      [
        rows.map((row) => row.scheme),
        rows.map((row) => row.code),
        ...USAGE_COLUMNS.map((column) => rows.map((row) => row[column])),
      ],
    );
  }

  private async writeSupplierAwards(tx: ProjectionTransaction): Promise<void> {
    const moved = [...this.supplierAwards.values()].filter((row) => row.uses !== 0);
    if (moved.length === 0) return;
    const now: Array<{ scheme: string; code: string; supplier_id: string; uses: number }> = await tx.query(
      `INSERT INTO classifier_supplier_awards (scheme, code, supplier_id, uses)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[])
       ON CONFLICT (scheme, code, supplier_id) DO UPDATE SET uses = classifier_supplier_awards.uses + EXCLUDED.uses
       RETURNING scheme, code, supplier_id, uses`,
      [
        moved.map((row) => row.scheme),
        moved.map((row) => row.code),
        moved.map((row) => row.supplierId),
        moved.map((row) => row.uses),
      ],
    );
    const gone: typeof now = [];
    for (const row of now) {
      if (row.uses < 0)
        throw new Error(
          `classifier usage: supplier ${row.supplier_id} would be awarded ${row.uses} times on ${row.scheme} ${row.code}`,
        );
      const by = (this.supplierAwards.get(`${row.supplier_id} ${row.scheme} ${row.code}`) as { uses: number }).uses;
      const before = row.uses - by;
      if (before === 0 && row.uses > 0) this.move(row, 'suppliers_awarded', 1);
      if (before > 0 && row.uses === 0) this.move(row, 'suppliers_awarded', -1);
      if (row.uses === 0) gone.push(row);
    }
    if (gone.length === 0) return;
    await tx.query(
      `WITH gone AS (DELETE FROM classifier_supplier_awards a USING unnest($1::text[], $2::text[], $3::text[]) AS g (scheme, code, supplier_id)
         WHERE a.scheme = g.scheme AND a.code = g.code AND a.supplier_id = g.supplier_id AND a.uses = 0 RETURNING 1)
       SELECT count(*) FROM gone`,
      [gone.map((row) => row.scheme), gone.map((row) => row.code), gone.map((row) => row.supplier_id)],
    );
  }
}

/** The codes each supplier offers, as the register says (`SupplierRegistered`, `SupplierDataChanged`). */
export async function applySupplierCodes(
  tx: ProjectionTransaction,
  codesBySupplier: Map<string, string[]>,
  tree: CodeTree,
  moves: UsageMoves,
): Promise<void> {
  if (codesBySupplier.size === 0) return;
  const rows: Array<{ supplier_id: string; codes: string[] }> = await tx.query(
    'SELECT supplier_id, codes FROM classifier_suppliers WHERE supplier_id = ANY ($1::text[])',
    [[...codesBySupplier.keys()]],
  );
  const before = new Map(rows.map((row) => [row.supplier_id, row.codes]));
  await tree.know(tx, [...before.values(), ...codesBySupplier.values()].flat());
  for (const [supplierId, codes] of codesBySupplier) {
    for (const node of tree.reach(before.get(supplierId) ?? [])) moves.move(node, 'suppliers_registered', -1);
    for (const node of tree.reach(codes)) moves.move(node, 'suppliers_registered', 1);
  }
  await tx.query(
    `INSERT INTO classifier_suppliers (supplier_id, codes) SELECT r.supplier_id, ARRAY(SELECT jsonb_array_elements_text(r.codes))
     FROM jsonb_to_recordset($1::jsonb) AS r (supplier_id text, codes jsonb)
     ON CONFLICT (supplier_id) DO UPDATE SET codes = EXCLUDED.codes`,
    [JSON.stringify([...codesBySupplier].map(([supplierId, codes]) => ({ supplier_id: supplierId, codes })))],
  );
}

/** Every usage column counted again from what the projection keeps, against the tree in force (after a version completes). */
export async function recountUsage(
  tx: ProjectionTransaction,
  tree: CodeTree,
  countTenders: (tx: ProjectionTransaction, tree: CodeTree, moves: UsageMoves) => Promise<void>,
): Promise<void> {
  await tx.query(
    `UPDATE classifier_codes SET ${USAGE_COLUMNS.map((column) => `${column} = 0`).join(', ')}
     WHERE ${USAGE_COLUMNS.map((column) => `${column} <> 0`).join(' OR ')}`,
  );
  await tx.query('WITH gone AS (DELETE FROM classifier_supplier_awards RETURNING 1) SELECT count(*) FROM gone');
  const moves = new UsageMoves();
  await countTenders(tx, tree, moves);
  const suppliers: Array<{ supplier_id: string; codes: string[] }> = await tx.query(
    'SELECT supplier_id, codes FROM classifier_suppliers',
  );
  await tree.know(
    tx,
    suppliers.flatMap((row) => row.codes),
  );
  for (const row of suppliers) for (const node of tree.reach(row.codes)) moves.move(node, 'suppliers_registered', 1);
  await moves.write(tx);
}
