import type { RecordedEvent } from '@licita/event-store';
import type { ProjectionTransaction } from '@licita/projections';
import { lineTotal } from '@licita/shared';
import type { TenderEvent } from '@licita/tendering';
import type { TenderContent, TenderLot } from '@licita/tendering';
import type { CodeTree, UsageMoves } from './classifier-usage';

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

type TenderRow = { tender_id: string; is_public: boolean; currency: string; items: Item[]; awards: Award[] };

/**
 * Usage from tenders, on each code and every ancestor: a public tender (published, or awarded directly) counts
 * once on the codes its items reach (`tenders_count`), each item counts with its estimated value
 * (`items_count`, `estimated_amount`), each lot's standing award is shared among its items by estimated value
 * (`awarded_amount`) and its supplier is awarded for the codes they reach (`suppliers_awarded`, through
 * `classifier_supplier_awards`). Drafts count nothing; a revised, annulled or cancelled award stops counting.
 *
 * Per batch: read what the projection keeps of the tenders it touches (`classifier_tenders`), fold the events,
 * move the usage by what each changed tender counted before and counts now, and write those tenders back.
 */
export async function applyTenderEvents(
  events: RecordedEvent[],
  tx: ProjectionTransaction,
  tree: CodeTree,
  moves: UsageMoves,
): Promise<void> {
  if (events.length === 0) return;
  const tenderIds = [...new Set(events.map((event) => event.data.tenderId as string))];
  const rows: TenderRow[] = await tx.query(
    'SELECT tender_id, is_public, currency, items, awards FROM classifier_tenders WHERE tender_id = ANY ($1::text[])',
    [tenderIds],
  );
  const before = new Map(rows.map((row) => [row.tender_id, fromRow(row)]));
  const after = new Map(before);
  for (const event of events) {
    const tenderId = event.data.tenderId as string;
    const next = fold(after.get(tenderId) ?? null, { type: event.type, data: event.data } as TenderEvent);
    if (next) after.set(tenderId, next);
  }
  const changed = [...after].filter(([tenderId, usage]) => before.get(tenderId) !== usage);
  if (changed.length === 0) return;
  await tree.know(
    tx,
    [...before.values(), ...after.values()].flatMap((usage) => usage.items.map((item) => item.code)),
  );
  for (const [tenderId, usage] of changed) {
    const was = before.get(tenderId);
    if (was) moveUsage(was, -1, tree, moves);
    moveUsage(usage, 1, tree, moves);
  }
  await tx.query(
    `INSERT INTO classifier_tenders (tender_id, is_public, currency, items, awards)
     SELECT r.tender_id, r.is_public, r.currency, r.items, r.awards
     FROM jsonb_to_recordset($1::jsonb) AS r (tender_id text, is_public boolean, currency text, items jsonb, awards jsonb)
     ON CONFLICT (tender_id) DO UPDATE SET is_public = EXCLUDED.is_public, currency = EXCLUDED.currency, items = EXCLUDED.items, awards = EXCLUDED.awards`,
    [
      JSON.stringify(
        changed.map(([tenderId, usage]) => ({
          tender_id: tenderId,
          is_public: usage.isPublic,
          currency: usage.currency,
          items: usage.items,
          awards: usage.awards,
        })),
      ),
    ],
  );
}

/** Every tender the projection keeps, counted from zero (the recount after a version completes). */
export async function countAllTenders(tx: ProjectionTransaction, tree: CodeTree, moves: UsageMoves): Promise<void> {
  const rows: TenderRow[] = await tx.query(
    'SELECT tender_id, is_public, currency, items, awards FROM classifier_tenders',
  );
  const tenders = rows.map(fromRow);
  await tree.know(
    tx,
    tenders.flatMap((usage) => usage.items.map((item) => item.code)),
  );
  for (const usage of tenders) moveUsage(usage, 1, tree, moves);
}

const fromRow = (row: TenderRow): TenderUsage => ({
  isPublic: row.is_public,
  currency: row.currency,
  items: row.items,
  awards: row.awards,
});

/** Adds (`sign` 1) or takes away (-1) everything a tender counts. */
function moveUsage(usage: TenderUsage, sign: 1 | -1, tree: CodeTree, moves: UsageMoves): void {
  if (!usage.isPublic) return;
  for (const node of tree.reach(usage.items.map((item) => item.code))) moves.move(node, 'tenders_count', sign);
  for (const item of usage.items) {
    for (const node of tree.closure(item.code)) {
      moves.move(node, 'items_count', sign);
      moves.move(node, 'estimated_amount', sign * inMxn(usage, item.amount));
    }
  }
  const awardedCodes = new Map<string, string[]>();
  for (const award of usage.awards) {
    const items = usage.items.filter((item) => item.lotId === award.lotId);
    const shares = apportion(
      inMxn(usage, award.amount),
      items.map((item) => item.amount),
    );
    items.forEach((item, i) => {
      for (const node of tree.closure(item.code)) moves.move(node, 'awarded_amount', sign * shares[i]);
    });
    awardedCodes.set(award.supplierId, [
      ...(awardedCodes.get(award.supplierId) ?? []),
      ...items.map((item) => item.code),
    ]);
  }
  for (const [supplierId, codes] of awardedCodes)
    for (const node of tree.reach(codes)) moves.moveSupplierAward(supplierId, node, sign);
}

function fold(usage: TenderUsage | null, event: TenderEvent): TenderUsage | null {
  if (event.type === 'TenderCreated')
    return (
      usage ?? {
        isPublic: false,
        currency: event.data.content.currency,
        items: itemsOf(event.data.content.lots),
        awards: [],
      }
    );
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
      return {
        ...usage,
        isPublic: true,
        awards: [...usage.awards.filter((a) => a.lotId !== lotId), { lotId, supplierId, amount: amount.amount }],
      };
    }
    case 'AwardRevised': {
      const { lotId, supplierId, amount } = event.data;
      return {
        ...usage,
        awards: [...usage.awards.filter((a) => a.lotId !== lotId), { lotId, supplierId, amount: amount.amount }],
      };
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
  return {
    ...usage,
    currency: content.currency ?? usage.currency,
    items: content.lots ? itemsOf(content.lots) : usage.items,
  };
}

const itemsOf = (lots: TenderLot[]): Item[] =>
  lots.flatMap((lot) =>
    lot.items.map((item) => ({
      lotId: lot.lotId,
      itemId: item.itemId,
      code: item.classifierCode,
      amount: lineTotal(item.quantity, item.estimatedUnitPrice),
    })),
  );

const inMxn = (usage: TenderUsage, amount: number) => (usage.currency === USAGE_CURRENCY ? amount : 0);

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
