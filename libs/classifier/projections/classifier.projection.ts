import { Injectable } from '@nestjs/common';
import type { EventFilter, RecordedEvent } from '@licita/event-store/event-store.port';
import { RegisterProjection, type Projection, type ProjectionTransaction } from '@licita/projections/projection';
import type { SupplierDataChanged, SupplierEvent, SupplierRegistered } from '@licita/suppliers/domain/supplier.events';
import type { ClassifierCodesAdded, ClassifierImportCompleted, ClassifierImportStarted } from '../domain/classifier-import.events';
import { CLASSIFIER_EVENT_PREFIX } from '../domain/classifier-import.events';
import { searchText } from '../domain/search-text';
import { replaceUsage, USAGE } from './classifier-usage';
import { applyTenderEvents, TENDER_USAGE_EVENT_TYPES } from './tender-usage';

type Handler = (events: RecordedEvent[], tx: ProjectionTransaction) => Promise<void>;

/**
 * Where the projection's events come from: the event-type prefixes of each source and the handler that
 * applies a run of them (usage through `replaceUsage`, see classifier-usage.ts).
 */
const SOURCES = {
  classifier: { prefixes: [CLASSIFIER_EVENT_PREFIX], apply: applyClassifierEvents },
  supplier: { prefixes: ['SupplierRegistered', 'SupplierDataChanged'] satisfies Array<SupplierEvent['type']>, apply: applySupplierEvents },
  tender: { prefixes: TENDER_USAGE_EVENT_TYPES, apply: applyTenderEvents },
} satisfies Record<string, { prefixes: string[]; apply: Handler }>;

type Source = keyof typeof SOURCES;

/**
 * The classifier read model: `classifier_codes` (the tree of every scheme's version in force, with usage),
 * `classifier_versions`, `classifier_usage` (what uses each code, for distinct counts) and `classifier_tenders`
 * (what it remembers of each tender to keep that usage right); the columns are
 * described in the migration CreateClassifierReadModel and in libs/classifier/README.md. A batch is split
 * into runs of consecutive events of one source, each applied in bulk.
 */
@Injectable()
@RegisterProjection()
export class ClassifierProjection implements Projection {
  readonly name = 'classifier';
  /** 2: usage from tenders and awards (tender-usage.ts). */
  readonly version = 2;
  readonly filter: EventFilter = { eventTypePrefixes: Object.values(SOURCES).flatMap((source) => source.prefixes) };

  async handle(events: RecordedEvent[], tx: ProjectionTransaction): Promise<void> {
    for (const run of runsBySource(events)) await SOURCES[run.source].apply(run.events, tx);
  }

  async reset(tx: ProjectionTransaction): Promise<void> {
    await tx.query('TRUNCATE classifier_usage, classifier_codes, classifier_import_codes, classifier_versions, classifier_tenders');
  }
}

function sourceOf(event: RecordedEvent): Source {
  const source = (Object.keys(SOURCES) as Source[]).find((name) => SOURCES[name].prefixes.some((prefix) => event.type.startsWith(prefix)));
  if (!source) throw new Error(`the classifier projection was given ${event.type}, which its filter does not ask for`);
  return source;
}

/** Consecutive events of one source, in log order: usage never runs ahead of the codes it refers to. */
function runsBySource(events: RecordedEvent[]): Array<{ source: Source; events: RecordedEvent[] }> {
  const runs: Array<{ source: Source; events: RecordedEvent[] }> = [];
  for (const event of events) {
    const source = sourceOf(event);
    const last = runs[runs.length - 1];
    if (last?.source === source) last.events.push(event);
    else runs.push({ source, events: [event] });
  }
  return runs;
}

/** Codes are staged as their chunks arrive (one INSERT for all chunks in the batch) and go live on completion. */
async function applyClassifierEvents(events: RecordedEvent[], tx: ProjectionTransaction): Promise<void> {
  let staged: RecordedEvent[] = [];
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
    }
  }
  await flush();
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
  const rows = events.flatMap((event) => {
    const { scheme, version, codes } = event.data as unknown as ClassifierCodesAdded['data'];
    return codes.map((entry) => ({ scheme, version, ...entry }));
  });
  if (rows.length === 0) return;
  await tx.query(
    `INSERT INTO classifier_import_codes (scheme, version, code, parent, level, category, description_es, description_en, search_text)
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])`,
    [
      rows.map((row) => row.scheme),
      rows.map((row) => row.version),
      rows.map((row) => row.code),
      rows.map((row) => row.parent),
      rows.map((row) => row.level),
      rows.map((row) => row.category),
      rows.map((row) => row.description.es),
      rows.map((row) => row.description.en),
      rows.map((row) => searchText(row.description.es, row.description.en)),
    ],
  );
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
  await tx.query('UPDATE classifier_codes SET retired = true WHERE scheme = $1 AND version <> $2 AND NOT retired', [scheme, version]);
  await tx.query('DELETE FROM classifier_import_codes WHERE scheme = $1 AND version = $2', [scheme, version]);
  await tx.query(`UPDATE classifier_versions SET status = 'completed', completed_at = $3 WHERE scheme = $1 AND version = $2`, [
    scheme,
    version,
    event.metadata.occurredAt,
  ]);
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

/** A supplier's registration lists the codes it offers; the last list in the batch is the one that counts. */
async function applySupplierEvents(events: RecordedEvent[], tx: ProjectionTransaction): Promise<void> {
  const codesBySupplier = new Map<string, string[]>();
  for (const event of events) {
    const { type, data } = event as unknown as SupplierRegistered | SupplierDataChanged;
    const codes = type === 'SupplierRegistered' ? data.classifierCodes : data.changes.classifierCodes;
    if (codes) codesBySupplier.set(data.supplierId, codes);
  }
  if (codesBySupplier.size === 0) return;
  const uses = [...codesBySupplier].flatMap(([supplierId, codes]) => codes.map((code) => ({ subjectId: supplierId, code })));
  await replaceUsage(tx, USAGE.supplierRegistered, [...codesBySupplier.keys()], uses);
}
