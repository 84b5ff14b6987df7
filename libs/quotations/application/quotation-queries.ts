import { Inject, Injectable } from '@nestjs/common';
import { PUBLIC_READS } from '@licita/platform';
import { notFound } from '@licita/shared';
import { DataSource } from 'typeorm';
import type { QuotationRequestView } from '../domain/quotation-view';

/** The public status: `open` becomes `closed` once the deadline passed and until the opening is recorded. */
export type PublicQuotationStatus = QuotationRequestView['status'] | 'closed';

export type QuotationRequestPage = Omit<QuotationRequestView, 'status'> & {
  status: PublicQuotationStatus;
  buyingUnitName: string | null;
  /** Legal names of the suppliers the view names (invitees, quoting suppliers once opened, the winner). */
  supplierNames: Record<string, string>;
};

export type QuotationRequestSummary = Pick<
  QuotationRequestView,
  'rfqId' | 'kind' | 'title' | 'classifierCode' | 'estimatedValue' | 'deadline' | 'publishedAt' | 'buyingUnitId'
> & {
  status: PublicQuotationStatus;
  winner: { supplierId: string; amount: { amount: number; currency: string } } | null;
};

export type SupplierQuotationRequest = QuotationRequestSummary & {
  /** The supplier's own quotation in force (receipt only: its contents stay sealed until the deadline). */
  myQuotation: { quotationId: string; commitment: string; submittedAt: string; replacements: number } | null;
};

const statusAt = (status: QuotationRequestView['status'], deadline: string, now: Date): PublicQuotationStatus =>
  status === 'open' && now.getTime() >= Date.parse(deadline) ? 'closed' : status;

/** Reads of requests for quotations; only the public `view` column is ever selected, never `state`. */
@Injectable()
export class QuotationQueries {
  constructor(@Inject(PUBLIC_READS) private readonly db: DataSource) {}

  async byId(rfqId: string, now: Date): Promise<QuotationRequestPage> {
    const [row]: Array<{ view: QuotationRequestView; unit: string | null }> = await this.db.query(
      `SELECT q.view, bu.name AS unit FROM quotation_requests q LEFT JOIN buying_units bu USING (buying_unit_id)
       WHERE q.rfq_id = $1`,
      [rfqId],
    );
    if (!row) throw notFound('quotation.request_not_found', `there is no request for quotations ${rfqId}`);
    const view = row.view;
    const ids = new Set<string>(view.quotations.map((q) => q.supplierId));
    if (view.audience.kind === 'invited') view.audience.supplierIds.forEach((id) => ids.add(id));
    if (view.order) ids.add(view.order.supplierId);
    return {
      ...view,
      status: statusAt(view.status, view.deadline, now),
      buyingUnitName: row.unit,
      supplierNames: await this.names([...ids]),
    };
  }

  /** Newest first; by buying unit or classifier code when asked. */
  async search(
    filter: { buyingUnitId?: string; classifierCode?: string },
    now: Date,
  ): Promise<QuotationRequestSummary[]> {
    const rows: Array<{ view: QuotationRequestView }> = await this.db.query(
      `SELECT view FROM quotation_requests
       WHERE ($1::text IS NULL OR buying_unit_id = $1) AND ($2::text IS NULL OR classifier_code = $2)
       ORDER BY published_at DESC, rfq_id LIMIT 200`,
      [filter.buyingUnitId ?? null, filter.classifierCode?.trim().toUpperCase() ?? null],
    );
    return rows.map(({ view }) => summary(view, now));
  }

  /** The supplier's desk: requests for its classifier codes or naming it, and those it quoted, newest first. */
  async forSupplier(supplierId: string, now: Date): Promise<SupplierQuotationRequest[]> {
    const rows: Array<{ view: QuotationRequestView; receipt: SupplierQuotationRequest['myQuotation'] }> =
      await this.db.query(
        `SELECT q.view,
                (SELECT json_build_object('quotationId', r.quotation_id, 'commitment', r.commitment,
                          'submittedAt', to_char(r.submitted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                          'replacements', (SELECT count(*) - 1 FROM quotation_receipts a WHERE a.rfq_id = q.rfq_id AND a.supplier_id = $1))
                 FROM quotation_receipts r WHERE r.rfq_id = q.rfq_id AND r.supplier_id = $1 AND r.replaced_by IS NULL) AS receipt
         FROM quotation_requests q
         WHERE $1 = ANY (q.invited)
            OR (q.invited IS NULL AND EXISTS (
                 SELECT 1 FROM supplier_directory d
                  WHERE d.supplier_id = $1
                    AND d.classifier_codes && (q.classifier_code || COALESCE(
                      (SELECT c.ancestors FROM classifier_codes c
                        WHERE c.code = q.classifier_code AND NOT c.retired LIMIT 1), '{}'::text[]))))
            OR EXISTS (SELECT 1 FROM quotation_receipts r WHERE r.rfq_id = q.rfq_id AND r.supplier_id = $1)
         ORDER BY q.deadline DESC, q.rfq_id LIMIT 200`,
        [supplierId],
      );
    return rows.map(({ view, receipt }) => ({ ...summary(view, now), myQuotation: receipt }));
  }

  private async names(ids: string[]): Promise<Record<string, string>> {
    if (ids.length === 0) return {};
    const rows: Array<{ supplier_id: string; legal_name: string }> = await this.db.query(
      'SELECT supplier_id, legal_name FROM supplier_directory WHERE supplier_id = ANY ($1::text[])',
      [ids],
    );
    return Object.fromEntries(rows.map((row) => [row.supplier_id, row.legal_name]));
  }
}

function summary(view: QuotationRequestView, now: Date): QuotationRequestSummary {
  return {
    rfqId: view.rfqId,
    kind: view.kind,
    buyingUnitId: view.buyingUnitId,
    title: view.title,
    classifierCode: view.classifierCode,
    estimatedValue: view.estimatedValue,
    deadline: view.deadline,
    publishedAt: view.publishedAt,
    status: statusAt(view.status, view.deadline, now),
    winner: view.winner ? { supplierId: view.winner.supplierId, amount: view.winner.amount } : null,
  };
}
