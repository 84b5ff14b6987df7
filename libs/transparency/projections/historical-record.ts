import type { JsonValue } from '@licita/event-store';
import type {
  HistoricalContractImported,
  HistoricalGovernment,
  HistoricalProcedureImported,
  HistoricalSourceKind,
} from '@licita/history';
import type { Money } from '@licita/shared';
import type { AwardRecord, ContractRecord, FoldContext, PartyRef, TenderRecord } from './tender-record';

/**
 * Imported history in the public record. A procedure the platform did not witness (a CompraNet "Contratos" row,
 * an OCDS release) comes as `HistoricalProcedureImported` and `HistoricalContractImported` events; the
 * projection keeps what they say in the record's `origin` and derives the rest of the record from it
 * (`importedRecord`), so a registrar's later review of a party (`HistoricalPartyReviewed`) re-derives every
 * record that names the party.
 *
 * - Status: `contracted` once a contract is recorded, `awarded` before (the sources publish awarded procedures).
 * - Dates are the source's *business* dates. `publishedAt` (date filters, statistics periods) is the
 *   publication date, or for a source without one (a direct award) the award date, then the first contract's
 *   signature. The recording time (the import's `occurredAt`) is `origin.importedAt`, never a business date.
 * - Each contract is an award and a contract of its own supplier, as one "lot" named by the contract id
 *   (the sources record no lots). Award date: the procedure's award date, else the contract's signature, else
 *   its start date; signature date: its own, else the award date, else its start date (CompraNet leaves the
 *   publication, award and signature dates blank on 160 of the 399 rows of the 2013 sample but gives every
 *   contract's start: without it their amounts were missing from the statistics and profiles). A contract with
 *   no date at all stays in the record (the page shows it) but out of the dated aggregates.
 * - The estimated value is the sum of the contracts in the procedure's currency (the sources record no
 *   estimate); the currency is the first contract's (MXN before any). Amounts of 0 are real values.
 * - Parties: the register's id when the import (or a later review) linked one, else the historical party id,
 *   with the name the source gives (the register's name when the register knows it).
 * - Nothing about bids, openings, schedules or amendments: the sources say nothing of them, so the red flags
 *   that read them (single bidder, short period, late amendment, contract change) cannot fire, and the one on
 *   recently registered suppliers is not judged (the register postdates the history).
 */
export type ImportedOrigin = {
  kind: HistoricalSourceKind;
  importId: string;
  fileName: string;
  fileSha256: string;
  row: string;
  rowKey: string;
  /** When Licita recorded the import (recording time). */
  importedAt: string;
  ocid: string | null;
  procedureTypeOriginal: string;
  law: string | null;
  /** The level of government and whether the money was federal, as CompraNet states them (null: not stated). */
  government: HistoricalGovernment | null;
  openingAt: string | null;
  awardedAt: string | null;
  publishedAt: string | null;
  repairs: string[];
  original: { [key: string]: JsonValue };
  buyer: { partyId: string; name: string; code: string | null; registeredId: string | null };
  contracts: ImportedContract[];
};

export type ImportedContract = {
  contractId: string;
  code: string | null;
  title: string;
  row: string;
  fileName: string;
  supplier: { partyId: string; name: string; rfc: string | null; registeredId: string | null };
  value: Money;
  signedAt: string | null;
  startDate: string | null;
  endDate: string | null;
  status: string | null;
  repairs: string[];
  original: { [key: string]: JsonValue };
  /** As the source flags it (CompraNet `COMPRA_CONSOLIDADA`, `PLURIANUAL`); absent when it does not. */
  consolidatedPurchase?: true;
  multiYear?: { portfolioKey: string | null };
};

/**
 * What registrars decided about historical parties: the register id a party was linked to, or `null` when
 * confirmed as not in the register. A party not in the map keeps the link the import made.
 */
export type PartyLinks = ReadonlyMap<string, string | null>;

export const HISTORICAL_PROCEDURE_TYPES = new Set(['HistoricalProcedureImported', 'HistoricalContractImported']);

/** The id a historical party shows under: the register's when linked, else its own. */
export function effectivePartyId(ref: { partyId: string; registeredId: string | null }, links: PartyLinks): string {
  if (links.has(ref.partyId)) return links.get(ref.partyId) ?? ref.partyId;
  return ref.registeredId ?? ref.partyId;
}

/** The historical party ids a record names (buyer and suppliers), to find it again when one is reviewed. */
export const historicalPartyIds = (record: TenderRecord | undefined): string[] | null =>
  record?.origin
    ? [...new Set([record.origin.buyer.partyId, ...record.origin.contracts.map((c) => c.supplier.partyId)])].sort()
    : null;

/** Folds a historical procedure or contract event into the record's origin and derives the record again. */
export function applyHistorical(
  record: TenderRecord | null,
  event: { type: string; data: Record<string, unknown>; occurredAt: string },
  links: PartyLinks,
  context: FoldContext,
): TenderRecord | null {
  if (event.type === 'HistoricalProcedureImported') {
    const data = event.data as HistoricalProcedureImported['data'];
    const origin: ImportedOrigin = {
      kind: data.source.kind,
      importId: data.source.importId,
      fileName: data.source.fileName,
      fileSha256: data.source.fileSha256,
      row: data.source.row,
      rowKey: data.source.rowKey,
      importedAt: event.occurredAt,
      ocid: data.ocid,
      procedureTypeOriginal: data.procedureTypeOriginal,
      law: data.law,
      government: data.government ?? null,
      openingAt: data.openingAt,
      awardedAt: data.awardedAt,
      publishedAt: data.publishedAt,
      repairs: data.repairs,
      original: data.source.original,
      buyer: {
        partyId: data.buyer.partyId,
        name: data.buyer.name,
        code: data.buyer.code,
        registeredId: data.buyer.registeredId,
      },
      // A procedure imported again (same event id is a no-op in the store; another file may restate it) keeps its contracts.
      contracts: record?.origin?.contracts ?? [],
    };
    return importedRecord(data, origin, links, context);
  }
  if (event.type === 'HistoricalContractImported') {
    // A contract before its procedure cannot be shown yet (the runner appends the procedure first).
    if (!record?.origin) return record;
    const data = event.data as HistoricalContractImported['data'];
    const contract: ImportedContract = {
      contractId: data.contractId,
      code: data.code,
      title: data.title,
      row: data.source.row,
      fileName: data.source.fileName,
      supplier: {
        partyId: data.supplier.partyId,
        name: data.supplier.name,
        rfc: data.supplier.rfc,
        registeredId: data.supplier.registeredId,
      },
      value: data.value,
      signedAt: data.signedAt,
      startDate: data.startDate,
      endDate: data.endDate,
      status: data.status,
      repairs: data.repairs,
      original: data.source.original,
      ...(data.consolidatedPurchase ? { consolidatedPurchase: true as const } : {}),
      ...(data.multiYear ? { multiYear: data.multiYear } : {}),
    };
    const contracts = [...record.origin.contracts.filter((c) => c.contractId !== contract.contractId), contract];
    return relinked({ ...record, origin: { ...record.origin, contracts } }, links, context);
  }
  return record;
}

/** The record derived again from its origin, with the parties' links as they are now. */
export function relinked(record: TenderRecord, links: PartyLinks, context: FoldContext): TenderRecord {
  const origin = record.origin as ImportedOrigin;
  return importedRecord(
    {
      procedureId: record.tenderId,
      number: record.number ?? null,
      title: record.title,
      description: record.description || null,
      procedureType: record.procedureType,
      category: record.category,
    },
    origin,
    links,
    context,
  );
}

type ProcedureFacts = Pick<
  HistoricalProcedureImported['data'],
  'procedureId' | 'number' | 'title' | 'description' | 'procedureType' | 'category'
>;

function importedRecord(
  procedure: ProcedureFacts,
  origin: ImportedOrigin,
  links: PartyLinks,
  context: FoldContext,
): TenderRecord {
  const currency = origin.contracts[0]?.value.currency ?? 'MXN';
  const firstSigned = origin.contracts
    .map((c) => c.signedAt)
    .filter((at): at is string => at !== null)
    .sort()[0];
  const publishedAt = origin.publishedAt ?? origin.awardedAt ?? firstSigned ?? null;
  const { awards, contracts } = awardsAndContracts(procedure, origin, links, context);
  return {
    tenderId: procedure.procedureId,
    number: procedure.number,
    isPublic: true,
    status: origin.contracts.length > 0 ? 'contracted' : 'awarded',
    buyingUnitId: effectivePartyId(origin.buyer, links),
    title: procedure.title,
    description: procedure.description ?? '',
    category: procedure.category ?? 'goods',
    procedureType: procedure.procedureType,
    awardCriterion: { type: 'lowest_price' },
    reverseAuction: false,
    currency,
    documents: [],
    periodReduction: null,
    schedule: null,
    value: {
      amount: origin.contracts.filter((c) => c.value.currency === currency).reduce((sum, c) => sum + c.value.amount, 0),
      currency,
    },
    lots: [],
    lotProgress: {},
    directAward: null,
    invitedSuppliers: 0,
    classifierCodes: [],
    createdAt: publishedAt ?? origin.importedAt,
    publishedAt,
    ...NOTHING_WITNESSED,
    awards,
    contracts,
    origin,
  };
}

/** What only a procedure run on the platform has: the sources say nothing of questions, bids or acts. */
const NOTHING_WITNESSED = {
  clarifications: [],
  clarificationMinutes: [],
  amendments: [],
  proposalsReceived: 0,
  sealedProposalIds: [],
  opening: null,
  evaluation: null,
  auctions: [],
  challenges: [],
  cancellation: null,
  closedAt: null,
  redFlags: [],
} satisfies Partial<TenderRecord>;

/** One award and one contract per imported contract, under the supplier's effective id. */
function awardsAndContracts(
  procedure: ProcedureFacts,
  origin: ImportedOrigin,
  links: PartyLinks,
  context: FoldContext,
): { awards: AwardRecord[]; contracts: ContractRecord[] } {
  const supplier = (c: ImportedContract): PartyRef => {
    const id = effectivePartyId(c.supplier, links);
    return { id, name: (id === c.supplier.partyId ? null : context.supplier(id)?.name) ?? c.supplier.name };
  };
  const directAward = procedure.procedureType === 'direct_award';
  const contracts: ContractRecord[] = origin.contracts.map((c) => ({
    contractId: c.contractId,
    lotId: c.contractId,
    supplier: supplier(c),
    originalValue: c.value,
    value: c.value,
    startDate: c.startDate,
    endDate: c.endDate,
    // Unknown in the source: `null` (typed as the platform's always-dated contracts; the rows leave it out).
    signedAt: (c.signedAt ?? origin.awardedAt ?? c.startDate) as string,
    directAward,
    status: contractStatus(c.status),
    amendments: [],
    termination: null,
    closedAt: null,
    ...(c.consolidatedPurchase ? { consolidatedPurchase: true as const } : {}),
    // The source says the contract is multi-year, not how much falls in each year.
    ...(c.multiYear ? { multiYear: { fiscalYears: null, portfolioKey: c.multiYear.portfolioKey } } : {}),
  }));
  const awards: AwardRecord[] = origin.contracts.map((c) => ({
    lotId: c.contractId,
    supplier: supplier(c),
    value: c.value,
    basis: directAward ? 'direct_award' : 'evaluation',
    auctionId: null,
    awardedAt: (origin.awardedAt ?? c.signedAt ?? c.startDate) as string,
    objectionPeriodEndsAt: null,
    status: 'active',
    // Not judged: the register postdates the history (see the module's comment).
    supplierRegisteredAt: null,
  }));
  return { awards, contracts };
}

/** The source's status wording, in the record's three statuses (`active` when it says nothing we know). */
function contractStatus(status: string | null): ContractRecord['status'] {
  const text = (status ?? '').normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  if (/termin|rescind|cancel/.test(text)) return 'terminated';
  if (/expir|conclu|cumpl|complet|cerrad/.test(text)) return 'completed';
  return 'active';
}

/** The recorded import's step of the timeline, in Spanish and English (dated at the recording time). */
export function importStep(origin: ImportedOrigin): { text: string; textEn: string } {
  const source = origin.kind === 'compranet' ? 'CompraNet' : 'OCDS';
  const where = origin.kind === 'compranet' ? `fila ${origin.row}` : origin.row;
  const whereEn = origin.kind === 'compranet' ? `row ${origin.row}` : origin.row;
  return {
    text: `Registro histórico importado de ${source} (${origin.fileName}, ${where}); Licita no presenció este procedimiento.`,
    textEn: `Historical record imported from ${source} (${origin.fileName}, ${whereEn}); Licita did not witness this procedure.`,
  };
}
