import { Inject } from '@nestjs/common';
import { AUCTION_EVENT_TYPES } from '@licita/auctions';
import { isEventOf, type EventFilter, type RecordedEvent } from '@licita/event-store';
import { LICITA_CONFIG, type LicitaConfig } from '@licita/platform';
import {
  CarriedRows,
  copyRows,
  ProjectionProvider,
  type BatchContext,
  type Projection,
  type ProjectionTransaction,
} from '@licita/projections';
import { CONTRACT_EVENT_TYPES, TENDER_EVENT_TYPES, type TenderContent } from '@licita/tendering';
import {
  applyPartyEvent,
  buyingUnitPartyId,
  PARTY_EVENT_TYPES,
  partyIdOf,
  renderParty,
  supplierPartyId,
  type PartyEvent,
  type PartyRecord,
} from './ocds-parties';
import { supplierIdsOf, type OcdsSourceEvent } from './ocds-process';
import { newPublishedProcess, publish, type PublishedProcess } from './ocds-publishing';
import { renderRelease, type ReleaseMeta } from './ocds-release';
import {
  HISTORICAL_OCDS_TYPES,
  historicalContract,
  historicalProcedure,
  renderHistoricalRelease,
  type HistoricalProcess,
} from './ocds-historical';
import type { HistoricalContractImported, HistoricalProcedureImported } from '@licita/history';
import type { PlanLineLinked, PlanLineRevised } from '@licita/planning';
import {
  linkedLine,
  plannedLineKey,
  PLANNING_OCDS_TYPES,
  renderPlanningRelease,
  revisedLine,
  type PlannedLine,
} from './ocds-planning';
import type { QuotationEvent } from '@licita/quotations';
import {
  QUOTATION_OCDS_TYPES,
  QUOTATION_RELEASE_TAGS,
  quotationProcess,
  quotationProcessId,
  renderQuotationRelease,
  type QuotationProcess,
} from './ocds-quotations';
import { FRAMEWORK_OCDS_TYPES, frameworkReleases } from './ocds-frameworks';
import { IMPLEMENTATION_OCDS_TYPES } from './ocds-implementation';

const AUCTION_TYPES = AUCTION_EVENT_TYPES.filter(
  (type): type is 'AuctionScheduled' | 'AuctionClosed' => type === 'AuctionScheduled' || type === 'AuctionClosed',
);
const SOURCE_TYPES: ReadonlyArray<OcdsSourceEvent['type']> = [
  ...TENDER_EVENT_TYPES,
  ...CONTRACT_EVENT_TYPES,
  ...AUCTION_TYPES,
  ...IMPLEMENTATION_OCDS_TYPES,
];
const PROCESS_TYPES = new Set<string>(SOURCE_TYPES);
const PARTY_TYPES = new Set<string>(PARTY_EVENT_TYPES);
const HISTORICAL_TYPES = new Set<string>(HISTORICAL_OCDS_TYPES);
const PLANNING_TYPES = new Set<string>(PLANNING_OCDS_TYPES);
const QUOTATION_TYPES = new Set<string>(QUOTATION_OCDS_TYPES);
const FRAMEWORK_TYPES = new Set<string>(FRAMEWORK_OCDS_TYPES);

const isPartyEvent = (event: RecordedEvent): event is RecordedEvent & PartyEvent =>
  isEventOf<PartyEvent>(event, ...PARTY_EVENT_TYPES);
const isSourceEvent = (event: RecordedEvent): event is RecordedEvent & OcdsSourceEvent =>
  isEventOf<OcdsSourceEvent>(event, ...SOURCE_TYPES);

type ReleaseRow = {
  release_id: string;
  ocid: string;
  tender_id: string;
  position: string;
  date: string;
  tags: string[];
  release: unknown;
};

/**
 * The OCDS releases (`ocds_releases`), from the tenders, their contracts and auctions, and the register's
 * suppliers and buying units. Per batch: load the processes and parties it touches, apply the events in order
 * (ocds-publishing.ts decides which release each one writes, rendered with the parties as they are at that
 * event), then write everything back in one statement per table. `position` (the global position of a
 * release's last event) orders the public feed.
 *
 * The ocid prefix comes from LICITA_OCID_PREFIX: after changing it, rebuild (`npm run projections:rebuild -- ocds`).
 */
@ProjectionProvider()
export class OcdsReleasesProjection implements Projection {
  readonly name = 'ocds';
  /**
   * 2: the tender's OCDS status comes from the process's public status (stored since the status column);
   * 3: imported history (ocds-historical.ts); 4: the legal rule of the submission period in
   * `tender.submissionMethodDetails` and a practice tender's `accelerator=<factor>` in `procurementMethodDetails`;
   * 5: the annual plans' `planning` releases (ocds-planning.ts), written for the plans already in the log;
   * 6: framework agreements and their orders (ocds-frameworks.ts); 7: quick quotations and mini-competitions
   * (ocds-quotations.ts); 8: contracts' `implementation` (deliveries, payments; ocds-implementation.ts), written
   * for the executions already in the log; 9: consolidated purchases (participating units as buyers, each unit's
   * contract) and multi-year contracts (a `financing` milestone per fiscal year).
   */
  readonly version = 9;
  readonly filter: EventFilter = {
    eventTypePrefixes: [
      ...PROCESS_TYPES,
      ...PARTY_TYPES,
      ...HISTORICAL_TYPES,
      ...PLANNING_TYPES,
      ...FRAMEWORK_TYPES,
      ...QUOTATION_TYPES,
    ],
    streamPrefixes: [
      'tender-',
      'contract-',
      'auction-',
      'supplier-',
      'buying-unit-',
      'historical-procedure-',
      'plan-',
      'framework-agreement-',
      'rfq-',
    ],
  };

  /**
   * The tenders' processes as the last batches wrote them: a tender's events span several batches, and reading its
   * state back (a large JSON document) cost a rebuild as much as writing it.
   */
  private readonly carried = new CarriedRows<PublishedProcess>();

  constructor(@Inject(LICITA_CONFIG) private readonly config: Pick<LicitaConfig, 'ocidPrefix'>) {}

  async handle(events: RecordedEvent[], tx: ProjectionTransaction, context?: BatchContext): Promise<void> {
    const carried = this.carried.rowsFor(context);
    const relevant = events.filter((event) => PROCESS_TYPES.has(event.type) || PARTY_TYPES.has(event.type));
    const written = await this.handlePlatform(events, relevant, carried, tx);
    const frameworks = events.filter((event) => FRAMEWORK_TYPES.has(event.type));
    await this.writeReleases(await frameworkReleases(frameworks, tx, this.config.ocidPrefix), tx);
    this.carried.keep(context, written);
  }

  /** Returns the tenders' processes it wrote. */
  private async handlePlatform(
    events: RecordedEvent[],
    relevant: RecordedEvent[],
    carried: ReadonlyMap<string, PublishedProcess>,
    tx: ProjectionTransaction,
  ): Promise<Map<string, PublishedProcess>> {
    await this.handleHistory(
      events.filter((event) => HISTORICAL_TYPES.has(event.type)),
      tx,
    );
    const written = relevant.length > 0 ? await this.handleProcesses(relevant, carried, tx) : new Map();
    // After the batch's parties: a plan's releases name its unit as the register knows it then.
    await this.handlePlanning(
      events.filter((event) => PLANNING_TYPES.has(event.type)),
      tx,
    );
    await this.handleQuotations(
      events.filter((event) => QUOTATION_TYPES.has(event.type)),
      tx,
    );
    return written;
  }

  private async handleProcesses(
    relevant: RecordedEvent[],
    carried: ReadonlyMap<string, PublishedProcess>,
    tx: ProjectionTransaction,
  ): Promise<Map<string, PublishedProcess>> {
    const contractTenders = await this.contractTenders(relevant, tx);
    const tenderOf = (event: RecordedEvent): string | undefined => {
      const data = event.data as { tenderId?: string; contractId?: string };
      return data.tenderId ?? contractTenders.get(data.contractId as string);
    };
    const processes = await this.processes(
      relevant.filter((event) => PROCESS_TYPES.has(event.type)).map(tenderOf),
      carried,
      tx,
    );
    const parties = await this.parties(relevant, [...processes.values()], tx);

    // A release is rendered once per batch, from the last state of its process, with the parties as they are then:
    // the pending ones are rendered before a party changes, and at the end.
    const releases = new Map<string, ReleaseRow>();
    const pending = new Map<
      string,
      { row: Omit<ReleaseRow, 'release'>; process: PublishedProcess['process']; meta: ReleaseMeta }
    >();
    const lookup = (partyId: string) => {
      const record = parties.get(partyId);
      return record && renderParty(partyId, record);
    };
    const renderPending = () => {
      for (const [releaseId, { row, process, meta }] of pending)
        releases.set(releaseId, { ...row, release: renderRelease(process, meta, lookup) });
      pending.clear();
    };
    const changedProcesses = new Set<string>();
    const changedParties = new Set<string>();
    for (const event of relevant) {
      if (isPartyEvent(event)) {
        const partyId = partyIdOf(event);
        const record = applyPartyEvent(parties.get(partyId), event);
        if (record) {
          renderPending();
          parties.set(partyId, record);
          changedParties.add(partyId);
        }
        continue;
      }
      if (!isSourceEvent(event)) continue;
      const tenderId = tenderOf(event);
      if (tenderId === undefined) continue; // a contract or auction of no tender this projection knows
      const current = processes.get(tenderId) ?? newPublishedProcess(this.config.ocidPrefix, tenderId);
      if (current.process.content === null && event.type !== 'TenderCreated') continue;
      const { state, release } = publish(current, event);
      processes.set(tenderId, state);
      changedProcesses.add(tenderId);
      if (!release) continue;
      const row = {
        release_id: release.id,
        ocid: release.ocid,
        tender_id: tenderId,
        position: String(event.globalPosition),
        date: release.date,
        tags: release.tags,
      };
      pending.delete(release.id); // keeps the map in the order releases were last touched
      pending.set(release.id, { row, process: state.process, meta: release });
    }
    renderPending();

    await this.writeContracts(relevant, tx);
    await this.writeParties(
      [...changedParties].map((partyId) => ({ party_id: partyId, record: parties.get(partyId) })),
      tx,
    );
    const written = new Map([...changedProcesses].map((id) => [id, processes.get(id) as PublishedProcess]));
    await this.writeProcesses(
      [...written].map(([tenderId, state]) => ({ tender_id: tenderId, ...state })),
      tx,
    );
    await this.writeReleases([...releases.values()], tx);
    return written;
  }

  /**
   * Quick quotations and mini-competitions: one release per event of `QUOTATION_OCDS_TYPES` (ocds-quotations.ts),
   * the process kept in `ocds_processes` under `rfq-<id>`; parties named as the register's records say (after this
   * batch's party events, written above).
   */
  private async handleQuotations(events: RecordedEvent[], tx: ProjectionTransaction): Promise<void> {
    if (events.length === 0) return;
    const ids = [...new Set(events.map((event) => quotationProcessId(event.data.rfqId as string)))];
    const processes = await storedProcesses<QuotationProcess>(tx, ids);
    const partyIds = new Set<string>();
    for (const event of events) {
      partyIds.add(buyingUnitPartyId((event.data as { buyingUnitId?: string }).buyingUnitId ?? ''));
      for (const q of (event.data as { quotations?: Array<{ supplierId: string }> }).quotations ?? [])
        partyIds.add(supplierPartyId(q.supplierId));
      if (event.type === 'PurchaseOrderIssued') partyIds.add(supplierPartyId(event.data.supplierId as string));
    }
    for (const process of processes.values()) {
      partyIds.add(buyingUnitPartyId(process.request.buyingUnitId));
      for (const q of process.quotations) partyIds.add(supplierPartyId(q.supplierId));
    }
    const partyRows: Array<{ party_id: string; record: PartyRecord }> = await tx.query(
      'SELECT party_id, record FROM ocds_parties WHERE party_id = ANY ($1::text[])',
      [[...partyIds]],
    );
    const records = new Map(partyRows.map((row) => [row.party_id, row.record]));
    const lookup = (partyId: string) => {
      const record = records.get(partyId);
      return record && renderParty(partyId, record);
    };
    const changed = new Set<string>();
    const releases: ReleaseRow[] = [];
    for (const event of events) {
      const id = quotationProcessId(event.data.rfqId as string);
      const next = quotationProcess(processes.get(id), this.config.ocidPrefix, {
        type: event.type,
        data: event.data,
      } as unknown as QuotationEvent);
      if (!next) continue;
      const process = { ...next, releaseCount: next.releaseCount + 1 };
      processes.set(id, process);
      changed.add(id);
      const tag = QUOTATION_RELEASE_TAGS[event.type as keyof typeof QUOTATION_RELEASE_TAGS];
      const release = renderQuotationRelease(process, event.metadata.occurredAt, tag, lookup);
      releases.push({
        release_id: release.id,
        ocid: process.ocid,
        tender_id: id,
        position: String(event.globalPosition),
        date: release.date,
        tags: release.tag,
        release,
      });
    }
    await storeProcesses(
      tx,
      [...changed].map((id) => {
        const state = processes.get(id) as QuotationProcess;
        return { tender_id: id, ocid: state.ocid, state };
      }),
    );
    await this.writeReleases(releases, tx);
  }

  /** Imported history: one release per historical event, its process kept in `ocds_processes` under the procedure id. */
  private async handleHistory(events: RecordedEvent[], tx: ProjectionTransaction): Promise<void> {
    if (events.length === 0) return;
    const ids = [...new Set(events.map((event) => event.data.procedureId as string))];
    const processes = await storedProcesses<HistoricalProcess>(tx, ids);
    const changed = new Set<string>();
    const releases: ReleaseRow[] = [];
    for (const event of events) {
      const at = event.metadata.occurredAt;
      let process: HistoricalProcess;
      let release;
      if (isEventOf<HistoricalProcedureImported>(event, 'HistoricalProcedureImported')) {
        process = historicalProcedure(processes.get(event.data.procedureId), this.config.ocidPrefix, event.data, at);
        release = renderHistoricalRelease(process, { kind: 'procedure' });
      } else if (isEventOf<HistoricalContractImported>(event, 'HistoricalContractImported')) {
        const current = processes.get(event.data.procedureId);
        if (!current) continue; // a contract before its procedure: the runner appends the procedure first
        process = historicalContract(current, event.data, at);
        release = renderHistoricalRelease(process, { kind: 'contract', contractId: event.data.contractId });
      } else continue;
      process = { ...process, releaseCount: process.releaseCount + 1 };
      processes.set(process.procedureId, process);
      changed.add(process.procedureId);
      releases.push({
        release_id: release.id,
        ocid: process.ocid,
        tender_id: process.procedureId,
        position: String(event.globalPosition),
        date: release.date,
        tags: release.tag,
        release,
      });
    }
    await storeProcesses(
      tx,
      [...changed].map((id) => {
        const state = processes.get(id) as HistoricalProcess;
        return { tender_id: id, ocid: state.ocid, state };
      }),
    );
    await this.writeReleases(releases, tx);
  }

  /** The annual plans: one `planning` release per line event (ocds-planning.ts), the line kept under its key. */
  private async handlePlanning(events: RecordedEvent[], tx: ProjectionTransaction): Promise<void> {
    if (events.length === 0) return;
    const keyOf = (event: RecordedEvent) => {
      const { buyingUnitId, fiscalYear, lineId } = event.data as PlanLineLinked['data'];
      return plannedLineKey(buyingUnitId, fiscalYear, lineId);
    };
    const lines = await storedProcesses<PlannedLine>(tx, [...new Set(events.map(keyOf))]);
    const units: Array<{ party_id: string; record: PartyRecord }> = await tx.query(
      'SELECT party_id, record FROM ocds_parties WHERE party_id = ANY ($1::text[])',
      [[...new Set(events.map((event) => buyingUnitPartyId(event.data.buyingUnitId as string)))]],
    );
    const unitOf = (buyingUnitId: string) =>
      units.find((row) => row.party_id === buyingUnitPartyId(buyingUnitId))?.record;
    const releases: ReleaseRow[] = [];
    for (const event of events) {
      const current = lines.get(keyOf(event));
      let planned: PlannedLine | undefined;
      if (isEventOf<PlanLineRevised>(event, 'PlanLineRevised'))
        planned = revisedLine(current, event.data, this.config.ocidPrefix);
      else if (isEventOf<PlanLineLinked>(event, 'PlanLineLinked')) planned = current && linkedLine(current, event.data);
      if (!planned) continue;
      const { line, release } = renderPlanningRelease(
        planned,
        event.metadata.occurredAt,
        this.config.ocidPrefix,
        unitOf(planned.buyingUnitId),
      );
      lines.set(keyOf(event), line);
      releases.push({
        release_id: release.id,
        ocid: release.ocid,
        tender_id: line.tenderId ?? keyOf(event),
        position: String(event.globalPosition),
        date: release.date,
        tags: release.tag,
        release,
      });
    }
    await storeProcesses(
      tx,
      [...new Set(events.map(keyOf))]
        .filter((key) => lines.has(key))
        .map((key) => {
          const line = lines.get(key) as PlannedLine;
          return { tender_id: key, ocid: line.ownOcid, state: line };
        }),
    );
    await this.writeReleases(releases, tx);
  }

  async reset(tx: ProjectionTransaction): Promise<void> {
    await tx.query('TRUNCATE ocds_releases, ocds_processes, ocds_parties, ocds_contracts');
  }

  /** The tender of each contract the batch names: from `ContractSigned` in the batch, else from the table. */
  private async contractTenders(events: RecordedEvent[], tx: ProjectionTransaction): Promise<Map<string, string>> {
    const known = new Map<string, string>();
    for (const event of events)
      if (event.type === 'ContractSigned') known.set(event.data.contractId as string, event.data.tenderId as string);
    const missing = [
      ...new Set(
        events
          .filter((event) => event.streamId.startsWith('contract-') && !known.has(event.data.contractId as string))
          .map((event) => event.data.contractId as string),
      ),
    ];
    if (missing.length > 0) {
      const rows: Array<{ contract_id: string; tender_id: string }> = await tx.query(
        'SELECT contract_id, tender_id FROM ocds_contracts WHERE contract_id = ANY ($1::text[])',
        [missing],
      );
      for (const row of rows) known.set(row.contract_id, row.tender_id);
    }
    return known;
  }

  /** The stored process of each tender: those the last batches wrote from memory, the others from the table. */
  private async processes(
    tenderIds: Array<string | undefined>,
    carried: ReadonlyMap<string, PublishedProcess>,
    tx: ProjectionTransaction,
  ): Promise<Map<string, PublishedProcess>> {
    const ids = [...new Set(tenderIds.filter((id): id is string => id !== undefined))];
    const found = new Map<string, PublishedProcess>();
    const missing: string[] = [];
    for (const id of ids) {
      const known = carried.get(id);
      if (known) found.set(id, known);
      else missing.push(id);
    }
    if (missing.length > 0)
      for (const [id, state] of await storedProcesses<PublishedProcess>(tx, missing)) found.set(id, state);
    return found;
  }

  /** The parties the batch changes, and every party its releases may name (the processes' so far, and those its events bring in). */
  private async parties(
    events: RecordedEvent[],
    processes: PublishedProcess[],
    tx: ProjectionTransaction,
  ): Promise<Map<string, PartyRecord>> {
    const ids = new Set<string>();
    for (const { process } of processes) {
      if (process.content) ids.add(buyingUnitPartyId(process.content.buyingUnitId));
      // A consolidated purchase's participating units are parties (buyers) of the process too.
      for (const participant of process.content?.consolidation?.participants ?? [])
        ids.add(buyingUnitPartyId(participant.buyingUnitId));
      for (const supplierId of supplierIdsOf(process)) ids.add(supplierPartyId(supplierId));
    }
    for (const event of events) {
      if (isPartyEvent(event)) ids.add(partyIdOf(event)); // a change applies to what is stored
      for (const partyId of partiesNamedBy(event)) ids.add(partyId);
    }
    const rows: Array<{ party_id: string; record: PartyRecord }> = await tx.query(
      'SELECT party_id, record FROM ocds_parties WHERE party_id = ANY ($1::text[])',
      [[...ids]],
    );
    return new Map(rows.map((row) => [row.party_id, row.record]));
  }

  private async writeContracts(events: RecordedEvent[], tx: ProjectionTransaction): Promise<void> {
    const rows = events
      .filter((event) => event.type === 'ContractSigned')
      .map((event) => ({ contract_id: event.data.contractId, tender_id: event.data.tenderId }));
    if (rows.length === 0) return;
    await tx.query(
      `INSERT INTO ocds_contracts (contract_id, tender_id)
       SELECT r.contract_id, r.tender_id FROM jsonb_to_recordset($1::jsonb) AS r(contract_id text, tender_id text)
       ON CONFLICT (contract_id) DO NOTHING`,
      [JSON.stringify(rows)],
    );
  }

  private async writeParties(
    rows: Array<{ party_id: string; record: PartyRecord | undefined }>,
    tx: ProjectionTransaction,
  ): Promise<void> {
    if (rows.length === 0) return;
    await tx.query(
      `INSERT INTO ocds_parties (party_id, record)
       SELECT r.party_id, r.record FROM jsonb_to_recordset($1::jsonb) AS r(party_id text, record jsonb)
       ON CONFLICT (party_id) DO UPDATE SET record = EXCLUDED.record`,
      [JSON.stringify(rows)],
    );
  }

  private async writeProcesses(
    rows: Array<PublishedProcess & { tender_id: string }>,
    tx: ProjectionTransaction,
  ): Promise<void> {
    await storeProcesses(
      tx,
      rows.map(({ tender_id, ...state }) => ({ tender_id, ocid: state.ocid, state })),
    );
  }

  /** `release` is `json` (not `jsonb`): stored and served as written, keys in the order OCDS readers expect. */
  private async writeReleases(rows: ReleaseRow[], tx: ProjectionTransaction): Promise<void> {
    await copyRows(
      tx,
      'ocds_releases',
      {
        release_id: 'text',
        ocid: 'text',
        tender_id: 'text',
        position: 'bigint',
        date: 'timestamptz',
        tags: 'text[]',
        release: 'json',
      },
      rows,
      'ON CONFLICT (release_id) DO UPDATE SET position = EXCLUDED.position, date = EXCLUDED.date, tags = EXCLUDED.tags, release = EXCLUDED.release',
    );
  }
}

/** The parties an event brings into a process (the buying unit of a tender, bidders at the opening, winners). */
function partiesNamedBy(source: RecordedEvent): string[] {
  if (!isSourceEvent(source)) return [];
  switch (source.type) {
    case 'TenderCreated':
      return [buyingUnitPartyId(source.data.content.buyingUnitId)];
    case 'TenderDraftUpdated':
      return source.data.changes.buyingUnitId
        ? [buyingUnitPartyId((source.data.changes as TenderContent).buyingUnitId)]
        : [];
    case 'ProposalsOpened':
      return source.data.proposals.map((proposal) => supplierPartyId(proposal.supplierId));
    case 'LotAwarded':
    case 'AwardRevised':
      return [supplierPartyId(source.data.supplierId)];
    default:
      return [];
  }
}

/** The stored state of each process the batch names (`ocds_processes`, keyed by tender, procedure, rfq or line). */
async function storedProcesses<T>(tx: ProjectionTransaction, ids: string[]): Promise<Map<string, T>> {
  const rows: Array<{ tender_id: string; state: T }> = await tx.query(
    'SELECT tender_id, state FROM ocds_processes WHERE tender_id = ANY ($1::text[])',
    [ids],
  );
  return new Map(rows.map((row) => [row.tender_id, row.state]));
}

/** Writes each process back in one statement. */
async function storeProcesses(
  tx: ProjectionTransaction,
  rows: Array<{ tender_id: string; ocid: string; state: unknown }>,
): Promise<void> {
  await copyRows(
    tx,
    'ocds_processes',
    { tender_id: 'text', ocid: 'text', state: 'json' },
    rows,
    'ON CONFLICT (tender_id) DO UPDATE SET state = EXCLUDED.state',
  );
}
