import type { ContractFlagSummary } from '@licita/execution';
import { PAYMENT_TERM_DAYS, PAYMENT_TERM_REFERENCE } from '@licita/execution';
import { count, spanishMoney, writerFor, type TextLanguage } from './plain-language';
import { redFlagDefinition, type ContractFlagCode, type RedFlag } from './red-flags';

/** A contract's execution flag in a unit's red-flag list: which contract, and the year and currency it falls in. */
export type ContractRedFlag = RedFlag & {
  code: ContractFlagCode;
  contractId: string;
  tenderId: string;
  currency: string;
  year: number;
  /** The contract's deliveries or invoices raising it. */
  count: number;
};

/**
 * A contract's late or missing deliveries, or late payments, as a red flag: `value` the most days late, `threshold`
 * 0 (a day late raises it), explained with the numbers. Judged at the time of asking from the due dates
 * (libs/execution: `contract_execution_terms`), never stored: a due date passes without any event.
 */
export function contractRedFlag(summary: ContractFlagSummary, language: TextLanguage = 'es'): ContractRedFlag {
  const w = writerFor(language);
  const due = w.date(`${summary.dueDate}T18:00:00Z`);
  const n = summary.count;
  const explanation = (() => {
    switch (summary.code) {
      case 'missing_delivery':
        return w.l(
          `El contrato ${summary.contractId} tiene ${count(n, 'entrega vencida', 'entregas vencidas')} sin completar; la más atrasada venció el ${due}, hace ${count(summary.days, 'día')}.`,
          `Contract ${summary.contractId} has ${count(n, 'overdue delivery', 'overdue deliveries')} not complete; the oldest was due on ${due}, ${count(summary.days, 'day')} ago.`,
        );
      case 'late_delivery':
        return w.l(
          `El contrato ${summary.contractId} completó ${count(n, 'entrega', 'entregas')} después de su fecha límite; la más atrasada, ${count(summary.days, 'día')} (vencía el ${due}).`,
          `Contract ${summary.contractId} completed ${count(n, 'delivery', 'deliveries')} after the due date; the latest, ${count(summary.days, 'day')} late (due on ${due}).`,
        );
      case 'late_payment': {
        const owed = spanishMoney({ amount: summary.amount, currency: summary.currency });
        return w.l(
          `El contrato ${summary.contractId} tiene ${count(n, 'factura pagada', 'facturas pagadas')} (o sin pagar) después del plazo de ${PAYMENT_TERM_DAYS} días naturales (${PAYMENT_TERM_REFERENCE.citation}), por ${owed}; la más atrasada, ${count(summary.days, 'día')} (vencía el ${due}).`,
          `Contract ${summary.contractId} has ${count(n, 'invoice')} paid (or unpaid) after the term of ${PAYMENT_TERM_DAYS} calendar days (${PAYMENT_TERM_REFERENCE.citation}), for ${owed}; the latest, ${count(summary.days, 'day')} late (due on ${due}).`,
        );
      }
    }
  })();
  return {
    code: summary.code,
    title: redFlagDefinition(summary.code, language).title,
    explanation,
    value: summary.days,
    threshold: 0,
    unit: 'days',
    contractId: summary.contractId,
    tenderId: summary.tenderId,
    currency: summary.currency,
    year: summary.year,
    count: n,
  };
}
