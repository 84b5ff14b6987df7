import { isEventOf, type EventFilter, type RecordedEvent } from '@licita/event-store';
import { insertUnnested, ProjectionProvider, type Projection, type ProjectionTransaction } from '@licita/projections';
import type { SupplierDataChanged, SupplierEvent, SupplierRegistered } from '@licita/suppliers';
import type {
  ClassifierCodesAdded,
  ClassifierImportCompleted,
  ClassifierImportStarted,
} from '../domain/classifier-import.events';
import { CLASSIFIER_EVENT_PREFIX } from '../domain/classifier-import.events';
import { wordSearch } from '@licita/shared';
import { applySupplierCodes, ClosureCache, CodeTree, recountUsage, UsageMoves } from './classifier-usage';
import { applyTenderEvents, countAllTenders, TENDER_USAGE_EVENT_TYPES } from './tender-usage';

const SUPPLIER_USAGE_EVENT_TYPES = ['SupplierRegistered', 'SupplierDataChanged'] satisfies Array<SupplierEvent['type']>;
const SUPPLIER_TYPES = new Set<string>(SUPPLIER_USAGE_EVENT_TYPES);

/**
 * The classifier read model: `classifier_codes` (the tree of every scheme's version in force, with usage),
 * `classifier_versions`, and what the projection keeps to move the usage columns (`classifier_tenders`,
 * `classifier_suppliers`, `classifier_supplier_awards`); the columns are described in the migrations
 * CreateClassifierReadModel and CountClassifierUsageByDeltas, and in libs/classifier/README.md.
 *
 * A batch is cut at its classifier events, which change the tree; between them, tender and supplier events
 * move the usage columns independently of each other (classifier-usage.ts), in one write per stretch.
 */
@ProjectionProvider()
export class ClassifierProjection implements Projection {
  readonly name = 'classifier';
  /** 2: usage from tenders and awards (tender-usage.ts); 3: usage moved by deltas, without a row per use. */
  readonly version = 3;
  readonly filter: EventFilter = {
    eventTypePrefixes: [CLASSIFIER_EVENT_PREFIX, ...SUPPLIER_USAGE_EVENT_TYPES, ...TENDER_USAGE_EVENT_TYPES],
  };

  private readonly closures = new ClosureCache();

  async handle(events: RecordedEvent[], tx: ProjectionTransaction): Promise<void> {
    let tree = await CodeTree.current(tx, this.closures);
    for (const stretch of stretches(events)) {
      if (stretch.classifier) {
        if (await applyClassifierEvents(stretch.events, tx)) {
          tree = CodeTree.changed(this.closures);
          await recountUsage(tx, tree, countAllTenders);
        }
        continue;
      }
      const moves = new UsageMoves();
      await applyTenderEvents(
        stretch.events.filter((event) => !SUPPLIER_TYPES.has(event.type)),
        tx,
        tree,
        moves,
      );
      await applySupplierCodes(
        tx,
        supplierCodes(stretch.events.filter((event) => SUPPLIER_TYPES.has(event.type))),
        tree,
        moves,
      );
      await moves.write(tx);
    }
  }

  async reset(tx: ProjectionTransaction): Promise<void> {
    await tx.query(
      'TRUNCATE classifier_codes, classifier_import_codes, classifier_versions, classifier_tenders, classifier_suppliers, classifier_supplier_awards',
    );
  }
}

/** Runs of consecutive classifier events, and the runs of other events between them, in log order. */
function stretches(events: RecordedEvent[]): Array<{ classifier: boolean; events: RecordedEvent[] }> {
  const runs: Array<{ classifier: boolean; events: RecordedEvent[] }> = [];
  for (const event of events) {
    const classifier = event.type.startsWith(CLASSIFIER_EVENT_PREFIX);
    const last = runs[runs.length - 1];
    if (last?.classifier === classifier) last.events.push(event);
    else runs.push({ classifier, events: [event] });
  }
  return runs;
}

/** A supplier's registration lists the codes it offers; the last list in the stretch is the one that counts. */
function supplierCodes(events: RecordedEvent[]): Map<string, string[]> {
  const codesBySupplier = new Map<string, string[]>();
  for (const event of events) {
    if (!isEventOf<SupplierRegistered | SupplierDataChanged>(event, 'SupplierRegistered', 'SupplierDataChanged'))
      continue;
    const codes = event.type === 'SupplierRegistered' ? event.data.classifierCodes : event.data.changes.classifierCodes;
    if (codes) codesBySupplier.set(event.data.supplierId, codes);
  }
  return codesBySupplier;
}

/** Codes are staged as their chunks arrive (one INSERT for all chunks in the batch) and go live on completion (then true). */
async function applyClassifierEvents(events: RecordedEvent[], tx: ProjectionTransaction): Promise<boolean> {
  let staged: RecordedEvent[] = [];
  let completed = false;
  const flush = async () => {
    await stageCodes(tx, staged);
    staged = [];
  };
  for (const event of events) {
    if (event.type === 'ClassifierImportStarted') await startVersion(tx, event);
    if (event.type === 'ClassifierCodesAdded') staged.push(event);
    if (event.type === 'ClassifierImportCompleted') {
      await flush();
      await completeVersion(tx, event);
      completed = true;
    }
  }
  await flush();
  return completed;
}

async function startVersion(tx: ProjectionTransaction, event: RecordedEvent): Promise<void> {
  const data = event.data as ClassifierImportStarted['data'];
  await tx.query(
    `INSERT INTO classifier_versions (scheme, version, status, code_count, content_hash, source, started_at)
     VALUES ($1, $2, 'importing', $3, $4, $5, $6)`,
    [data.scheme, data.version, data.codeCount, data.contentHash, data.source, event.metadata.occurredAt],
  );
}

async function stageCodes(tx: ProjectionTransaction, events: RecordedEvent[]): Promise<void> {
  const rows = events.filter(isCodesAdded).flatMap(({ data: { scheme, version, codes } }) =>
    codes.map(({ code, parent, level, category, description }) => ({
      scheme,
      version,
      code,
      parent,
      level,
      category,
      description_es: description.es,
      description_en: description.en,
      search_text: wordSearch.searchText(description.es, description.en),
    })),
  );
  await insertUnnested(tx, 'classifier_import_codes', rows);
}

/**
 * The version goes live in one step: its codes replace the scheme's (keeping their usage), each with its
 * ancestors; codes of the scheme that the version left out are marked retired.
 */
async function completeVersion(tx: ProjectionTransaction, event: RecordedEvent): Promise<void> {
  const { scheme, version } = event.data as ClassifierImportCompleted['data'];
  const tree: Array<{ code: string; parent: string | null }> = await tx.query(
    'SELECT code, parent FROM classifier_import_codes WHERE scheme = $1 AND version = $2',
    [scheme, version],
  );
  const ancestors = ancestorsByCode(tree);
  // Ancestors travel space-separated (codes have no spaces): SQL arrays cannot be ragged.
  await tx.query(
    `INSERT INTO classifier_codes (scheme, code, version, parent, ancestors, depth, level, category, description_es, description_en, search_text, retired)
     SELECT s.scheme, s.code, s.version, s.parent, a.ancestors, cardinality(a.ancestors) + 1, s.level, s.category,
            s.description_es, s.description_en, s.search_text, false
     FROM unnest($3::text[], $4::text[]) AS t (code, ancestors_text)
     CROSS JOIN LATERAL (SELECT string_to_array(t.ancestors_text, ' ') AS ancestors) a
     JOIN classifier_import_codes s ON s.scheme = $1 AND s.version = $2 AND s.code = t.code
     ON CONFLICT (scheme, code) DO UPDATE SET
       version = EXCLUDED.version, parent = EXCLUDED.parent, ancestors = EXCLUDED.ancestors, depth = EXCLUDED.depth,
       level = EXCLUDED.level, category = EXCLUDED.category, description_es = EXCLUDED.description_es,
       description_en = EXCLUDED.description_en, search_text = EXCLUDED.search_text, retired = false`,
    [scheme, version, [...ancestors.keys()], [...ancestors.values()].map((list) => list.join(' '))],
  );
  await tx.query('UPDATE classifier_codes SET retired = true WHERE scheme = $1 AND version <> $2 AND NOT retired', [
    scheme,
    version,
  ]);
  await tx.query('DELETE FROM classifier_import_codes WHERE scheme = $1 AND version = $2', [scheme, version]);
  await tx.query(
    `UPDATE classifier_versions SET status = 'completed', completed_at = $3 WHERE scheme = $1 AND version = $2`,
    [scheme, version, event.metadata.occurredAt],
  );
}

/** From the top level down to the parent, for every code (the import guarantees a tree without loops). */
function ancestorsByCode(tree: Array<{ code: string; parent: string | null }>): Map<string, string[]> {
  const parentOf = new Map(tree.map((node) => [node.code, node.parent]));
  const ancestors = new Map<string, string[]>();
  const resolve = (code: string): string[] => {
    const known = ancestors.get(code);
    if (known) return known;
    const parent = parentOf.get(code) ?? null;
    const list = parent === null ? [] : [...resolve(parent), parent];
    ancestors.set(code, list);
    return list;
  };
  for (const node of tree) resolve(node.code);
  return ancestors;
}

const isCodesAdded = (event: RecordedEvent): event is RecordedEvent & ClassifierCodesAdded =>
  isEventOf<ClassifierCodesAdded>(event, 'ClassifierCodesAdded');
