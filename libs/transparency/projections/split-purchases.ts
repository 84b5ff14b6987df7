import { count, englishDate, spanishDate, spanishMoney, writerFor, type TextLanguage } from './plain-language';

/**
 * Splitting a purchase (fraccionamiento) to stay under the quick-quotation threshold: several purchases of one
 * buying unit, for one classifier code, from one supplier, within a short window, that together exceed the
 * threshold the quick quotations among them stayed under. Read from the orders of quick quotations
 * (`quotation_orders`; mini-competitions are ordered against a framework agreement and are not counted) and the
 * standing direct awards (`transparency_awards`, a lot counting for each code its items name). A direct award has
 * no quick-quotation threshold of its own, so a window is judged only when it holds a quick-quotation order.
 */
export type SplitCandidate = {
  orderId: string;
  kind: 'order' | 'direct_award';
  buyingUnitId: string;
  classifierCode: string;
  supplierId: string;
  supplierName: string | null;
  currency: string;
  amount: number;
  /** The ceiling in force for the order's request, in the same currency; Infinity for a direct award. */
  threshold: number;
  issuedAt: string;
};

export type SplitPurchase = {
  buyingUnitId: string;
  classifierCode: string;
  supplierId: string;
  supplierName: string | null;
  currency: string;
  orders: number;
  directAwards: number;
  total: number;
  threshold: number;
  from: string;
  to: string;
};

const DAY = 86_400_000;

/**
 * For each unit, code, supplier and currency, the window of `windowDays` with the largest combined amount, when it
 * holds at least two orders and their sum exceeds the lowest threshold among them (compared in integers).
 */
export function splitPurchases(orders: SplitCandidate[], windowDays: number): SplitPurchase[] {
  const groups = new Map<string, SplitCandidate[]>();
  for (const order of orders) {
    const key = [order.buyingUnitId, order.classifierCode, order.supplierId, order.currency].join('\u0000');
    groups.set(key, [...(groups.get(key) ?? []), order]);
  }
  const found: SplitPurchase[] = [];
  for (const group of groups.values()) {
    const sorted = [...group].sort((a, b) => Date.parse(a.issuedAt) - Date.parse(b.issuedAt));
    let best: SplitPurchase | null = null;
    for (let start = 0; start < sorted.length; start++) {
      const inWindow = sorted.filter(
        (o, i) => i >= start && Date.parse(o.issuedAt) - Date.parse(sorted[start].issuedAt) < windowDays * DAY,
      );
      if (inWindow.length < 2) continue;
      const total = inWindow.reduce((sum, o) => sum + o.amount, 0);
      const threshold = Math.min(...inWindow.map((o) => o.threshold));
      if (total <= threshold || (best && total <= best.total)) continue;
      const first = inWindow[0];
      best = {
        buyingUnitId: first.buyingUnitId,
        classifierCode: first.classifierCode,
        supplierId: first.supplierId,
        supplierName: first.supplierName,
        currency: first.currency,
        orders: inWindow.filter((o) => o.kind === 'order').length,
        directAwards: inWindow.filter((o) => o.kind === 'direct_award').length,
        total,
        threshold,
        from: first.issuedAt,
        to: inWindow[inWindow.length - 1].issuedAt,
      };
    }
    if (best) found.push(best);
  }
  return found.sort((a, b) => b.total - a.total || a.supplierId.localeCompare(b.supplierId));
}

/** The explanation of one split purchase, with its numbers. */
export function explainSplit(split: SplitPurchase, windowDays: number, language: TextLanguage): string {
  const w = writerFor(language);
  const who = split.supplierName ?? split.supplierId;
  const total = spanishMoney({ amount: split.total, currency: split.currency });
  const threshold = spanishMoney({ amount: split.threshold, currency: split.currency });
  const what = w.l(
    [
      count(split.orders, 'orden de cotización ágil', 'órdenes de cotización ágil'),
      ...(split.directAwards ? [count(split.directAwards, 'adjudicación directa', 'adjudicaciones directas')] : []),
    ].join(' y '),
    [
      count(split.orders, 'quick-quotation order'),
      ...(split.directAwards ? [count(split.directAwards, 'direct award')] : []),
    ].join(' and '),
  );
  return w.l(
    `${what} a ${who} por la clave ${split.classifierCode} entre el ${spanishDate(split.from)} y el ${spanishDate(split.to)} suman ${total}, más que el umbral de cotización ágil de ${threshold} que cada orden respetó (ventana: ${windowDays} días).`,
    `${what} to ${who} for code ${split.classifierCode} between ${englishDate(split.from)} and ${englishDate(split.to)} add up to ${total}, more than the ${threshold} quick-quotation threshold each order stayed under (window: ${windowDays} days).`,
  );
}
