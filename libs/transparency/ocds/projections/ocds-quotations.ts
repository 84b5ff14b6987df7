import type { QuotationEvent, QuotationRequestPublished, RevealedQuotation } from '@licita/quotations';
import { rank } from '@licita/quotations';
import type { Money } from '@licita/shared';
import { toCurrencyUnits } from '../domain/amounts';
import type { OcdsRelease } from '../domain/compile-release';
import { buyingUnitPartyId, supplierPartyId, type OcdsParty } from './ocds-parties';

/**
 * OCDS releases of quick quotations and mini-competitions (libs/quotations): a `tender` release at publication (the
 * request only: nothing of the sealed quotations, not even how many), a `tenderUpdate` at the opening or the
 * desertion (the quoting suppliers as `tenderers`, their number), one when the buyer marks a quotation
 * non-compliant, and an `award`/`contract` release at the order. `QuotationSubmitted` writes nothing.
 *
 * Method (OCDS `method` codelist): a request to every registered supplier of a classifier code is `selective` (only
 * suppliers qualified by their registration for the code may quote); one to invited suppliers is `limited` (the
 * buyer chose them); a mini-competition is `selective` among the framework's suppliers, with `relatedProcesses`
 * pointing at the agreement's ocid (`relationship: framework`). `procurementMethodDetails` says which.
 */
export const QUOTATION_OCDS_TYPES = [
  'QuotationRequestPublished',
  'QuotationsOpened',
  'QuotationRequestDeserted',
  'QuotationMarkedNonCompliant',
  'PurchaseOrderIssued',
] as const;

type Judged = RevealedQuotation & { compliant: boolean; reason: string | null };

export type QuotationProcess = {
  kind: 'quotation';
  rfqId: string;
  ocid: string;
  request: Omit<QuotationRequestPublished['data'], 'keyId'>;
  status: 'active' | 'unsuccessful' | 'complete';
  quotations: Judged[];
  order: { orderId: string; supplierId: string; amount: Money; issuedAt: string } | null;
  releaseCount: number;
};

export const quotationProcessId = (rfqId: string) => `rfq-${rfqId}`;

/** The process after one of `QUOTATION_OCDS_TYPES`; undefined for an event of a request never seen published. */
export function quotationProcess(
  current: QuotationProcess | undefined,
  prefix: string,
  event: QuotationEvent,
): QuotationProcess | undefined {
  if (event.type === 'QuotationRequestPublished') {
    const { keyId: _keyId, ...request } = event.data;
    return {
      kind: 'quotation',
      rfqId: request.rfqId,
      ocid: current?.ocid ?? `${prefix}rfq-${request.rfqId}`,
      request,
      status: 'active',
      quotations: [],
      order: null,
      releaseCount: current?.releaseCount ?? 0,
    };
  }
  if (!current) return undefined;
  switch (event.type) {
    case 'QuotationsOpened':
      return { ...current, quotations: event.data.quotations.map((q) => ({ ...q, compliant: true, reason: null })) };
    case 'QuotationRequestDeserted':
      return { ...current, status: 'unsuccessful' };
    case 'QuotationMarkedNonCompliant':
      return {
        ...current,
        quotations: current.quotations.map((q) =>
          q.quotationId === event.data.quotationId ? { ...q, compliant: false, reason: event.data.reason } : q,
        ),
      };
    case 'PurchaseOrderIssued': {
      const { orderId, supplierId, amount, issuedAt } = event.data;
      return { ...current, status: 'complete', order: { orderId, supplierId, amount, issuedAt } };
    }
    default:
      return current;
  }
}

const DETAILS = {
  quick: 'Cotización ágil (solicitud de cotizaciones)',
  mini_competition: 'Minicompetencia entre los proveedores del contrato marco',
} as const;

/** The release of the event that made `process` (a full snapshot, as every Licita release is). */
export function renderQuotationRelease(
  process: QuotationProcess,
  date: string,
  tag: string[],
  party: (partyId: string) => OcdsParty | undefined,
): OcdsRelease {
  const { request } = process;
  const buyer = reference(buyingUnitPartyId(request.buyingUnitId), party);
  const tenderers = rank(process.quotations).map((q) => reference(supplierPartyId(q.supplierId), party));
  const roles = new Map<string, string[]>([[buyer.id, ['buyer', 'procuringEntity']]]);
  for (const t of tenderers) roles.set(t.id, ['tenderer']);
  const release: OcdsRelease = {
    ocid: process.ocid,
    id: `${process.ocid}-${process.releaseCount}`,
    date,
    tag,
    initiationType: 'tender',
    language: 'es',
    parties: [],
    buyer,
    tender: renderTender(process, buyer, tenderers),
  };
  if (request.framework)
    release.relatedProcesses = [
      {
        id: '1',
        relationship: ['framework'],
        title: 'Contrato marco',
        scheme: 'ocid',
        identifier: request.framework.ocid,
      },
    ];
  if (process.order) {
    const supplier = reference(supplierPartyId(process.order.supplierId), party);
    roles.set(supplier.id, [...(roles.get(supplier.id) ?? []), 'supplier']);
    Object.assign(release, renderOrder(process.order, request.title, supplier));
  }
  release.parties = [...roles].map(([id, partyRoles]) => ({ ...(party(id) ?? { id, name: id }), roles: partyRoles }));
  return release;
}

type Reference = { id: string; name: string };

/** The request as OCDS `tender`; its tenderers and their number only once the quotations are opened. */
function renderTender(process: QuotationProcess, buyer: Reference, tenderers: Reference[]): Record<string, unknown> {
  const { request } = process;
  const tender: Record<string, unknown> = {
    id: request.rfqId,
    title: request.title,
    ...(request.description ? { description: request.description } : {}),
    status: process.status,
    procuringEntity: buyer,
    value: value(request.estimatedValue),
    procurementMethod: request.kind === 'quick' && request.audience.kind === 'invited' ? 'limited' : 'selective',
    procurementMethodDetails: DETAILS[request.kind],
    items: [
      {
        id: '1',
        description: request.description || request.title,
        classification: {
          scheme: /^\d{8}-\d$/.test(request.classifierCode) ? 'CPV' : 'CUCOP',
          id: request.classifierCode,
        },
        quantity: request.quantity,
        unit: { name: request.unit },
      },
    ],
    tenderPeriod: { startDate: request.publishedAt, endDate: request.deadline },
    submissionMethod: ['electronicSubmission'],
  };
  if (process.quotations.length > 0 || process.status === 'unsuccessful') {
    tender.numberOfTenderers = process.quotations.length;
    if (tenderers.length > 0) tender.tenderers = tenderers;
  }
  return tender;
}

/** The order as an `award` and its `contract` (a purchase order is the contract of a quick purchase). */
function renderOrder(order: NonNullable<QuotationProcess['order']>, title: string, supplier: Reference) {
  const awardId = `award-${order.orderId}`;
  return {
    awards: [
      {
        id: awardId,
        title: `Orden de compra: ${title}`,
        status: 'active',
        date: order.issuedAt,
        value: value(order.amount),
        suppliers: [supplier],
      },
    ],
    contracts: [
      {
        id: order.orderId,
        awardID: awardId,
        title: `Orden de compra: ${title}`,
        status: 'active',
        value: value(order.amount),
        dateSigned: order.issuedAt,
      },
    ],
  };
}

const reference = (id: string, party: (partyId: string) => OcdsParty | undefined) => ({
  id,
  name: party(id)?.name ?? id,
});
const value = (money: Money) => ({ amount: toCurrencyUnits(money.amount, money.currency), currency: money.currency });

/** The release tags of each event. */
export const QUOTATION_RELEASE_TAGS: Record<(typeof QUOTATION_OCDS_TYPES)[number], string[]> = {
  QuotationRequestPublished: ['tender'],
  QuotationsOpened: ['tenderUpdate'],
  QuotationRequestDeserted: ['tenderUpdate'],
  QuotationMarkedNonCompliant: ['tenderUpdate'],
  PurchaseOrderIssued: ['award', 'contract'],
};
