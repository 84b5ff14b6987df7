import type { ClassifierCodesAdded } from '@licita/classifier';
import { isEventOf, type EventFilter, type RecordedEvent } from '@licita/event-store';
import { CarriedRows, copyRows, insertRows, insertUnnested, type Columns } from '@licita/projections';
import {
  ProjectionProvider,
  type BatchContext,
  type Projection,
  type ProjectionTransaction,
} from '@licita/projections';
import type { SupplierDataChanged, SupplierRegistered } from '@licita/suppliers';
import { searchText } from '@licita/shared';
import type { AuctionClosed, AuctionScheduled } from '@licita/auctions';
import { CONTRACT_EVENT_TYPES, TENDER_EVENT_TYPES, type ContractEvent, type TenderEvent } from '@licita/tendering';
import { callChanged, joinRecord, recordRows, tenderRow } from './record-rows';
import {
  applyToRecord,
  evaluationOutcome,
  openingAct,
  withRedFlags,
  type FoldContext,
  type SupplierInfo,
  type TenderRecord,
} from './tender-record';
import { timelineEntry } from './timeline';
import {
  applyHistorical,
  HISTORICAL_PROCEDURE_TYPES,
  historicalPartyIds,
  importStep,
  relinked,
} from './historical-record';
import type {
  HistoricalContractImported,
  HistoricalPartyRecorded,
  HistoricalPartyReviewed,
  HistoricalProcedureImported,
  HistoricalGovernment,
} from '@licita/history';

const TENDER_TYPES = new Set<string>(TENDER_EVENT_TYPES);
const CONTRACT_TYPES = new Set<string>(CONTRACT_EVENT_TYPES);
const AUCTION_TYPES = new Set<string>(['AuctionScheduled', 'AuctionClosed']);
const SUPPLIER_TYPES = new Set<string>(['SupplierRegistered', 'SupplierDataChanged']);
const CODES_ADDED = 'ClassifierCodesAdded';
/** Imported history (libs/history): procedures and contracts become records; parties name and link them. */
const HISTORICAL_TYPES = new Set<string>([
  ...HISTORICAL_PROCEDURE_TYPES,
  'HistoricalPartyRecorded',
  'HistoricalPartyReviewed',
]);

/** The events this projection reads, as their contexts declare them (the classifier's codes aside). */
type SourceEvent =
  TenderEvent | ContractEvent | AuctionScheduled | AuctionClosed | SupplierRegistered | SupplierDataChanged;
const SOURCE_TYPES: ReadonlyArray<SourceEvent['type']> = [
  ...TENDER_EVENT_TYPES,
  ...CONTRACT_EVENT_TYPES,
  'AuctionScheduled',
  'AuctionClosed',
  'SupplierRegistered',
  'SupplierDataChanged',
];
const isSourceEvent = (event: RecordedEvent): event is RecordedEvent & SourceEvent =>
  isEventOf<SourceEvent>(event, ...SOURCE_TYPES);

/**
 * Every public transparency read model in one projection (`npm run projections:rebuild -- transparency`
 * rebuilds them together): one record per tender (`transparency_tenders`) folded from its tender, contract
 * and auction events, the parts written once (each step of its timeline, its opening act), and the rows
 * derived from the records (awards, contracts, auctions, items) for SQL aggregates. It keeps its own copy of
 * what it needs from the register and the classifier (supplier names and registration dates, code parents),
 * so it never depends on how far another projection has got.
 *
 * Per batch: load the records, suppliers and code ancestors the batch needs (a few statements; the records the
 * last batch wrote are carried over instead of read back), fold every event in log order in memory, then write
 * each table once (multi-row statements). Bid events are not read.
 * Code ancestors are cached in memory: they follow from the classifier events alone, and the cache is
 * dropped whenever a batch brings codes (or the projection is reset).
 * The change sequence of a tender is the global position of the last event that changed it: monotonic and
 * unique, the change feed's cursor.
 */
@ProjectionProvider()
export class TransparencyProjection implements Projection {
  readonly name = 'transparency';
  /**
   * 2: timeline steps and opening acts in their own tables; 3: the call in its own column; 4: each timeline step
   * in English too; 5: the procedure number and the suppliers a search by supplier finds (bidders from the
   * opening act on) in their own columns; 6: the `zero_amount_contract` red flag in `red_flags`; 7: imported
   * history (`origin`, historical party ids, party links, historical units); 9: the legal rule of the submission
   * period (`submissionPeriod`) and a practice tender's `timeAcceleration` in the record (a practice tender's
   * short-period red flag counts its own days); 10: an imported record's level of government and federal funds
   * (`origin.government`) and its historical unit's level; 11: consolidated purchases (the call's `consolidation`,
   * each unit's own contract) and multi-year contracts (`multiYear`), platform and imported (CompraNet's flags),
   * and both as searchable `features`.
   */
  readonly version = 11;
  readonly filter: EventFilter = {
    eventTypePrefixes: [
      ...TENDER_TYPES,
      ...CONTRACT_TYPES,
      ...AUCTION_TYPES,
      ...SUPPLIER_TYPES,
      CODES_ADDED,
      ...HISTORICAL_TYPES,
    ],
  };

  /**
   * A tender's row is rewritten with most of its events and its status and change sequence move each time, so
   * every version is a new entry in each of its indexes, the trigram index on the words included: a rebuild
   * builds them once at its end instead (libs/projections/deferred-indexes.ts). The indexes the projection
   * reads through itself (contracts and auctions by tender) stay.
   */
  readonly rebuildWithoutIndexesOn = ['transparency_tenders', 'transparency_awards'];

  private readonly ancestorCache = new Map<string, string[]>();
  /** The records as the last batches left them: a tender's events span several batches. */
  private readonly carried = new CarriedRows<TenderRecord>();

  async handle(events: RecordedEvent[], tx: ProjectionTransaction, context?: BatchContext): Promise<void> {
    const codeEvents = events.filter((event) => event.type === CODES_ADDED);
    if (codeEvents.length > 0) {
      this.ancestorCache.clear();
      await saveCodes(tx, codeEvents);
    }
    const batch = await Batch.load(tx, events, this.ancestorCache, this.carried.rowsFor(context));
    for (const event of events) batch.apply(event);
    this.carried.keep(context, await batch.save(tx));
  }

  async reset(tx: ProjectionTransaction): Promise<void> {
    this.ancestorCache.clear();
    await tx.query(
      `TRUNCATE transparency_tenders, transparency_timeline, transparency_openings, transparency_awards, transparency_contracts,
                transparency_auctions, transparency_items, transparency_suppliers, transparency_classifier_codes,
                transparency_party_links, transparency_historical_units`,
    );
  }
}

type Change = { position: bigint; at: string };

/** The state a batch works on, loaded once and written once. */
class Batch implements FoldContext {
  private readonly changed = new Map<string, Change>();
  private readonly changedSuppliers = new Set<string>();
  private readonly timeline: Array<{
    tender_id: string;
    position: string;
    at: string;
    event: string;
    key: string;
    text: string;
    text_en: string;
  }> = [];
  /** Opening acts and evaluation outcomes of this batch, by tender (written once). */
  private readonly acts = new Map<string, { opening?: object; evaluation?: object }>();

  /** The records as the batch found them, to tell which derived rows changed. */
  private readonly initial: Map<string, TenderRecord>;
  /** Suppliers known only from imported records, by historical party id (written with no registration date). */
  private readonly historicalSuppliers = new Map<string, { name: string; rfc: string | null }>();
  /** Buying units known only from imported records, by historical party id. */
  private readonly historicalUnits = new Map<
    string,
    { name: string; code: string | null; level?: HistoricalGovernment['level'] }
  >();
  private readonly changedLinks = new Set<string>();

  private constructor(
    private readonly records: Map<string, TenderRecord>,
    private readonly tenderOfContract: Map<string, string>,
    private readonly suppliers: Map<string, SupplierInfo & { rfc: string }>,
    private readonly ancestorsOf: Map<string, string[]>,
    private readonly links: Map<string, string | null>,
    /** The stored change of each record a review in this batch re-derives. */
    private readonly storedChanges: Map<string, Change> = new Map(),
  ) {
    this.initial = new Map(records);
  }

  static async load(
    tx: ProjectionTransaction,
    events: RecordedEvent[],
    ancestorCache: Map<string, string[]>,
    carried: ReadonlyMap<string, TenderRecord>,
  ): Promise<Batch> {
    const tenderOfContract = new Map<string, string>();
    for (const event of events)
      if (event.type === 'ContractSigned')
        tenderOfContract.set(event.data.contractId as string, event.data.tenderId as string);
    const unknownContracts = events
      .filter((e) => CONTRACT_TYPES.has(e.type) && !tenderOfContract.has(e.data.contractId as string))
      .map((e) => e.data.contractId as string);
    if (unknownContracts.length > 0) {
      const rows: Array<{ contract_id: string; tender_id: string }> = await tx.query(
        'SELECT contract_id, tender_id FROM transparency_contracts WHERE contract_id = ANY ($1::text[])',
        [[...new Set(unknownContracts)]],
      );
      for (const row of rows) tenderOfContract.set(row.contract_id, row.tender_id);
    }
    const tenderIds = new Set(
      events
        .map((event) =>
          HISTORICAL_PROCEDURE_TYPES.has(event.type)
            ? (event.data.procedureId as string)
            : tenderIdOf(event, tenderOfContract),
        )
        .filter((id): id is string => id !== null),
    );
    // A review re-derives every imported record naming the party (each keeps its change sequence: see `applyHistorical`).
    const reviewed = events.filter((e) => e.type === 'HistoricalPartyReviewed').map((e) => e.data.partyId as string);
    const stored = new Map<string, Change>();
    if (reviewed.length > 0) {
      const rows: Array<{ tender_id: string; change_seq: string; changed_at: Date }> = await tx.query(
        'SELECT tender_id, change_seq, changed_at FROM transparency_tenders WHERE historical_party_ids && $1::text[]',
        [[...new Set(reviewed)]],
      );
      for (const row of rows) {
        tenderIds.add(row.tender_id);
        stored.set(row.tender_id, { position: BigInt(row.change_seq), at: row.changed_at.toISOString() });
      }
    }
    // One after the other: `tx` is a single connection.
    const records = await loadRecords(
      tx,
      [...tenderIds].filter((id) => !carried.has(id)),
    );
    for (const id of tenderIds) if (carried.has(id)) records.set(id, carried.get(id) as TenderRecord);
    const partyIds = new Set(events.flatMap(historicalPartiesNamedBy));
    for (const id of tenderIds) for (const partyId of historicalPartyIds(records.get(id)) ?? []) partyIds.add(partyId);
    const links = await loadLinks(tx, [...partyIds]);
    // Register suppliers an imported record may name: matched by the import, or linked by a review.
    const registeredIds = [
      ...links.values(),
      ...events.map((e) =>
        isEventOf<HistoricalContractImported>(e, 'HistoricalContractImported')
          ? e.data.supplier.registeredId
          : isEventOf<HistoricalPartyReviewed>(e, 'HistoricalPartyReviewed')
            ? e.data.registeredId
            : null,
      ),
      ...[...tenderIds].flatMap((id) => records.get(id)?.origin?.contracts.map((c) => c.supplier.registeredId) ?? []),
    ].filter((id): id is string => id !== null);
    const suppliers = await loadSuppliers(tx, [...new Set([...events.flatMap(suppliersNamedBy), ...registeredIds])]);
    const uncached = [...new Set(events.flatMap(codesUsedBy))].filter((code) => !ancestorCache.has(code));
    for (const [code, ancestors] of await loadAncestors(tx, uncached)) ancestorCache.set(code, ancestors);
    for (const code of uncached) if (!ancestorCache.has(code)) ancestorCache.set(code, []);
    return new Batch(records, tenderOfContract, suppliers, ancestorCache, links, stored);
  }

  supplier(supplierId: string): SupplierInfo | undefined {
    return this.suppliers.get(supplierId);
  }

  ancestors(code: string): string[] {
    return this.ancestorsOf.get(code) ?? [];
  }

  apply(event: RecordedEvent): void {
    if (SUPPLIER_TYPES.has(event.type)) return this.applySupplier(event);
    if (HISTORICAL_TYPES.has(event.type)) return this.applyHistorical(event);
    const tenderId = tenderIdOf(event, this.tenderOfContract);
    if (tenderId === null) return;
    const record = this.records.get(tenderId) ?? null;
    const next = applyToRecord(
      record,
      { type: event.type, data: event.data, occurredAt: event.metadata.occurredAt },
      this,
    );
    if (next === null || next === record) return;
    this.records.set(tenderId, next);
    this.changed.set(tenderId, { position: event.globalPosition, at: event.metadata.occurredAt });
    const step = timelineEntry(record, next, {
      type: event.type,
      data: event.data,
      occurredAt: event.metadata.occurredAt,
    });
    if (step) {
      const { textEn, ...entry } = step;
      this.timeline.push({ tender_id: tenderId, position: event.globalPosition.toString(), ...entry, text_en: textEn });
    }
    if (event.type === 'ProposalsOpened')
      this.acts.set(tenderId, { ...this.acts.get(tenderId), opening: openingAct(event.data as never, this) });
    if (event.type === 'EvaluationCompleted')
      this.acts.set(tenderId, { ...this.acts.get(tenderId), evaluation: evaluationOutcome(event.data as never, this) });
  }

  private applyHistorical(event: RecordedEvent): void {
    if (isEventOf<HistoricalPartyRecorded>(event, 'HistoricalPartyRecorded')) {
      const { partyId, role, name, rfc } = event.data;
      if (role === 'supplier') this.historicalSuppliers.set(partyId, { name, rfc });
      else this.historicalUnits.set(partyId, { name, code: event.data.code });
      return;
    }
    const change = { position: event.globalPosition, at: event.metadata.occurredAt };
    if (isEventOf<HistoricalPartyReviewed>(event, 'HistoricalPartyReviewed')) {
      const { partyId, decision, registeredId } = event.data;
      this.links.set(partyId, decision === 'unregistered' ? null : registeredId);
      this.changedLinks.add(partyId);
      // One review may move many records, and a change sequence is unique per record (the feed's cursor): each
      // keeps the change of its own last event, so a mirror learns of the move with the record's next change.
      for (const [tenderId, record] of this.records)
        if (historicalPartyIds(record)?.includes(partyId)) {
          this.records.set(tenderId, relinked(record, this.links, this));
          const kept = this.changed.get(tenderId) ?? this.storedChanges.get(tenderId);
          if (kept) this.changed.set(tenderId, kept);
        }
      return;
    }
    if (isEventOf<HistoricalContractImported>(event, 'HistoricalContractImported')) {
      const { supplier } = event.data;
      this.historicalSuppliers.set(supplier.partyId, { name: supplier.name, rfc: supplier.rfc });
    }
    if (isEventOf<HistoricalProcedureImported>(event, 'HistoricalProcedureImported')) {
      const { buyer, government } = event.data;
      this.historicalUnits.set(buyer.partyId, { name: buyer.name, code: buyer.code, level: government?.level ?? null });
    }
    const tenderId = event.data.procedureId as string;
    const record = this.records.get(tenderId) ?? null;
    const next = applyHistorical(
      record,
      { type: event.type, data: event.data, occurredAt: event.metadata.occurredAt },
      this.links,
      this,
    );
    if (next === null || next === record) return;
    this.records.set(tenderId, next);
    this.changed.set(tenderId, change);
    if (event.type === 'HistoricalProcedureImported' && next.origin) {
      const { text, textEn } = importStep(next.origin);
      this.timeline.push({
        tender_id: tenderId,
        position: event.globalPosition.toString(),
        at: event.metadata.occurredAt,
        event: event.type,
        key: 'imported',
        text,
        text_en: textEn,
      });
    }
  }

  private applySupplier(event: RecordedEvent): void {
    if (!isEventOf<SupplierRegistered | SupplierDataChanged>(event, 'SupplierRegistered', 'SupplierDataChanged'))
      return;
    if (event.type === 'SupplierRegistered') {
      const { data } = event;
      this.suppliers.set(data.supplierId, {
        name: data.legalName,
        rfc: data.rfc,
        registeredAt: event.metadata.occurredAt,
      });
    } else {
      const { supplierId, changes } = event.data;
      const known = this.suppliers.get(supplierId);
      if (!known || (changes.legalName === undefined && changes.rfc === undefined)) return;
      this.suppliers.set(supplierId, {
        ...known,
        name: changes.legalName ?? known.name,
        rfc: changes.rfc ?? known.rfc,
      });
    }
    this.changedSuppliers.add(event.data.supplierId);
  }

  /** Writes the batch; returns the records of its tenders as stored now. */
  async save(tx: ProjectionTransaction): Promise<Map<string, TenderRecord>> {
    await this.saveSuppliers(tx);
    await this.saveHistoricalParties(tx);
    const stored = new Map(this.initial);
    if (this.changed.size === 0) return stored;
    const ids = [...this.changed.keys()];
    const records = ids.map((id) => withRedFlags(this.records.get(id) as TenderRecord));
    for (const record of records) stored.set(record.tenderId, record);
    const tenders = records.map((record) =>
      tenderRow(
        record,
        this.changed.get(record.tenderId) as Change,
        callChanged(this.initial.get(record.tenderId) ?? null, record),
      ),
    );
    await copyRows(
      tx,
      'transparency_tenders',
      TENDER_COLUMNS,
      tenders,
      `ON CONFLICT (tender_id) DO UPDATE SET ${TENDER_UPDATES}`,
    );
    await replaceDerivedRows(
      tx,
      records.map((after) => ({ before: this.initial.get(after.tenderId) ?? null, after })),
    );
    await this.saveWrittenOnce(tx);
    return stored;
  }

  /** Timeline steps are appended; an opening act and an evaluation outcome are written when they happen. */
  private async saveWrittenOnce(tx: ProjectionTransaction): Promise<void> {
    await copyRows(
      tx,
      'transparency_timeline',
      {
        tender_id: 'text',
        position: 'bigint',
        at: 'timestamptz',
        event: 'text',
        key: 'text',
        text: 'text',
        text_en: 'text',
      },
      this.timeline,
      'ON CONFLICT DO NOTHING',
    );
    await copyRows(
      tx,
      'transparency_openings',
      { tender_id: 'text', opening: 'json', evaluation: 'json' },
      [...this.acts].map(([tenderId, act]) => ({
        tender_id: tenderId,
        opening: act.opening,
        evaluation: act.evaluation,
      })),
      `ON CONFLICT (tender_id) DO UPDATE SET opening = coalesce(EXCLUDED.opening, transparency_openings.opening),
         evaluation = coalesce(EXCLUDED.evaluation, transparency_openings.evaluation)`,
    );
  }

  /** Suppliers known only from history, under their historical ids (no registration date), and the reviews. */
  private async saveHistoricalParties(tx: ProjectionTransaction): Promise<void> {
    if (this.historicalSuppliers.size > 0)
      await insertUnnested(
        tx,
        'transparency_suppliers',
        [...this.historicalSuppliers].map(([id, { name, rfc }]) => ({
          supplier_id: id,
          legal_name: name,
          rfc: rfc ?? '',
          search_text: searchText(name, rfc ?? ''),
        })),
        {
          onConflict:
            'ON CONFLICT (supplier_id) DO UPDATE SET legal_name = EXCLUDED.legal_name, rfc = EXCLUDED.rfc, search_text = EXCLUDED.search_text',
        },
      );
    if (this.historicalUnits.size > 0)
      await insertUnnested(
        tx,
        'transparency_historical_units',
        [...this.historicalUnits].map(([id, { name, code, level }]) => ({
          party_id: id,
          name,
          code,
          search_text: searchText(name, code ?? ''),
          level: level ?? null,
        })),
        {
          types: { level: 'text' },
          // A party recorded without a procedure (HistoricalPartyRecorded) keeps the level a procedure gave it.
          onConflict:
            'ON CONFLICT (party_id) DO UPDATE SET name = EXCLUDED.name, code = EXCLUDED.code, search_text = EXCLUDED.search_text, level = coalesce(EXCLUDED.level, transparency_historical_units.level)',
        },
      );
    if (this.changedLinks.size > 0)
      await insertRows(
        tx,
        'transparency_party_links',
        { party_id: 'text', registered_id: 'text' },
        [...this.changedLinks].map((id) => ({ party_id: id, registered_id: this.links.get(id) ?? null })),
        'ON CONFLICT (party_id) DO UPDATE SET registered_id = EXCLUDED.registered_id',
      );
  }

  private async saveSuppliers(tx: ProjectionTransaction): Promise<void> {
    if (this.changedSuppliers.size === 0) return;
    const rows = [...this.changedSuppliers].map((id) => {
      const { name, rfc, registeredAt } = this.suppliers.get(id) as SupplierInfo & { rfc: string };
      return {
        supplier_id: id,
        legal_name: name,
        rfc,
        registered_at: registeredAt,
        search_text: searchText(name, rfc),
      };
    });
    await insertUnnested(tx, 'transparency_suppliers', rows, {
      types: { registered_at: 'timestamptz' },
      onConflict:
        'ON CONFLICT (supplier_id) DO UPDATE SET legal_name = EXCLUDED.legal_name, rfc = EXCLUDED.rfc, registered_at = EXCLUDED.registered_at, search_text = EXCLUDED.search_text',
    });
  }
}

/** The columns of `transparency_tenders` and their types (the keys of `tenderRow`). */
const TENDER_COLUMNS = {
  tender_id: 'text',
  is_public: 'boolean',
  change_seq: 'bigint',
  changed_at: 'timestamptz',
  status: 'text',
  procedure_type: 'text',
  category: 'text',
  buying_unit_id: 'text',
  title: 'text',
  currency: 'text',
  estimated_amount: 'bigint',
  awarded_amount: 'bigint',
  published_at: 'timestamptz',
  submission_deadline: 'timestamptz',
  proposals_count: 'integer',
  bidders_count: 'integer',
  classifier_codes: 'text[]',
  red_flags: 'text[]',
  features: 'text[]',
  search_text: 'text',
  number: 'text',
  supplier_ids: 'text[]',
  origin: 'text',
  historical_party_ids: 'text[]',
  content: 'jsonb',
  record: 'json',
} satisfies Columns;

/** Every column moves to the new row's value, but the call, which `null` leaves as it is (it changes only when drafted or amended). */
const TENDER_UPDATES = Object.keys(TENDER_COLUMNS)
  .filter((column) => column !== 'tender_id')
  .map((column) =>
    column === 'content'
      ? 'content = coalesce(EXCLUDED.content, transparency_tenders.content)'
      : `${column} = EXCLUDED.${column}`,
  )
  .join(', ');

/** The tables derived from the records, with their columns and types (the keys of `recordRows`). */
const DERIVED = {
  awards: {
    table: 'transparency_awards',
    columns:
      'tender_id text, lot_id text, supplier_id text, buying_unit_id text, procedure_type text, basis text, status text, currency text, amount bigint, awarded_at timestamptz',
  },
  contracts: {
    table: 'transparency_contracts',
    columns:
      'contract_id text, tender_id text, lot_id text, supplier_id text, buying_unit_id text, procedure_type text, direct_award boolean, status text, currency text, original_amount bigint, amount bigint, signed_at timestamptz, start_date timestamptz, end_date timestamptz',
  },
  auctions: {
    table: 'transparency_auctions',
    columns:
      'auction_id text, tender_id text, lot_id text, buying_unit_id text, currency text, closed_at timestamptz, best_opening_price bigint, final_price bigint, savings_amount bigint, savings_basis_points integer',
  },
  items: {
    table: 'transparency_items',
    columns:
      'tender_id text, lot_id text, item_id text, code text, division text, currency text, estimated_amount bigint, awarded_amount bigint',
  },
} as const;

type Derived = keyof typeof DERIVED;

/**
 * The derived rows of the tenders whose rows differ from those of their record at the start of the batch:
 * deleted and written again, per table (most events change none of them: a proposal, a question).
 */
async function replaceDerivedRows(
  tx: ProjectionTransaction,
  changes: Array<{ before: TenderRecord | null; after: TenderRecord }>,
): Promise<void> {
  const rowsOf = (record: TenderRecord | null) => recordRows(record?.isPublic ? [record] : []);
  const perTender = changes.map(({ before, after }) => ({
    tenderId: after.tenderId,
    before: rowsOf(before),
    after: rowsOf(after),
  }));
  for (const name of Object.keys(DERIVED) as Derived[]) {
    const changed = perTender.filter((rows) => JSON.stringify(rows.before[name]) !== JSON.stringify(rows.after[name]));
    if (changed.length === 0) continue;
    const { table, columns } = DERIVED[name];
    await tx.query(
      `WITH gone AS (DELETE FROM ${table} WHERE tender_id = ANY ($1::text[]) RETURNING 1) SELECT count(*) FROM gone`,
      [changed.map((rows) => rows.tenderId)],
    );
    const rows: object[] = changed.flatMap((tender) => tender.after[name] as object[]);
    const names = columns
      .split(',')
      .map((column) => column.trim().split(' ')[0])
      .join(', ');
    if (rows.length > 0)
      await tx.query(
        `INSERT INTO ${table} (${names}) SELECT ${names} FROM jsonb_to_recordset($1::jsonb) AS r (${columns})`,
        [JSON.stringify(rows)],
      );
  }
}

/** The tender an event is about: its own, its contract's (signed in the batch or recorded before), its auction's. */
function tenderIdOf(event: RecordedEvent, tenderOfContract: Map<string, string>): string | null {
  if (!isSourceEvent(event)) return null;
  if (TENDER_TYPES.has(event.type) || AUCTION_TYPES.has(event.type)) return event.data.tenderId as string;
  if (CONTRACT_TYPES.has(event.type)) return tenderOfContract.get(event.data.contractId as string) ?? null;
  return null;
}

/** The historical parties an imported event names. */
function historicalPartiesNamedBy(event: RecordedEvent): string[] {
  if (event.type === 'HistoricalProcedureImported') return [(event.data.buyer as { partyId: string }).partyId];
  if (event.type === 'HistoricalContractImported') return [(event.data.supplier as { partyId: string }).partyId];
  if (event.type === 'HistoricalPartyReviewed') return [event.data.partyId as string];
  return [];
}

async function loadLinks(tx: ProjectionTransaction, partyIds: string[]): Promise<Map<string, string | null>> {
  if (partyIds.length === 0) return new Map();
  const rows: Array<{ party_id: string; registered_id: string | null }> = await tx.query(
    'SELECT party_id, registered_id FROM transparency_party_links WHERE party_id = ANY ($1::text[])',
    [partyIds],
  );
  return new Map(rows.map((row) => [row.party_id, row.registered_id]));
}

/** Suppliers whose name or registration date the record of this event may need. */
function suppliersNamedBy(event: RecordedEvent): string[] {
  if (!isSourceEvent(event)) return [];
  switch (event.type) {
    case 'SupplierRegistered':
    case 'SupplierDataChanged':
    case 'LotAwarded':
    case 'AwardRevised':
    case 'AwardChallenged':
    case 'LotContracted':
    case 'ContractSigned':
      return [event.data.supplierId];
    case 'ProposalsOpened':
      return event.data.proposals.map((p) => p.supplierId);
    case 'EvaluationCompleted':
      return event.data.lots.flatMap((lot) => [...lot.ranking, ...lot.nonCompliant].map((r) => r.supplierId));
    case 'AuctionClosed':
      return event.data.ranking.map((r) => r.bidderId);
    case 'TenderCreated':
      return event.data.content.directAward?.supplierId ? [event.data.content.directAward.supplierId] : [];
    case 'TenderDraftUpdated':
      return event.data.changes.directAward?.supplierId ? [event.data.changes.directAward.supplierId] : [];
    default:
      return [];
  }
}

/** Classifier codes of the items an event sets. */
function codesUsedBy(event: RecordedEvent): string[] {
  if (!isSourceEvent(event)) return [];
  const content =
    event.type === 'TenderCreated'
      ? event.data.content
      : event.type === 'TenderDraftUpdated'
        ? event.data.changes
        : event.type === 'TenderAmended'
          ? event.data.amended
          : null;
  const lots: Array<{ items: Array<{ classifierCode: string }> }> = content?.lots ?? [];
  return lots.flatMap((lot) => lot.items.map((item) => item.classifierCode));
}

async function loadRecords(tx: ProjectionTransaction, tenderIds: string[]): Promise<Map<string, TenderRecord>> {
  if (tenderIds.length === 0) return new Map();
  const rows: Array<{ tender_id: string; content: object; record: object }> = await tx.query(
    'SELECT tender_id, content, record FROM transparency_tenders WHERE tender_id = ANY ($1::text[])',
    [tenderIds],
  );
  return new Map(rows.map((row) => [row.tender_id, joinRecord(row.content, row.record)]));
}

async function loadSuppliers(
  tx: ProjectionTransaction,
  supplierIds: string[],
): Promise<Map<string, SupplierInfo & { rfc: string }>> {
  if (supplierIds.length === 0) return new Map();
  const rows: Array<{ supplier_id: string; legal_name: string; rfc: string; registered_at: Date | null }> =
    await tx.query(
      'SELECT supplier_id, legal_name, rfc, registered_at FROM transparency_suppliers WHERE supplier_id = ANY ($1::text[])',
      [supplierIds],
    );
  return new Map(
    rows.map((row) => [
      row.supplier_id,
      { name: row.legal_name, rfc: row.rfc, registeredAt: row.registered_at?.toISOString() ?? null },
    ]),
  );
}

/**
 * The ancestors, top level first, of `codes` and of every code in the tree. The whole code tree (tens of
 * thousands of rows at most) is read and walked here: cheaper than a recursive query per batch, and cached with
 * the result, so it is read again only when the codes change or a code no scheme has turns up.
 */
async function loadAncestors(tx: ProjectionTransaction, codes: string[]): Promise<Map<string, string[]>> {
  if (codes.length === 0) return new Map();
  const rows: Array<{ code: string; parent: string | null }> = await tx.query(
    'SELECT code, parent FROM transparency_classifier_codes ORDER BY code, scheme',
  );
  const parentOf = new Map<string, string | null>();
  for (const row of rows) if (!parentOf.has(row.code)) parentOf.set(row.code, row.parent);
  return new Map(
    [...new Set([...parentOf.keys(), ...codes])].map((code) => {
      const ancestors: string[] = [];
      for (
        let parent = parentOf.get(code) ?? null;
        parent !== null && ancestors.length < 32;
        parent = parentOf.get(parent) ?? null
      )
        ancestors.unshift(parent);
      return [code, ancestors];
    }),
  );
}

/** The parents of a classifier version's codes (any scheme), to give tender items their ancestors. */
async function saveCodes(tx: ProjectionTransaction, events: RecordedEvent[]): Promise<void> {
  const codes = events
    .filter((event) => isEventOf<ClassifierCodesAdded>(event, 'ClassifierCodesAdded'))
    .flatMap(({ data: { scheme, codes: entries } }) =>
      entries.map((entry) => ({ code: entry.code, scheme, parent: entry.parent })),
    );
  const unique = [...new Map(codes.map((c) => [`${c.code} ${c.scheme}`, c])).values()];
  await insertUnnested(tx, 'transparency_classifier_codes', unique, {
    onConflict: 'ON CONFLICT (code, scheme) DO UPDATE SET parent = EXCLUDED.parent',
  });
}
