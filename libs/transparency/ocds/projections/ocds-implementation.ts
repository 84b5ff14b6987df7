import type { DeliveryReceived, DeliveryScheduled, PaymentRecorded } from '@licita/execution';
import type { Money } from '@licita/shared';
import { mexicoCityInstant, type DocumentRef } from '@licita/tendering';
import { toCurrencyUnits } from '../domain/amounts';
import { buyingUnitPartyId, supplierPartyId } from './ocds-parties';

/**
 * A contract's OCDS `implementation` (libs/execution): its deliveries as `milestones` (type `delivery`), its
 * payments as `transactions` (payer the buying unit, payee the supplier), and the receipts' documents. Invoices,
 * penalties and guarantees are not in OCDS 1.1.5's implementation block and stay on Licita's own execution page;
 * the CFDI's XML is never published. Each event of a contract's execution stream writes an `implementation`
 * release of its process.
 */
export const IMPLEMENTATION_OCDS_TYPES = ['DeliveryScheduled', 'DeliveryReceived', 'PaymentRecorded'] as const;
export type ImplementationEvent = DeliveryScheduled | DeliveryReceived | PaymentRecorded;

type PublishedDocument = DocumentRef & { documentType: string; datePublished: string };

export type ImplementationFacts = {
  milestones: Array<{
    deliveryId: string;
    title: string;
    dueDate: string;
    quantity: number;
    accepted: number;
    dateMet: string | null;
    dateModified: string | null;
  }>;
  transactions: Array<{
    paymentId: string;
    date: string;
    value: Money;
    buyingUnitId: string;
    supplierId: string;
  }>;
  documents: PublishedDocument[];
};

const empty = (): ImplementationFacts => ({ milestones: [], transactions: [], documents: [] });

/** The contract's implementation after one execution event. */
export function applyImplementation(
  facts: ImplementationFacts | undefined,
  event: ImplementationEvent,
): ImplementationFacts {
  const current = facts ?? empty();
  switch (event.type) {
    case 'DeliveryScheduled': {
      const { deliveryId, itemId, quantity, unit, place, dueDate } = event.data;
      if (current.milestones.some((m) => m.deliveryId === deliveryId)) return current;
      const title = `Entrega de ${quantity} ${unit} de la partida ${itemId} en ${place}`;
      const milestone = { deliveryId, title, dueDate, quantity, accepted: 0, dateMet: null, dateModified: null };
      return { ...current, milestones: [...current.milestones, milestone] };
    }
    case 'DeliveryReceived': {
      const { deliveryId, quantity, outcome, receivedAt, documents = [] } = event.data;
      const milestones = current.milestones.map((m) => {
        if (m.deliveryId !== deliveryId) return m;
        const accepted = m.accepted + (outcome === 'accepted' ? quantity : 0);
        const dateMet = m.dateMet ?? (accepted >= m.quantity ? receivedAt : null);
        return { ...m, accepted, dateMet, dateModified: receivedAt };
      });
      const published = documents.map((doc) => ({
        ...doc,
        documentType: 'physicalProgressReport',
        datePublished: receivedAt,
      }));
      return { ...current, milestones, documents: [...current.documents, ...published] };
    }
    case 'PaymentRecorded': {
      const { paymentId, paidAt, amount, currency, buyingUnitId, supplierId } = event.data;
      if (current.transactions.some((t) => t.paymentId === paymentId)) return current;
      const transaction = { paymentId, date: paidAt, value: { amount, currency }, buyingUnitId, supplierId };
      return { ...current, transactions: [...current.transactions, transaction] };
    }
  }
}

type Reference = { id: string; name?: string };

/** OCDS `contracts[].implementation`, the parties named as the release names them. */
export function renderImplementation(
  facts: ImplementationFacts,
  reference: (partyId: string) => Reference,
  renderDocument: (doc: PublishedDocument) => Record<string, unknown>,
): Record<string, unknown> {
  const rendered: Record<string, unknown> = {};
  if (facts.transactions.length > 0)
    rendered.transactions = facts.transactions.map((t) => ({
      id: t.paymentId,
      date: t.date,
      value: { amount: toCurrencyUnits(t.value.amount, t.value.currency), currency: t.value.currency },
      payer: reference(buyingUnitPartyId(t.buyingUnitId)),
      payee: reference(supplierPartyId(t.supplierId)),
    }));
  if (facts.milestones.length > 0)
    rendered.milestones = facts.milestones.map((m) => ({
      id: `delivery-${m.deliveryId}`,
      title: m.title,
      type: 'delivery',
      // Due by the end of its Mexico City day.
      dueDate: mexicoCityInstant(m.dueDate, '23:59:59'),
      status: m.dateMet !== null ? 'met' : m.accepted > 0 ? 'partiallyMet' : 'scheduled',
      ...(m.dateMet ? { dateMet: m.dateMet } : {}),
      ...(m.dateModified ? { dateModified: m.dateModified } : {}),
    }));
  if (facts.documents.length > 0) rendered.documents = facts.documents.map(renderDocument);
  return rendered;
}
