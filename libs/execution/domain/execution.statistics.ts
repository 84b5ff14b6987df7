import { termFlags, type ExecutionTerm } from './execution.flags';
import type { IsoDateTime } from './execution.types';

/** A due date of a public contract, with the contract's unit and currency (the read model joined to the contract). */
export type PublicTerm = ExecutionTerm & {
  contractId: string;
  tenderId: string;
  buyingUnitId: string;
  supplierId: string;
  currency: string;
};

type Money = { amount: number; currency: string };

/**
 * Execution statistics of one buying unit, one calendar year of the due dates (Mexico City dates) and one
 * currency (the contract's): amounts of two currencies are never added. At `asOf` (the flags move with time).
 */
export type ExecutionStatisticsRow = {
  buyingUnitId: string;
  year: number;
  currency: string;
  /** Contracts with a due date in the year. */
  contracts: number;
  deliveries: {
    /** Deliveries due in the year. */
    scheduled: number;
    late: number;
    missing: number;
    contractsFlagged: number;
  };
  payments: {
    /** Accepted invoices whose payment term ends in the year. */
    due: number;
    /** Paid in full after the term, or still unpaid after it. */
    late: number;
    unpaidLate: number;
    contractsFlagged: number;
    /** Mean days beyond the term of the late ones (two decimals; 0 without any). */
    averageDaysLate: number;
    /** Amount of the invoices paid in full after their term. */
    amountPaidLate: Money;
    /** What is still unpaid of the invoices whose term passed. */
    amountOverdue: Money;
  };
};

/** The rows per unit, year and currency, newest year first, then unit and currency. */
export function executionStatistics(terms: PublicTerm[], asOf: IsoDateTime): ExecutionStatisticsRow[] {
  const rows = new Map<
    string,
    { row: ExecutionStatisticsRow; contracts: Set<string>; late: Set<string>; paidLate: Set<string>; days: number }
  >();
  for (const term of terms) {
    if (term.dueDate === null) continue;
    const year = Number(term.dueDate.slice(0, 4));
    const key = `${term.buyingUnitId}\u0000${year}\u0000${term.currency}`;
    const entry = rows.get(key) ?? {
      row: emptyRow(term.buyingUnitId, year, term.currency),
      contracts: new Set<string>(),
      late: new Set<string>(),
      paidLate: new Set<string>(),
      days: 0,
    };
    rows.set(key, entry);
    entry.contracts.add(term.contractId);
    const [flag] = termFlags(term, asOf);
    const { deliveries, payments } = entry.row;
    if (term.kind === 'delivery') {
      deliveries.scheduled += 1;
      if (flag?.code === 'late_delivery') deliveries.late += 1;
      if (flag?.code === 'missing_delivery') deliveries.missing += 1;
      if (flag) entry.late.add(term.contractId);
      continue;
    }
    payments.due += 1;
    if (flag?.code !== 'late_payment') continue;
    payments.late += 1;
    entry.days += flag.days;
    entry.paidLate.add(term.contractId);
    if (flag.paid) payments.amountPaidLate.amount += term.quantity;
    else {
      payments.unpaidLate += 1;
      payments.amountOverdue.amount += term.quantity - term.done;
    }
  }
  return [...rows.values()]
    .map(({ row, contracts, late, paidLate, days }) => {
      row.contracts = contracts.size;
      row.deliveries.contractsFlagged = late.size;
      row.payments.contractsFlagged = paidLate.size;
      row.payments.averageDaysLate = row.payments.late > 0 ? Math.round((days * 100) / row.payments.late) / 100 : 0;
      return row;
    })
    .sort(
      (a, b) => b.year - a.year || a.buyingUnitId.localeCompare(b.buyingUnitId) || a.currency.localeCompare(b.currency),
    );
}

function emptyRow(buyingUnitId: string, year: number, currency: string): ExecutionStatisticsRow {
  return {
    buyingUnitId,
    year,
    currency,
    contracts: 0,
    deliveries: { scheduled: 0, late: 0, missing: 0, contractsFlagged: 0 },
    payments: {
      due: 0,
      late: 0,
      unpaidLate: 0,
      contractsFlagged: 0,
      averageDaysLate: 0,
      amountPaidLate: { amount: 0, currency },
      amountOverdue: { amount: 0, currency },
    },
  };
}

/** A contract's worst flag of each kind at `asOf`: what a red-flag list shows for it. */
export type ContractFlagSummary = {
  code: 'late_delivery' | 'missing_delivery' | 'late_payment';
  contractId: string;
  tenderId: string;
  buyingUnitId: string;
  currency: string;
  /** The year of the worst one's due date. */
  year: number;
  /** How many of the contract's deliveries or invoices raise it. */
  count: number;
  /** The most days late, and its due date. */
  days: number;
  dueDate: string;
  /** Of the late payments: the amount owed (paid late or still unpaid), in centavos. */
  amount: number;
};

export function contractFlagSummaries(terms: PublicTerm[], asOf: IsoDateTime): ContractFlagSummary[] {
  const found = new Map<string, ContractFlagSummary>();
  for (const term of terms)
    for (const flag of termFlags(term, asOf)) {
      const key = `${term.contractId}\u0000${flag.code}`;
      const known = found.get(key);
      const amount = flag.code === 'late_payment' ? term.quantity : 0;
      if (known) {
        known.count += 1;
        known.amount += amount;
        if (flag.days > known.days)
          Object.assign(known, { days: flag.days, dueDate: flag.dueDate, year: Number(flag.dueDate.slice(0, 4)) });
        continue;
      }
      found.set(key, {
        code: flag.code,
        contractId: term.contractId,
        tenderId: term.tenderId,
        buyingUnitId: term.buyingUnitId,
        currency: term.currency,
        year: Number(flag.dueDate.slice(0, 4)),
        count: 1,
        days: flag.days,
        dueDate: flag.dueDate,
        amount,
      });
    }
  return [...found.values()];
}
