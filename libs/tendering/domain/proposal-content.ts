import { invalid } from '@licita/shared';
import { lineTotal } from '@licita/shared';
import { checkDocuments, checkId } from './tender-content';
import type { ProposalContent, ProposalLotOffer, TenderContent } from './tender.types';

const SALT = /^[0-9a-f]{32,128}$/;
const DOCUMENT_KINDS = ['technical', 'legal', 'economic'] as const;

/**
 * Checks a proposal's content against the tender before it is sealed, and returns it normalized: the handler
 * commits to and encrypts what this returns. Each lot offer prices every item of the lot, and the lot amount
 * is the sum of quantity × unit price (half up per line), so the amount read at the opening act is the one
 * the prices make. Codes: `proposal.invalid_content` (with the field), `proposal.unknown_lot`,
 * `proposal.amount_mismatch`, `proposal.currency_mismatch`.
 */
export function checkProposalContent(
  content: ProposalContent,
  tender: { tenderId: string; content: TenderContent },
): ProposalContent {
  const wrong = (field: string, message: string) => invalid('proposal.invalid_content', message, { field });
  if (content.tenderId !== tender.tenderId) throw wrong('tenderId', 'the proposal is for another tender');
  if (content.currency !== tender.content.currency) {
    throw invalid('proposal.currency_mismatch', `the proposal must be in ${tender.content.currency}`, {
      currency: tender.content.currency,
    });
  }
  if (!Array.isArray(content.lots) || content.lots.length === 0)
    throw wrong('lots', 'the proposal offers at least one lot');
  const lotIds = content.lots.map((offer) => offer.lotId);
  if (new Set(lotIds).size !== lotIds.length) throw wrong('lots', 'each lot is offered once');
  if (typeof content.salt !== 'string' || !SALT.test(content.salt))
    throw wrong('salt', 'the salt is 32 to 128 lowercase hex characters');
  const documents = checkDocuments(content.documents ?? [], 'proposal.invalid_content').map((doc) => {
    if (!DOCUMENT_KINDS.includes(doc.kind))
      throw wrong('documents.kind', `a document's kind is one of ${DOCUMENT_KINDS.join(', ')}`);
    return doc;
  });
  return {
    tenderId: content.tenderId,
    proposalId: checkId(content.proposalId, 'proposalId'),
    supplierId: checkId(content.supplierId, 'supplierId'),
    currency: content.currency,
    lots: content.lots.map((offer) => checkOffer(offer, tender.content)),
    documents,
    salt: content.salt,
  };
}

function checkOffer(offer: ProposalLotOffer, tender: TenderContent): ProposalLotOffer {
  const lot = tender.lots.find((l) => l.lotId === offer.lotId);
  if (!lot) throw invalid('proposal.unknown_lot', `the tender has no lot ${offer.lotId}`, { lotId: offer.lotId });
  const prices = new Map((offer.items ?? []).map((item) => [item.itemId, item.unitPrice]));
  const priced = lot.items.map((item) => {
    const unitPrice = prices.get(item.itemId);
    if (!Number.isSafeInteger(unitPrice) || (unitPrice as number) < 0) {
      throw invalid(
        'proposal.invalid_content',
        `item ${item.itemId} of lot ${lot.lotId} needs a unit price in integer centavos`,
        {
          field: 'lots.items.unitPrice',
          lotId: lot.lotId,
          itemId: item.itemId,
        },
      );
    }
    return { itemId: item.itemId, unitPrice: unitPrice as number, quantity: item.quantity };
  });
  if (prices.size !== lot.items.length) {
    throw invalid('proposal.invalid_content', `the offer for lot ${lot.lotId} prices items the lot does not have`, {
      field: 'lots.items',
      lotId: lot.lotId,
    });
  }
  const expected = priced.reduce((sum, item) => sum + lineTotal(item.quantity, item.unitPrice), 0);
  if (offer.amount !== expected || expected <= 0) {
    throw invalid('proposal.amount_mismatch', `the amount for lot ${lot.lotId} is not the sum of its items`, {
      lotId: lot.lotId,
      declared: offer.amount,
      expected,
    });
  }
  return { lotId: lot.lotId, amount: expected, items: priced.map(({ itemId, unitPrice }) => ({ itemId, unitPrice })) };
}
