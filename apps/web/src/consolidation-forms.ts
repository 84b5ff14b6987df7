/**
 * What the buyer desk's consolidated purchase and multi-year contract fields hold, and the API bodies made of it
 * (components/consolidation-fields.tsx, components/multi-year.tsx): pure, so the bodies are tested without a browser.
 */
import { centavosToDecimal, parseMoney } from './format';

export type ParticipantDraft = {
  buyingUnitId: string;
  requestReference: string;
  quantities: Record<string, string>;
  commitment: string;
};
export type ConsolidationDraft = { on: boolean; participants: ParticipantDraft[] };
export type ConsolidationItem = { itemId: string; description: string; quantity: number };

export const emptyParticipant = (): ParticipantDraft => ({
  buyingUnitId: '',
  requestReference: '',
  quantities: {},
  commitment: '',
});

export const NO_CONSOLIDATION: ConsolidationDraft = {
  on: false,
  participants: [emptyParticipant(), emptyParticipant()],
};

/** The draft's `consolidation` as `POST /api/tenders` takes it (none when the section is off). */
export function consolidationBody(draft: ConsolidationDraft, currency = 'MXN') {
  if (!draft.on) return {};
  return {
    consolidation: {
      participants: draft.participants.map((p) => ({
        buyingUnitId: p.buyingUnitId,
        requestReference: p.requestReference.trim(),
        items: Object.entries(p.quantities)
          .filter(([, quantity]) => quantity.trim() !== '' && Number(quantity) > 0)
          .map(([itemId, quantity]) => ({ itemId, quantity: Number(quantity) })),
        commitment: { amount: parseMoney(p.commitment) ?? Number.NaN, currency },
      })),
    },
  };
}

export type YearRow = { fiscalYear: string; amount: string };
export type MultiYearForm = { on: boolean; rows: YearRow[]; portfolioKey: string };

/** The form's starting state: off, or the contract's years as last amended. */
export function multiYearForm(
  current?: { fiscalYears: Array<{ fiscalYear: number; amount: number }>; portfolioKey?: string } | null,
  firstYear = new Date().getFullYear(),
): MultiYearForm {
  if (current)
    return {
      on: true,
      rows: current.fiscalYears.map((y) => ({ fiscalYear: String(y.fiscalYear), amount: centavosToDecimal(y.amount) })),
      portfolioKey: current.portfolioKey ?? '',
    };
  return {
    on: false,
    rows: [
      { fiscalYear: String(firstYear), amount: '' },
      { fiscalYear: String(firstYear + 1), amount: '' },
    ],
    portfolioKey: '',
  };
}

/** The rows as the API takes them (integer centavos); a row that is not a number is sent as is for the server to refuse. */
export function fiscalYearsOf(form: MultiYearForm): Array<{ fiscalYear: number; amount: number }> {
  return form.rows.map((row) => ({
    fiscalYear: Number(row.fiscalYear),
    amount: parseMoney(row.amount) ?? Number.NaN,
  }));
}

/** The sum of the rows that parse, and whether every row does. */
export function fiscalYearsSum(form: MultiYearForm): { sum: number; complete: boolean } {
  let sum = 0;
  let complete = true;
  for (const row of form.rows) {
    const amount = parseMoney(row.amount);
    if (amount === null) complete = false;
    else sum += amount;
  }
  return { sum, complete };
}
