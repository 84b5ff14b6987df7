import { DomainError } from '@licita/shared';
import { thrownBy } from '../../../test/support/decider-spec';
import { checkProposalContent } from './proposal-content';
import { aProposal, contentOf, aPublishedTender, laptopsAt, SUPPLIER, TENDER_ID, twoLots } from './tender.scenarios';

const tender = { tenderId: TENDER_ID, content: contentOf(aPublishedTender(twoLots())) };
const valid = aProposal(SUPPLIER.A, { ...laptopsAt(2_400_000), 'lot-2': { 'item-3': 700_000 } });
const refusal = (content: unknown) => {
  const error = thrownBy(() => checkProposalContent(content as never, tender)) as DomainError;
  return { code: error.code, details: error.details };
};

describe('checking a proposal before it is sealed', () => {
  it('accepts a proposal whose lot amounts are what its unit prices make', () =>
    expect(checkProposalContent(valid, tender)).toEqual(valid));

  it('refuses a lot amount that is not the sum of quantity × unit price', () => {
    const wrong = { ...valid, lots: [{ ...valid.lots[0], amount: valid.lots[0].amount + 1 }, valid.lots[1]] };
    expect(refusal(wrong)).toEqual({
      code: 'proposal.amount_mismatch',
      details: { lotId: 'lot-1', declared: 25_000_001, expected: 25_000_000 },
    });
  });

  it('refuses an item without a price, a price in pesos with decimals, or an item the lot does not have', () => {
    const lot = valid.lots[0];
    expect(refusal({ ...valid, lots: [{ ...lot, items: [lot.items[0]] }] }).code).toBe('proposal.invalid_content');
    expect(
      refusal({ ...valid, lots: [{ ...lot, items: [{ ...lot.items[0], unitPrice: 24_000.5 }, lot.items[1]] }] }).code,
    ).toBe('proposal.invalid_content');
    expect(
      refusal({ ...valid, lots: [{ ...lot, items: [...lot.items, { itemId: 'item-3', unitPrice: 1 }] }] }).details,
    ).toMatchObject({ field: 'lots.items' });
  });

  it('refuses a lot the tender does not have, another currency, another tender, or no salt', () => {
    expect(refusal({ ...valid, lots: [{ ...valid.lots[0], lotId: 'lot-9' }] }).code).toBe('proposal.unknown_lot');
    expect(refusal({ ...valid, currency: 'USD' }).code).toBe('proposal.currency_mismatch');
    expect(refusal({ ...valid, tenderId: 'LA-other' }).details).toEqual({ field: 'tenderId' });
    expect(refusal({ ...valid, salt: 'abc' }).details).toEqual({ field: 'salt' });
  });

  it('refuses a document without its hash or of an unknown kind', () => {
    expect(refusal({ ...valid, documents: [{ ...valid.documents[0], sha256: 'x' }] }).details).toEqual({
      field: 'documents.sha256',
    });
    expect(refusal({ ...valid, documents: [{ ...valid.documents[0], kind: 'marketing' }] }).details).toEqual({
      field: 'documents.kind',
    });
  });

  it('refuses a lot offered twice', () =>
    expect(refusal({ ...valid, lots: [valid.lots[0], valid.lots[0]] }).details).toEqual({ field: 'lots' }));
});
