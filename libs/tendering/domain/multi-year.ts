import { fiscalYearOf, invalid, type Money } from '@licita/shared';
import type { IsoDateTime } from './tender.types';

/**
 * A multi-year contract (contrato plurianual, LFPRH art. 50 and its regulation art. 147-148; CompraNet's
 * `PLURIANUAL` = 1): it spans several fiscal years and commits a share of its amount in each. Mexico's fiscal
 * year is the calendar year, read in Mexico City. The shares are integer centavos in the contract's currency and
 * add up to the contract's amount exactly; every fiscal year named falls within the contract's period.
 */
export type FiscalYearShare = { fiscalYear: number; amount: number };

export type MultiYearTerms = {
  fiscalYears: FiscalYearShare[];
  /** SHCP's investment portfolio key (clave de cartera, CompraNet's `CLAVE_CARTERA_SHCP`), when the contract has one. */
  portfolioKey?: string;
};

const PORTFOLIO_KEY = /^[0-9A-Za-z-]{1,40}$/;

/**
 * The terms as they will be recorded, or throws: at least two fiscal years, each once, in order, within
 * [start, end]; every share a non-negative integer of centavos; their sum the contract's amount.
 */
export function checkMultiYear(
  terms: MultiYearTerms,
  amount: Money,
  period: { startDate: IsoDateTime; endDate: IsoDateTime },
): MultiYearTerms {
  const shares = Array.isArray(terms?.fiscalYears) ? terms.fiscalYears : [];
  const first = fiscalYearOf(period.startDate);
  const last = fiscalYearOf(period.endDate);
  if (shares.length < 2)
    throw invalid('contract.multi_year_invalid', 'a multi-year contract names at least two fiscal years', {
      fiscalYears: shares.length,
    });
  const seen = new Set<number>();
  for (const share of shares) {
    if (
      !Number.isSafeInteger(share?.fiscalYear) ||
      share.fiscalYear < first ||
      share.fiscalYear > last ||
      seen.has(share.fiscalYear)
    )
      throw invalid(
        'contract.multi_year_invalid',
        'each fiscal year appears once and falls within the contract period',
        {
          fiscalYear: share?.fiscalYear ?? null,
          firstFiscalYear: first,
          lastFiscalYear: last,
        },
      );
    if (!Number.isSafeInteger(share.amount) || share.amount < 0)
      throw invalid('contract.multi_year_invalid', "each fiscal year's amount is a non-negative integer of centavos", {
        fiscalYear: share.fiscalYear,
      });
    seen.add(share.fiscalYear);
  }
  const total = shares.reduce((sum, share) => sum + share.amount, 0);
  if (total !== amount.amount)
    throw invalid('contract.fiscal_years_mismatch', "the fiscal years' amounts do not add up to the contract amount", {
      sum: total,
      amount: amount.amount,
      currency: amount.currency,
    });
  const portfolioKey = terms.portfolioKey?.trim();
  if (portfolioKey !== undefined && portfolioKey !== '' && !PORTFOLIO_KEY.test(portfolioKey))
    throw invalid('contract.multi_year_invalid', 'the SHCP portfolio key is letters, digits and hyphens', {});
  return {
    fiscalYears: [...shares]
      .sort((a, b) => a.fiscalYear - b.fiscalYear)
      .map(({ fiscalYear, amount: share }) => ({ fiscalYear, amount: share })),
    ...(portfolioKey ? { portfolioKey } : {}),
  };
}
