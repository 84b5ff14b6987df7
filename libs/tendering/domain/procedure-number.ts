import { conflict, type Decider, fiscalYearOf } from '@licita/shared';
import type { ProcedureType } from './tender.types';

/**
 * Procedure numbers in CompraNet's style: `LA-<unit code>-<sequence>-<year>` for public tenders (national and
 * international), `IA-…` for invitations, `AA-…` for direct awards. The sequence counts the numbers the buying
 * unit took in the year (Mexico City's calendar), whatever the procedure type, from 1.
 *
 * Uniqueness across tender streams: each unit and year has a sequence stream `procedure-numbers-<code>-<year>`;
 * a number is reserved by appending `ProcedureNumberReserved` at the revision read, so of concurrent
 * publications exactly one gets each sequence (the others read again and take the next). The reservation names
 * its tender: asking again for the same tender (a retry) answers the number it already has, never a second one.
 * A number reserved for a decision that then fails (a crash between the two appends) stays unused: a gap in
 * the sequence, never a duplicate.
 */
export const PROCEDURE_NUMBER_PREFIX: Record<ProcedureType, string> = {
  public_national: 'LA',
  public_international: 'LA',
  invitation: 'IA',
  direct_award: 'AA',
};

const NUMBER = /^(LA|IA|AA)-[A-Z0-9]{1,20}-[1-9][0-9]{0,6}-[0-9]{4}$/;

export const isProcedureNumber = (value: unknown): value is string => typeof value === 'string' && NUMBER.test(value);

/** The unit's code as it goes into a number: upper case letters and digits only. */
export const numberUnitKey = (code: string) => code.toUpperCase().replace(/[^A-Z0-9]/g, '');

export const formatProcedureNumber = (type: ProcedureType, unitKey: string, sequence: number, year: number) =>
  `${PROCEDURE_NUMBER_PREFIX[type]}-${unitKey}-${sequence}-${year}`;

/** The year of `at` in Mexico City, where the unit's calendar runs. */
export const numberingYear = (at: Date): number => fiscalYearOf(at);

export const procedureNumbersStream = (unitKey: string, year: number) => `procedure-numbers-${unitKey}-${year}`;

export type ReserveProcedureNumber = {
  type: 'ReserveProcedureNumber';
  tenderId: string;
  procedureType: ProcedureType;
  unitKey: string;
  year: number;
};

export type ProcedureNumberReserved = {
  type: 'ProcedureNumberReserved';
  data: { tenderId: string; number: string; sequence: number; reservedAt: string };
};

export type ProcedureNumbersState = { last: number; byTender: Record<string, string> };

export const procedureNumbersDecider: Decider<ReserveProcedureNumber, ProcedureNumberReserved, ProcedureNumbersState> =
  {
    initialState: () => ({ last: 0, byTender: {} }),
    evolve: (state, { data }) => ({
      last: Math.max(state.last, data.sequence),
      byTender: { ...state.byTender, [data.tenderId]: data.number },
    }),
    decide: (command, state, { now }) => {
      if (state.byTender[command.tenderId] !== undefined) return [];
      const sequence = state.last + 1;
      const number = formatProcedureNumber(command.procedureType, command.unitKey, sequence, command.year);
      if (!isProcedureNumber(number))
        throw conflict('tender.number_unavailable', `no procedure number can be made for unit ${command.unitKey}`, {
          unitKey: command.unitKey,
        });
      return [
        {
          type: 'ProcedureNumberReserved',
          data: { tenderId: command.tenderId, number, sequence, reservedAt: now.toISOString() },
        },
      ];
    },
  };

/** The number reserved for the tender in the sequence's state (after deciding, or `undefined`). */
export const reservedNumberOf = (state: ProcedureNumbersState, tenderId: string): string | undefined =>
  state.byTender[tenderId];
