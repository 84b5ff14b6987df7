import {
  consolidationBody,
  emptyParticipant,
  fiscalYearsOf,
  fiscalYearsSum,
  multiYearForm,
  NO_CONSOLIDATION,
} from '../../apps/web/src/consolidation-forms';

describe("the buyer desk's consolidated purchase fields", () => {
  it('send nothing while the section is off', () => {
    expect(consolidationBody(NO_CONSOLIDATION)).toEqual({});
  });

  it('send each unit with its request, the quantities it requires (none for a blank or zero) and its commitment in centavos', () => {
    const draft = {
      on: true,
      participants: [
        {
          buyingUnitId: 'uc-h',
          requestReference: ' REQ-HN-014 ',
          quantities: { 'item-1': '7', 'item-2': '' },
          commitment: '175,000.00',
        },
        {
          ...emptyParticipant(),
          buyingUnitId: 'uc-c',
          requestReference: 'Oficio 31',
          quantities: { 'item-1': '3', 'item-2': '0' },
          commitment: '75000.5',
        },
      ],
    };
    expect(consolidationBody(draft)).toEqual({
      consolidation: {
        participants: [
          {
            buyingUnitId: 'uc-h',
            requestReference: 'REQ-HN-014',
            items: [{ itemId: 'item-1', quantity: 7 }],
            commitment: { amount: 17_500_000, currency: 'MXN' },
          },
          {
            buyingUnitId: 'uc-c',
            requestReference: 'Oficio 31',
            items: [{ itemId: 'item-1', quantity: 3 }],
            commitment: { amount: 7_500_050, currency: 'MXN' },
          },
        ],
      },
    });
  });
});

describe("the buyer desk's multi-year fields", () => {
  it('start off with two years from the given one, or with the contract years as last amended', () => {
    expect(multiYearForm(null, 2026)).toEqual({
      on: false,
      rows: [
        { fiscalYear: '2026', amount: '' },
        { fiscalYear: '2027', amount: '' },
      ],
      portfolioKey: '',
    });
    const signed = {
      fiscalYears: [
        { fiscalYear: 2026, amount: 10_000_000 },
        { fiscalYear: 2027, amount: 8_200_005 },
      ],
      portfolioKey: 'K-1',
    };
    const form = multiYearForm(signed);
    expect(form.rows).toEqual([
      { fiscalYear: '2026', amount: '100000.00' },
      { fiscalYear: '2027', amount: '82000.05' },
    ]);
    expect(fiscalYearsOf(form)).toEqual(signed.fiscalYears);
  });

  it('add up the rows in integer centavos, and say when a row is not an amount yet', () => {
    const form = {
      on: true,
      portfolioKey: '',
      rows: [
        { fiscalYear: '2026', amount: '0.10' },
        { fiscalYear: '2027', amount: '0.20' },
      ],
    };
    expect(fiscalYearsSum(form)).toEqual({ sum: 30, complete: true });
    expect(fiscalYearsSum({ ...form, rows: [...form.rows, { fiscalYear: '2028', amount: 'abc' }] })).toEqual({
      sum: 30,
      complete: false,
    });
  });
});
