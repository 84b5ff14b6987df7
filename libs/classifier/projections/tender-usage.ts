import type { RecordedEvent } from '@licita/event-store/event-store.port';
import type { ProjectionTransaction } from '@licita/projections/projection';
import { lineTotal } from '@licita/tendering/domain/tender-content';
import type { TenderEvent } from '@licita/tendering/domain/tender.events';
import type { TenderContent, TenderLot } from '@licita/tendering/domain/tender.types';
import { replaceUsage, USAGE, type Use } from './classifier-usage';

/** The tender events that change how codes are used. */
export const TENDER_USAGE_EVENT_TYPES = [
  'TenderCreated',
  'TenderDraftUpdated',
  'TenderAmended',
  'TenderPublished',
  'LotAwarded',
  'AwardRevised',
  'LotDeserted',
  'TenderCancelled',
] satisfies Array<TenderEvent['type']>;

/** Amounts in the usage columns are MXN centavos; items of tenders in another currency count with amount 0. */
const USAGE_CURRENCY = 'MXN';

type Item = { lotId: string; itemId: string; code: string; amount: number };
type Award = { lotId: string; supplierId: string; amount: number };

/** What the projection keeps per tender (`classifier_tenders`). */
type TenderUsage = { isPublic: boolean; currency: string; items: Item[]; awards: Award[] };

/**
 * Usage from tenders, per code and every ancestor: a public tender (published, or awarded directly) uses its
 * items' codes (`tender`, subject: tender id), each item counts with its estimated value (`item`, subject:
 * `tender/lot/item`), each lot's standing award is shared among its items by estimated value (`award`, same
 * subject) and makes its supplier one awarded for those codes (`supplier_awarded`, subject: supplier id,
 * over all the supplier's standing awards). Drafts count nothing; a revised, annulled or cancelled award
 * stops counting.
 */
export async function applyTenderEvents(events: RecordedEvent[], tx: ProjectionTransaction): Promise<void> {
  const tenderIds = [...new Set(events.map((event) => String(event.data.tenderId)))];
  const rows: Array<{ tender_id: string; is_public: boolean; currency: string; items: Item[]; awards: Award[] }> = await tx.query(
    'SELECT tender_id, is_public, currency, items, awards FROM classifier_tenders WHERE tender_id = ANY ($1::text[])',
    [tenderIds],
  );
  const before = new Map<string, TenderUsage>(rows.map((row) => [row.tender_id, { isPublic: row.is_public, currency: row.currency, items: row.items, awards: row.awards }]));
  const after = new Map(before);
  for (const event of events) {
    const tenderId = String(event.data.tenderId);
    const next = fold(after.get(tenderId) ?? null, { type: event.type, data: event.data } as TenderEvent);
    if (next) after.set(tenderId, next);
  }
  const changed = [...after.keys()];
  await tx.query(
    `INSERT INTO classifier_tenders (tender_id, is_public, currency, items, awards, supplier_ids)
     SELECT r.tender_id, r.is_public, r.currency, r.items, r.awards, ARRAY(SELECT jsonb_array_elements_text(r.supplier_ids))
     FROM jsonb_to_recordset($1::jsonb) AS r (tender_id text, is_public boolean, currency text, items jsonb, awards jsonb, supplier_ids jsonb)
     ON CONFLICT (tender_id) DO UPDATE SET is_public = EXCLUDED.is_public, currency = EXCLUDED.currency, items = EXCLUDED.items,
       awards = EXCLUDED.awards, supplier_ids = EXCLUDED.supplier_ids`,
    [JSON.stringify(changed.map((tenderId) => ({ tender_id: tenderId, ...toRow(after.get(tenderId) as TenderUsage) })))],
  );

  // Only what changed is replaced: an award leaves the tender's and items' uses as they were.
  const kinds = [
    { kind: USAGE.tender, uses: tenderUses },
    { kind: USAGE.item, uses: itemUses },
    { kind: USAGE.award, uses: awardUses },
  ];
  for (const { kind, uses } of kinds) {
    const subjects = new Set<string>();
    const added: Use[] = [];
    for (const tenderId of changed) {
      const [was, is] = [uses(tenderId, before.get(tenderId)), uses(tenderId, after.get(tenderId))];
      if (JSON.stringify(was) === JSON.stringify(is)) continue;
      for (const use of [...was, ...is]) subjects.add(use.subjectId);
      added.push(...is);
    }
    if (subjects.size > 0) await replaceUsage(tx, kind, [...subjects], added);
  }

  const awardsChanged = changed.filter((tenderId) => JSON.stringify(before.get(tenderId)?.awards ?? []) !== JSON.stringify(after.get(tenderId)?.awards ?? []));
  const suppliers = new Set(awardsChanged.flatMap((tenderId) => [before.get(tenderId), after.get(tenderId)].flatMap((usage) => usage?.awards.map((award) => award.supplierId) ?? [])));
  if (suppliers.size > 0) await refreshSuppliersAwarded(tx, [...suppliers]);
}

/** A public tender uses each of its items' codes once. */
function tenderUses(tenderId: string, usage: TenderUsage | undefined): Use[] {
  if (!usage?.isPublic) return [];
  return [...new Set(usage.items.map((item) => item.code))].map((code) => ({ subjectId: tenderId, code }));
}

function itemUses(tenderId: string, usage: TenderUsage | undefined): Use[] {
  if (!usage?.isPublic) return [];
  return usage.items.map((item) => ({ subjectId: subjectOf(tenderId, item), code: item.code, amount: inMxn(usage, item.amount) }));
}

function fold(usage: TenderUsage | null, event: TenderEvent): TenderUsage | null {
  if (event.type === 'TenderCreated') return usage ?? { isPublic: false, currency: event.data.content.currency, items: itemsOf(event.data.content.lots), awards: [] };
  if (usage === null) return null;
  switch (event.type) {
    case 'TenderDraftUpdated':
      return withContent(usage, event.data.changes);
    case 'TenderAmended':
      return withContent(usage, event.data.amended);
    case 'TenderPublished':
      return { ...usage, isPublic: true };
    case 'LotAwarded': {
      const { lotId, supplierId, amount } = event.data;
      return { ...usage, isPublic: true, awards: [...usage.awards.filter((a) => a.lotId !== lotId), { lotId, supplierId, amount: amount.amount }] };
    }
    case 'AwardRevised': {
      const { lotId, supplierId, amount } = event.data;
      return { ...usage, awards: [...usage.awards.filter((a) => a.lotId !== lotId), { lotId, supplierId, amount: amount.amount }] };
    }
    case 'LotDeserted':
      return { ...usage, awards: usage.awards.filter((a) => a.lotId !== event.data.lotId) };
    case 'TenderCancelled':
      return { ...usage, awards: [] };
    default:
      return usage;
  }
}

function withContent(usage: TenderUsage, content: Partial<TenderContent>): TenderUsage {
  return { ...usage, currency: content.currency ?? usage.currency, items: content.lots ? itemsOf(content.lots) : usage.items };
}

const itemsOf = (lots: TenderLot[]): Item[] =>
  lots.flatMap((lot) => lot.items.map((item) => ({ lotId: lot.lotId, itemId: item.itemId, code: item.classifierCode, amount: lineTotal(item.quantity, item.estimatedUnitPrice) })));

const subjectOf = (tenderId: string, item: Pick<Item, 'lotId' | 'itemId'>) => `${tenderId}/${item.lotId}/${item.itemId}`;

const inMxn = (usage: TenderUsage, amount: number) => (usage.currency === USAGE_CURRENCY ? amount : 0);

const toRow = (usage: TenderUsage) => ({
  is_public: usage.isPublic,
  currency: usage.currency,
  items: usage.items,
  awards: usage.awards,
  supplier_ids: [...new Set(usage.awards.map((award) => award.supplierId))],
});

/** Each awarded lot's amount shared among its items by their estimated value. */
function awardUses(tenderId: string, usage: TenderUsage | undefined): Use[] {
  if (!usage?.isPublic) return [];
  return usage.awards.flatMap((award) => {
    const items = usage.items.filter((item) => item.lotId === award.lotId);
    const shares = apportion(inMxn(usage, award.amount), items.map((item) => item.amount));
    return items.map((item, i) => ({ subjectId: subjectOf(tenderId, item), code: item.code, amount: shares[i] }));
  });
}

/** A supplier is "awarded" for the codes of every lot it holds a standing award of, in any public tender. */
async function refreshSuppliersAwarded(tx: ProjectionTransaction, supplierIds: string[]): Promise<void> {
  const rows: Array<{ items: Item[]; awards: Award[] }> = await tx.query(
    'SELECT items, awards FROM classifier_tenders WHERE is_public AND supplier_ids && $1::text[]',
    [supplierIds],
  );
  const wanted = new Set(supplierIds);
  const uses = new Map<string, Use>();
  for (const row of rows) {
    for (const award of row.awards.filter((a) => wanted.has(a.supplierId))) {
      for (const item of row.items.filter((i) => i.lotId === award.lotId)) uses.set(`${award.supplierId} ${item.code}`, { subjectId: award.supplierId, code: item.code });
    }
  }
  await replaceUsage(tx, USAGE.supplierAwarded, supplierIds, [...uses.values()]);
}

/** `total` shared in proportion to `weights`, in integers that add up to it (the remainder to the last weighted share). */
function apportion(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (weights.length === 0) return [];
  if (sum <= 0) return weights.map((_, i) => (i === weights.length - 1 ? total : 0));
  const shares = weights.map((weight) => Number((BigInt(total) * BigInt(weight)) / BigInt(sum)));
  const last = weights.reduce((at, weight, i) => (weight > 0 ? i : at), weights.length - 1);
  shares[last] += total - shares.reduce((a, b) => a + b, 0);
  return shares;
}
