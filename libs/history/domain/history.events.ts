import type { JsonValue } from '@licita/event-store';
import type { Money } from '@licita/shared';

/**
 * Records of procedures the platform did not witness, imported from the files other systems published
 * (CompraNet "Contratos" exports, OCDS packages). They are events of their own kind, never `TenderPublished`
 * and the like: the platform records that it *read* them, at the import's time (`metadata.occurredAt`, the
 * recording time), while the dates in `data` are the *business* time the source states (`null` when unknown).
 *
 * Streams: one per historical procedure, `historical-procedure-<procedureId>`, and one per party the import
 * met, `historical-party-<partyId>`. Ids are UUID v5 of the source kind and the record's key, so importing the
 * same record twice finds the same stream and the same event id (a no-op).
 */
export const historicalProcedureStream = (procedureId: string) => `historical-procedure-${procedureId}`;
export const historicalPartyStream = (partyId: string) => `historical-party-${partyId}`;

export type HistoricalSourceKind = 'compranet' | 'ocds';
export const HISTORICAL_SOURCE_KINDS: readonly HistoricalSourceKind[] = ['compranet', 'ocds'];

/** Where one record came from: enough to find the original again and to show it beside what Licita made of it. */
export type HistoricalSource = {
  kind: HistoricalSourceKind;
  /** The import run that read it (`import-<uuid>`). */
  importId: string;
  /** The file's name as given and the lowercase hex SHA-256 of its bytes. */
  fileName: string;
  fileSha256: string;
  /** The record's stable key in its source: CompraNet `CODIGO_CONTRATO` (+ row when duplicated), the OCDS ocid (`<ocid>/contracts/<id>` for a contract). */
  rowKey: string;
  /** Where in the file: the 1-based data row of a CSV (`"17"`) or a JSON pointer into a package (`"/releases/3"`). */
  row: string;
  /** The original values as read: the CSV's cells by header, or the OCDS object as published. */
  original: { [key: string]: JsonValue };
};

/** The procedure types of Mexican law, as `@licita/tendering` names them. */
export type HistoricalProcedureType = 'public_national' | 'public_international' | 'invitation' | 'direct_award';
export type HistoricalCategory = 'goods' | 'services' | 'works' | 'leasing';
/** LAASSP: acquisitions, leasing and services; LOPSRM: public works and related services. */
export type HistoricalLaw = 'LAASSP' | 'LOPSRM';

/**
 * The level of government that bought and whether the money was federal, as CompraNet states them: GOBIERNO
 * `APF` (federal public administration), `GE` (a state government), `GM` (a municipality); APORTACION_FEDERAL
 * (a state's or municipality's federal contribution). `null` where the source is blank or unreadable.
 */
export type HistoricalGovernment = {
  level: 'federal' | 'state' | 'municipal' | null;
  federalFunds: boolean | null;
};

/** A buyer or supplier as the source names it, with what the import matched it to. */
export type HistoricalPartyRef = {
  partyId: string;
  name: string;
  /** The register's id (`buyingUnitId` / `supplierId`) when the import matched one; `null` otherwise. */
  registeredId: string | null;
};

export type HistoricalProcedureImported = {
  type: 'HistoricalProcedureImported';
  data: {
    procedureId: string;
    source: HistoricalSource;
    /** The procedure number as published; `null` when the source left it blank. */
    number: string | null;
    /** The OCDS `ocid` when the source had one; otherwise Licita's prefix and the procedure id. */
    ocid: string | null;
    title: string;
    description: string | null;
    buyer: HistoricalPartyRef & { code: string | null };
    procedureType: HistoricalProcedureType;
    /** The source's own wording of the type (`"Adjudicación Directa Federal"`), kept for the record. */
    procedureTypeOriginal: string;
    category: HistoricalCategory | null;
    law: HistoricalLaw | null;
    /** CompraNet's GOBIERNO and APORTACION_FEDERAL; absent for OCDS and for records imported before it was read. */
    government?: HistoricalGovernment;
    /** Business time (ISO 8601 UTC), as the source states it. */
    publishedAt: string | null;
    openingAt: string | null;
    awardedAt: string | null;
    /** What the import had to repair or interpret in this record (for the report and the public page). */
    repairs: string[];
  };
};

export type HistoricalContractImported = {
  type: 'HistoricalContractImported';
  data: {
    procedureId: string;
    contractId: string;
    source: HistoricalSource;
    /** The contract's code in the source (CompraNet `CODIGO_CONTRATO`); `null` when absent. */
    code: string | null;
    title: string;
    supplier: HistoricalPartyRef & { rfc: string | null };
    /** Integer minor units; 0 is a real value (open-ended and minimum/maximum contracts). */
    value: Money;
    /** Business time (ISO 8601 UTC) as the source states it. */
    signedAt: string | null;
    startDate: string | null;
    endDate: string | null;
    /** The source's status wording (`Activo`, `Expirado`, `Terminado`…). */
    status: string | null;
    repairs: string[];
    /** CompraNet `COMPRA_CONSOLIDADA` = 1: the contract comes from a consolidated purchase. Absent otherwise. */
    consolidatedPurchase?: true;
    /**
     * CompraNet `PLURIANUAL` = 1: a multi-year contract, with SHCP's portfolio key (`CLAVE_CARTERA_SHCP`) when the
     * row gives one. The export has no amounts per fiscal year. Absent otherwise.
     */
    multiYear?: { portfolioKey: string | null };
  };
};

/** A buying unit or supplier met in an import: matched to the register or new, awaiting a registrar's review. */
export type HistoricalPartyRecorded = {
  type: 'HistoricalPartyRecorded';
  data: {
    partyId: string;
    role: 'buyer' | 'supplier';
    name: string;
    /** Unit key (CompraNet `CLAVEUC`) for buyers; `null` when absent. */
    code: string | null;
    rfc: string | null;
    registeredId: string | null;
    matchedBy: 'code' | 'rfc' | 'name' | null;
    importId: string;
  };
};

/** A registrar confirmed the match, linked the party to a register entry, or confirmed it is not in the register. */
export type HistoricalPartyReviewed = {
  type: 'HistoricalPartyReviewed';
  data: {
    partyId: string;
    decision: 'confirmed' | 'linked' | 'unregistered';
    registeredId: string | null;
    reviewedAt: string;
  };
};

export type HistoricalEvent =
  HistoricalProcedureImported | HistoricalContractImported | HistoricalPartyRecorded | HistoricalPartyReviewed;

export const HISTORICAL_EVENT_TYPES: ReadonlyArray<HistoricalEvent['type']> = [
  'HistoricalProcedureImported',
  'HistoricalContractImported',
  'HistoricalPartyRecorded',
  'HistoricalPartyReviewed',
];
