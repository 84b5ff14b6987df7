import { searchText } from '@licita/shared';
import { historicalPartyIds } from './historical-record';
import { activeAwards, apportion, CALL_CONTENT_FIELDS, type TenderRecord } from './tender-record';

/** The fields of a record that describe the call: they change only when it is drafted or amended. */
export const CALL_FIELDS = [
  'tenderId',
  ...CALL_CONTENT_FIELDS,
  'value',
  'lots',
  'directAward',
  'invitedSuppliers',
  'classifierCodes',
  'createdAt',
] as const satisfies ReadonlyArray<keyof TenderRecord>;

const CALL = new Set<string>(CALL_FIELDS);

/** Whether the call changed between two versions of a record (the fold replaces only what changes). */
export const callChanged = (before: TenderRecord | null, after: TenderRecord): boolean =>
  before === null || CALL_FIELDS.some((field) => before[field] !== after[field]);

/** The record stored in two parts: `content` (the call) and `record` (the rest). */
export const splitRecord = (record: TenderRecord) => {
  const [content, rest]: Array<Record<string, unknown>> = [{}, {}];
  for (const [field, value] of Object.entries(record)) (CALL.has(field) ? content : rest)[field] = value;
  return { content, rest };
};

export const joinRecord = (content: object, rest: object): TenderRecord => ({ ...content, ...rest }) as TenderRecord;

/**
 * The `transparency_tenders` row of a record: the columns lists filter and sort on, the record, and the call
 * when it changed (`null` keeps the stored one).
 */
export function tenderRow(record: TenderRecord, change: { position: bigint; at: string }, withCall: boolean) {
  const { content, rest } = splitRecord(record);
  return {
    tender_id: record.tenderId,
    is_public: record.isPublic,
    change_seq: change.position.toString(),
    changed_at: change.at,
    status: record.status,
    procedure_type: record.procedureType,
    category: record.category,
    buying_unit_id: record.buyingUnitId,
    title: record.title,
    currency: record.currency,
    estimated_amount: record.value.amount,
    awarded_amount: activeAwards(record).reduce((sum, award) => sum + award.value.amount, 0),
    published_at: record.publishedAt,
    submission_deadline: record.schedule?.submissionDeadline ?? null,
    proposals_count: record.proposalsReceived,
    bidders_count: record.opening?.bidders ?? null,
    classifier_codes: record.classifierCodes,
    red_flags: record.redFlags.map((flag) => flag.code),
    features: tenderFeatures(record),
    search_text: searchText(record.title, record.description, record.number),
    number: record.number ? record.number.toUpperCase() : null,
    supplier_ids: publicSuppliers(record),
    origin: record.origin ? 'imported' : 'platform',
    historical_party_ids: historicalPartyIds(record),
    content: withCall ? content : null,
    record: rest,
  };
}

/** What a search by feature finds the procedure by (`TENDER_FEATURES`). */
export function tenderFeatures(record: TenderRecord): string[] {
  const consolidated = record.consolidation !== undefined || record.contracts.some((c) => c.consolidatedPurchase);
  const multiYear = record.contracts.some((c) => c.multiYear !== undefined);
  return [...(consolidated ? ['consolidated_purchase'] : []), ...(multiYear ? ['multi_year'] : [])];
}

/**
 * The suppliers a search by supplier finds the procedure by: the direct award's supplier, every awarded and
 * contracted supplier, and the bidders once the opening act revealed them. Sealed bidders never enter the record.
 */
export function publicSuppliers(record: TenderRecord): string[] {
  const ids = new Set<string>();
  if (record.directAward?.supplier) ids.add(record.directAward.supplier.id);
  for (const award of record.awards) ids.add(award.supplier.id);
  for (const contract of record.contracts) ids.add(contract.supplier.id);
  for (const id of record.opening?.supplierIds ?? []) ids.add(id);
  return [...ids].sort();
}

/** The rows derived from public records for SQL aggregates: awards, contracts, auctions and items. */
export function recordRows(records: TenderRecord[]) {
  return {
    awards: records.flatMap(awardRows),
    contracts: records.flatMap((record) =>
      // An imported contract the source dated nowhere stays out of the dated aggregates (historical-record.ts).
      record.contracts
        .filter((contract) => contract.signedAt)
        .map((contract) => ({
          contract_id: contract.contractId,
          tender_id: record.tenderId,
          lot_id: contract.lotId,
          supplier_id: contract.supplier.id,
          buying_unit_id: record.buyingUnitId,
          procedure_type: record.procedureType,
          direct_award: contract.directAward,
          status: contract.status,
          currency: contract.value.currency,
          original_amount: contract.originalValue.amount,
          amount: contract.value.amount,
          signed_at: contract.signedAt,
          start_date: contract.startDate,
          end_date: contract.endDate,
        })),
    ),
    auctions: records.flatMap((record) =>
      record.auctions.map((auction) => ({
        auction_id: auction.auctionId,
        tender_id: record.tenderId,
        lot_id: auction.lotId,
        buying_unit_id: record.buyingUnitId,
        currency: record.currency,
        closed_at: auction.closedAt,
        best_opening_price: auction.bestOpeningPrice?.amount ?? null,
        final_price: auction.finalPrice?.amount ?? null,
        savings_amount: auction.savings?.amount.amount ?? null,
        savings_basis_points: auction.savings?.basisPoints ?? null,
      })),
    ),
    items: records.flatMap(itemRows),
  };
}

/** One row per (lot, supplier): a lot revised back to an earlier winner keeps that winner's latest award. */
function awardRows(record: TenderRecord) {
  const rows = new Map<string, ReturnType<typeof awardRow>>();
  for (const award of record.awards)
    if (award.awardedAt) rows.set(`${award.lotId} ${award.supplier.id}`, awardRow(record, award));
  return [...rows.values()];
}

function awardRow(record: TenderRecord, award: TenderRecord['awards'][number]) {
  return {
    tender_id: record.tenderId,
    lot_id: award.lotId,
    supplier_id: award.supplier.id,
    buying_unit_id: record.buyingUnitId,
    procedure_type: record.procedureType,
    basis: award.basis,
    status: award.status,
    currency: award.value.currency,
    amount: award.value.amount,
    awarded_at: award.awardedAt,
  };
}

/** Each item with its estimated value and its share of the lot's standing award (by estimated value). */
function itemRows(record: TenderRecord) {
  const awarded = new Map(activeAwards(record).map((award) => [award.lotId, award.value.amount]));
  return record.lots.flatMap((lot) => {
    const shares = apportion(
      awarded.get(lot.lotId) ?? 0,
      lot.items.map((item) => item.estimatedValue.amount),
    );
    return lot.items.map((item, i) => ({
      tender_id: record.tenderId,
      lot_id: lot.lotId,
      item_id: item.itemId,
      code: item.classifierCode,
      division: item.division,
      currency: record.currency,
      estimated_amount: item.estimatedValue.amount,
      awarded_amount: shares[i],
    }));
  });
}
