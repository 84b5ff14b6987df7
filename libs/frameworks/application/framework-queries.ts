import { Inject, Injectable, Optional } from '@nestjs/common';
import { likeSearchTerms, shippedSynonyms } from '@licita/classifier';
import { CLOCK, systemClock, type Clock, type Money } from '@licita/shared';
import { DataSource } from 'typeorm';
import { toDecimal, type DecimalMoney } from '../domain/decimal-amount';
import type { OrderOrigin } from '../domain/framework.events';

export type CatalogueSearch = {
  /** Words of the description or code (accents and case ignored; the classifier's synonyms). */
  q?: string;
  scheme?: string;
  code?: string;
  /** INEGI state key: only agreements covering it. */
  region?: string;
  /** Only agreements this unit may order under. */
  buyingUnitId?: string;
  limit?: number;
};

export type CatalogueOffer = { supplierId: string; supplierName: string | null; unitPrice: DecimalMoney | null };

export type CatalogueEntry = {
  agreementId: string;
  agreementTitle: string;
  validTo: string;
  regions: string[];
  itemId: string;
  classification: { scheme: string; id: string };
  description: string;
  unit: string;
  priceFixed: boolean;
  maxQuantity: number | null;
  /** Cheapest first (fixed prices), then the suppliers whose price a mini-competition sets. */
  offers: CatalogueOffer[];
};

export type AgreementSummary = {
  agreementId: string;
  tenderId: string;
  title: string;
  centralBuyingUnitId: string;
  centralBuyingUnitName: string | null;
  status: 'pending' | 'active' | 'expired';
  validFrom: string;
  validTo: string;
  regions: string[];
  authorisedBuyingUnitIds: string[] | 'all';
  suppliers: Array<{ supplierId: string; supplierName: string | null }>;
  ceilings: DecimalMoney[];
  remaining: DecimalMoney[];
};

export type OrderSummary = {
  orderId: string;
  agreementId: string;
  agreementTitle: string;
  buyingUnitId: string;
  buyingUnitName: string | null;
  supplierId: string;
  supplierName: string | null;
  status: 'placed' | 'accepted' | 'rejected';
  origin: OrderOrigin;
  lines: Array<{ itemId: string; quantity: number; unitPrice: DecimalMoney; total: DecimalMoney }>;
  totals: DecimalMoney[];
  placedAt: string;
  answeredAt: string | null;
  rejectionReason: string | null;
};

/** The public reads of framework agreements, from the `frameworks` projection (eventually consistent). */
@Injectable()
export class FrameworkQueries {
  constructor(
    private readonly db: DataSource,
    @Optional() @Inject(CLOCK) private readonly clock: Clock = systemClock,
  ) {}

  async agreements(filter: { status?: 'active' | 'all' } = {}): Promise<AgreementSummary[]> {
    const now = this.clock.now();
    const rows: AgreementRow[] = await this.db.query(
      `SELECT a.*, bu.name AS central_name,
         (SELECT json_agg(json_build_object('id', s, 'name', d.legal_name))
            FROM unnest(a.supplier_ids) s LEFT JOIN supplier_directory d ON d.supplier_id = s) AS suppliers
       FROM framework_agreements a LEFT JOIN buying_units bu ON bu.buying_unit_id = a.central_buying_unit_id
       WHERE ($1::text IS NULL OR (a.valid_from <= $2 AND a.valid_to > $2))
       ORDER BY a.established_at DESC, a.agreement_id LIMIT 200`,
      [filter.status === 'active' ? 'active' : null, now],
    );
    const committed = await this.committed(rows.map((row) => row.agreement_id));
    return rows.map((row) => {
      const ceilings: Money[] = row.ceilings;
      return {
        agreementId: row.agreement_id,
        tenderId: row.tender_id,
        title: row.title,
        centralBuyingUnitId: row.central_buying_unit_id,
        centralBuyingUnitName: row.central_name,
        status: now < row.valid_from ? 'pending' : now < row.valid_to ? 'active' : 'expired',
        validFrom: row.valid_from.toISOString(),
        validTo: row.valid_to.toISOString(),
        regions: row.regions,
        authorisedBuyingUnitIds: row.authorised_buying_unit_ids ?? 'all',
        suppliers: (row.suppliers ?? []).map((s) => ({ supplierId: s.id, supplierName: s.name })),
        ceilings: ceilings.map(toDecimal),
        remaining: ceilings.map((ceiling) =>
          toDecimal({
            amount: ceiling.amount - (committed.get(`${row.agreement_id}|${ceiling.currency}`) ?? 0),
            currency: ceiling.currency,
          }),
        ),
      };
    });
  }

  /** Items of the agreements in force now, matching every filter; the suppliers' offers cheapest first. */
  async catalogue(search: CatalogueSearch): Promise<CatalogueEntry[]> {
    const params: unknown[] = [this.clock.now()];
    const param = (value: unknown) => {
      params.push(value);
      return `$${params.length}`;
    };
    const where = ['a.valid_from <= $1', 'a.valid_to > $1'];
    const like = (word: string) => `i.search_text LIKE ${param(`%${word}%`)}`;
    for (const alternatives of likeSearchTerms(search.q ?? '', shippedSynonyms()))
      where.push(`(${alternatives.map((words) => `(${words.map(like).join(' AND ')})`).join(' OR ')})`);
    if (search.scheme) where.push(`i.scheme = ${param(search.scheme.trim().toUpperCase())}`);
    if (search.code) where.push(`i.code = ${param(search.code.trim())}`);
    if (search.region) where.push(`${param(search.region)} = ANY(a.regions)`);
    if (search.buyingUnitId)
      where.push(
        `(a.authorised_buying_unit_ids IS NULL OR ${param(search.buyingUnitId)} = ANY(a.authorised_buying_unit_ids))`,
      );
    const rows: CatalogueRow[] = await this.db.query(
      `SELECT i.*, a.title, a.valid_to, a.regions FROM framework_catalogue_items i
       JOIN framework_agreements a ON a.agreement_id = i.agreement_id
       WHERE ${where.join(' AND ')} ORDER BY i.description, i.agreement_id, i.item_id LIMIT ${param(Math.min(search.limit ?? 50, 200))}`,
      params,
    );
    const names = await this.supplierNames(rows.flatMap((row) => row.prices.map((p) => p.supplierId)));
    return rows.map((row) => ({
      agreementId: row.agreement_id,
      agreementTitle: row.title,
      validTo: row.valid_to.toISOString(),
      regions: row.regions,
      itemId: row.item_id,
      classification: { scheme: row.scheme, id: row.code },
      description: row.description,
      unit: row.unit,
      priceFixed: row.price_fixed,
      maxQuantity: row.max_quantity === null ? null : Number(row.max_quantity),
      offers: [...row.prices]
        .sort((a, b) => (a.unitPrice?.amount ?? Infinity) - (b.unitPrice?.amount ?? Infinity))
        .map((price) => ({
          supplierId: price.supplierId,
          supplierName: names.get(price.supplierId) ?? null,
          unitPrice: price.unitPrice ? toDecimal(price.unitPrice) : null,
        })),
    }));
  }

  /** Orders, newest first: of one agreement, one supplier or one buying unit (public: orders are contracts). */
  async orders(filter: { agreementId?: string; supplierId?: string; buyingUnitId?: string }): Promise<OrderSummary[]> {
    const rows: OrderRow[] = await this.db.query(
      `SELECT o.*, a.title, d.legal_name AS supplier_name, bu.name AS unit_name FROM framework_orders o
       JOIN framework_agreements a ON a.agreement_id = o.agreement_id
       LEFT JOIN supplier_directory d ON d.supplier_id = o.supplier_id
       LEFT JOIN buying_units bu ON bu.buying_unit_id = o.buying_unit_id
       WHERE ($1::text IS NULL OR o.agreement_id = $1) AND ($2::text IS NULL OR o.supplier_id = $2)
         AND ($3::text IS NULL OR o.buying_unit_id = $3)
       ORDER BY o.placed_at DESC, o.order_id LIMIT 200`,
      [filter.agreementId ?? null, filter.supplierId ?? null, filter.buyingUnitId ?? null],
    );
    return rows.map((row) => ({
      orderId: row.order_id,
      agreementId: row.agreement_id,
      agreementTitle: row.title,
      buyingUnitId: row.buying_unit_id,
      buyingUnitName: row.unit_name,
      supplierId: row.supplier_id,
      supplierName: row.supplier_name,
      status: row.status,
      origin: row.origin,
      lines: row.lines.map((line) => ({
        itemId: line.itemId,
        quantity: line.quantity,
        unitPrice: toDecimal(line.unitPrice),
        total: toDecimal(line.total),
      })),
      totals: row.totals.map(toDecimal),
      placedAt: row.placed_at.toISOString(),
      answeredAt: row.answered_at?.toISOString() ?? null,
      rejectionReason: row.rejection_reason,
    }));
  }

  async centralBodies(): Promise<Array<{ buyingUnitId: string; name: string | null; designatedAt: string }>> {
    const rows: Array<{ buying_unit_id: string; name: string | null; designated_at: Date }> = await this.db.query(
      `SELECT c.buying_unit_id, bu.name, c.designated_at FROM central_purchasing_bodies c
       LEFT JOIN buying_units bu ON bu.buying_unit_id = c.buying_unit_id ORDER BY bu.name, c.buying_unit_id`,
    );
    return rows.map((row) => ({
      buyingUnitId: row.buying_unit_id,
      name: row.name,
      designatedAt: row.designated_at.toISOString(),
    }));
  }

  /** Per `agreementId|currency`: the centavos of the orders not rejected. */
  private async committed(agreementIds: string[]): Promise<Map<string, number>> {
    if (agreementIds.length === 0) return new Map();
    const rows: Array<{ agreement_id: string; currency: string; amount: string }> = await this.db.query(
      `SELECT o.agreement_id, t->>'currency' AS currency, SUM((t->>'amount')::bigint)::text AS amount
       FROM framework_orders o, jsonb_array_elements(o.totals) t
       WHERE o.status <> 'rejected' AND o.agreement_id = ANY($1) GROUP BY 1, 2`,
      [agreementIds],
    );
    return new Map(rows.map((row) => [`${row.agreement_id}|${row.currency}`, Number(row.amount)]));
  }

  private async supplierNames(ids: string[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map();
    const rows: Array<{ supplier_id: string; legal_name: string }> = await this.db.query(
      'SELECT supplier_id, legal_name FROM supplier_directory WHERE supplier_id = ANY($1)',
      [[...new Set(ids)]],
    );
    return new Map(rows.map((row) => [row.supplier_id, row.legal_name]));
  }
}

type AgreementRow = {
  agreement_id: string;
  tender_id: string;
  title: string;
  central_buying_unit_id: string;
  central_name: string | null;
  valid_from: Date;
  valid_to: Date;
  regions: string[];
  authorised_buying_unit_ids: string[] | null;
  suppliers: Array<{ id: string; name: string | null }> | null;
  ceilings: Money[];
};

type CatalogueRow = {
  agreement_id: string;
  item_id: string;
  scheme: string;
  code: string;
  description: string;
  unit: string;
  price_fixed: boolean;
  prices: Array<{ supplierId: string; unitPrice: Money | null }>;
  max_quantity: string | null;
  title: string;
  valid_to: Date;
  regions: string[];
};

type OrderRow = {
  order_id: string;
  agreement_id: string;
  buying_unit_id: string;
  supplier_id: string;
  status: 'placed' | 'accepted' | 'rejected';
  origin: OrderOrigin;
  lines: Array<{ itemId: string; quantity: number; unitPrice: Money; total: Money }>;
  totals: Money[];
  placed_at: Date;
  answered_at: Date | null;
  rejection_reason: string | null;
  title: string;
  supplier_name: string | null;
  unit_name: string | null;
};
